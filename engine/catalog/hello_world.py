"""`hello-world`: one 13 kB static program, `/hello`, that prints Docker's greeting and exits."""
from __future__ import annotations

from . import BundledImage, Step, file_id
from .layout import Layout

CREATED = "2023-05-04T17:37:03.872958712Z"
TAGS = ("latest", "linux")
SIZE = 13_256  # bytes of /hello


def image(repository: str, tag: str) -> BundledImage | None:
    if tag not in TAGS:
        return None
    from .debian import _epoch
    source = file_id("hello-world/amd64/hello")
    return BundledImage(repository, TAGS, CREATED, {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
                                                           "/sbin:/bin"], "Cmd": ["/hello"]},
                        lambda: [Step(f"/bin/sh -c #(nop) COPY file:{source} in / ",
                                      Layout(_epoch(CREATED)).binary("/hello", "hello", SIZE, 0o775).tree),
                                 Step('/bin/sh -c #(nop)  CMD ["/hello"]')])
