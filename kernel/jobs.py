"""Run one command of a cell so that its output streams, its input comes from the user, and an interrupt stops it.

The command (a docker command line, or a `!shell` line) runs in a worker thread. What it writes goes
to the frontend at once, from that thread (so output keeps flowing while the user is typing). Each
line it reads is asked for in the *calling* thread: an input request must come from the thread that
handles the cell (ipykernel keeps the request's parent there), which is also the thread an
interrupt reaches (SIGINT → KeyboardInterrupt).

On an interrupt the job is cancelled, the way a terminal's Ctrl-C ends `docker logs -f`:
  - every socket the command's threads connected is shut down, so a blocked read (a followed log, an
    attached container, a long build) returns and the command finishes;
  - a `!shell` process group gets SIGINT;
  - a pending read of standard input gets end-of-file;
  - what the command still writes is dropped.
The sockets are found with an audit hook (`socket.connect`), kept to the threads that did not exist
before the command began: docker-py opens a fresh connection pool for every command, so those are
exactly the command's connections.

Where there are no threads (Pyodide), the command runs in the calling thread instead: output and
input still go through the frontend, but only the command's own KeyboardInterrupt handling stops it.
"""
from __future__ import annotations

import codecs
import queue
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass
from typing import Callable, Protocol

# After an interrupt, how long the command has to wind down before the cell ends without it.
CANCEL_GRACE_SECONDS = 5.0


class Frontend(Protocol):
    """Where a cell's output goes and where its input comes from (a kernel, IPython, a test)."""

    def stream(self, name: str, text: str) -> None:
        """Show `text` on the stream `name` ("stdout" or "stderr"). Called from any thread."""

    def input(self, prompt: str, password: bool = False) -> str:
        """A line the user typed (without its newline); EOFError when the user ends input. With
        `password`, what is typed is not shown (the notebook's password box).

        Called in the thread that runs the cell. If the command ends meanwhile, the request is
        withdrawn with SIGINT (KeyboardInterrupt): a frontend that waits should wake up now and then
        to let it in, as ipykernel's does (it polls every 10 ms)."""


@dataclass(frozen=True)
class JobResult:
    exit_code: int | None  # None when the command was interrupted before it returned
    interrupted: bool


Command = Callable[["Job"], int]


def run_job(command: Command, frontend: Frontend) -> JobResult:
    """Run `command(job)`, which writes to `job.out`/`job.err`, reads `job.stdin` and returns its exit
    status; deliver its output and input requests to `frontend` until it ends or is interrupted."""
    if not _threads_available():
        return _run_inline(command, frontend)
    return Job(frontend).run(command)


