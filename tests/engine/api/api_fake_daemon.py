"""A daemon with a few routes, standing in for dockyard's daemon in the transport's tests.

Its routes exercise each kind of response the transport carries: JSON, errors, a JSON stream fed by
an uploaded body (build), an endless stream that must stop when the client leaves (ticks, as events
do), and two hijacked connections (attach, exec start) speaking stdcopy.
"""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from dockyard.engine import errors
from dockyard.engine.api import Route, empty_response, hijack, json_response, stream_response
from dockyard.engine.api.gojson import encode
from dockyard.engine.api.routes import system
from dockyard.engine.api.streams import STDERR, STDOUT, StdWriter, aux_line, errors_in_band, stream_line

SHUTDOWN_MARKER = "fake-daemon-shutdown"


class ContainerNotFound(errors.NotFound):
    def __init__(self, ref: str):
        super().__init__(f"No such container: {ref}")


class FakeDaemon:
    CONTAINERS = {"web": {"Id": "a" * 64, "Names": ["/web"], "State": "running", "Labels": {"tier": "front"}},
                  "db": {"Id": "b" * 64, "Names": ["/db"], "State": "exited", "Labels": {}}}

    def __init__(self, home: Path):
        self.home = Path(home)
        self.ticks_stopped = threading.Event()
        self.shut_down = False

    def routes(self) -> list[Route]:
        return [
            *system.ROUTES,
            Route("GET", "/containers/json", self.list_containers),
            Route("GET", "/containers/{name}/json", self.inspect_container),
            Route("POST", "/containers/{name}/start", self.start_container),
            Route("POST", "/containers/{name}/attach", self.attach),
            Route("POST", "/exec/{id}/start", self.exec_start),
            Route("GET", "/images/{name:path}/json", self.inspect_image),
            Route("POST", "/volumes/create", self.create_volume),
            Route("POST", "/build", self.build),
            Route("GET", "/ticks", self.ticks),
            Route("GET", "/fail/{kind}", self.fail),
        ]

    def system_info(self) -> dict:
        return {"ID": "FAKE:DAEMON", "Containers": 2, "ContainersRunning": 1, "ContainersStopped": 1,
                "Images": 3, "Driver": "overlay2", "DockerRootDir": str(self.home)}

    def shutdown(self) -> None:
        self.shut_down = True
        (self.home / SHUTDOWN_MARKER).write_text("stopped containers\n")

    # ---- routes

    def list_containers(self, request):
        filters = request.query.filters()
        filters.validate({"name", "label", "status"})
        show_all = request.query.bool("all")
        return json_response([
            {"Id": c["Id"], "Names": c["Names"], "State": c["State"]}
            for name, c in self.CONTAINERS.items()
            if (show_all or c["State"] == "running") and filters.match("name", name)
            and filters.match_kv_list("label", c["Labels"]) and filters.exact_match("status", c["State"])])

    def _container(self, name: str) -> dict:
        if name not in self.CONTAINERS:
            raise ContainerNotFound(name)
        return self.CONTAINERS[name]

    def inspect_container(self, request):
        container = self._container(request.params["name"])
        return json_response({"Id": container["Id"], "Config": {"Tty": False}})

    def start_container(self, request):
        if self._container(request.params["name"])["State"] == "running":
            raise errors.NotModified("container already started")
        return empty_response()

    def inspect_image(self, request):
        return json_response({"RepoTags": [request.params["name"]], "ApiVersion": request.api_version})

    def create_volume(self, request):
        body = request.json()
        return json_response({"Name": body.get("Name", ""), "Driver": "local"}, 201)

    def build(self, request):
        tag = request.query.get("t")

        def progress():
            digest, size = hashlib.sha256(), 0
            while chunk := request.stream.read(65536):
                digest.update(chunk)
                size += len(chunk)
            yield stream_line(f"Step 1/1 : FROM scratch <{size} bytes>\n")
            if tag == "fail":
                raise errors.InvalidParameter("The command '/bin/sh -c false' returned a non-zero code: 1")
            yield aux_line({"ID": "sha256:" + digest.hexdigest()})
            yield stream_line(f"Successfully tagged {tag}\n")

        return stream_response(errors_in_band(progress()))

    def ticks(self, request):
        def forever():
            try:
                n = 0
                while not request.cancelled.wait(0.01):
                    n += 1
                    yield encode({"status": "tick", "id": str(n)})
            finally:
                self.ticks_stopped.set()

        return stream_response(forever())

    def fail(self, request):
        kind = request.params["kind"]
        if kind == "bug":
            return {}["missing"]
        raise getattr(errors, kind)(f"failed with {kind}")

    def attach(self, request):
        """stdin echoed on stdout; without stdin, a greeting on stdout and a word on stderr."""
        self._container(request.params["name"])
        echo = request.query.bool("stdin")

        def run(connection):
            stdout, stderr = StdWriter(connection.write, STDOUT), StdWriter(connection.write, STDERR)
            if not echo:
                stdout.write(b"hello from " + request.params["name"].encode() + b"\n")
                stderr.write(b"a warning\n")
                return
            while data := connection.read():
                stdout.write(data.upper())
            stderr.write(b"stdin closed\n")

        return hijack(request, run)

    def exec_start(self, request):
        options = request.json()
        if options.get("Detach"):
            return empty_response(200)

        def run(connection):
            StdWriter(connection.write, STDOUT).write(b"exec " + request.params["id"].encode() + b"\n")

        return hijack(request, run)


class SlowStartingDaemon(FakeDaemon):
    """Takes a while to open its store, as the real daemon does: the engine holds its lock long before it
    has a url, the window in which other clients starting it must wait rather than fail."""

    def __init__(self, home: Path):
        import time
        time.sleep(0.5)
        super().__init__(home)
