"""The parts of Go's strconv that read template literals: numbers and quoted strings.

Go's rules differ from Python's in the corners users can type: `0777` is octal, `0x1p-2` is a
hexadecimal float, `1_000` is fine but `1__0` is not, and a raw string drops carriage returns.
Each parser returns None where strconv returns an error (its text is always "invalid syntax").
"""
from __future__ import annotations

INVALID_SYNTAX = "invalid syntax"
_INT64_MAX = 2**63 - 1
_UINT64_MAX = 2**64 - 1


def _underscores_ok(text: str) -> bool:
    """strconv's underscoreOK: an underscore must sit between digits (or a base prefix and a digit)."""
    saw = "^"
    i = 0
    if text[:1] in ("+", "-"):
        text = text[1:]
    hexadecimal = False
    if len(text) >= 2 and text[0] == "0" and text[1].lower() in "box":
        i = 2
        saw = "0"
        hexadecimal = text[1].lower() == "x"
    for char in text[i:]:
        if "0" <= char <= "9" or (hexadecimal and "a" <= char.lower() <= "f"):
            saw = "0"
        elif char == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
    return saw != "_"


def parse_uint(text: str) -> int | None:
    """strconv.ParseUint(text, 0, 64): base from the prefix (0b, 0o, 0x, or a leading 0 for octal)."""
    if not text:
        return None
    digits, base = text, 10
    if text[0] == "0":
        prefix = text[1:2].lower()
        if len(text) >= 3 and prefix in ("b", "o", "x"):
            digits, base = text[2:], {"b": 2, "o": 8, "x": 16}[prefix]
        else:
            digits, base = text[1:], 8
    if "_" in digits and not _underscores_ok(text):
        return None
    digits = digits.replace("_", "")
    if not digits:
        return 0 if base == 8 and text.strip("0_") == "" else None
    try:
        value = int(digits, base)
    except ValueError:
        return None
    if digits[0] in "+- " or value > _UINT64_MAX:
        return None
    return value


def parse_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64): an optional sign, then as parse_uint, within int64."""
    sign = 1
    body = text
    if text[:1] in ("+", "-"):
        sign = -1 if text[0] == "-" else 1
        body = text[1:]
    magnitude = parse_uint(body)
    if magnitude is None:
        return None
    value = sign * magnitude
    if not -_INT64_MAX - 1 <= value <= _INT64_MAX:
        return None
    return value


def parse_float(text: str) -> float | None:
    """strconv.ParseFloat(text, 64): decimal or hexadecimal (which needs a p exponent); a value
    out of float64 range is an error."""
    if not text or "_" in text and not _underscores_ok(text):
        return None
    body = text.replace("_", "")
    unsigned = body.lstrip("+-")
    if len(body) - len(unsigned) > 1 or not unsigned or unsigned[0] not in "0123456789.":
        return None
    try:
        if unsigned[:2].lower() == "0x":
            if "p" not in unsigned.lower():
                return None
            value = float.fromhex(body)
        else:
            value = float(body)
    except (ValueError, OverflowError):
        return None
    if value in (float("inf"), float("-inf")):
        return None
    return value


_SIMPLE_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}


def unquote_char(text: str, quote: str) -> tuple[int, bool, str] | None:
    """strconv.UnquoteChar: the first character or escape of `text` as (value, is a whole
    rune (not a single byte), rest of text); None for a syntax error."""
    if not text:
        return None
    char = text[0]
    if char == quote and quote in ("'", '"'):
        return None
    if char != "\\":
        return ord(char), True, text[1:]
    if len(text) < 2:
        return None
    escape, rest = text[1], text[2:]
    if escape in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[escape], True, rest
    if escape in ("x", "u", "U"):
        size = {"x": 2, "u": 4, "U": 8}[escape]
        digits = rest[:size]
        if len(digits) < size or any(c not in "0123456789abcdefABCDEF" for c in digits):
            return None
        value = int(digits, 16)
        if escape == "x":
            return value, False, rest[size:]
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            return None
        return value, True, rest[size:]
    if "0" <= escape <= "7":
        digits = text[1:4]
        if len(digits) < 3 or any(c not in "01234567" for c in digits):
            return None
        value = int(digits, 8)
        if value > 255:
            return None
        return value, False, text[4:]
    if escape in ("'", '"'):
        return (ord(escape), True, rest) if escape == quote else None
    return None


def unquote(literal: str) -> str | None:
    """strconv.Unquote of a "double-quoted" or `raw` Go string literal."""
    if len(literal) < 2 or literal[0] != literal[-1] or literal[0] not in '"`':
        return None
    body = literal[1:-1]
    if literal[0] == "`":
        return None if "`" in body else body.replace("\r", "")
    if "\n" in body:
        return None
    out = bytearray()
    while body:
        decoded = unquote_char(body, '"')
        if decoded is None:
            return None
        value, whole_rune, body = decoded
        out += chr(value).encode("utf-8", "surrogatepass") if whole_rune else bytes([value])
    # Go strings may hold any bytes; shown on a terminal, invalid UTF-8 reads as U+FFFD.
    return out.decode("utf-8", "replace")
