"""The engine process: run it (`serve`), start it in the background, stop it, ask about it.

`dockyard engine start|stop|status|logs` and the client's start-on-first-use call these functions.
`serve` is the process itself: it takes the home's lock, clears what a crashed engine left, builds the
daemon, listens (unix socket, or loopback TCP with a token where unix sockets are unavailable),
records its pid and url, and on SIGTERM stops the daemon (which stops running containers, as dockerd
does on shutdown) before it exits.
"""
from __future__ import annotations

import gc
import importlib
import logging
import os
import secrets
import select
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .home import EngineLock, Home

DEFAULT_DAEMON = "dockyard.engine.daemon:Daemon"
START_TIMEOUT = 30.0
# Longer than a container's stop timeout (10 s by default): stopping the engine stops its containers.
STOP_TIMEOUT = 60.0

log = logging.getLogger("dockyard.engine")


class EngineControlError(Exception):
    """A failure to start, stop or find the engine, worded for the person at the terminal."""


class AlreadyRunning(EngineControlError):
    def __init__(self, status: EngineStatus):
        pid = f" (pid {status.pid})" if status.pid else ""
        super().__init__(f"an engine is already running for {status.home.root}{pid}")
        self.status = status


class StartFailed(EngineControlError):
    pass


@dataclass(frozen=True)
class EngineStatus:
    home: Home
    running: bool
    pid: int | None = None
    url: str | None = None

    def describe(self) -> str:
        if not self.running:
            return f"dockyard engine is not running (home {self.home.root})"
        return f"dockyard engine is running (pid {self.pid}) at {self.url} (home {self.home.root})"


def status(home: Home) -> EngineStatus:
    if not EngineLock(home.lock).is_held_elsewhere():
        return EngineStatus(home, False)
    pid = home.read(home.pid)
    return EngineStatus(home, True, int(pid) if pid and pid.isdigit() else None, home.read(home.url))


def start(home: Home, *, daemon: str | None = None, timeout: float = START_TIMEOUT) -> str:
    """Start the engine in the background; returns its DOCKER_HOST url once it accepts requests."""
    current = status(home)
    if current.running:
        raise AlreadyRunning(current)
    home.create()
    ready_r, ready_w = os.pipe()
    command = [sys.executable, "-m", "dockyard.engine", "serve", "--home", str(home.root), "--detach",
               "--ready-fd", str(ready_w), "--daemon", daemon or DEFAULT_DAEMON]
    try:
        with open(home.log, "ab") as log_file:
            launcher = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file,
                                        pass_fds=(ready_w,), start_new_session=True)
        os.close(ready_w)
        launcher.wait()  # returns at once: the engine detaches from it
        url = _read_line(ready_r, timeout)
    finally:
        os.close(ready_r)
    if url:
        return url
    after = status(home)
    if after.running:
        raise AlreadyRunning(after)  # another client started it at the same moment (its url may follow)
    raise StartFailed(f"the engine did not start; its log ({home.log}) ends with:\n{_tail(home.log)}")


def ensure_running(home: Home, *, daemon: str | None = None, timeout: float = START_TIMEOUT) -> str:
    """The url of the home's engine, starting it if none runs (clients call this on first use)."""
    deadline = time.monotonic() + timeout
    while True:
        current = status(home)
        if current.running and current.url:
            return current.url
        if not current.running:
            try:
                return start(home, daemon=daemon, timeout=timeout)
            except AlreadyRunning as e:
                if e.status.url:
                    return e.status.url
        if time.monotonic() > deadline:
            raise StartFailed(f"the engine for {home.root} holds its lock but does not answer; see {home.log}")
        time.sleep(0.02)  # an engine is starting: its url appears once it listens


def stop(home: Home, *, timeout: float = STOP_TIMEOUT) -> bool:
    """Stop the engine (SIGTERM, then SIGKILL after `timeout`); False if none was running."""
    current = status(home)
    if not current.running:
        return False
    pid = current.pid or _wait_for_pid(home)
    if pid is None:
        raise EngineControlError(f"the engine for {home.root} is running but its pid is unknown")
    _signal(pid, signal.SIGTERM)
    if not _wait_stopped(home, timeout):
        _signal(pid, signal.SIGKILL)
        if not _wait_stopped(home, 5.0):
            raise EngineControlError(f"the engine (pid {pid}) did not stop")
    return True


def logs(home: Home) -> str:
    try:
        return home.log.read_text(errors="replace")
    except FileNotFoundError:
        return ""


