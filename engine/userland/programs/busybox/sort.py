"""sort: order lines, by whole line or by keys (`-k 2,2n -t:`), as busybox 1.35 does.

Lines compare as bytes (the C locale). When keys are equal the whole lines decide, unless -s;
-u keeps the first line of each run of equal keys. -n reads numbers as C's strtod does, so `1e3`,
`0x10` and `inf` are numbers too.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ...process import Process
from .common import Fatal, perror, read_operand, strerror
from .numbers import strtod
from .options import parse

KEY_FLAGS = "bdfgiMnrV"
MONTHS = [b"JAN", b"FEB", b"MAR", b"APR", b"MAY", b"JUN", b"JUL", b"AUG", b"SEP", b"OCT", b"NOV", b"DEC"]
@dataclass
class Key:
    start_field: int = 1
    start_char: int = 0  # 0: from the field's start
    end_field: int = 0  # 0: to the end of the line
    end_char: int = 0
    flags: set[str] = field(default_factory=set)


def _parse_key(spec: str) -> Key:
    start, _, end = spec.partition(",")
    key = Key()
    key.start_field, key.start_char, flags1 = _key_position(start)
    if end:
        key.end_field, key.end_char, flags2 = _key_position(end)
    else:
        flags2 = ""
    key.flags = set(flags1 + flags2)
    return key


def _key_position(text: str) -> tuple[int, int, str]:
    m = re.fullmatch(r"(\d+)(?:\.(\d+))?([A-Za-z]*)", text)
    if not m or int(m.group(1)) == 0:
        raise Fatal("bad field specification")
    if any(f not in KEY_FLAGS for f in m.group(3)):
        raise Fatal("unknown key option")
    return int(m.group(1)), int(m.group(2) or 0), m.group(3)


def _fields(line: bytes, sep: bytes | None) -> list[tuple[int, int]]:
    """(start, end) offsets of each field: with -t, split at SEP; without, each field starts
    with its leading blanks, as POSIX defines."""
    spans = []
    if sep is not None:
        pos = 0
        for part in line.split(sep):
            spans.append((pos, pos + len(part)))
            pos += len(part) + 1
        return spans
    for m in re.finditer(rb"[ \t]*[^ \t]+|[ \t]+$", line):
        spans.append(m.span())
    return spans or [(0, 0)]


def _key_text(line: bytes, key: Key, sep: bytes | None, skip_blanks: bool) -> bytes:
    spans = _fields(line, sep)
    if key.start_field > len(spans):
        return b""
    begin = spans[key.start_field - 1][0]
    if skip_blanks:
        while begin < len(line) and line[begin] in b" \t":
            begin += 1
    begin += max(key.start_char - 1, 0)
    if key.end_field == 0 or key.end_field > len(spans):
        end = len(line)
    elif key.end_char:
        end = spans[key.end_field - 1][0] + key.end_char
    else:
        end = spans[key.end_field - 1][1]
    return line[begin:max(begin, end)]


def _transform(text: bytes, flags: set[str]) -> bytes:
    if "b" in flags:
        text = text.lstrip(b" \t")
    if "d" in flags:
        text = bytes(c for c in text if chr(c).isalnum() or c in b" \t")
    if "i" in flags:
        text = bytes(c for c in text if 32 <= c < 127)
    if "f" in flags:
        text = text.upper()
    return text


def _version_key(text: bytes) -> list:
    return [(0, int(p)) if p.isdigit() else (1, p) for p in re.findall(rb"\d+|\D+", text)]


def _compare_values(a: bytes, b: bytes, flags: set[str]) -> int:
    if "n" in flags or "g" in flags:
        x, y = strtod(a), strtod(b)
    elif "M" in flags:
        x, y = _month(a), _month(b)
    elif "V" in flags:
        x, y = _version_key(a), _version_key(b)
    else:
        x, y = _transform(a, flags), _transform(b, flags)
    return (x > y) - (x < y)


def _month(text: bytes) -> int:
    word = text.lstrip(b" \t")[:3].upper()
    return MONTHS.index(word) + 1 if word in MONTHS else 0


def sort(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "nrugMcszbdfiVo:k:t:T:S:mg")
    sep = None
    if "t" in opts:
        t = opts.value("t") or ""
        if len(t.encode()) != 1:
            raise Fatal("bad -t parameter")
        sep = t.encode()
    global_flags = {f for f in KEY_FLAGS if f in opts and f != "r"}
    keys = [_parse_key(spec) for spec in opts.values("k")]
    for key in keys:
        if not key.flags:
            key.flags = set(global_flags)
    reverse = "r" in opts
    stable = "s" in opts
    record_end = b"\0" if "z" in opts else b"\n"

    lines: list[bytes] = []
    for name in files or ["-"]:
        try:
            data = read_operand(proc, name)
        except OSError as e:
            perror(proc, name, e)
            return 2
        parts = data.split(record_end)
        if parts and parts[-1] == b"":
            parts.pop()
        lines.extend(parts)

    def compare_keys(a: bytes, b: bytes) -> int:
        if not keys:
            return _compare_values(a, b, global_flags)
        for key in keys:
            result = _compare_values(_key_text(a, key, sep, "b" in key.flags),
                                     _key_text(b, key, sep, "b" in key.flags), key.flags)
            if result:
                return -result if "r" in key.flags else result
        return 0

    def compare(a: bytes, b: bytes) -> int:
        result = compare_keys(a, b)
        if result == 0 and not stable and (keys or global_flags):
            result = (a > b) - (a < b)
        return -result if reverse else result

    if "c" in opts:
        for i in range(1, len(lines)):
            order = compare(lines[i - 1], lines[i])
            if order > 0 or (order == 0 and "u" in opts):
                proc.err(f"Check line {i}\n")
                return 1
        return 0
    ordered = sorted(lines, key=functools.cmp_to_key(compare))
    if "u" in opts:
        unique: list[bytes] = []
        for line in ordered:
            if not unique or compare_keys(unique[-1], line) != 0:
                unique.append(line)
        ordered = unique
    text = b"".join(line + record_end for line in ordered)
    if "o" in opts:
        target = opts.value("o") or ""
        try:
            proc.fs.write_bytes(proc.abspath(target), text, uid=proc.uid, gid=proc.gid)
        except OSError as e:
            raise Fatal(f"can't open '{target}': {strerror(e)}") from None
    else:
        proc.out(text)
    return 0
