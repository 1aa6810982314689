"""What many applets share: busybox's error wording, reading FILE operands, human-readable sizes.

Error text follows libbb: `bb_perror_msg("can't open '%s'")` prints `cat: can't open 'x': No such
file or directory`. The errno texts are Linux's (glibc's), kept here rather than taken from the
host's C library, so a container prints the same words on every host.
"""
from __future__ import annotations

import errno
import stat as stat_module

from ...process import Process

LINUX_STRERROR = {
    errno.EPERM: "Operation not permitted",
    errno.ENOENT: "No such file or directory",
    errno.ESRCH: "No such process",
    errno.EIO: "I/O error",
    errno.E2BIG: "Argument list too long",
    errno.ENOEXEC: "Exec format error",
    errno.EBADF: "Bad file descriptor",
    errno.EACCES: "Permission denied",
    errno.EBUSY: "Device or resource busy",
    errno.EEXIST: "File exists",
    errno.EXDEV: "Invalid cross-device link",
    errno.ENOTDIR: "Not a directory",
    errno.EISDIR: "Is a directory",
    errno.EINVAL: "Invalid argument",
    errno.EFBIG: "File too large",
    errno.ENOSPC: "No space left on device",
    errno.EROFS: "Read-only file system",
    errno.EPIPE: "Broken pipe",
    errno.ERANGE: "Numerical result out of range",
    errno.ENAMETOOLONG: "File name too long",
    errno.ENOTEMPTY: "Directory not empty",
    errno.ELOOP: "Too many levels of symbolic links",
    errno.ENOTSUP: "Operation not supported",
}


def strerror(err: OSError) -> str:
    if err.errno in LINUX_STRERROR:
        return LINUX_STRERROR[err.errno]
    return err.strerror or str(err)


def error(proc: Process, message: str) -> None:
    """`prog: message` on stderr (libbb's bb_error_msg)."""
    proc.err(f"{proc.prog}: {message}\n")


def perror(proc: Process, message: str, err: OSError) -> None:
    """`prog: message: strerror` on stderr (libbb's bb_perror_msg)."""
    proc.err(f"{proc.prog}: {message}: {strerror(err)}\n")


def ask(proc: Process, question: str) -> bool:
    """An interactive prompt on stderr (`rm: remove 'x'? `), answered by a line on stdin: y means yes."""
    proc.err(f"{proc.prog}: {question}? ")
    return proc.stdin.readline().lstrip()[:1] in (b"y", b"Y")


class Fatal(Exception):
    """Stop the applet with a message on stderr and a status (libbb's bb_error_msg_and_die);
    without a status, the applet's usual failure status (1, or 2 for sort and grep)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status


# ---------------------------------------------------------------- paths
def stat_path(fs, path: str, follow: bool = True):
    """stat/lstat as the kernel does it, including the rule that `file/` is ENOTDIR."""
    s = fs.stat(path) if follow or path.endswith("/") else fs.lstat(path)
    if path.endswith("/") and not stat_module.S_ISDIR(s.st_mode):
        raise OSError(errno.ENOTDIR, LINUX_STRERROR[errno.ENOTDIR], path)
    return s


# ---------------------------------------------------------------- input
def read_stdin(proc: Process) -> bytes:
    """All of stdin, taken in chunks: a pipe's writer may be waiting for room to write more."""
    chunks = []
    while True:
        proc.signals.check()
        chunk = proc.stdin.read(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def read_operand(proc: Process, name: str) -> bytes:
    """All of FILE (or stdin for `-`). OSError propagates for the caller to word its message."""
    if name == "-":
        return read_stdin(proc)
    path = proc.abspath(name)
    if path.endswith("/"):
        stat_path(proc.fs, path)
    return proc.fs.read_bytes(path)


def read_or_report(proc: Process, name: str) -> bytes | None:
    """FILE's bytes, or None after printing busybox's `can't open 'FILE': reason`."""
    try:
        return read_operand(proc, name)
    except OSError as e:
        if e.errno == errno.EISDIR:
            error(proc, "read error: Is a directory")
        else:
            perror(proc, f"can't open '{name}'", e)
        return None


def lines_of(proc: Process, name: str):
    """Yield FILE's lines (with their newline) as bytes; stdin is read line by line, so a pipe
    that never ends (`tail -f log | grep x`) is processed as it arrives."""
    if name == "-":
        while True:
            proc.signals.check()
            line = proc.stdin.readline()
            if not line:
                return
            yield line
    else:
        yield from read_operand(proc, name).splitlines(keepends=True)


# ---------------------------------------------------------------- numbers
def human_size(value: int, block_size: int = 1, fraction: bool = True) -> str:
    """libbb's make_human_readable_str: 1023 -> '1023', 1982256 -> '1.9M' (binary units, one
    decimal; without `fraction`, rounded to a whole unit: '2M')."""
    if value == 0:
        return "0"
    value *= max(block_size, 1)
    units = ["", "K", "M", "G", "T", "P", "E", "Z", "Y"]
    unit = 0
    frac = 0
    while value >= 1024:
        frac = ((value % 1024) * 10 + 512) // 1024
        value //= 1024
        unit += 1
    if frac >= 10:
        value += 1
        frac = 0
    if unit == 0:
        return str(value)
    if not fraction:
        return f"{value + (frac >= 5)}{units[unit]}"
    return f"{value}.{frac}{units[unit]}"

