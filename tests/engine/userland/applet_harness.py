"""What the busybox applet tests share: a busybox container with a working directory of test
files, and `run(argv)` giving the applet's stdout, stderr, status and the files afterwards.

Rows in the test tables were recorded from the real busybox 1.35 (Debian's busybox-static) run
in a directory holding the same files, with the same dates: every file's mtime is T0, so
`ls -l` prints `Nov 14  2023`. The tests themselves need no busybox on the machine.
"""
from __future__ import annotations

import stat as st
from dataclasses import dataclass

from dockyard.engine.catalog import busybox
from dockyard.engine.container.rootfs import RootFS
from dockyard.engine.userland.exec import execute
from dockyard.engine.userland.process import BufferOutput, BytesInput, Output, Process, Signals

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
WORKDIR = "/w"
T0 = 1700000000.0  # 2023-11-14 22:13:20 UTC
IMAGE = busybox.tree()


def link(target: str) -> tuple[str, str]:
    """A symlink in a files table: {"l": link("a")}."""
    return ("link", target)


def container(files: dict | None = None) -> RootFS:
    """A fresh busybox container with `files` under /w: path -> text or bytes, a path ending in
    "/" for a directory, or link(target) for a symlink."""
    fs = RootFS(IMAGE)
    fs.mkdir(WORKDIR)
    for path, value in (files or {}).items():
        full = f"{WORKDIR}/{path}"
        parent = full.rstrip("/").rsplit("/", 1)[0]
        fs.mkdir(parent, parents=True, exist_ok=True)
        if path.endswith("/"):
            fs.mkdir(full.rstrip("/"), parents=True, exist_ok=True)
        elif isinstance(value, tuple):
            fs.symlink(value[1], full)
        else:
            fs.write_bytes(full, value.encode() if isinstance(value, str) else value)
    _set_times(fs, WORKDIR)
    return fs


def _set_times(fs: RootFS, directory: str) -> None:
    for name in fs.listdir(directory):
        path = f"{directory}/{name}"
        if st.S_ISLNK(fs.lstat(path).st_mode):
            continue
        if fs.is_dir(path):
            _set_times(fs, path)
        fs.utime(path, T0)
    fs.utime(directory, T0)


class TerminalOutput(BufferOutput):
    """Collects output, and says it is a terminal (as `docker run -t` gives a program)."""

    def isatty(self) -> bool:
        return True


@dataclass
class Result:
    out: str
    err: str
    status: int
    fs: RootFS
    raw: bytes = b""  # stdout as bytes, for binary output

    def output(self, like: str | bytes) -> str | bytes:
        """stdout as text, or as bytes when the expectation is bytes."""
        return self.raw if isinstance(like, bytes) else self.out

    def file(self, path: str) -> str:
        return self.fs.read_bytes(f"{WORKDIR}/{path}").decode("utf-8", "surrogateescape")


def run(argv: list[str], files: dict | None = None, stdin: bytes | str = b"", fs: RootFS | None = None,
        tty: bool = False, env: dict | None = None, signals: Signals | None = None, uid: int = 0,
        stdout: Output | None = None) -> Result:
    """Run argv (looked up in $PATH, as the shell would) in /w of a container holding `files`."""
    fs = fs if fs is not None else container(files)
    out = stdout if stdout is not None else (TerminalOutput() if tty else BufferOutput())
    err = BufferOutput()
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = Process(fs, list(argv), env=dict(env if env is not None else {"PATH": PATH}), cwd=WORKDIR,
                   stdin=BytesInput(data), stdout=out, stderr=err, uid=uid, gid=uid,
                   signals=signals or Signals())
    status = execute(proc)
    raw = out.getvalue() if isinstance(out, BufferOutput) else b""
    return Result(raw.decode("utf-8", "surrogateescape"), err.getvalue().decode("utf-8", "surrogateescape"), status,
                  fs, raw)


def usage(applet: str) -> str:
    """The usage text busybox prints after a bad option (see busybox.usage)."""
    from dockyard.engine.userland.programs.busybox import usage_text

    return usage_text(applet)


def check_changes(fs: RootFS, changes: dict) -> None:
    """Assert the files under /w are as a row's changes say: text (mode 644), ("file", mode, text),
    "dir" (mode 755), ("dir", mode), link(target), or None for gone."""
    for path, expected in changes.items():
        full = f"{WORKDIR}/{path.rstrip('/')}"
        if expected is None:
            assert not fs.exists(full, follow=False), f"{path} should be gone"
            continue
        s = fs.lstat(full)
        if expected == "dir" or (isinstance(expected, tuple) and expected[0] == "dir"):
            mode = 0o755 if expected == "dir" else expected[1]
            assert st.S_ISDIR(s.st_mode) and st.S_IMODE(s.st_mode) == mode, f"{path}: {oct(s.st_mode)}"
        elif isinstance(expected, tuple) and expected[0] == "link":
            assert fs.readlink(full) == expected[1], path
        else:
            mode, content = (expected[1], expected[2]) if isinstance(expected, tuple) else (0o644, expected)
            data = content.encode() if isinstance(content, str) else content
            assert st.S_ISREG(s.st_mode) and st.S_IMODE(s.st_mode) == mode, f"{path}: {oct(s.st_mode)}"
            assert fs.read_bytes(full) == data, path


def row_id(row: tuple) -> str:
    return " ".join(row[0])[:60]