class Job:
    """One running command: its streams, the input requests it queues for the caller, and what to
    undo when it is cancelled."""

    def __init__(self, frontend: Frontend):
        self.frontend = frontend
        self.out = OutputStream(self, "stdout")
        self.err = OutputStream(self, "stderr")
        self.stdin = InputStream(self)
        self.cancelled = threading.Event()
        self._events: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._cancellers: list[Callable[[], None]] = []
        self._sockets: list[socket.socket] = []
        self._threads_before: set[int] = set()
        self._caller = threading.get_ident()
        self._asking = False  # the caller is inside frontend.input()
        self._nudged = False  # we interrupted that input ourselves, because the command ended
        self._exit_code: int | None = None

    # ---------------------------------------------------------------- the caller's side
    def run(self, command: Command) -> JobResult:
        self._threads_before = {t.ident for t in threading.enumerate()}
        worker = threading.Thread(target=self._work, args=(command,), name="dockyard-command", daemon=True)
        with _watching(self):
            worker.start()
            interrupted = self._serve()
            if interrupted:
                worker.join(CANCEL_GRACE_SECONDS)
        return JobResult(None if interrupted else self._exit_code, interrupted)

    def _serve(self) -> bool:
        """Answer the command's input requests until it ends; True if the user interrupted it."""
        interrupted = False
        deadline = None  # once cancelled, the command has a grace period to wind down
        while True:
            try:
                timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
                try:
                    event = self._events.get(timeout=timeout)
                except queue.Empty:
                    break
                if event is _DONE:
                    break
                self._answer(event)
            except KeyboardInterrupt:
                if self._take_nudge():
                    continue
                if interrupted:  # a second interrupt: stop waiting for the command
                    break
                interrupted = True
                deadline = time.monotonic() + CANCEL_GRACE_SECONDS
                self.cancel()
        try:
            if self._take_nudge():  # our own interrupt may still be on its way: let it land here
                _absorb_pending_interrupt()
        except KeyboardInterrupt:  # it landed a moment earlier
            pass
        return interrupted

    def _answer(self, request: _InputRequest) -> None:
        with self._lock:  # the command may have ended since it asked: then nobody needs the line
            if self._exit_code is not None or self.cancelled.is_set():
                request.reply(None)
                return
            self._asking = True
        line = None
        try:
            # frontends without a password box take the prompt alone
            line = self.frontend.input(request.prompt, password=True) if request.password else \
                self.frontend.input(request.prompt)
        except EOFError:
            pass
        finally:
            with self._lock:
                self._asking = False
            request.reply(line)

    def _take_nudge(self) -> bool:
        with self._lock:
            nudged, self._nudged = self._nudged, False
        return nudged

    def cancel(self) -> None:
        """Stop the command: close its connections, interrupt its processes, end its input."""
        self.cancelled.set()
        self.stdin.close()
        with self._lock:
            sockets, cancellers = list(self._sockets), list(self._cancellers)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for cancel in cancellers:
            try:
                cancel()
            except OSError:
                pass

    # ---------------------------------------------------------------- the command's side
    def on_cancel(self, action: Callable[[], None]) -> None:
        """Have `action` run if the job is cancelled (e.g. signal a child process)."""
        with self._lock:
            self._cancellers.append(action)
        if self.cancelled.is_set():
            action()

    def emit(self, name: str, text: str) -> None:
        if text and not self.cancelled.is_set():
            self.frontend.stream(name, text)

    def ask(self, prompt: str, password: bool = False) -> str | None:
        """A line from the user, None at end of input (asked in the caller's thread)."""
        if self.cancelled.is_set():
            return None
        request = _InputRequest(prompt, password)
        self._events.put(request)
        return request.wait()

    def _work(self, command: Command) -> None:
        code = 1
        try:
            code = command(self)
        except BaseException as e:  # a bug in a command must end the cell, not hang it
            self.emit("stderr", f"dockyard: internal error: {type(e).__name__}: {e}\n")
        finally:
            self.out.flush()
            self.err.flush()
            with self._lock:
                self._exit_code = code if isinstance(code, int) else 1
                if self._asking:
                    self._nudged = self._nudge_caller()
            self._events.put(_DONE)

    def _nudge_caller(self) -> bool:
        """The command ended while the user is being asked for input it no longer needs: interrupt
        that request. Only Python's main thread receives KeyboardInterrupt, and only where SIGINT
        raises it (as in a kernel running a cell); a real signal also wakes a blocking wait."""
        in_main_thread = self._caller == threading.main_thread().ident
        if not in_main_thread or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            return False
        signal.pthread_kill(self._caller, signal.SIGINT)
        return True

    def _adopt_socket(self, sock: socket.socket) -> None:
        if threading.get_ident() in self._threads_before:
            return
        with self._lock:
            self._sockets.append(sock)
        if self.cancelled.is_set():
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _InputRequest:
    def __init__(self, prompt: str, password: bool = False):
        self.prompt = prompt
        self.password = password
        self._answered = threading.Event()
        self._line: str | None = None

    def reply(self, line: str | None) -> None:
        self._line = line
        self._answered.set()

    def wait(self) -> str | None:
        self._answered.wait()
        return self._line


_DONE = object()  # the command has returned