def serve(home: Home, *, daemon: str | None = None, on_ready=None, use_tcp: bool = False) -> None:
    """Run the engine in this process until SIGTERM or SIGINT. `on_ready(url)` is called once it listens."""
    from .api import make_app
    from .api.server import Server

    home.create()
    lock = EngineLock(home.lock)
    if not lock.acquire():
        raise AlreadyRunning(status(home))
    engine = server = None
    try:
        _remove_stale_files(home)
        engine = load_daemon(daemon)(home.root)
        app = make_app(engine)
        server = None if use_tcp else _unix_server(app, home)
        if server is None:
            server = Server.on_loopback(app, token=secrets.token_urlsafe(32))
            home.write_private(home.token, server.token)
        home.write_private(home.pid, str(os.getpid()))
        home.write_private(home.url, server.url)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: server.shutdown())
        log.info("API listen on %s", server.url)
        # containers whose restart policy says so come back with the engine, as with dockerd
        restart = getattr(engine, "start_restart_policies", None)
        if restart is not None:
            restart()
        # requests are short and many threads sleep in simulated programs: switch threads sooner than
        # Python's default 5 ms so one busy program never holds up the API
        sys.setswitchinterval(0.0005)
        # what the engine loaded to start (images' trees, the catalog) lives as long as it does: keep it out of
        # the collector's way so a collection never pauses a request for milliseconds
        gc.collect()
        gc.freeze()
        if on_ready is not None:
            on_ready(server.url)
        server.serve_forever()
        log.info("Processing signal 'terminated'")
    finally:
        if server is not None:
            server.stop_listening()
        if engine is not None:
            _shut_down(engine)
        if server is not None:
            server.close()
        _remove_stale_files(home)
        lock.release()
    log.info("Daemon shutdown complete")


def _shut_down(engine) -> None:
    """Stop the daemon (and so its running containers) while open connections can still see them end."""
    try:
        engine.shutdown()
    except Exception as e:
        log.error("daemon shutdown failed", exc_info=e)


class InProcessEngine:
    """An engine inside this process, served without a socket (tests, benchmarks, JupyterLite).

    It holds its home's lock as a background engine does, so the two never share a home.
    """

    def __init__(self, home: Home, *, daemon: str | None = None):
        from .api import make_app

        home.create()
        self._lock = EngineLock(home.lock)
        if not self._lock.acquire():
            raise AlreadyRunning(status(home))
        try:
            _remove_stale_files(home)
            self.daemon = load_daemon(daemon)(home.root)
        except BaseException:
            self._lock.release()
            raise
        self.app = make_app(self.daemon)

    def client(self):
        """A docker-py APIClient served by this engine."""
        from .api.inprocess import in_process_client
        return in_process_client(self.app)

    def close(self) -> None:
        if self._lock is not None:
            _shut_down(self.daemon)
            self._lock.release()
            self._lock = None


def load_daemon(spec: str | None):
    """The daemon factory named `module:attribute` (by default dockyard's own daemon)."""
    spec = spec or DEFAULT_DAEMON
    module_name, _, attribute = spec.partition(":")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as e:
        raise StartFailed(f"the engine's daemon {spec} is not available: {e}") from e


def _unix_server(app, home: Home):
    """A server on the home's unix socket, or None where unix sockets cannot be used."""
    from .api.server import Server

    if not hasattr(socket, "AF_UNIX"):
        return None
    try:
        return Server.on_unix_socket(app, str(home.socket))
    except OSError as e:
        log.warning("cannot listen on %s (%s): using loopback TCP", home.socket, e)
        return None


def _remove_stale_files(home: Home) -> None:
    for path in (home.socket, home.pid, home.url, home.token):
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def _read_line(fd: int, timeout: float) -> str | None:
    """The first line written to `fd` within `timeout`, or None if it closes first."""
    deadline = time.monotonic() + timeout
    data = b""
    while b"\n" not in data:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return None
        chunk = os.read(fd, 4096)
        if not chunk:
            return None
        data += chunk
    return data.split(b"\n", 1)[0].decode()


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def _wait_for_pid(home: Home, timeout: float = 5.0) -> int | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid = home.read(home.pid)
        if pid and pid.isdigit():
            return int(pid)
        time.sleep(0.02)
    return None


def _wait_stopped(home: Home, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while EngineLock(home.lock).is_held_elsewhere():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass
