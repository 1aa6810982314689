"""System routes every client needs first: `/_ping`, `/version`, `/info`.

`/info` joins what the engine is (from `engine/version.py` and the host) with what it holds, which
the daemon reports through `system_info()`: a dict of `GET /info` fields (ID, Containers,
ContainersRunning, ContainersPaused, ContainersStopped, Images, Driver, DriverStatus, DockerRootDir,
...) that take precedence over the defaults here.
"""
from __future__ import annotations

import os
import socket
import threading
import time

from ... import version
from ..app import Route
from ..request import Request
from ..responses import Response, json_response

# The builder a client should pick: the classic builder's output is what dockyard reproduces. (Engine
# 20.10 sends no Builder-Version unless configured; docker CLI 28 reads "2" as BuildKit and otherwise
# still picks BuildKit on Linux unless DOCKER_BUILDKIT=0.)
BUILDER_VERSION = "1"

_PING_HEADERS = [("Cache-Control", "no-cache, no-store, must-revalidate"), ("Pragma", "no-cache"),
                 ("Builder-Version", BUILDER_VERSION)]


def ping(request: Request) -> Response:
    if request.method == "HEAD":
        return Response(200, [*_PING_HEADERS, ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "0")])
    return Response(200, [*_PING_HEADERS, ("Content-Type", "text/plain; charset=utf-8")], b"OK")


def engine_version(request: Request) -> Response:
    details = {  # a Go map: keys in sorted order
        "ApiVersion": version.API_VERSION,
        "Arch": version.ARCH,
        "BuildTime": version.build_time(),
        "Experimental": "false",
        "GitCommit": version.git_commit(),
        "GoVersion": version.go_version(),
        "KernelVersion": version.kernel_version(),
        "MinAPIVersion": version.MIN_API_VERSION,
        "Os": version.OS,
    }
    return json_response({
        "Platform": {"Name": version.PLATFORM_NAME},
        "Components": [{"Name": "Engine", "Version": version.ENGINE_VERSION, "Details": details}],
        "Version": version.ENGINE_VERSION,
        "ApiVersion": version.API_VERSION,
        "MinAPIVersion": version.MIN_API_VERSION,
        "GitCommit": version.git_commit(),
        "GoVersion": version.go_version(),
        "Os": version.OS,
        "Arch": version.ARCH,
        "KernelVersion": version.kernel_version(),
        "BuildTime": version.build_time(),
    })


def info(request: Request) -> Response:
    facts = request.daemon.system_info()
    return json_response({field: facts.get(field, default) for field, default in _info_defaults().items()})


def _info_defaults() -> dict:
    """Every `GET /info` field in Engine 20.10's order, with what is true of a bundled engine."""
    return {
        "ID": "",
        "Containers": 0,
        "ContainersRunning": 0,
        "ContainersPaused": 0,
        "ContainersStopped": 0,
        "Images": 0,
        "Driver": "",
        "DriverStatus": None,
        "Plugins": {"Volume": ["local"], "Network": ["bridge", "host", "null"], "Authorization": None,
                    "Log": ["json-file"]},
        "MemoryLimit": False,
        "SwapLimit": False,
        "KernelMemory": False,
        "KernelMemoryTCP": False,
        "CpuCfsPeriod": False,
        "CpuCfsQuota": False,
        "CPUShares": False,
        "CPUSet": False,
        "PidsLimit": False,
        "IPv4Forwarding": False,
        "BridgeNfIptables": False,
        "BridgeNfIp6tables": False,
        "Debug": False,
        "NFd": _open_file_count(),
        "OomKillDisable": False,
        "NGoroutines": threading.active_count(),
        "SystemTime": _local_rfc3339_nano(time.time_ns()),
        "LoggingDriver": "json-file",
        "CgroupDriver": "none",
        "NEventsListener": 0,
        "KernelVersion": version.kernel_version(),
        "OperatingSystem": "dockyard bundled engine",
        "OSVersion": "",
        "OSType": version.OS,
        "Architecture": version.ARCHITECTURE,
        "IndexServerAddress": "https://index.docker.io/v1/",
        "RegistryConfig": {"AllowNondistributableArtifactsCIDRs": [], "AllowNondistributableArtifactsHostnames": [],
                           "InsecureRegistryCIDRs": ["127.0.0.0/8"], "IndexConfigs": {
                               "docker.io": {"Name": "docker.io", "Mirrors": [], "Secure": True, "Official": True}},
                           "Mirrors": []},
        "NCPU": os.cpu_count() or 1,
        "MemTotal": _memory_total(),
        "GenericResources": None,
        "DockerRootDir": "",
        "HttpProxy": "",
        "HttpsProxy": "",
        "NoProxy": "",
        "Name": socket.gethostname(),
        "Labels": [],
        "ExperimentalBuild": False,
        "ServerVersion": version.ENGINE_VERSION,
        "Runtimes": {},
        "DefaultRuntime": "",
        "Swarm": {"NodeID": "", "NodeAddr": "", "LocalNodeState": "inactive", "ControlAvailable": False,
                  "Error": "", "RemoteManagers": None},
        "LiveRestoreEnabled": False,
        "Isolation": "",
        "InitBinary": "",
        "ContainerdCommit": {"ID": "", "Expected": ""},
        "RuncCommit": {"ID": "", "Expected": ""},
        "InitCommit": {"ID": "", "Expected": ""},
        "SecurityOptions": [],
        "Warnings": None,
    }