class OutputStream:
    """A text stream for a command's stdout or stderr. `buffer` takes raw bytes (container output)
    and decodes them incrementally, so a UTF-8 character split across two reads stays whole."""

    def __init__(self, job: Job, name: str):
        self._job = job
        self.name = name
        self.buffer = _ByteSink(self)
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def write(self, text: str) -> int:
        self._job.emit(self.name, text)
        return len(text)

    def _write_bytes(self, data: bytes) -> None:
        self._job.emit(self.name, self._decoder.decode(data))

    def flush(self) -> None:
        tail = self._decoder.decode(b"", final=True)
        if tail:
            self._job.emit(self.name, tail)

    def isatty(self) -> bool:
        return False


class _ByteSink:
    def __init__(self, stream: OutputStream):
        self._stream = stream

    def write(self, data: bytes) -> int:
        self._stream._write_bytes(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


class InputStream:
    """A command's standard input: each `readline()` asks the user for one line.

    An empty answer (or the user ending input) is end-of-file; so is the line after `exit`, which is
    passed on first, so that typing `exit` ends a shell and its session without another prompt."""

    def __init__(self, job: Job):
        self._job = job
        self._at_eof = False

    def readline(self, size: int = -1) -> str:
        if self._at_eof:
            return ""
        line = self._job.ask("")
        if not line:
            self._at_eof = True
            return ""
        if line.strip() == "exit":
            self._at_eof = True
        return line + "\n"

    def read_password(self) -> str:
        """One line typed in the notebook's password box (docker turns the terminal's echo off)."""
        line = None if self._at_eof else self._job.ask("", password=True)
        return line or ""

    def close(self) -> None:
        self._at_eof = True

    def isatty(self) -> bool:
        """The notebook's input box is the user's terminal: `docker run -it` is allowed to use it."""
        return True


# -------------------------------------------------------------------- finding a command's sockets
_jobs_watching: list[Job] = []
_hook_installed = False
_hook_lock = threading.Lock()


class _watching:
    """While a job runs, sockets its threads connect are handed to it."""

    def __init__(self, job: Job):
        self.job = job

    def __enter__(self):
        global _hook_installed
        with _hook_lock:
            if not _hook_installed:
                sys.addaudithook(_on_audit_event)
                _hook_installed = True
            _jobs_watching.append(self.job)

    def __exit__(self, *exc):
        with _hook_lock:
            _jobs_watching.remove(self.job)


def _on_audit_event(event: str, args: tuple) -> None:
    if event == "socket.connect" and _jobs_watching:
        for job in tuple(_jobs_watching):
            job._adopt_socket(args[0])


# -------------------------------------------------------------------- without threads
def _threads_available() -> bool:
    return sys.platform != "emscripten"


def _run_inline(command: Command, frontend: Frontend) -> JobResult:
    job = _InlineJob(frontend)
    try:
        return JobResult(command(job), False)
    except KeyboardInterrupt:
        return JobResult(None, True)
    finally:
        job.out.flush()
        job.err.flush()


class _InlineJob:
    """The `Job` interface for a command run in the caller's own thread."""

    def __init__(self, frontend: Frontend):
        self.frontend = frontend
        self.cancelled = threading.Event()
        self.out = OutputStream(self, "stdout")
        self.err = OutputStream(self, "stderr")
        self.stdin = InputStream(self)

    def emit(self, name: str, text: str) -> None:
        if text:
            self.frontend.stream(name, text)

    def ask(self, prompt: str, password: bool = False) -> str | None:
        try:
            return self.frontend.input(prompt, password=True) if password else self.frontend.input(prompt)
        except EOFError:
            return None

    def on_cancel(self, action: Callable[[], None]) -> None:
        pass


def _absorb_pending_interrupt() -> None:
    """Give an interrupt we raised in this thread the chance to arrive, and drop it: Python raises a
    pending KeyboardInterrupt at the next check of its "eval breaker", which a loop's jump makes."""
    try:
        for _ in range(1000):
            pass
    except KeyboardInterrupt:
        pass
