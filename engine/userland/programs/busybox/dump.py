"""Looking at bytes: od, hexdump and xxd in their common formats.

od and hexdump print a repeated line as `*` (unless -v) and end with the total length as an
address; multi-byte values are little-endian, as on x86_64.
"""
from __future__ import annotations

from ...process import Process
from .common import error, read_operand, strerror
from .numbers import parse_int
from .options import UsageError, parse

# od -t: digits per value, by type and size
DIGITS = {"o": {1: 3, 2: 6, 4: 11, 8: 22}, "u": {1: 3, 2: 5, 4: 10, 8: 20},
          "d": {1: 4, 2: 6, 4: 11, 8: 20}, "x": {1: 2, 2: 4, 4: 8, 8: 16}}
SIZES = {"C": 1, "S": 2, "I": 4, "L": 8}
SHORT_TYPES = {"b": "o1", "c": "c", "d": "u2", "o": "o2", "s": "d2", "x": "x2", "i": "d2", "l": "d4"}
ASCII_NAMES = ("nul soh stx etx eot enq ack bel bs ht nl vt ff cr so si dle dc1 dc2 dc3 dc4 nak syn etb "
               "can em sub esc fs gs rs us sp").split()
C_ESCAPES = {0: "\\0", 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r"}


def _read_all(proc: Process, files: list[str]) -> bytes | None:
    data = b""
    for name in files or ["-"]:
        try:
            data += read_operand(proc, name)
        except OSError as e:
            error(proc, f"{name}: {strerror(e)}")
            return None
    return data


def _lines(data: bytes, width: int, squeeze: bool):
    """(offset, chunk) per output line, or (offset, None) for a `*` standing for repeats."""
    previous = None
    starred = False
    for offset in range(0, len(data), width):
        chunk = data[offset:offset + width]
        if squeeze and chunk == previous and len(chunk) == width:
            if not starred:
                yield offset, None
                starred = True
            continue
        starred = False
        previous = chunk
        yield offset, chunk


# ---------------------------------------------------------------- od
def _od_field(chunk: bytes, kind: str, size: int) -> str:
    if kind == "c":
        return "".join("%4s" % (C_ESCAPES.get(b) or (chr(b) if 32 <= b < 127 else "%03o" % b)) for b in chunk)
    if kind == "a":
        return "".join("%4s" % (ASCII_NAMES[b & 0x7F] if (b & 0x7F) <= 32 else
                                "del" if (b & 0x7F) == 127 else chr(b & 0x7F)) for b in chunk)
    digits = DIGITS[kind][size]
    out = []
    for i in range(0, len(chunk), size):
        word = chunk[i:i + size].ljust(size, b"\0")
        value = int.from_bytes(word, "little", signed=kind == "d")
        text = {"o": "%o", "u": "%d", "d": "%d", "x": "%x"}[kind] % value
        if kind in "ox":
            text = text.zfill(digits)
        out.append(" " + text.rjust(digits))
    return "".join(out)


def _od_types(opts) -> list[tuple[str, int]]:
    specs = [SHORT_TYPES[o] if o in SHORT_TYPES else v for o, v in opts.seen if o in SHORT_TYPES or o == "t"]
    types = []
    for spec in specs or ["o2"]:
        kind, rest = spec[0], spec[1:]
        if kind not in "acdoux":
            raise UsageError()
        if kind in "ac":
            size = 1
        elif rest in SIZES:
            size = SIZES[rest]
        elif rest.isdigit() and int(rest) in (1, 2, 4, 8):
            size = int(rest)
        elif not rest:
            size = 4
        else:
            raise UsageError()
        types.append((kind, size))
    return types


def od(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "A:bcdot:svxilN:j:w::")
    radix = opts.value("A", "o")
    address = {"o": "%07o", "d": "%07d", "x": "%06x", "n": ""}.get(radix or "")
    if address is None:
        raise UsageError()
    data = _read_all(proc, files)
    if data is None:
        return 1
    skip = parse_int(opts.value("j", "0"))
    data = data[skip:]
    if "N" in opts:
        data = data[:parse_int(opts.value("N"))]
    types = _od_types(opts)
    out = []
    for offset, chunk in _lines(data, 16, "v" not in opts):
        if chunk is None:
            out.append("*\n")
            continue
        label = address % (offset + skip) if address else ""
        for n, (kind, size) in enumerate(types):
            out.append((label if n == 0 else " " * len(label)) + _od_field(chunk, kind, size) + "\n")
    if address:
        out.append(address % (len(data) + skip) + "\n")
    proc.out("".join(out))
    return 0


# ---------------------------------------------------------------- hexdump, xxd
def hexdump(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "Cvn:s:bcdoxe:f:")
    data = _read_all(proc, files)
    if data is None:
        return 1
    skip = parse_int(opts.value("s", "0"))
    data = data[skip:]
    if "n" in opts:
        data = data[:parse_int(opts.value("n"))]
    canonical = "C" in opts
    out = []
    for offset, chunk in _lines(data, 16, "v" not in opts):
        if chunk is None:
            out.append("*\n")
        elif canonical:
            hexes = "".join(f"{b:02x} " + (" " if i == 7 else "") for i, b in enumerate(chunk))
            text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
            out.append(f"{offset + skip:08x}  {hexes:<50}|{text}|\n")
        else:
            words = " ".join("%04x" % int.from_bytes(chunk[i:i + 2].ljust(2, b"\0"), "little")
                             for i in range(0, len(chunk), 2))
            out.append(f"{offset + skip:07x} {words:<39}\n")
    if data or skip:
        out.append((f"{len(data) + skip:08x}" if canonical else f"{len(data) + skip:07x}") + "\n")
    proc.out("".join(out))
    return 0


def xxd(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "pc:l:s:g:u")
    if len(files) > 1:
        raise UsageError()
    data = _read_all(proc, files)
    if data is None:
        return 1
    data = data[parse_int(opts.value("s", "0")):]
    if "l" in opts:
        data = data[:parse_int(opts.value("l"))]
    hexfmt = "%02X" if "u" in opts else "%02x"
    if "p" in opts:
        cols = parse_int(opts.value("c", "30"))
        hexed = "".join(hexfmt % b for b in data)
        step = cols * 2 or len(hexed) or 1  # -c 0: everything on one line
        proc.out("".join(hexed[i:i + step] + "\n" for i in range(0, len(hexed), step)))
        return 0
    cols = parse_int(opts.value("c", "16")) or 16
    group = parse_int(opts.value("g", "2")) or cols
    width = cols * 2 + (cols - 1) // group
    out = []
    for offset in range(0, len(data), cols):
        chunk = data[offset:offset + cols]
        groups = [chunk[i:i + group] for i in range(0, len(chunk), group)]
        hexes = " ".join("".join(hexfmt % b for b in g) for g in groups)
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        out.append(f"{offset:08x}: {hexes:<{width}}  {text}\n")
    proc.out("".join(out))
    return 0
