"""The life of a server program: bind ports in the container, serve, stop on a signal.

Requests arrive on other threads (a published port's listener, `wget` in another container), so
a server writes its logs through `Serving.out`/`err`, which keep lines whole. A server that
daemonizes (`busybox httpd` without -f, nginx with `daemon on`) leaves its ports bound after its
process returns: they close when the container stops (`ServerRegistry.clear`).
"""
from __future__ import annotations

import threading
import time

from ....network.http import DAYS, MONTHS, Handler, Listening, registry_for
from ...process import Process



class Serving:
    """A server process's bound ports and log streams; a context manager that unbinds on exit."""

    def __init__(self, proc: Process, program: str):
        self.proc = proc
        self.program = program
        self.registry = registry_for(proc)
        self.entries: list[Listening] = []
        self._log_lock = threading.Lock()

    def bind(self, port: int, handler: Handler, address: str = "0.0.0.0") -> None:
        """Listen on `address`:`port` in the container; OSError(EADDRINUSE) if another program has it."""
        self.entries.append(self.registry.register(self.proc.host.container_id, port, handler, self.program,
                                                   self.proc.signals, address))

    def close(self) -> None:
        for entry in self.entries:
            self.registry.unregister(entry)
        self.entries.clear()

    def __enter__(self) -> "Serving":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def detach(self) -> None:
        """The server daemonized: its ports outlive this process, until the container stops."""
        self.entries.clear()

    def out(self, text: str) -> None:
        self._write(self.proc.stdout, text)

    def err(self, text: str) -> None:
        self._write(self.proc.stderr, text)

    def _write(self, stream, text: str) -> None:
        with self._log_lock:
            try:
                stream.write(text.encode())
            except OSError:  # a closed log stream must not fail the request
                pass


def wait_for_signal(proc: Process, handled: set[int]) -> int:
    """Block until one of `handled` arrives and return it; any fatal signal raises Killed."""
    proc.signals.handled.update(handled)
    while True:
        proc.signals.check()
        signum = proc.signals.take()
        if signum in handled:
            return signum
        if signum is None:
            proc.signals.sleep(None)


# ---------------------------------------------------------------- log timestamps (containers run in UTC)
def common_log_time(t: float) -> str:
    """`10/Oct/2024:13:55:36 +0000`: the Common Log Format's [time] (nginx, Apache)."""
    g = time.gmtime(t)
    return f"{g.tm_mday:02d}/{MONTHS[g.tm_mon - 1]}/{g.tm_year}:{time.strftime('%H:%M:%S', g)} +0000"


def python_log_time(t: float) -> str:
    """`10/Oct/2024 13:55:36`: http.server's and werkzeug's log_date_time_string."""
    g = time.gmtime(t)
    return f"{g.tm_mday:02d}/{MONTHS[g.tm_mon - 1]}/{g.tm_year} {time.strftime('%H:%M:%S', g)}"


def nginx_error_time(t: float) -> str:
    """`2024/10/10 13:55:36`: nginx's error_log timestamps."""
    return time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(t))


def apache_error_time(t: float) -> str:
    """`Thu Oct 10 13:55:36.123456 2024`: Apache's ErrorLog timestamps, with microseconds."""
    g = time.gmtime(t)
    micro = int((t % 1) * 1_000_000)
    return f"{DAYS[g.tm_wday]} {MONTHS[g.tm_mon - 1]} {g.tm_mday:02d} {time.strftime('%H:%M:%S', g)}.{micro:06d} " \
           f"{g.tm_year}"