def _open_file_count() -> int:
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return 0


def _memory_total() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def _local_rfc3339_nano(ns: int) -> str:
    """Go's time.Now().Format(RFC3339Nano): local time, trailing zeros of the fraction dropped."""
    seconds, fraction = divmod(ns, 1_000_000_000)
    local = time.localtime(seconds)
    offset = local.tm_gmtoff
    hours, minutes = divmod(abs(offset) // 60, 60)
    zone = "Z" if offset == 0 else f"{'+' if offset > 0 else '-'}{hours:02d}:{minutes:02d}"
    digits = f"{fraction:09d}".rstrip("0")
    return time.strftime("%Y-%m-%dT%H:%M:%S", local) + (f".{digits}" if digits else "") + zone


ROUTES = [
    Route("GET", "/_ping", ping),
    Route("HEAD", "/_ping", ping),
    Route("GET", "/version", engine_version),
    Route("GET", "/info", info),
]


def system_df(request: Request) -> Response:
    return json_response(request.daemon.system_df())


def events(request: Request):
    """GET /events: past events since `since`, then live ones until `until` or the client leaves."""
    import queue
    from ..gojson import encode
    from ..filters import Filters
    from ..responses import stream_response
    q = request.query
    filters: Filters = q.filters()
    since, until = q.timestamp("since"), q.timestamp("until")
    bus = request.daemon.events

    def wanted(ev: dict) -> bool:
        if not filters.exact_match("type", ev["Type"]):
            return False
        if not filters.exact_match("event", ev["Action"]):
            return False
        attrs = ev["Actor"]["Attributes"]
        if "container" in filters and not (filters.fuzzy_match("container", ev["Actor"]["ID"]) or
                                           filters.exact_match("container", attrs.get("name", ""))):
            return False
        if "image" in filters and not filters.exact_match("image", attrs.get("image", attrs.get("name", ""))):
            return False
        return filters.match_kv_list("label", attrs)

    def chunks():
        sub = bus.subscribe()
        try:
            if since is not None:
                for ev in list(bus.history):
                    if ev["time"] >= since and (until is None or ev["time"] <= until) and wanted(ev):
                        yield encode(ev)
            while not request.cancelled.is_set():
                if until is not None and time.time() > until:
                    return
                try:
                    ev = sub.get(timeout=0.25)
                except queue.Empty:
                    continue
                if wanted(ev):
                    yield encode(ev)
        finally:
            bus.unsubscribe(sub)
    return stream_response(chunks())


ROUTES += [
    Route("GET", "/system/df", system_df),
    Route("GET", "/events", events),
]
