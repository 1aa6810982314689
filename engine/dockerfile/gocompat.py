"""Go standard-library behaviours the Dockerfile front end reproduces byte for byte.

Docker's messages are built with Go's `strconv.Quote`, `unicode.IsSpace`, `strings.ToUpper`,
`time.ParseDuration` and `fmt`; Python's nearest equivalents differ at the edges (`str.isspace`
accepts U+001C, `'ß'.upper()` is two letters, `str.split` knows other line breaks), and those
edges would show in Docker's own words. Text that came from invalid UTF-8 is expected to hold
the offending bytes as `surrogateescape` code points (U+DC80..U+DCFF), which Go prints as `\\xNN`.
"""

# unicode.IsSpace: the Latin-1 spaces plus the Unicode White_Space property.
_GO_SPACES = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# The same test applied to a single byte, as Go code that indexes a string byte by byte does.
LATIN1_SPACE_BYTES = frozenset(b"\t\n\v\f\r \x85\xa0")

_SHORT_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def is_space(ch: str) -> bool:
    """unicode.IsSpace."""
    return ch in _GO_SPACES


def trim_space(s: str) -> str:
    """strings.TrimSpace."""
    start, end = 0, len(s)
    while start < end and s[start] in _GO_SPACES:
        start += 1
    while end > start and s[end - 1] in _GO_SPACES:
        end -= 1
    return s[start:end]


def trim_left_space(s: str) -> str:
    """strings.TrimLeftFunc(s, unicode.IsSpace)."""
    start = 0
    while start < len(s) and s[start] in _GO_SPACES:
        start += 1
    return s[start:]


def to_upper(s: str) -> str:
    """strings.ToUpper: rune by rune, never growing a letter into two (Python: 'ß' → 'SS')."""
    return "".join(u if len(u := ch.upper()) == 1 else ch for ch in s)


def to_lower(s: str) -> str:
    """strings.ToLower: rune by rune (no final-sigma rule, 'İ' stays one rune)."""
    return "".join(u if len(u := ch.lower()) == 1 else ch for ch in s)


def quote(s: str) -> str:
    """strconv.Quote (also what fmt's %q and %#v print for a string)."""
    out = ['"']
    for ch in s:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif "\udc80" <= ch <= "\udcff":  # a byte that was not valid UTF-8
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif ch == " " or ch.isprintable():
            out.append(ch)
        elif ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\x{ord(ch):02x}")
        elif "\ud800" <= ch <= "\udfff":  # a lone surrogate is not valid UTF-8: Go sees U+FFFD
            out.append("\\ufffd")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def quote_rune(n: int) -> str:
    """fmt's %q applied to an integer: strconv.QuoteRune, e.g. 0 -> '\\x00', 65 -> 'A'.

    A value that is not a valid rune (negative, a surrogate, past U+10FFFF) prints as U+FFFD.
    """
    if n < 0 or n > 0x10FFFF or 0xD800 <= n <= 0xDFFF:
        n = 0xFFFD
    ch = chr(n)
    if ch == "'" or ch == "\\":
        return "'\\" + ch + "'"
    if ch == '"':
        return "'\"'"
    return "'" + quote(ch)[1:-1] + "'"


def quote_list(items: list[str]) -> str:
    """fmt's %q applied to a []string: `["a" "b"]`."""
    return "[" + " ".join(quote(item) for item in items) + "]"


def printf_without_arguments(format_string: str) -> str:
    """fmt.Sprintf(format_string) with no arguments, as Go code that passes text as the format does.

    Every verb then reports its missing operand (`%s` → `%!s(MISSING)`); `%%` stays a percent sign.
    """
    out = []
    i, n = 0, len(format_string)

    def skip_number_or_star(bad_name: str) -> None:
        nonlocal i
        if i < n and format_string[i] == "*":  # `*` takes its number from a missing operand
            out.append(f"%!({bad_name})")
            i += 1
            return
        while i < n and "0" <= format_string[i] <= "9":
            i += 1

    while i < n:
        ch = format_string[i]
        i += 1
        if ch != "%":
            out.append(ch)
            continue
        while i < n and format_string[i] in "#0+- ":
            i += 1
        skip_number_or_star("BADWIDTH")
        if i < n and format_string[i] == ".":
            i += 1
            skip_number_or_star("BADPREC")
        if i >= n:
            out.append("%!(NOVERB)")
            break
        verb = format_string[i]
        i += 1
        out.append("%" if verb == "%" else f"%!{verb}(MISSING)")
    return "".join(out)


