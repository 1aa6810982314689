"""The bundled images: what the offline engine can "pull" without a network.

Each entry builds an image's layers (as trees) and its config the way the official image has
them. The engine stores them like any pulled image, so `docker history`, `docker images` and
`docker save` tell the same story they would on a real engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..layer.tree import Dir


@dataclass
class BundledImage:
    repository: str  # familiar name: busybox, nginx, diamol/ch02-hello-diamol-web
    tags: tuple[str, ...]
    created: str  # RFC 3339, as the official image's config says
    config: dict  # the container config (Env, Cmd, Entrypoint, WorkingDir, ExposedPorts, ...)
    layers: Callable[[], list[tuple[Dir, str]]]  # (tree of the layer's files, history created_by)
    extra_history: list[dict] = field(default_factory=list)  # metadata steps after the layers


def _busybox() -> BundledImage:
    from . import busybox
    return BundledImage(
        repository="busybox", tags=("latest", busybox.VERSION, "1.35", "1"), created="2024-09-26T21:31:42Z",
        config=busybox.CONFIG,
        layers=lambda: [(busybox.tree(mtime=1727386302.0), "/bin/sh -c #(nop) ADD file:busybox-1.35-static in / ")],
        extra_history=[{"created_by": '/bin/sh -c #(nop)  CMD ["sh"]'}])


CATALOG: dict[str, Callable[[], BundledImage]] = {
    "busybox": _busybox,
}

# images present in a new engine, as on the machines the course's transcripts were recorded on
PRELOADED = ("busybox",)


def find(repository: str, tag: str) -> BundledImage | None:
    make = CATALOG.get(repository)
    if make is None:
        return None
    image = make()
    return image if tag in image.tags else None
