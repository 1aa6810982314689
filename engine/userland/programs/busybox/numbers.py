"""Numeric arguments as libbb reads them (xatoi, xatoul_sfx): strict, with `invalid number 'x'`."""
from __future__ import annotations

import re

from .common import Fatal

# head and tail's size suffixes (`-c 2k`), as libbb's bkm_suffixes.
BKM = {"b": 512, "k": 1024, "m": 1024 * 1024}
# What C's strtod reads: decimal with an exponent, hexadecimal, inf and nan.
_STRTOD = re.compile(
    rb"[ \t\n\v\f\r]*[+-]?(0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?"
    rb"|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)", re.IGNORECASE)


def parse_int(text: str | None, suffixes: dict[str, int] | None = None) -> int:
    """A decimal integer, optionally with a unit suffix; anything else ends the applet."""
    if text is None:
        raise Fatal("invalid number ''")
    body, scale = text, 1
    if suffixes:
        for sfx, mult in suffixes.items():
            if body.endswith(sfx) and body != sfx:
                body, scale = body[: -len(sfx)], mult
                break
    stripped = body.strip(" \t")
    digits = stripped[1:] if stripped[:1] in "+-" else stripped
    if not digits.isdigit() or not digits.isascii():
        raise Fatal(f"invalid number '{text}'")
    return int(stripped) * scale


def strtod(text: bytes) -> float:
    """The number at the start of `text` as C's strtod reads it (0 if none): sort -n, awk."""
    m = _STRTOD.match(text)
    if not m:
        return 0.0
    number = m.group(0).strip()
    if number[1:2].lower() == b"x" or number[2:3].lower() == b"x":
        return float.fromhex(number.decode())
    return float(number)
