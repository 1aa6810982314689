"""The builtins a simulated Python program sees: CPython's pure ones, plus print/input/open rebuilt on
the process's streams and the container's filesystem. `eval`, `exec`, `getattr` and friends are
absent: they would reach past the subset interpreter.
"""
from __future__ import annotations

import builtins

from .pyinterp import SystemExitRequest

PURE = """abs all any ascii bin bool bytearray bytes callable chr complex dict divmod enumerate filter float
    format frozenset hash hex id int isinstance issubclass iter len list map max min next oct ord pow range
    repr reversed round set slice sorted str sum tuple type zip""".split()


def builtins_for(host) -> dict:
    table = {name: getattr(builtins, name) for name in PURE}
    table.update({name: value for name, value in vars(builtins).items()
                  if isinstance(value, type) and issubclass(value, BaseException)})

    def print_(*args, sep=" ", end="\n", file=None, flush=False):
        stream = file if file is not None else host.stdout
        stream.write((" " if sep is None else sep).join(str(a) for a in args) + ("\n" if end is None else end))
        if flush:
            stream.flush()

    def input_(prompt=""):
        host.stdout.write(str(prompt))
        host.stdout.flush()
        line = host.stdin.readline()
        if not line:
            raise EOFError("EOF when reading a line")
        return line.rstrip("\n")

    def exit_(code=None):
        raise SystemExitRequest(code)

    table.update({"print": print_, "input": input_, "exit": exit_, "quit": exit_,
                  "open": lambda path, mode="r", encoding=None, **_: File(host.proc, path, mode)})
    return table


class File:
    """A file opened by the program, read from and written to the container's filesystem."""

    def __init__(self, proc, path: str, mode: str):
        self.proc, self.path, self.mode = proc, proc.abspath(str(path)), mode
        self.binary = "b" in mode
        self.closed = False
        try:
            self._open(path)
        except OSError as e:  # CPython names the file as the program gave it
            raise OSError(e.errno, e.strerror, str(path)) from None

    def _open(self, path) -> None:
        proc, mode = self.proc, self.mode
        if "r" in mode:
            data = proc.fs.read_bytes(self.path)
            self._data = data if self.binary else data.decode("utf-8", "replace")
            self._pos = 0
        else:
            if "w" in mode:
                proc.fs.write_bytes(self.path, b"", mode=0o666 & ~proc.umask, uid=proc.uid, gid=proc.gid)
            elif not proc.fs.exists(self.path):
                proc.fs.write_bytes(self.path, b"", mode=0o666 & ~proc.umask, uid=proc.uid, gid=proc.gid)

    def read(self, size: int = -1):
        end = len(self._data) if size is None or size < 0 else self._pos + size
        chunk, self._pos = self._data[self._pos:end], min(end, len(self._data))
        return chunk

    def readline(self):
        newline = b"\n" if self.binary else "\n"
        end = self._data.find(newline, self._pos)
        end = len(self._data) if end < 0 else end + 1
        chunk, self._pos = self._data[self._pos:end], end
        return chunk

    def readlines(self):
        return list(iter(self.readline, b"" if self.binary else ""))

    def __iter__(self):
        return iter(self.readlines())

    def write(self, text) -> int:
        """Written through at once: CPython flushes a dropped file object right away, and programs
        rely on it (`open('f', 'w').write(...)` without close)."""
        data = text if self.binary else str(text).encode("utf-8")
        self.proc.fs.write_bytes(self.path, data, append=True)
        return len(text)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get_attribute(self, name: str):
        if name in ("read", "readline", "readlines", "write", "flush", "close", "closed", "mode"):
            return getattr(self, name)
        raise AttributeError(f"'_io.TextIOWrapper' object has no attribute '{name}'")
