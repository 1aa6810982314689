"""Container routes (docker-py api/container.py, moby router/container)."""
from __future__ import annotations

import base64
import json
import threading

from ...errors import InvalidParameter
from ...image.runconfig import ContainerConfig
from ...userland.process import CallbackOutput, Input, NullOutput
from ..app import Route
from ..request import Request
from ..responses import RAW_STREAM, empty_response, hijack, json_response, raw_response, stream_response
from ..streams import STDERR, STDOUT, frame


def list_containers(r: Request):
    q = r.query
    f = r.query.filters()
    f.validate({"name", "id", "status", "exited", "label", "ancestor", "volume", "network", "before", "since",
                "health", "isolation", "publish", "expose", "is-task"})
    return json_response(r.daemon.container_list(q.bool("all"), q.int("limit", -1), q.bool("size"), dict(f)))


def create(r: Request):
    body = r.json() or {}
    if not isinstance(body, dict):
        raise InvalidParameter("json: cannot unmarshal array into Go value of type container.configWrapper")
    host_config = body.pop("HostConfig", None) or {}
    body.pop("NetworkingConfig", None)
    ContainerConfig.from_json_object(body)  # wrongly typed fields: Go's unmarshal error, a 400
    if not isinstance(host_config, dict):
        raise InvalidParameter("json: cannot unmarshal into Go struct field configWrapper.HostConfig")
    return json_response(r.daemon.container_create(body, host_config, r.query.get("name") or None), 201)


def inspect(r: Request):
    return json_response(r.daemon.container_inspect(r.params["name"], r.query.bool("size")))


def _no_content(fn):
    def handler(r: Request):
        fn(r)
        return empty_response(204)
    handler.__name__ = fn.__name__
    return handler


@_no_content
def start(r: Request):
    r.daemon.container_start(r.params["name"])


@_no_content
def stop(r: Request):
    t = r.query.get("t")
    r.daemon.container_stop(r.params["name"], int(t) if t else None)


@_no_content
def restart(r: Request):
    t = r.query.get("t")
    r.daemon.container_restart(r.params["name"], int(t) if t else None)


@_no_content
def kill(r: Request):
    r.daemon.container_kill(r.params["name"], r.query.get("signal") or None)


@_no_content
def pause(r: Request):
    r.daemon.container_pause(r.params["name"])


@_no_content
def unpause(r: Request):
    r.daemon.container_unpause(r.params["name"])


@_no_content
def rename(r: Request):
    r.daemon.container_rename(r.params["name"], r.query.get("name"))


@_no_content
def remove(r: Request):
    r.daemon.container_remove(r.params["name"], r.query.bool("force"), r.query.bool("v"))


def wait(r: Request):
    """The status line goes out at once and the body when the container stops, as dockerd does: the
    docker CLI asks for the wait *before* starting the container and waits for those headers."""
    from ..gojson import encode
    c = r.daemon.get_container(r.params["name"])  # an unknown container is an error status, not a stream
    until_it_holds = r.daemon.wait_condition(c, r.query.get("condition") or "not-running")
    return stream_response(iter_once(lambda: encode(until_it_holds())))


def iter_once(produce):
    yield produce()


def prune(r: Request):
    return json_response(r.daemon.container_prune(dict(r.query.filters())))


def changes(r: Request):
    return json_response(r.daemon.container_changes(r.params["name"]))


def top(r: Request):
    return json_response(r.daemon.container_top(r.params["name"], r.query.get("ps_args")))


def stats(r: Request):
    data = r.daemon.container_stats(r.params["name"])
    if r.query.bool_or("stream", True):
        return stream_response(iter([json.dumps(data).encode() + b"\n"]))
    return json_response(data)


def export(r: Request):
    return raw_response(r.daemon.container_export(r.params["name"]), "application/x-tar")


def _payload(stream: str, tty: bool, data: bytes) -> bytes:
    return data if tty else frame(STDERR if stream == "stderr" else STDOUT, data)


def logs(r: Request):
    q = r.query
    if not (q.bool("stdout") or q.bool("stderr")):
        raise InvalidParameter("Bad parameters: you must choose at least one stream")
    c = r.daemon.get_container(r.params["name"])
    tty = bool(c.config.get("Tty"))
    entries = r.daemon.container_logs(r.params["name"], q.bool("stdout"), q.bool("stderr"), q.bool("follow"),
                                      q.get("tail") or "all", q.timestamp("since") or 0, q.timestamp("until") or 0,
                                      q.bool("timestamps"))
    return stream_response((_payload(s, tty, d) for s, d in entries), RAW_STREAM)


def attach(r: Request):
    q = r.query
    c, subscription = r.daemon.container_attach_queue(r.params["name"])
    tty = bool(c.config.get("Tty"))
    want_stdin, want_stdout, want_stderr = q.bool("stdin"), q.bool("stdout"), q.bool("stderr")
    daemon = r.daemon

    def run(conn):
        try:
            if q.bool("logs"):
                for stream, data in daemon.container_logs(c.id, want_stdout, want_stderr):
                    conn.write(_payload(stream, tty, data))
            if want_stdin and c.config.get("OpenStdin"):
                threading.Thread(target=_pump_stdin, args=(daemon, c, conn), daemon=True).start()
            if not q.bool("stream"):
                return
            while True:
                item = subscription.get()
                if item is None:
                    break
                stream, data = item
                if (stream == "stdout" and want_stdout) or (stream == "stderr" and want_stderr):
                    conn.write(_payload(stream, tty, data))
        except (ConnectionError, OSError):
            pass
        finally:
            c.output.unsubscribe(subscription)
            conn.close()

    return hijack(r, run)