def to_bytes(text: str) -> bytes:
    """The bytes Go would hold for `text` (surrogate escapes back to raw bytes, lone surrogates to U+FFFD)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return "".join(_replace_lone_surrogate(ch) for ch in text).encode("utf-8", "surrogateescape")


def _replace_lone_surrogate(ch: str) -> str:
    is_escaped_byte = "\udc80" <= ch <= "\udcff"
    return "\ufffd" if "\ud800" <= ch <= "\udfff" and not is_escaped_byte else ch


def as_byte_chars(text: str) -> str:
    """Each UTF-8 byte as one character, for Go code that walks a string byte by byte."""
    return text if text.isascii() else to_bytes(text).decode("latin-1")


def from_byte_chars(text: str) -> str:
    """The inverse of as_byte_chars."""
    return text if text.isascii() else text.encode("latin-1").decode("utf-8", "surrogateescape")


class GoSyntaxError(ValueError):
    """A Go parse function (strconv, time) refused its input; str() is Go's message."""


_DURATION_UNITS = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,
    "\u03bcs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
_MAX_INT64 = (1 << 63) - 1


def _time_quote(s: str) -> str:
    """time's own quote(): ASCII kept (with \\ and " escaped), anything else as \\x bytes."""
    out = ['"']
    for ch in s:
        if ch >= "\x80" or ch < " ":
            out.extend(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogateescape"))
        else:
            out.append("\\" + ch if ch in '"\\' else ch)
    out.append('"')
    return "".join(out)


def parse_duration(text: str) -> int:
    """time.ParseDuration, in nanoseconds; raises GoSyntaxError with Go's message."""
    invalid = GoSyntaxError("time: invalid duration " + _time_quote(text))
    s = text
    negative = False
    if s and s[0] in "+-":
        negative = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if not s:
        raise invalid
    total = 0
    while s:
        if not (s[0] == "." or "0" <= s[0] <= "9"):
            raise invalid
        digits = _leading(s, "0123456789")
        whole = int(digits) if digits else 0
        s = s[len(digits):]
        fraction = ""
        if s.startswith("."):
            fraction = _leading(s[1:], "0123456789")
            s = s[1 + len(fraction):]
        elif not digits:
            raise invalid
        if not digits and not fraction:
            raise invalid
        unit_text = s[: next((i for i, c in enumerate(s) if c == "." or "0" <= c <= "9"), len(s))]
        if not unit_text:
            raise GoSyntaxError("time: missing unit in duration " + _time_quote(text))
        s = s[len(unit_text):]
        unit = _DURATION_UNITS.get(unit_text)
        if unit is None:
            raise GoSyntaxError(f"time: unknown unit {_time_quote(unit_text)} in duration {_time_quote(text)}")
        if whole > (1 << 63) // unit:
            raise invalid
        value = whole * unit
        if fraction:
            # Go keeps at most the digits that fit an int64 and scales in floating point.
            value += int(int(fraction[:18]) * (unit / 10 ** len(fraction[:18])))
        total += value
        if total > 1 << 63:
            raise invalid
    if negative:
        return -total
    if total > _MAX_INT64:
        raise invalid
    return total


def _leading(s: str, allowed: str) -> str:
    end = 0
    while end < len(s) and s[end] in allowed:
        end += 1
    return s[:end]


def parse_int32(text: str) -> int:
    """strconv.ParseInt(text, 10, 32); raises GoSyntaxError with Go's message."""
    body = text[1:] if text[:1] in ("+", "-") else text
    if not body or not all("0" <= c <= "9" for c in body):
        raise GoSyntaxError(f"strconv.ParseInt: parsing {quote(text)}: invalid syntax")
    value = int(text)
    if not -(1 << 31) <= value < 1 << 31:
        raise GoSyntaxError(f"strconv.ParseInt: parsing {quote(text)}: value out of range")
    return value


def parse_uint(text: str, base: int, bits: int) -> int:
    """strconv.ParseUint(text, base, bits) for base 8 or 10, digits only; raises GoSyntaxError."""
    if not text or not all(c in "0123456789"[:base] for c in text):
        raise GoSyntaxError(f"strconv.ParseUint: parsing {quote(text)}: invalid syntax")
    value = int(text, base)
    if value >= 1 << bits:
        raise GoSyntaxError(f"strconv.ParseUint: parsing {quote(text)}: value out of range")
    return value


_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})


def parse_bool(text: str) -> bool:
    """strconv.ParseBool; raises GoSyntaxError."""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise GoSyntaxError(f"strconv.ParseBool: parsing {quote(text)}: invalid syntax")
