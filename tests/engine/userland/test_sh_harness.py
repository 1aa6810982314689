"""What the shell tests share: a busybox container whose few external programs are small
doubles, and `run(script)` giving (stdout, stderr, status).

The doubles (cat, touch, mkdir, chmod, seq, head, yes, sleep) do just what the test scripts ask
of the busybox applets, with the same messages, so the shell's tests depend on the shell alone;
`abort` dies of SIGABRT on its own, as a crashing program does. /bin/busybox is a multi-call
double running them by name (the image's other applet links find nothing there), and /bin/sh is
the shell itself, for `#!/bin/sh` scripts and `sh -c` inside scripts.
"""
from __future__ import annotations

from dataclasses import dataclass

from dockyard.engine.catalog import busybox
from dockyard.engine.container.rootfs import RootFS
from dockyard.engine.layer.tree import Writer
from dockyard.engine.userland import exec as execmod
from dockyard.engine.userland import sh
from dockyard.engine.userland.process import BufferOutput, BytesInput, Killed, Process, Signals

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


# ---------------------------------------------------------------- program doubles
def cat(proc: Process) -> int:
    status = 0
    for name in proc.argv[1:] or ["-"]:
        if name == "-":
            while chunk := proc.stdin.read(4096):
                proc.stdout.write(chunk)
            continue
        try:
            proc.stdout.write(proc.fs.read_bytes(proc.abspath(name)))
        except OSError as e:
            proc.err(f"cat: can't open '{name}': {e.strerror}\n")
            status = 1
    return status


def touch(proc: Process) -> int:
    for name in proc.argv[1:]:
        path = proc.abspath(name)
        if not proc.fs.exists(path):
            proc.fs.write_bytes(path, b"")
    return 0


def mkdir(proc: Process) -> int:
    parents = "-p" in proc.argv
    for name in (a for a in proc.argv[1:] if a != "-p"):
        proc.fs.mkdir(proc.abspath(name), parents=parents, exist_ok=parents)
    return 0


def chmod(proc: Process) -> int:
    mode, names = proc.argv[1], proc.argv[2:]
    for name in names:
        path = proc.abspath(name)
        current = proc.fs.stat(path).st_mode & 0o7777
        new = current | 0o111 if mode == "+x" else current & ~0o111 if mode == "-x" else int(mode, 8)
        proc.fs.chmod(path, new)
    return 0


def seq(proc: Process) -> int:
    numbers = [int(a) for a in proc.argv[1:]]
    first, last = (numbers[0], numbers[1]) if len(numbers) == 2 else (1, numbers[0])
    for n in range(first, last + 1):
        proc.stdout.write(b"%d\n" % n)
    return 0


def head(proc: Process) -> int:
    count = int(proc.argv[2]) if proc.argv[1:2] == ["-n"] else 10
    for _ in range(count):
        line = proc.stdin.readline()
        if not line:
            break
        proc.stdout.write(line)
    return 0


def yes(proc: Process) -> int:
    line = (" ".join(proc.argv[1:]) or "y").encode() + b"\n"
    while True:
        proc.signals.check()
        proc.stdout.write(line * 512)


def sleep(proc: Process) -> int:
    proc.signals.sleep(float(proc.argv[1]))
    return 0


def abort(proc: Process) -> int:
    raise Killed(6)


DOUBLES = {"cat": cat, "touch": touch, "mkdir": mkdir, "chmod": chmod, "seq": seq, "head": head, "yes": yes,
           "sleep": sleep, "abort": abort, "sh": sh.main}


def multicall(proc: Process) -> int:
    double = DOUBLES.get(proc.prog)
    if double is None:
        proc.err(f"{proc.prog}: applet not found\n")
        return 127
    return double(proc)


def _image():
    w = Writer(busybox.tree())
    for name in [*DOUBLES, "multicall"]:
        program = f"sh-test-{name}"
        execmod.register(program, f"{__name__}:{name}" if name != "sh" else "dockyard.engine.userland.sh:main")
        w.set(["bin", name if name != "multicall" else "busybox"], execmod.make_binary(program, 1000))
    return w.root


IMAGE = _image()


# ---------------------------------------------------------------- running scripts
@dataclass
class Result:
    out: str
    err: str
    status: int


def container() -> RootFS:
    """A fresh container filesystem (its /tmp is empty)."""
    return RootFS(IMAGE)


def run(script: str, stdin: bytes = b"", args: tuple[str, ...] = (), fs: RootFS | None = None,
        argv0: str = "sh", cwd: str = "/tmp", signals: Signals | None = None,
        argv: list[str] | None = None) -> Result:
    """Run `sh -c script args...` (or the given argv) in a container; HOME is /root."""
    out, err = BufferOutput(), BufferOutput()
    proc = Process(fs or container(), argv or [argv0, "-c", script, *args], env={"PATH": PATH, "HOME": "/root"},
                   cwd=cwd, stdin=BytesInput(stdin), stdout=out, stderr=err, signals=signals or Signals())
    status = sh.main(proc)
    return Result(out.getvalue().decode(errors="replace"), err.getvalue().decode(errors="replace"), status)
