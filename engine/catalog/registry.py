"""`registry`: the Distribution registry 2.8.3 on Alpine, serving the registry API on port 5000.

`/entrypoint.sh` turns `docker run registry:2` (a config file as the command) into
`registry serve /etc/docker/registry/config.yml`; the simulated `registry` program serves it.
"""
from __future__ import annotations

from . import BundledImage, Step
from .buildpack import BUILDKIT
from .layout import Layout

VERSION = "2.8.3"
CREATED = "2024-10-02T18:26:44Z"
TAGS = ("latest", "2", "2.8", VERSION)
BINARY_SIZE = 15_700_000
CONFIG_YML = """version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
"""
ENTRYPOINT = """#!/bin/sh

set -e

# A configuration file as the command means "serve it"; a subcommand goes to the registry binary.
case "$1" in
    *.yaml|*.yml) set -- registry serve "$@" ;;
    serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac

exec "$@"
"""
CONFIG = {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
          "Entrypoint": ["/entrypoint.sh"], "Cmd": ["/etc/docker/registry/config.yml"],
          "ExposedPorts": {"5000/tcp": {}}, "Volumes": {"/var/lib/registry": {}}}


def _steps() -> list[Step]:
    from . import alpine
    from .debian import _epoch
    mtime = _epoch(CREATED)
    meta = lambda text: Step(text, created=CREATED, comment=BUILDKIT)  # noqa: E731
    return alpine.base_steps(alpine.V3_20) + [
        Step("RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit",
             alpine.PackageLayers().layer(["ca-certificates"], mtime).tree, CREATED, BUILDKIT),
        Step(f"RUN /bin/sh -c set -eux; \tversion='{VERSION}'; \tapkArch=\"$(apk --print-arch)\"; \tcase \"$apkArch\" "
             "in \t\tx86_64) arch='amd64' ;; "
             "... \ttar --extract --verbose --file registry.tar.gz --directory /bin/ registry; \tregistry --version "
             "# buildkit", Layout(mtime).binary("/bin/registry", "registry", BINARY_SIZE).tree, CREATED, BUILDKIT),
        Step("COPY ./config-example.yml /etc/docker/registry/config.yml # buildkit",
             Layout(mtime).file("/etc/docker/registry/config.yml", CONFIG_YML).tree, CREATED, BUILDKIT),
        meta("VOLUME [/var/lib/registry]"),
        meta("EXPOSE map[5000/tcp:{}]"),
        Step("COPY docker-entrypoint.sh /entrypoint.sh # buildkit",
             Layout(mtime).file("/entrypoint.sh", ENTRYPOINT, 0o755).tree, CREATED, BUILDKIT),
        meta('ENTRYPOINT ["/entrypoint.sh"]'),
        meta('CMD ["/etc/docker/registry/config.yml"]')]


def image(repository: str, tag: str) -> BundledImage | None:
    return BundledImage(repository, TAGS, CREATED, CONFIG, _steps) if tag in TAGS else None
