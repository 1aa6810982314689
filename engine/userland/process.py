"""Simulated processes: what a program running in a container is given, and how it is stopped.

A program is a Python function `main(proc: Process) -> int` (its exit status). It sees only its
`Process`: argv, environment, working directory, credentials, three byte streams, the container's
`RootFS` and a `Signals` object through which `docker stop`, `docker kill` and a notebook's
interrupt reach it. Nothing here touches the host; programs do file I/O through `proc.fs`.
"""
from __future__ import annotations

import collections
import signal as _signal
import threading
from dataclasses import dataclass, field
from typing import Callable

from ..container.rootfs import RootFS

SIGNALS = {name[3:]: int(num) for name, num in _signal.Signals.__members__.items() if not name.startswith("SIG_")}
SIGKILL, SIGTERM, SIGINT, SIGQUIT, SIGHUP = 9, 15, 2, 3, 1


class Killed(Exception):
    """Raised inside a program when a signal ends it; the status is 128 + signal, as a shell reports it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def status(self) -> int:
        return 128 + self.signum


class Signals:
    """Signal delivery for one process group (a container's process tree, or one exec).

    PID 1 in a container ignores signals it has no handler for, except SIGKILL: that is Linux's
    rule for init, and why `docker stop` of `sleep 300` waits out its timeout and ends in 137.
    """

    def __init__(self, pid1: bool = False):
        self._event = threading.Event()
        self.pid1 = pid1
        self.handled: set[int] = set()
        self.received: int | None = None
        self.pending: collections.deque[int] = collections.deque()

    def deliver(self, signum: int, external: bool = False) -> bool:
        """Send a signal. Returns True if it ends (or is handled by) the process.

        PID 1 gets only the signals it handles — from inside its container not even SIGKILL (`kill -9 1`
        does nothing); `external` signals come from the engine (`docker kill`), whose SIGKILL always ends it.
        """
        if self.pid1 and signum not in self.handled and not (external and signum == SIGKILL):
            return False
        self.pending.append(signum)
        if signum not in self.handled or signum == SIGKILL:
            self.received = signum
        self._event.set()
        return True

    @property
    def fatal(self) -> int | None:
        return self.received

    def check(self) -> None:
        """Raise Killed if a fatal signal arrived. Long-running loops call this between steps."""
        if self.received is not None:
            raise Killed(self.received)

    def sleep(self, seconds: float | None) -> None:
        """Sleep, waking early (and raising Killed) on a fatal signal; handled signals just wake it."""
        while True:
            self.check()
            if not self._event.wait(seconds):
                return
            self._event.clear()
            self.check()
            return

    def take(self) -> int | None:
        """The next handled signal, for programs with handlers (nginx reloads on HUP, quits on QUIT)."""
        return self.pending.popleft() if self.pending else None


# ---------------------------------------------------------------- byte streams
class Input:
    """A readable byte stream."""

    def read(self, n: int = -1) -> bytes:
        return b""

    def readline(self) -> bytes:
        out = bytearray()
        while True:
            c = self.read(1)
            if not c:
                break
            out += c
            if c == b"\n":
                break
        return bytes(out)

    def isatty(self) -> bool:
        return False

    def close(self) -> None:
        pass


class BytesInput(Input):
    def __init__(self, data: bytes = b""):
        self._data = data
        self._pos = 0

    def read(self, n: int = -1) -> bytes:
        if n < 0:
            n = len(self._data) - self._pos
        chunk = self._data[self._pos:self._pos + n]
        self._pos += len(chunk)
        return chunk

    def readline(self) -> bytes:
        end = self._data.find(b"\n", self._pos)
        end = len(self._data) if end < 0 else end + 1
        chunk = self._data[self._pos:end]
        self._pos = end
        return chunk


class Output:
    """A writable byte stream."""

    def write(self, data: bytes) -> None:
        raise NotImplementedError

    def isatty(self) -> bool:
        return False

    def close(self) -> None:
        pass


class BufferOutput(Output):
    def __init__(self):
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> None:
        if data:
            self.chunks.append(bytes(data))

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


class CallbackOutput(Output):
    """Hands each write to a function (a container's log writer, an attached client)."""

    def __init__(self, fn: Callable[[bytes], None], tty: bool = False):
        self.fn = fn
        self.tty = tty

    def write(self, data: bytes) -> None:
        if data:
            self.fn(bytes(data))

    def isatty(self) -> bool:
        return self.tty


class NullOutput(Output):
    def write(self, data: bytes) -> None:
        pass


class BrokenPipe(OSError):
    pass


class Pipe:
    """A bounded in-memory pipe between two concurrently running programs (`a | b`)."""

    CAPACITY = 1 << 16

    def __init__(self, signals: Signals | None = None):
        self._buf = bytearray()
        self._cond = threading.Condition()
        self._write_closed = False
        self._read_closed = False
        self.signals = signals
        self.reader = _PipeReader(self)
        self.writer = _PipeWriter(self)


class _PipeReader(Input):
    def __init__(self, pipe: Pipe):
        self.p = pipe

    def read(self, n: int = -1) -> bytes:
        """Up to `n` bytes as soon as some are there; with n < 0, everything until the writer closes."""
        if n < 0:
            parts = []
            while True:
                chunk = self.read(self.p.CAPACITY)
                if not chunk:
                    return b"".join(parts)
                parts.append(chunk)
        p = self.p
        with p._cond:
            while not p._buf and not p._write_closed:
                p._cond.wait(0.05)
                if p.signals is not None and p.signals.fatal is not None:
                    raise Killed(p.signals.fatal)
            chunk = bytes(p._buf[:n])
            del p._buf[:n]
            p._cond.notify_all()
            return chunk

    def readline(self) -> bytes:
        p = self.p
        with p._cond:
            while b"\n" not in p._buf and not p._write_closed:
                p._cond.wait(0.05)
                if p.signals is not None and p.signals.fatal is not None:
                    raise Killed(p.signals.fatal)
            i = p._buf.find(b"\n")
            end = len(p._buf) if i < 0 else i + 1
            chunk = bytes(p._buf[:end])
            del p._buf[:end]
            p._cond.notify_all()
            return chunk

    def close(self) -> None:
        with self.p._cond:
            self.p._read_closed = True
            self.p._buf.clear()
            self.p._cond.notify_all()


class _PipeWriter(Output):
    def __init__(self, pipe: Pipe):
        self.p = pipe

    def write(self, data: bytes) -> None:
        p = self.p
        view = memoryview(bytes(data))
        with p._cond:
            while view:
                if p._read_closed:
                    raise BrokenPipe(32, "Broken pipe")
                room = Pipe.CAPACITY - len(p._buf)
                if room <= 0:
                    p._cond.wait(0.05)
                    if p.signals is not None and p.signals.fatal is not None:
                        raise Killed(p.signals.fatal)
                    continue
                p._buf += view[:room]
                view = view[room:]
                p._cond.notify_all()

    def close(self) -> None:
        with self.p._cond:
            self.p._write_closed = True
            self.p._cond.notify_all()


# ---------------------------------------------------------------- the process
@dataclass
class Host:
    """What a process can learn about the container it runs in (hostname, IDs, network, ports)."""

    hostname: str = "localhost"
    container_id: str = ""
    name: str = ""
    ip: str = ""
    services: object = None  # engine hooks for programs that reach the network (wget to another container)
    extra: dict = field(default_factory=dict)


@dataclass
class Process:
    fs: RootFS
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    cwd: str = "/"
    uid: int = 0
    gid: int = 0
    groups: tuple[int, ...] = ()
    umask: int = 0o022
    stdin: Input = field(default_factory=Input)
    stdout: Output = field(default_factory=NullOutput)
    stderr: Output = field(default_factory=NullOutput)
    signals: Signals = field(default_factory=Signals)
    host: Host = field(default_factory=Host)
    depth: int = 0  # exec nesting, to stop runaway recursion (a script that runs itself)

    def child(self, argv: list[str] | None = None, **changes) -> "Process":
        """A new process inheriting this one's state (what fork+exec gives), with `changes` applied."""
        fields = dict(fs=self.fs, argv=list(argv if argv is not None else self.argv), env=dict(self.env),
                      cwd=self.cwd, uid=self.uid, gid=self.gid, groups=self.groups, umask=self.umask,
                      stdin=self.stdin, stdout=self.stdout, stderr=self.stderr, signals=self.signals,
                      host=self.host, depth=self.depth + 1)
        fields.update(changes)
        return Process(**fields)

    def abspath(self, path: str) -> str:
        """`path` made absolute against the working directory; "" stays "" (Linux: ENOENT)."""
        if path.startswith("/") or not path:
            return path
        return self.cwd.rstrip("/") + "/" + path

    def out(self, text: str | bytes) -> None:
        self.stdout.write(text.encode() if isinstance(text, str) else text)

    def err(self, text: str | bytes) -> None:
        self.stderr.write(text.encode() if isinstance(text, str) else text)

    @property
    def prog(self) -> str:
        """The program's name as busybox prints it in messages (`cat: can't open ...`)."""
        return self.argv[0].rsplit("/", 1)[-1] if self.argv else ""
