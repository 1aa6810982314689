"""Line and stream filters: cat, tac, rev, nl, tee, yes, paste, fold, wc, uniq, seq.

Each reads its FILE operands (stdin when there are none, or for `-`) through `common`, so the
wording of a missing file is busybox's everywhere, and stdin is consumed as it arrives.
"""
from __future__ import annotations

from ...process import Process
from .common import Fatal, lines_of, perror, read_operand, read_or_report, strerror
from .numbers import parse_int
from .options import UsageError, parse

CHUNK = 65536


# ---------------------------------------------------------------- cat
def cat(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "nbvteA")
    show_ends = "e" in opts or "A" in opts
    show_tabs = "t" in opts or "A" in opts
    visible = show_ends or show_tabs or "v" in opts
    number = "b" if "b" in opts else "n" if "n" in opts else None
    status = 0
    lineno = 0
    for name in files or ["-"]:
        if name == "-" and not (visible or number):
            _copy_stdin(proc)
            continue
        data = read_or_report(proc, name)
        if data is None:
            status = 1
            continue
        if visible:
            data = _visible(data, show_tabs, show_ends)
        if number:
            data, lineno = _numbered(data, lineno, skip_blank=number == "b")
        proc.out(data)
    return status


def _copy_stdin(proc: Process) -> None:
    while True:
        proc.signals.check()
        chunk = proc.stdin.read(CHUNK)
        if not chunk:
            return
        proc.out(chunk)


def _visible(data: bytes, tabs: bool, ends: bool) -> bytes:
    """cat -v: control bytes as ^X, high bytes as M-x; -t shows tabs, -e marks line ends with $."""
    out = bytearray()
    for c in data:
        if c == 0x0A:
            out += b"$\n" if ends else b"\n"
            continue
        if c == 0x09 and not tabs:
            out.append(c)
            continue
        if c >= 0x80:
            out += b"M-"
            c -= 0x80
        if c < 0x20 or c == 0x7F:
            out += b"^" + bytes([c ^ 0x40])
        else:
            out.append(c)
    return bytes(out)


def _numbered(data: bytes, lineno: int, skip_blank: bool) -> tuple[bytes, int]:
    out = []
    for line in data.splitlines(keepends=True):
        if skip_blank and line in (b"\n", b""):
            out.append(line)
            continue
        lineno += 1
        out.append(b"%6d\t" % lineno + line)
    return b"".join(out), lineno


# ---------------------------------------------------------------- tac, rev
def tac(proc: Process) -> int:
    _, files = parse(proc.argv[1:], "")
    status = 0
    for name in files or ["-"]:
        try:
            lines = read_operand(proc, name).splitlines(keepends=True)
        except OSError as e:
            perror(proc, name, e)
            status = 1
            continue
        proc.out(b"".join(reversed(lines)))
    return status


def rev(proc: Process) -> int:
    _, files = parse(proc.argv[1:], "")
    status = 0
    for name in files or ["-"]:
        try:
            for line in lines_of(proc, name):
                body = line[:-1] if line.endswith(b"\n") else line
                proc.out(body[::-1] + line[len(body):])  # bytes: containers run in the C locale
        except OSError as e:
            perror(proc, name, e)
            status = 1
    return status


# ---------------------------------------------------------------- nl
def nl(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "pb:i:s:v:w:")
    style = opts.value("b", "t")  # a: all lines, t: non-empty ones, anything else: none
    step = parse_int(opts.value("i", "1"))
    sep = opts.value("s", "\t").encode()
    number = parse_int(opts.value("v", "1"))
    width = parse_int(opts.value("w", "6"))
    status = 0
    for name in files or ["-"]:
        try:
            for line in lines_of(proc, name):
                if not line.endswith(b"\n"):
                    line += b"\n"  # nl ends every line, the last one included
                numbered = style == "a" or (style == "t" and line != b"\n")
                if numbered:
                    proc.out(b"%*d" % (width, number) + sep + line)
                    number += step
                else:
                    proc.out(b" " * (width + len(sep)) + line)
        except OSError as e:
            perror(proc, name, e)
            status = 1
    return status


