"""execve for simulated programs: find the file, decide what runs it, run it.

A file in an image is a program when it is executable and either
- a simulated binary: its content names the program (`make_binary`), the way an ELF file names
  its machine code — `/bin/busybox`, `/usr/local/bin/node`; or
- a script starting with `#!interpreter [arg]`, run by that interpreter, as the kernel does.
Busybox-style multi-call binaries are reached through symlinks and pick the applet by argv[0].
"""
from __future__ import annotations

import errno
import importlib
import stat as st
from typing import Callable

from ..layer.tree import ELF_MAGIC, File
from ..layer.tree import PROGRAM_MARKER as MARKER
from .process import Process
from .programs import REGISTRY as PROGRAMS

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
MAX_DEPTH = 64

Program = Callable[[Process], int]

# program name -> "module:function", imported on first use so a container that only runs `echo`
# never imports the package manager or the language runtimes.
REGISTRY: dict[str, str] = dict(PROGRAMS)
_loaded: dict[str, Program] = {}


def register(name: str, target: str) -> None:
    REGISTRY[name] = target


def program(name: str) -> Program | None:
    fn = _loaded.get(name)
    if fn is None:
        target = REGISTRY.get(name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        fn = getattr(importlib.import_module(module), attr)
        _loaded[name] = fn
    return fn


def make_binary(name: str, size: int, mode: int = 0o755, mtime: float = 0.0) -> File:
    """A simulated executable of `size` bytes that runs program `name`."""
    return File(None, st.S_IFREG | mode, 0, 0, mtime, size=size, generator="program:" + name)


class ExecError(OSError):
    """execve failed: ENOENT (127 in a shell), EACCES / EISDIR / ENOEXEC (126)."""


def _fail(code: int, path: str) -> ExecError:
    import os
    return ExecError(code, os.strerror(code), path)


def lookup_path(proc: Process, name: str) -> str | None:
    """Where `name` runs from: itself if it has a slash, else the first executable match in $PATH."""
    if "/" in name:
        return proc.abspath(name)
    for d in (proc.env.get("PATH") or DEFAULT_PATH).split(":"):
        cand = proc.abspath((d or ".").rstrip("/") + "/" + name)
        try:
            s = proc.fs.stat(cand)
        except OSError:
            continue
        if st.S_ISREG(s.st_mode) and s.st_mode & 0o111:
            return cand
    return None


def identify(proc: Process, path: str) -> tuple[str, str | list[str]]:
    """('program', name) for a simulated binary, ('script', [interp, arg?]) for #!, else ENOEXEC."""
    node = _tree_node(proc, path)
    if isinstance(node, File) and node.data is None and (node.generator or "").startswith("program:"):
        return "program", node.generator[len("program:"):]  # type: ignore[index]
    head = proc.fs.read_bytes(path)[:256]
    if head.startswith(ELF_MAGIC):
        i = head.find(MARKER)
        if i >= 0:
            end = head.find(b"\x00", i + len(MARKER))
            return "program", head[i + len(MARKER):end].decode()
        raise _fail(errno.ENOEXEC, path)
    if head.startswith(b"#!"):
        line = head[2:].split(b"\n", 1)[0].decode(errors="replace").strip()
        words = line.split(None, 1)
        if not words:
            raise _fail(errno.ENOEXEC, path)
        return "script", words
    raise _fail(errno.ENOEXEC, path)


def _tree_node(proc: Process, path: str):
    """The tree node behind `path`, when it lives in the container's own layers (fast path)."""
    fs = proc.fs
    try:
        parts = fs.resolve(path)
    except OSError:
        return None
    backend, rel = fs._backend(parts)
    if backend is not fs.tree_backend:
        return None
    return backend._node(rel)


def prepare(proc: Process) -> Callable[[], int]:
    """Everything execve checks before the program runs: returns the runner, or raises ExecError.

    Split from `execute` so a container start can fail synchronously (`docker run nosuchcmd` is
    an error of the start request, not an exit status) while the program itself runs in a thread.
    """
    if proc.depth > MAX_DEPTH:
        raise _fail(errno.ELOOP, proc.argv[0])
    name = proc.argv[0]
    path = lookup_path(proc, name)
    if path is None:
        raise _fail(errno.ENOENT, name)
    try:
        s = proc.fs.stat(path)
    except OSError as e:
        raise _fail(e.errno or errno.ENOENT, name) from None
    if st.S_ISDIR(s.st_mode) or not s.st_mode & 0o111:
        raise _fail(errno.EACCES, name)
    kind, what = identify(proc, path)
    if kind == "script":
        # the kernel hands the interpreter the path as it was given (`./t.sh` stays `./t.sh` in $0)
        return prepare(proc.child(list(what) + [name if "/" in name else path] + proc.argv[1:]))
    fn = program(what)  # type: ignore[arg-type]
    if fn is None:
        raise _fail(errno.ENOEXEC, name)
    return lambda: fn(proc)


def execute(proc: Process) -> int:
    """Run `proc.argv` like execve + wait: returns the exit status, raises ExecError if it cannot start."""
    return prepare(proc)()
