"""tr: translate, delete or squeeze bytes from stdin.

Sets are written with ranges (`a-z`), classes (`[:digit:]`), equivalence classes (`[=a=]`) and
escapes (`\\n`, `\\t`, `\\\\`, `\\101`). A shorter second set is padded with its last byte. Bytes, not
characters: a container runs in the C locale.
"""
from __future__ import annotations

from ...process import Process
from .options import UsageError, parse

CLASSES = {
    "alpha": bytes(c for c in range(256) if chr(c).isascii() and chr(c).isalpha()),
    "upper": bytes(range(ord("A"), ord("Z") + 1)),
    "lower": bytes(range(ord("a"), ord("z") + 1)),
    "digit": b"0123456789",
    "xdigit": b"0123456789ABCDEFabcdef",
    "alnum": bytes(c for c in range(256) if chr(c).isascii() and chr(c).isalnum()),
    "space": b" \t\n\v\f\r",
    "blank": b" \t",
    "punct": bytes(c for c in range(33, 127) if not chr(c).isalnum()),
    "print": bytes(range(32, 127)),
    "graph": bytes(range(33, 127)),
    "cntrl": bytes(list(range(32)) + [127]),
}
ESCAPES = {"n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "f": 12, "v": 11, "\\": 92}


def _unescape(spec: str) -> list:
    """The set's bytes with escapes resolved. An escaped byte comes back as a 1-tuple, so that
    `\\-` or `\\[` is taken literally, never as a range dash or the start of a class."""
    raw = spec.encode("utf-8", "surrogateescape")
    out: list = []
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C and i + 1 < len(raw):  # backslash
            nxt = chr(raw[i + 1])
            if nxt in "01234567":
                j = i + 1
                while j < len(raw) and j < i + 4 and chr(raw[j]) in "01234567":
                    j += 1
                out.append((int(raw[i + 1:j], 8) & 0xFF,))
                i = j
                continue
            out.append((ESCAPES.get(nxt, raw[i + 1]),))
            i += 2
            continue
        out.append(c)
        i += 1
    return out


def expand(spec: str) -> bytes:
    items = _unescape(spec)
    out = bytearray()
    i = 0
    while i < len(items):
        item = items[i]
        value = item[0] if isinstance(item, tuple) else item
        if item == 0x5B:  # '[': a class or an equivalence class?
            text = bytes(x[0] if isinstance(x, tuple) else x for x in items[i:]).decode("latin-1")
            if text.startswith("[:") and ":]" in text:
                name = text[2:text.index(":]")]
                if name in CLASSES:
                    out += CLASSES[name]
                    i += len(name) + 4
                    continue
            if text.startswith("[=") and text[3:5] == "=]":
                out.append(ord(text[2]))
                i += 5
                continue
        if i + 2 < len(items) and items[i + 1] == 0x2D:  # a range: x-y
            end = items[i + 2]
            end = end[0] if isinstance(end, tuple) else end
            out += bytes(range(value, end + 1))
            i += 3
            continue
        out.append(value)
        i += 1
    return bytes(out)


def tr(proc: Process) -> int:
    opts, sets = parse(proc.argv[1:], "cCdst")
    if not sets:
        raise UsageError()
    set1 = expand(sets[0])
    set2 = expand(sets[1]) if len(sets) > 1 else b""
    if "c" in opts or "C" in opts:
        set1 = bytes(c for c in range(256) if c not in set1)
    delete = set(set1) if "d" in opts else set()
    table = list(range(256))
    if "d" not in opts and set2:
        padded = set2 + set2[-1:] * max(0, len(set1) - len(set2))
        for src, dst in zip(set1, padded):
            table[src] = dst
    squeeze: set[int] = set()
    if "s" in opts:
        squeeze = set(set2) if ("d" in opts or set2) else set(set1)
    translation, deleted = bytes(table), bytes(sorted(delete))
    last = -1
    while True:
        proc.signals.check()
        chunk = proc.stdin.read(65536)
        if not chunk:
            return 0
        if not squeeze:
            proc.out(chunk.translate(translation, deleted))
            continue
        out = bytearray()
        for c in chunk:
            if c in delete:
                continue
            c = table[c]
            if c == last and c in squeeze:
                continue
            out.append(c)
            last = c
        proc.out(bytes(out))