def _pump_stdin(daemon, c, conn) -> None:
    while True:
        data = conn.read()
        if not data:
            if c.config.get("StdinOnce"):
                daemon.container_write_stdin(c, None)
            return
        daemon.container_write_stdin(c, data)


def archive_head(r: Request):
    stat = r.daemon.archive_stat(r.params["name"], r.query.get("path"))
    header = base64.b64encode(json.dumps(stat).encode()).decode()
    resp = empty_response(200)
    resp.headers.append(("X-Docker-Container-Path-Stat", header))
    return resp


def archive_get(r: Request):
    data, stat = r.daemon.archive_get(r.params["name"], r.query.get("path"))
    resp = raw_response(data, "application/x-tar")
    resp.headers.append(("X-Docker-Container-Path-Stat", base64.b64encode(json.dumps(stat).encode()).decode()))
    return resp


def archive_put(r: Request):
    r.daemon.archive_put(r.params["name"], r.query.get("path"), r.body,
                         r.query.bool("noOverwriteDirNonDir"), r.query.bool("copyUIDGID"))
    return empty_response(200)


# ---------------------------------------------------------------- exec
def exec_create(r: Request):
    body = r.json() or {}
    return json_response(r.daemon.exec_create(r.params["name"], body), 201)


def exec_inspect(r: Request):
    return json_response(r.daemon.exec_inspect(r.params["id"]))


class _ConnInput(Input):
    def __init__(self, conn):
        self.conn = conn
        self._buf = b""

    def read(self, n: int = -1) -> bytes:
        if self._buf:
            data, self._buf = (self._buf, b"") if n < 0 else (self._buf[:n], self._buf[n:])
            return data
        if n < 0:
            out = b""
            while True:
                chunk = self.conn.read()
                if not chunk:
                    return out
                out += chunk
        chunk = self.conn.read(n)
        return chunk

    def readline(self) -> bytes:
        while b"\n" not in self._buf:
            chunk = self.conn.read()
            if not chunk:
                break
            self._buf += chunk
        i = self._buf.find(b"\n")
        end = len(self._buf) if i < 0 else i + 1
        line, self._buf = self._buf[:end], self._buf[end:]
        return line


def _safe_writer(conn, stream: str, tty: bool) -> CallbackOutput:
    gone = []

    def write(data: bytes) -> None:
        if gone:
            return
        try:
            conn.write(_payload(stream, tty, data))
        except (ConnectionError, OSError):
            gone.append(True)
    return CallbackOutput(write, tty=tty)


def exec_start(r: Request):
    body = r.json(required=False) or {}
    ex = r.daemon.exec_get(r.params["id"])
    tty = bool(body.get("Tty") or ex.config.get("Tty"))
    daemon = r.daemon
    if body.get("Detach"):
        threading.Thread(target=daemon.exec_start, args=(ex.id, Input(), NullOutput(), NullOutput()),
                         daemon=True).start()
        return empty_response(200)

    def run(conn):
        try:
            stdin = _ConnInput(conn) if ex.config.get("AttachStdin") else Input()
            out = _safe_writer(conn, "stdout", tty) if ex.config.get("AttachStdout", True) else NullOutput()
            err = _safe_writer(conn, "stderr", tty) if ex.config.get("AttachStderr", True) else NullOutput()
            daemon.exec_start(ex.id, stdin, out, err)
        finally:
            conn.close()

    return hijack(r, run)


ROUTES = [
    Route("GET", "/containers/json", list_containers),
    Route("POST", "/containers/create", create),
    Route("POST", "/containers/prune", prune),
    Route("GET", "/containers/{name}/json", inspect),
    Route("POST", "/containers/{name}/start", start),
    Route("POST", "/containers/{name}/stop", stop),
    Route("POST", "/containers/{name}/restart", restart),
    Route("POST", "/containers/{name}/kill", kill),
    Route("POST", "/containers/{name}/pause", pause),
    Route("POST", "/containers/{name}/unpause", unpause),
    Route("POST", "/containers/{name}/rename", rename),
    Route("POST", "/containers/{name}/wait", wait),
    Route("DELETE", "/containers/{name}", remove),
    Route("GET", "/containers/{name}/changes", changes),
    Route("GET", "/containers/{name}/top", top),
    Route("GET", "/containers/{name}/stats", stats),
    Route("GET", "/containers/{name}/export", export),
    Route("GET", "/containers/{name}/logs", logs),
    Route("POST", "/containers/{name}/attach", attach),
    Route("HEAD", "/containers/{name}/archive", archive_head),
    Route("GET", "/containers/{name}/archive", archive_get),
    Route("PUT", "/containers/{name}/archive", archive_put),
    Route("POST", "/containers/{name}/exec", exec_create),
    Route("POST", "/exec/{id}/start", exec_start),
    Route("GET", "/exec/{id}/json", exec_inspect),
]
