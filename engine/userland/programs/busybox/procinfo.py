"""Processes and memory: ps, top, free.

The process list comes from the engine when it offers one (`proc.host.services.processes()`,
returning objects with pid, ppid, uid, state, vsz_kb and argv); otherwise the container is taken
to hold only the process asking, as PID 1 (what `docker run busybox ps` shows). Memory figures
are the machine's (`machine`): a container sees its host's memory.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...process import SIGHUP, SIGINT, SIGTERM, Process
from . import machine
from .accounts import NameCache
from .common import Fatal, human_size
from .numbers import parse_int
from .options import UsageError, parse

TOP_DELAY = 5.0
TERMINAL_WIDTH = 80


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    ppid: int
    uid: int
    state: str
    vsz_kb: int
    argv: tuple[str, ...]


def processes(proc: Process) -> list[ProcessInfo]:
    listing = getattr(proc.host.services, "processes", None)
    if listing is not None:
        return [ProcessInfo(p.pid, p.ppid, p.uid, p.state, p.vsz_kb, tuple(p.argv)) for p in listing()]
    return [ProcessInfo(1, 0, proc.uid, "R", 1332, tuple(proc.argv))]


def _user(names: NameCache, uid: int) -> str:
    return (names.user(uid) or str(uid))[:8]


# ---------------------------------------------------------------- ps
PS_COLUMNS = {  # name -> (header, width (negative: left-aligned), value)
    "pid": ("PID", 5, lambda p, n: str(p.pid)),
    "ppid": ("PPID", 5, lambda p, n: str(p.ppid)),
    "user": ("USER", -8, lambda p, n: _user(n, p.uid)),
    "comm": ("COMMAND", -16, lambda p, n: p.argv[0].rsplit("/", 1)[-1] if p.argv else ""),
    "args": ("COMMAND", 0, lambda p, n: " ".join(p.argv)),
    "vsz": ("VSZ", 4, lambda p, n: str(p.vsz_kb)),
    "stat": ("STAT", -4, lambda p, n: p.state),
    "rss": ("RSS", 4, lambda p, n: str(p.vsz_kb // 4)),
}


def ps(proc: Process) -> int:
    opts, _ = parse(proc.argv[1:], "o:TAelfw")
    specs = ",".join(opts.values("o")).split(",") if "o" in opts else ["pid", "user", "args"]
    columns = []
    for spec in specs:
        name, _, header = spec.partition("=")
        if name not in PS_COLUMNS:
            raise Fatal(f"bad -o argument '{name}'")
        title, width, value = PS_COLUMNS[name]
        columns.append((header or title, width, value))
    names = NameCache(proc)
    last = len(columns) - 1
    # Headers are left-aligned in their column; numbers are right-aligned; the last column is not padded.
    lines = [" ".join(t if i == last else t.ljust(abs(w)) for i, (t, w, _) in enumerate(columns))]
    for p in processes(proc):
        cells = []
        for i, (_, width, value) in enumerate(columns):
            text = value(p, names)
            cells.append(text.rjust(width) if width > 0 else text if i == last else text.ljust(-width))
        lines.append(" ".join(cells))
    proc.out("".join(line.rstrip() + "\n" for line in lines))
    return 0


# ---------------------------------------------------------------- top
def top(proc: Process) -> int:
    opts, rest = parse(proc.argv[1:], "bn:d:mHSp:")
    if rest:
        raise UsageError()
    batch = "b" in opts
    iterations = parse_int(opts.value("n")) if "n" in opts else None
    delay = float(opts.value("d") or TOP_DELAY)
    # top restores the terminal and exits on these, even as a container's PID 1 (`docker stop` is quick)
    proc.signals.handled.update({SIGINT, SIGTERM, SIGHUP})
    count = 0
    while True:
        proc.out(_frame(proc, batch))
        count += 1
        if iterations is not None and count >= iterations:
            return 0
        proc.signals.sleep(delay)
        signum = proc.signals.take()
        if signum is not None:
            return 128 + signum


def _frame(proc: Process, batch: bool) -> str:
    m = machine
    free_kb = m.MEM_TOTAL_KB - m.MEM_USED_KB - m.MEM_BUFFERS_KB - m.MEM_CACHED_KB
    listed = processes(proc)
    names = NameCache(proc)
    load = " ".join(f"{v:.2f}" for v in m.LOAD_AVERAGE)
    header = "  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND"
    lines = [
        f"Mem: {m.MEM_USED_KB}K used, {free_kb}K free, {m.MEM_SHARED_KB}K shrd, "
        f"{m.MEM_BUFFERS_KB}K buff, {m.MEM_CACHED_KB}K cached",
        "CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq",
        f"Load average: {load} 1/{len(listed)} {max(p.pid for p in listed)}",
        header if batch else f"\x1b[7m{header}\x1b[m",
    ]
    for p in listed:
        vsz = f"{p.vsz_kb}" if p.vsz_kb < 100000 else f"{p.vsz_kb // 1024}m"
        percent = p.vsz_kb * 100 // m.MEM_TOTAL_KB
        line = (f"{p.pid:5d} {p.ppid:5d} {_user(names, p.uid):<8} {p.state:<4} {vsz:>5} {percent:3d}%"
                f"   0% {' '.join(p.argv)}")
        lines.append(line if batch else line[:TERMINAL_WIDTH - 1])
    text = "\n".join(lines) + "\n"
    return text if batch else "\x1b[H\x1b[J" + text


# ---------------------------------------------------------------- free
def free(proc: Process) -> int:
    opts, rest = parse(proc.argv[1:], "bkmgh")
    if rest:
        raise UsageError()
    m = machine
    buff_cache = m.MEM_BUFFERS_KB + m.MEM_CACHED_KB
    free_kb = m.MEM_TOTAL_KB - m.MEM_USED_KB - buff_cache
    unit = opts.last_of("b", "k", "m", "g", "h") or "k"

    def show(kb: int) -> str:
        if unit == "h":
            return human_size(kb, 1024)
        if unit == "b":
            return str(kb * 1024)
        scale = {"k": 1, "m": 1024, "g": 1024 * 1024}[unit]
        return str((kb + scale // 2) // scale)

    mem = [m.MEM_TOTAL_KB, m.MEM_USED_KB, free_kb, m.MEM_SHARED_KB, buff_cache, m.MEM_AVAILABLE_KB]
    lines = [" " * 14 + "total" + "".join(f"{h:>12}" for h in ("used", "free", "shared", "buff/cache", "available")),
             "Mem: " + f"{show(mem[0]):>14}" + "".join(f"{show(v):>12}" for v in mem[1:]),
             "Swap:" + f"{'0':>14}" + f"{'0':>12}" * 2]
    proc.out("\n".join(lines) + "\n")
    return 0
