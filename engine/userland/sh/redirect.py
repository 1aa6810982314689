"""Redirections: the shell's file descriptor table and the streams behind it.

A command runs with a table {fd: stream}; redirections build a new table from the current one,
left to right (`2>&1 >f` sends stderr where stdout *was*). Files are opened through the
container's RootFS. Writes to a file are buffered and appended when the command ends (or when
someone may read the file: the shell calls `sync` before running a program), so a loop writing
ten thousand lines does not rewrite the file ten thousand times. /dev/stdin, /dev/stdout,
/dev/stderr and /dev/fd/N name the shell's own descriptors, and /dev/null needs no file at all.
"""
from __future__ import annotations

import errno
import os
import threading
from typing import TYPE_CHECKING

from ..process import BytesInput, Input, NullOutput, Output
from .ast import Redir
from .errors import ShellError

if TYPE_CHECKING:
    from .interp import Shell

FLUSH_AT = 1 << 16
FD_PATHS = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


class RedirectError(Exception):
    """A redirection that cannot be made: the command does not run and its status is 1."""


class FileOutput(Output):
    """Appends to a file in the container's filesystem, in chunks."""

    def __init__(self, fs, path: str, buffered: bool = True):
        self.fs = fs
        self.path = path
        self.buffered = buffered
        self._buf = bytearray()
        self._lock = threading.Lock()

    def write(self, data: bytes) -> None:
        if not data:
            return
        with self._lock:
            self._buf += data
            if not self.buffered or len(self._buf) >= FLUSH_AT:
                self._flush_locked()

    def flush(self) -> None:
        with self._lock:
            self._flush_locked()

    def _flush_locked(self) -> None:
        if self._buf:
            data = bytes(self._buf)
            self._buf.clear()
            self.fs.write_bytes(self.path, data, append=True)

    def close(self) -> None:
        self.flush()


class ClosedOutput(Output):
    """A closed descriptor (`>&-`): writing fails with EBADF."""

    def write(self, data: bytes) -> None:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


class ClosedInput(Input):
    def read(self, n: int = -1) -> bytes:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


class ErrorInput(Input):
    """A descriptor that opened but cannot be read (a directory): reading fails with `code`."""

    def __init__(self, code: int):
        self.code = code

    def read(self, n: int = -1) -> bytes:
        raise OSError(self.code, os.strerror(self.code))

    def readline(self) -> bytes:
        return self.read()


class ReadWriteFile(Input, Output):
    """`<>`: the file opened for reading and writing, at offset 0 (writes overwrite in place)."""

    def __init__(self, fs, path: str, data: bytes):
        self.fs = fs
        self.path = path
        self.data = data
        self.pos = 0

    def read(self, n: int = -1) -> bytes:
        end = len(self.data) if n < 0 else self.pos + n
        chunk = self.data[self.pos:end]
        self.pos += len(chunk)
        return chunk

    def write(self, data: bytes) -> None:
        self.data = self.data[:self.pos] + data + self.data[self.pos + len(data):]
        self.pos += len(data)
        self.fs.write_bytes(self.path, self.data)


CLOSED_OUTPUT = ClosedOutput()
CLOSED_INPUT = ClosedInput()


def sync(fds: dict) -> None:
    """Write out buffered file output, before anything else may read those files."""
    for stream in fds.values():
        if isinstance(stream, FileOutput):
            stream.flush()


def apply(shell: "Shell", redirs: list[Redir], fds: dict) -> tuple[dict, list]:
    """The table `fds` with `redirs` applied, and the streams opened (to close afterwards)."""
    table = dict(fds)
    opened: list = []
    try:
        for r in redirs:
            _apply_one(shell, r, table, opened)
    except BaseException:
        close(opened)
        raise
    return table, opened


def close(streams: list) -> None:
    for stream in streams:
        stream.close()


def _apply_one(shell: "Shell", r: Redir, table: dict, opened: list) -> None:
    op = r.op
    if op in ("<<", "<<-"):
        text = shell.expander.string(r.body) if r.body is not None else ""
        table[r.fd] = BytesInput(shell.encode(text))
        return
    if op in (">&", "<&"):
        target = shell.expander.string(r.target)
        if target == "-":
            closed = table.pop(r.fd, None)
            if isinstance(closed, FileOutput):
                closed.flush()
            return
        if target.isdecimal():
            src = int(target)
            if src not in table:
                raise RedirectError(f"{src}: Bad file descriptor")
            table[r.fd] = table[src]
            return
        if op == "<&" or r.fd != 1:
            raise ShellError("redir error")
        op = "&>"  # `>&file` sends stdout and stderr to the file
    name = shell.expander.redirect_target(r.target)
    if op == "&>":
        stream = _open_output(shell, name, table, append=False, clobber=False, opened=opened)
        table[1] = table[2] = stream
    elif op in (">", ">|", ">>"):
        table[r.fd] = _open_output(shell, name, table, append=op == ">>", clobber=op == ">|", opened=opened)
    else:  # < and <>
        table[r.fd] = _open_input(shell, name, table, create=op == "<>")


def _fd_of(path: str) -> int | None:
    if path in FD_PATHS:
        return FD_PATHS[path]
    for prefix in ("/dev/fd/", "/proc/self/fd/"):
        if path.startswith(prefix) and path[len(prefix):].isdecimal():
            return int(path[len(prefix):])
    return None


def _open_output(shell: "Shell", name: str, table: dict, append: bool, clobber: bool, opened: list):
    path = shell.abspath(name)
    fd = _fd_of(path)
    if fd is not None:
        if fd not in table:
            raise RedirectError(f"can't create {name}: {os.strerror(errno.EBADF)}")
        return table[fd]
    if path == "/dev/null":
        return NullOutput()
    fs = shell.fs
    try:
        if "C" in shell.options and not clobber and not append and fs.is_file(path):
            raise OSError(errno.EEXIST, os.strerror(errno.EEXIST))
        if fs.is_dir(path):
            raise OSError(errno.EISDIR, os.strerror(errno.EISDIR))
        device = path.startswith("/dev/") and fs.exists(path)
        if not device and (not append or not fs.exists(path)):
            fs.write_bytes(path, b"", mode=0o666 & ~shell.umask, uid=shell.proc.uid, gid=shell.proc.gid)
    except OSError as e:
        reason = "nonexistent directory" if e.errno == errno.ENOENT else os.strerror(e.errno or errno.EIO)
        raise RedirectError(f"can't create {name}: {reason}") from None
    stream = FileOutput(fs, path, buffered=not path.startswith("/dev/"))
    opened.append(stream)
    return stream


def _open_input(shell: "Shell", name: str, table: dict, create: bool) -> Input:
    path = shell.abspath(name)
    fd = _fd_of(path)
    if fd is not None:
        if fd not in table:
            raise RedirectError(f"can't open {name}: {os.strerror(errno.EBADF)}")
        return table[fd]
    if path == "/dev/null":
        return BytesInput(b"")
    fs = shell.fs
    shell.sync()
    try:
        if create and not fs.exists(path):
            fs.write_bytes(path, b"", mode=0o666 & ~shell.umask, uid=shell.proc.uid, gid=shell.proc.gid)
        if fs.is_dir(path):
            return ErrorInput(errno.EISDIR)
        if create:
            return ReadWriteFile(fs, path, fs.read_bytes(path))
        return BytesInput(fs.read_bytes(path))
    except OSError as e:
        reason = "no such file" if e.errno == errno.ENOENT else os.strerror(e.errno or errno.EIO)
        raise RedirectError(f"can't open {name}: {reason}") from None
