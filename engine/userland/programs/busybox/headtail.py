"""head and tail: the first or last lines (or bytes) of files, and `tail -f` following a growing log.

Both accept the historical `-5` (and tail's `+5`) as the first argument, print `==> FILE <==`
headers when given several files, and read stdin only as far as they need (`yes | head -1` ends).
"""
from __future__ import annotations

from ...process import Process
from .common import Fatal, error, perror, read_operand
from .numbers import BKM, parse_int
from .options import parse

FOLLOW_INTERVAL = 1.0  # seconds between polls of a followed file (tail -s)


def _historical_count(args: list[str], signs: str) -> list[str]:
    """`head -5` / `tail +5`: a first argument made of a sign and digits means `-n`."""
    if args and args[0][:1] in signs and args[0][1:].isdigit():
        return ["-n", args[0][1:] if args[0][0] == "-" else args[0]] + args[1:]
    return args


def _header(proc: Process, name: str, first: bool) -> None:
    proc.out(("" if first else "\n") + f"==> {'standard input' if name == '-' else name} <==\n")


# ---------------------------------------------------------------- head
def head(proc: Process) -> int:
    opts, files = parse(_historical_count(proc.argv[1:], "-"), "n:c:qv")
    by_bytes = opts.last_of("n", "c") == "c"
    text = opts.value("c" if by_bytes else "n", "10")
    all_but = text.startswith("-")
    count = parse_int(text.lstrip("-"), BKM)
    files = files or ["-"]
    headers = "v" in opts or (len(files) > 1 and "q" not in opts)
    status = 0
    for i, name in enumerate(files):
        if name == "-" and not all_but:
            if headers:
                _header(proc, name, i == 0)
            _head_stream(proc, count, by_bytes)
            continue
        try:
            data = read_operand(proc, name)
        except OSError as e:
            perror(proc, name, e)
            status = 1
            continue
        if headers:
            _header(proc, name, i == 0)
        proc.out(_head_of(data, count, by_bytes, all_but))
    return status


def _head_of(data: bytes, count: int, by_bytes: bool, all_but: bool) -> bytes:
    if by_bytes:
        return data[: max(len(data) - count, 0)] if all_but else data[:count]
    lines = data.splitlines(keepends=True)
    return b"".join(lines[: max(len(lines) - count, 0)] if all_but else lines[:count])


def _head_stream(proc: Process, count: int, by_bytes: bool) -> None:
    """Read stdin only as far as needed, so the writer of an endless pipe is stopped by EPIPE."""
    while count > 0:
        proc.signals.check()
        chunk = proc.stdin.read(min(count, 65536)) if by_bytes else proc.stdin.readline()
        if not chunk:
            return
        proc.out(chunk)
        count -= len(chunk) if by_bytes else 1


# ---------------------------------------------------------------- tail
def tail(proc: Process) -> int:
    opts, files = parse(_historical_count(proc.argv[1:], "-+"), "fFs:n:c:qv")
    by_bytes = opts.last_of("n", "c") == "c"
    text = opts.value("c" if by_bytes else "n", "10")
    from_start = text.startswith("+")
    count = parse_int(text.lstrip("+-"), BKM)
    interval = float(opts.value("s", str(FOLLOW_INTERVAL)))
    follow = "f" in opts or "F" in opts
    status = 0
    opened: list[tuple[str, bytes]] = []
    for name in files or ["-"]:
        try:
            opened.append((name, read_operand(proc, name)))
        except OSError as e:
            perror(proc, f"can't open '{name}'", e)
            status = 1
    if not opened:
        raise Fatal("no files")
    headers = "v" in opts or (len(opened) > 1 and "q" not in opts)
    for i, (name, data) in enumerate(opened):
        if headers:
            _header(proc, name, i == 0)
        proc.out(_tail_of(data, count, by_bytes, from_start))
    if follow:
        followed = [(name, len(data)) for name, data in opened if name != "-"]
        if followed:
            _follow(proc, followed, interval, headers)
    return status


def _tail_of(data: bytes, count: int, by_bytes: bool, from_start: bool) -> bytes:
    if by_bytes:
        if from_start:
            return data[max(count - 1, 0):]
        return data[len(data) - count:] if count else b""
    lines = data.splitlines(keepends=True)
    if from_start:
        return b"".join(lines[max(count - 1, 0):])
    return b"".join(lines[len(lines) - count:]) if count else b""


def _follow(proc: Process, files: list[tuple[str, int]], interval: float, headers: bool) -> None:
    """Print what is appended to each file, polling until a signal ends us (`docker stop`, Ctrl-C)."""
    sizes = dict(files)
    last_shown = files[-1][0]
    while True:
        proc.signals.sleep(interval)
        for name, old in list(sizes.items()):
            try:
                data = proc.fs.read_bytes(proc.abspath(name))
            except OSError:
                continue
            if len(data) < old:
                error(proc, f"{name}: file truncated")
                old = 0
            if len(data) > old:
                if headers and name != last_shown:
                    _header(proc, name, False)
                    last_shown = name
                proc.out(data[old:])
            sizes[name] = len(data)
