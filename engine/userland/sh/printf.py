"""`printf` as busybox implements it (the shell builtin and the applet share this).

The format is reused until the arguments run out; a missing argument is "" (or 0); a bad number
prints `<prog>: invalid number 'X'`, uses 0 and makes the status 1; `\\c` (in the format or
a `%b` argument) stops all output. Integers are 64-bit: `%x` of -1 is ffffffffffffffff.
"""
from __future__ import annotations

import errno
import re

from ..process import Process
from .escapes import process_escape

INT_CONVERSIONS = "diouxX"
FLOAT_CONVERSIONS = "feEgG"
CONVERSIONS = INT_CONVERSIONS + FLOAT_CONVERSIONS + "cs"
U64 = 1 << 64
DIRECTIVE = re.compile(r"%([-+ #0]*)(\*|\d*)(?:\.(\*|\d*))?[lLhz]*")
FLOAT = re.compile(r"[ \t\n\r\f\v]*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)", re.I)


class _Stop(Exception):
    """\\c: stop printing, successfully; or an invalid format, which fails."""

    def __init__(self, failed: bool):
        super().__init__(failed)
        self.failed = failed


def printf(proc: Process) -> int:
    args = list(proc.argv[1:])
    if args and args[0] == "--":
        args.pop(0)
    if not args:
        proc.err(f"{proc.prog}: usage: printf FORMAT [ARGUMENT...]\n")
        return 2
    fmt, args = args[0], args[1:]
    out = _Printer(proc)
    try:
        while True:
            used = out.format(fmt, args)
            args = args[used:]
            if not used or not args:
                break
    except _Stop as stop:
        out.flush()
        return 1 if stop.failed else out.status
    out.flush()
    return out.status


