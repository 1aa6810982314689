"""The images of *Learn Docker in a Month of Lunches* (the `diamol` account) that the course runs.

Each is built as the book's Dockerfile builds it (github.com/sixeyed/diamol), on the bundled
official images:

- `diamol/base`: Alpine 3.20 with curl;  `diamol/apache`: httpd on Alpine;
- `diamol/ch02-hello-diamol-web`: apache serving the chapter's page from /usr/local/apache2/htdocs;
- `diamol/ch03-lab`: base with `ch03.txt` in /diamol, for the commit exercise;
- `diamol/ch06-random-number`: writes a random number to /random/number.txt and exits;
- `diamol/registry`: base with the Distribution registry serving /data on port 5000.
"""
from __future__ import annotations

from . import BundledImage, Step
from .layout import Layout

CREATED = "2024-06-17T09:40:12Z"
BUILDKIT = "buildkit.dockerfile.v0"
TAGS = ("latest", "2e", "linux-amd64")
HELLO_HTML = """<html>
    <body>
        <h1>
            Hello from Chapter 2!
        </h1>
        <h2>
            This is <a href="https://www.manning.com/books/learn-docker-in-a-month-of-lunches">Learn Docker in a Month of Lunches</a>.
        </h2>
    </body>
</html>"""
RANDOM_SH = "#!/bin/sh\n\necho $RANDOM > number.txt"
REGISTRY_CONFIG = """version: 0.1
log:
  fields:
    service: registry
storage:
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /data
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3"""
PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _mtime() -> float:
    from .debian import _epoch
    return _epoch(CREATED)


def _step(text: str, tree=None) -> Step:
    return Step(text, tree, CREATED, BUILDKIT)


def base_steps() -> list[Step]:
    from . import alpine
    return alpine.base_steps(alpine.V3_20) + [
        _step("RUN /bin/sh -c apk add --no-cache curl # buildkit",
              alpine.PackageLayers().layer(["curl"], _mtime(), world=True).tree)]


def _base() -> list[Step]:
    return base_steps()


def _apache() -> list[Step]:
    from . import httpd
    return httpd._steps(alpine=True)


def _hello_web() -> list[Step]:
    page = Layout(_mtime()).file("/usr/local/apache2/htdocs/index.html", HELLO_HTML)
    return _apache() + [_step("COPY html/ /usr/local/apache2/htdocs/ # buildkit", page.tree)]


def _ch03_lab() -> list[Step]:
    return base_steps() + [
        _step("WORKDIR /diamol", Layout(_mtime()).dir("/diamol").tree),
        _step("COPY ch03.txt . # buildkit", Layout(_mtime()).file("/diamol/ch03.txt", "Lab solution, by: ").tree)]


def _random_number() -> list[Step]:
    from . import alpine
    mtime = _mtime()
    return alpine.base_steps(alpine.V3_20) + [
        _step("WORKDIR /random", Layout(mtime).dir("/random").tree),
        _step("COPY random.sh . # buildkit", Layout(mtime).file("/random/random.sh", RANDOM_SH).tree),
        _step("RUN /bin/sh -c chmod +x random.sh # buildkit",
              Layout(mtime).file("/random/random.sh", RANDOM_SH, 0o755).tree),
        _step('CMD ["/bin/sh" "-c" "./random.sh"]')]


def _registry() -> list[Step]:
    mtime = _mtime()
    return base_steps() + [
        _step("WORKDIR /data", Layout(mtime).dir("/data").tree),
        _step("EXPOSE map[5000/tcp:{}]"),
        _step('CMD ["/app/registry" "serve" "config.yml"]'),
        _step("WORKDIR /app", Layout(mtime).dir("/app").tree),
        _step("COPY /out/registry . # buildkit", Layout(mtime).binary("/app/registry", "registry", 27_600_000).tree),
        _step("COPY config.yml ./config.yml # buildkit",
              Layout(mtime).file("/app/config.yml", REGISTRY_CONFIG).tree)]


def _config(repository: str) -> dict:
    from . import httpd
    shell = {"Env": [PATH], "Cmd": ["/bin/sh"]}
    return {"diamol/base": shell,
            "diamol/apache": httpd.config(alpine=True),
            "diamol/ch02-hello-diamol-web": httpd.config(alpine=True),
            "diamol/ch03-lab": dict(shell, WorkingDir="/diamol"),
            "diamol/ch06-random-number": {"Env": [PATH], "Cmd": ["/bin/sh", "-c", "./random.sh"],
                                          "WorkingDir": "/random"},
            "diamol/registry": {"Env": [PATH], "Cmd": ["/app/registry", "serve", "config.yml"], "WorkingDir": "/app",
                                "ExposedPorts": {"5000/tcp": {}}}}[repository]


BUILDERS = {"diamol/base": _base, "diamol/apache": _apache, "diamol/ch02-hello-diamol-web": _hello_web,
            "diamol/ch03-lab": _ch03_lab, "diamol/ch06-random-number": _random_number,
            "diamol/registry": _registry}


def image(repository: str, tag: str) -> BundledImage | None:
    build = BUILDERS.get(repository)
    if build is None or tag not in TAGS:
        return None
    return BundledImage(repository, TAGS, CREATED, _config(repository), build)
