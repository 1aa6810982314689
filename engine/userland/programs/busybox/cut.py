"""cut: select bytes, characters or fields of each line.

LIST is comma-separated `N`, `N-`, `-M` or `N-M` (1-based). Selections are printed in input order,
once each, unless -D keeps them as written. Characters are bytes: a container runs in the C locale.
"""
from __future__ import annotations

import re

from ...process import Process
from .common import Fatal, lines_of, perror
from .options import UsageError, parse

INFINITY = 1 << 62


def _parse_list(text: str) -> list[tuple[int, int]]:
    if not text:
        raise Fatal("missing list of positions")
    ranges = []
    for item in text.split(","):
        start, dash, end = item.partition("-")
        if not dash:
            start = end = item
        lo = _position(start) if start else 1
        hi = _position(end) if end else INFINITY
        ranges.append((lo, hi))
    return ranges


def _position(text: str) -> int:
    if not text.isdigit():
        raise Fatal(f"invalid number '{text}'")
    return int(text)


def _selected(count: int, ranges: list[tuple[int, int]], keep_order: bool) -> list[int]:
    """0-based indexes chosen from `count` items."""
    if keep_order:
        return [i for lo, hi in ranges for i in range(lo - 1, min(max(hi, lo), count))]
    chosen = set()
    for lo, hi in ranges:
        chosen.update(range(lo - 1, min(max(hi, lo), count)))
    return sorted(chosen)


def cut(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "b:c:d:O:f:F:snD")
    kinds = [k for k in "bcfF" if k in opts]
    if len(kinds) != 1:
        if not kinds:
            raise Fatal("expected a list of bytes, characters, or fields")
        raise UsageError()
    kind = kinds[0]
    ranges = _parse_list(opts.value(kind) or "")
    keep_order = "D" in opts
    if kind in "bc":
        def select(line: bytes) -> bytes | None:
            return bytes(line[i] for i in _selected(len(line), ranges, keep_order))
    else:
        select = _field_selector(kind, opts, ranges, keep_order)
    status = 0
    for name in files or ["-"]:
        try:
            for line in lines_of(proc, name):
                body = line[:-1] if line.endswith(b"\n") else line
                picked = select(body)
                if picked is not None:
                    proc.out(picked + b"\n")
        except OSError as e:
            perror(proc, name, e)
            status = 1
    return status


def _field_selector(kind: str, opts, ranges, keep_order: bool):
    only_delimited = "s" in opts
    if kind == "f":
        delim = (opts.value("d") or "\t").encode()[:1]
        out_delim = (opts.value("O") or delim.decode()).encode()

        def split(line: bytes) -> list[bytes] | None:
            return line.split(delim) if delim in line else None
    else:  # -F: the delimiter is a regular expression, by default a run of blanks
        pattern = re.compile((opts.value("d") or r"[ \t]+").encode())
        out_delim = (opts.value("O") or " ").encode()

        def split(line: bytes) -> list[bytes] | None:
            return pattern.split(line) if pattern.search(line) else None

    def select(line: bytes) -> bytes | None:
        fields = split(line)
        if fields is None:
            return None if only_delimited else line
        return out_delim.join(fields[i] for i in _selected(len(fields), ranges, keep_order))

    return select
