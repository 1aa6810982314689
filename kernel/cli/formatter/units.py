"""The small text helpers the docker CLI prints with: go-units sizes and durations, Go's
strconv.Quote, and docker/cli's display-width aware `Ellipsis` and `TruncateID`.

Each function reproduces its Go original's output byte for byte, because these strings end up
in tables that learners compare with real Docker (`1.049MB`, `About a minute`, `"top"`).
"""
from __future__ import annotations

import unicodedata

_DECIMAL_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")


def _scaled(size: float, base: float, units: tuple[str, ...]) -> tuple[float, str]:
    """go-units getSizeAndUnit: divide by `base` while the size is at least one `base`."""
    i = 0
    while size >= base and i < len(units) - 1:
        size /= base
        i += 1
    return size, units[i]


def go_g(value: float, precision: int) -> str:
    """Go's `%.<precision>g`, which differs from Python's only in how it spells NaN and Inf."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "+Inf" if value > 0 else "-Inf"
    return "%.*g" % (precision, value)


def human_size_precision(size: float, precision: int) -> str:
    """go-units HumanSizeWithPrecision: decimal units, `precision` significant digits (`1.05MB`)."""
    size, unit = _scaled(float(size), 1000.0, _DECIMAL_UNITS)
    return go_g(size, precision) + unit


def human_size(size: float) -> str:
    """go-units HumanSize: four significant digits (`1.024kB`), as build-context and pull lines use."""
    return human_size_precision(size, 4)


def bytes_size(size: float) -> str:
    """go-units BytesSize: binary units (`1.5MiB`), as `docker stats` memory columns use."""
    size, unit = _scaled(float(size), 1024.0, _BINARY_UNITS)
    return go_g(size, 4) + unit


def human_duration(seconds: float) -> str:
    """go-units HumanDuration: the "5 minutes" in `Up 5 minutes` and `5 minutes ago`.

    The thresholds are go-units' own; note that hours round to nearest while everything else
    truncates, which is why 1h45m reads "2 hours" but 59m59s reads "59 minutes".
    """
    whole_seconds = int(seconds)
    if whole_seconds < 1:
        return "Less than a second"
    if whole_seconds == 1:
        return "1 second"
    if whole_seconds < 60:
        return f"{whole_seconds} seconds"
    minutes = int(seconds / 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds / 3600) // 24 // 365} years"


_QUOTE_ESCAPES = {
    "\a": r"\a", "\b": r"\b", "\f": r"\f", "\n": r"\n", "\r": r"\r", "\t": r"\t", "\v": r"\v",
    "\\": "\\\\", '"': '\\"',
}


def go_quote(text: str) -> str:
    """Go's strconv.Quote: a double-quoted Go literal that keeps printable Unicode as it is.

    Python's isprintable() uses the same definition as Go's unicode.IsPrint (letters, marks,
    numbers, punctuation, symbols and the ASCII space), so only the escapes differ from json.
    """
    out = ['"']
    for char in text:
        if char in _QUOTE_ESCAPES:
            out.append(_QUOTE_ESCAPES[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            out.append("\\ufffd")  # a lone surrogate is what Python makes of invalid UTF-8
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


# go-runewidth's zero-width "nonprint" ranges outside the C0/C1 controls.
_ZERO_WIDTH_RANGES = (
    (0x00AD, 0x00AD), (0x070F, 0x070F), (0x180B, 0x180E), (0x200B, 0x200F), (0x2028, 0x202E),
    (0x206A, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
)


def char_width(char: str) -> int:
    """Columns a terminal gives one character, as go-runewidth counts them (non-CJK locale):
    controls and combining marks take none, East-Asian wide and fullwidth characters take two."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return 0
    if code < 0x300:
        return 1
    if any(low <= code <= high for low, high in _ZERO_WIDTH_RANGES):
        return 0
    if unicodedata.category(char) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """The width of a string in terminal columns (docker's tabwriter measures cells this way)."""
    if text.isascii():
        return sum(1 for char in text if " " <= char < "\x7f")
    return sum(char_width(char) for char in text)


def _ellipsis_char_width(char: str) -> int:
    """docker/cli displayutils charWidth: only wide and fullwidth count double; nothing is zero."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def ellipsis(text: str, max_width: int) -> str:
    """docker/cli formatter.Ellipsis: cut `text` to `max_width` columns, ending in "…".

    Kept faithful to its quirks: width 1 returns the first character whatever its width, and a
    string whose first character alone is wider than `max_width - 1` is returned uncut.
    """
    if max_width <= 0:
        return ""
    if max_width == 1:
        return text[:1]
    if text.isascii():
        return text if len(text) <= max_width else text[: max_width - 1] + "…"
    ends = []
    total = 0
    for char in text:
        total += _ellipsis_char_width(char)
        ends.append(total)
    if total <= max_width:
        return text
    for i in range(len(ends) - 1):
        if ends[i] <= max_width - 1 < ends[i + 1]:
            return text[: i + 1] + "…"
    return text


def truncate_id(identifier: str) -> str:
    """docker/cli TruncateID: drop an `algorithm:` prefix and keep 12 characters."""
    _, colon, rest = identifier.partition(":")
    if colon:
        identifier = rest
    return identifier[:12]