# ---------------------------------------------------------------- tee, yes
def tee(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "ai")
    append = "a" in opts
    status = 0
    targets: list[str] = []
    for name in files:
        try:
            path = proc.abspath(name)
            if proc.fs.is_dir(path):
                raise IsADirectoryError(21, "Is a directory", name)
            proc.fs.write_bytes(path, b"", append=append, uid=proc.uid, gid=proc.gid)
            targets.append(path)
        except OSError as e:
            perror(proc, name, e)
            status = 1
    while True:
        proc.signals.check()
        chunk = proc.stdin.read(CHUNK)
        if not chunk:
            break
        proc.out(chunk)
        for path in targets:
            proc.fs.write_bytes(path, chunk, append=True)
    return status


def yes(proc: Process) -> int:
    line = (" ".join(proc.argv[1:]) if len(proc.argv) > 1 else "y").encode() + b"\n"
    block = line * max(1, 4096 // len(line))
    while True:
        proc.signals.check()
        proc.out(block)


# ---------------------------------------------------------------- paste, fold
def paste(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "d:s")
    delims = _paste_delimiters(opts.value("d", "\t"))
    sources = []
    for name in files or ["-"]:
        data = read_or_report(proc, name)
        if data is None:
            return 1
        sources.append([line.rstrip(b"\n") for line in data.splitlines(keepends=True)])
    if "s" in opts:
        for lines in sources:
            if lines:
                proc.out(_join_cycling(lines, delims) + b"\n")
    else:
        proc.out(_paste_rows(sources, delims))
    return 0


def _paste_delimiters(spec: str) -> list[bytes]:
    """-d LIST: one delimiter per character, with \\n, \\t, \\\\ and \\0 (no delimiter) escapes."""
    if spec == "":
        raise Fatal("-d '' is not supported")
    out, i = [], 0
    while i < len(spec):
        ch = spec[i]
        if ch == "\\" and i + 1 < len(spec):
            i += 1
            ch = {"n": "\n", "t": "\t", "0": "", "\\": "\\"}.get(spec[i], spec[i])
        out.append(ch.encode())
        i += 1
    return out


def _paste_rows(sources: list[list[bytes]], delims: list[bytes]) -> bytes:
    """Busybox's row loop: a file that has ended is skipped, not given an empty field, and a newline
    follows only the last file's field, so ragged inputs run together as busybox prints them."""
    out = bytearray()
    positions = [0] * len(sources)
    active = len(sources)
    last = len(sources) - 1
    while active:
        d = 0
        for i, lines in enumerate(sources):
            if positions[i] is None:
                continue
            if positions[i] >= len(lines):
                positions[i] = None
                active -= 1
                continue
            out += lines[positions[i]]
            positions[i] += 1
            if i == last:
                out += b"\n"
            else:
                out += delims[d]
                d = (d + 1) % len(delims)
    return bytes(out)


def _join_cycling(fields: list[bytes], delims: list[bytes]) -> bytes:
    out = bytearray(fields[0])
    for i, f in enumerate(fields[1:]):
        out += delims[i % len(delims)] + f
    return bytes(out)


def fold(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "bsw:")
    width = parse_int(opts.value("w", "80"))
    if width < 1:
        raise Fatal(f"invalid number '{opts.value('w')}'")
    status = 0
    for name in files or ["-"]:
        data = read_or_report(proc, name)
        if data is None:
            status = 1
            continue
        for line in data.splitlines(keepends=True):
            proc.out(_fold_line(line, width, "s" in opts))
    return status


def _fold_line(line: bytes, width: int, at_spaces: bool) -> bytes:
    body, end = (line[:-1], b"\n") if line.endswith(b"\n") else (line, b"")
    out = []
    while len(body) > width:
        cut = width
        if at_spaces:
            space = body.rfind(b" ", 0, width)
            if space >= 0:
                cut = space + 1
        out.append(body[:cut] + b"\n")
        body = body[cut:]
    out.append(body + end)
    return b"".join(out)


# ---------------------------------------------------------------- wc
WC_ORDER = "lwcmL"  # the columns' order, whatever order the options came in


def wc(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "cmlwL")
    chosen = [c for c in WC_ORDER if c in opts] or ["l", "w", "c"]
    single = len(chosen) == 1 and len(files) <= 1
    totals = dict.fromkeys(chosen, 0)
    status = 0
    for name in files or ["-"]:
        try:
            data = read_operand(proc, name)
        except IsADirectoryError as e:
            perror(proc, name, e)  # and still counts it, as empty
            data, status = b"", 1
        except OSError as e:
            perror(proc, name, e)
            status = 1
            continue
        counts = _wc_counts(data)
        for c in chosen:
            totals[c] = max(totals[c], counts[c]) if c == "L" else totals[c] + counts[c]
        proc.out(_wc_line([counts[c] for c in chosen], single, name if files else None))
    if len(files) > 1:
        proc.out(_wc_line(list(totals.values()), single, "total"))
    return status


def _wc_counts(data: bytes) -> dict[str, int]:
    lines = data.split(b"\n")
    return {
        "l": data.count(b"\n"),
        "w": len(data.split()),
        "c": len(data),
        "m": len(data),  # characters are bytes in the C locale a container runs in
        "L": max((len(ln.expandtabs(8)) for ln in lines), default=0),
    }


def _wc_line(values: list[int], single: bool, name: str | None) -> str:
    text = str(values[0]) if single else " ".join("%9d" % v for v in values)
    return text + (f" {name}\n" if name is not None else "\n")


# ---------------------------------------------------------------- uniq
def uniq(proc: Process) -> int:
    opts, operands = parse(proc.argv[1:], "cduizf:s:w:")
    if len(operands) > 2:
        raise UsageError()
    skip_fields = parse_int(opts.value("f", "0"))
    skip_chars = parse_int(opts.value("s", "0"))
    width = parse_int(opts.value("w")) if "w" in opts else None
    sep = b"\0" if "z" in opts else b"\n"
    source = operands[0] if operands else "-"
    data = read_or_report(proc, source)
    if data is None:
        return 1
    records = data.split(sep)
    if records and records[-1] == b"":
        records.pop()

    def key(record: bytes) -> bytes:
        rest = record
        for _ in range(skip_fields):
            rest = rest.lstrip(b" \t")
            i = next((k for k, ch in enumerate(rest) if ch in b" \t"), len(rest))
            rest = rest[i:]
        rest = rest[skip_chars:]
        return rest[:width] if width is not None else rest

    out = []
    i = 0
    while i < len(records):
        j = i + 1
        while j < len(records) and key(records[j]) == key(records[i]):
            j += 1
        n = j - i
        if not ("d" in opts and n == 1) and not ("u" in opts and n > 1):
            out.append((b"%7d " % n if "c" in opts else b"") + records[i] + sep)
        i = j
    text = b"".join(out)
    if len(operands) == 2:
        try:
            proc.fs.write_bytes(proc.abspath(operands[1]), text, uid=proc.uid, gid=proc.gid)
        except OSError as e:
            raise Fatal(f"can't open '{operands[1]}': {strerror(e)}") from None
    else:
        proc.out(text)
    return 0


# ---------------------------------------------------------------- seq
def seq(proc: Process) -> int:
    # Options end at the first operand, so `seq 3 -1 1` counts down (and `seq -w -3 3` is an error).
    opts, operands = parse(proc.argv[1:], "ws:", stop_at_operand=True)
    if not 1 <= len(operands) <= 3:
        raise UsageError()
    try:
        values = [float(v) for v in operands]
    except ValueError:
        raise UsageError() from None
    if len(values) == 1:
        first, step, last = 1.0, 1.0, values[0]
    elif len(values) == 2:
        first, step, last = values[0], 1.0, values[1]
    else:
        first, step, last = values
    # As many decimals as FIRST and INC are written with; LAST does not count.
    decimals = max((len(v.partition(".")[2]) for v in operands[:-1] if "." in v), default=0)
    sep = opts.value("s", "\n")
    width = 0
    if "w" in opts:
        width = max(len(f"{first:.{decimals}f}"), len(f"{last:.{decimals}f}"))
    out: list[str] = []
    n = 0
    while True:
        value = first + n * step
        if (step > 0 and value > last) or (step < 0 and value < last):
            break
        out.append(f"{value:0{width}.{decimals}f}")
        n += 1
        if len(out) >= 4096:  # INC 0 never ends: write as we go, and stop when killed
            proc.out(sep.join(out) + sep)
            out.clear()
            proc.signals.check()
    if out:
        proc.out(sep.join(out) + "\n")
    return 0
