"""Numeric arguments as libbb reads them (xatoi, xatoul_sfx): strict, with `invalid number 'x'`."""
from __future__ import annotations

from .common import Fatal

# head/tail/du/od size suffixes (`-c 2k`), as libbb's bkm_suffixes.
BKM = {"b": 512, "k": 1024, "m": 1024 * 1024}


def parse_int(text: str | None, suffixes: dict[str, int] | None = None, minimum: int | None = None) -> int:
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
    value = int(stripped) * scale
    if minimum is not None and value < minimum:
        raise Fatal(f"number {text} is not in {minimum}..{2**31 - 1} range")
    return value