class _Printer:
    def __init__(self, proc: Process):
        self.proc = proc
        self.buf: list[bytes] = []
        self.status = 0

    def flush(self) -> None:
        """Write the output; a failed write (closed or full) only makes the status 1, as in
        busybox, whose printf checks its stdout rather than report the error."""
        try:
            self.proc.stdout.write(b"".join(self.buf))
        except OSError as e:
            if e.errno == errno.EPIPE:
                raise
            self.status = 1

    def emit(self, text: str) -> None:
        self.buf.append(text.encode("utf-8", "surrogateescape"))

    def error(self, message: str) -> None:
        self.proc.err(f"{self.proc.prog}: {message}\n")

    def format(self, fmt: str, args: list[str]) -> int:
        """Print `fmt` once; return how many arguments it consumed."""
        used = 0
        i, n = 0, len(fmt)
        while i < n:
            c = fmt[i]
            if c == "\\":
                if fmt.startswith("c", i + 1):
                    raise _Stop(False)
                ch, i = process_escape(fmt, i + 1)
                self.emit(ch)
                continue
            if c != "%":
                j = i
                while j < n and fmt[j] not in "\\%":
                    j += 1
                self.emit(fmt[i:j])
                i = j
                continue
            if fmt.startswith("%", i + 1):
                self.emit("%")
                i += 2
                continue
            if fmt.startswith("b", i + 1):
                if used < len(args):
                    self._escaped_string(args[used])
                    used += 1
                i += 2
                continue
            i, used = self._directive(fmt, i, args, used)
        return used

    def _directive(self, fmt: str, start: int, args: list[str], used: int) -> tuple[int, int]:
        m = DIRECTIVE.match(fmt, start)
        flags, width, precision = m.group(1), m.group(2), m.group(3)
        end = m.end()
        conv = fmt[end] if end < len(fmt) else ""
        if not conv or conv not in CONVERSIONS:
            spec = fmt[start:m.start(2)] + m.group(2) + ("." + precision if precision is not None else "")
            self.error(f"{spec}{fmt[end:]}: invalid format")
            raise _Stop(True)
        if width == "*":
            width, used = (self._int_arg(args[used]) if used < len(args) else 0), used + (used < len(args))
        if precision == "*":
            precision, used = (self._int_arg(args[used]) if used < len(args) else 0), used + (used < len(args))
        arg = args[used] if used < len(args) else ""
        if used < len(args):
            used += 1
        spec = "%" + flags + (str(width) if width not in ("", None) else "") + (
            "." + str(precision) if precision not in (None,) else "")
        self.emit(self._convert(spec, conv, arg))
        return end + 1, used

    def _int_arg(self, text: str) -> int:
        try:
            return int(text.strip())
        except ValueError:
            self.error(f"invalid number '{text}'")
            return 0

    def _convert(self, spec: str, conv: str, arg: str) -> str:
        if conv == "s":
            return (spec + "s") % arg
        if conv == "c":
            return (spec + "s") % (arg[:1] or "\0")  # C prints the NUL of an empty string
        if conv in FLOAT_CONVERSIONS:
            return (spec + conv) % self._float(arg)
        value = self._integer(arg, signed=conv in "di")
        if conv in "di":
            return (spec + "d") % value
        value %= U64
        if value == 0 or conv == "u":
            spec = spec.replace("#", "")  # C's %#x and %#o print a bare 0
        if conv == "u":
            return (spec + "d") % value
        if conv == "o" and "#" in spec:
            return _alternate_octal(spec, value)
        return (spec + conv) % value

    def _integer(self, arg: str, signed: bool) -> int:
        """strtoll (signed) or strtoull (unsigned, which also takes negatives) of the argument."""
        text = arg.lstrip(" \t\n\r\f\v")
        if text[:1] in ("'", '"'):
            return ord(text[1]) if len(text) > 1 else 0
        value = _c_integer(text[1:] if text.startswith("+") else text)
        high = U64 // 2 if signed else U64
        if value is None or not -U64 // 2 <= value < high:
            self.error(f"invalid number '{arg}'")
            self.status = 1
            return 0
        return value

    def _float(self, arg: str) -> float:
        if arg[:1] in ("'", '"'):
            return float(ord(arg[1])) if len(arg) > 1 else 0.0
        if not arg:
            return 0.0
        if FLOAT.fullmatch(arg) is None:
            self.error(f"invalid number '{arg}'")
            self.status = 1
            return 0.0
        return float(arg)

    def _escaped_string(self, text: str) -> None:
        """%b: the argument with backslash escapes (\\0NNN octals too); \\c stops everything."""
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            c = text[i]
            if c != "\\":
                out.append(c)
                i += 1
                continue
            i += 1
            if text.startswith("c", i):
                self.emit("".join(out))
                raise _Stop(False)
            if text.startswith("0", i) and i + 1 < n and text[i + 1] in "01234567":
                i += 1
            ch, i = process_escape(text, i)
            out.append(ch)
        self.emit("".join(out))


def _c_integer(text: str) -> int | None:
    """strtoll/strtoull with base 0, requiring the whole text to be the number."""
    m = re.fullmatch(r"(-?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)", text)
    if m is None:
        return None
    digits = m.group(2)
    value = int(digits, 16) if digits[:2].lower() == "0x" else int(digits, 8) if digits.startswith("0") else int(digits)
    return -value if m.group(1) else value


def _alternate_octal(spec: str, value: int) -> str:
    """%#o: the octal digits (to the precision) with a leading 0, then padded to the width."""
    m = re.fullmatch(r"%([-+ #0]*)(\d*)(?:\.(\d*))?", spec)
    flags, width, precision = m.group(1), m.group(2), m.group(3)
    digits = format(value, "o").rjust(int(precision or 0), "0")
    if not digits.startswith("0"):
        digits = "0" + digits
    width_n = int(width or 0)
    if "-" in flags:
        return digits.ljust(width_n)
    return digits.rjust(width_n, "0" if "0" in flags and precision is None else " ")
