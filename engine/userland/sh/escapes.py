"""Backslash escapes as busybox's echo -e and printf decode them (bb_process_escape_sequence).

`\\a \\b \\e \\f \\n \\r \\t \\v \\\\`, up to three octal digits (`\\101`, value < 256) and up to two
hex digits (`\\x41`). Anything else is a backslash followed by that character.
"""
from __future__ import annotations

SIMPLE = {"a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}
OCTAL = "01234567"
HEX = "0123456789abcdefABCDEF"


def process_escape(text: str, i: int) -> tuple[str, int]:
    """Decode the escape whose backslash is just before text[i]: (character, index after it)."""
    if text.startswith("x", i):
        j = i + 1
        while j < len(text) and j < i + 3 and text[j] in HEX:
            j += 1
        if j == i + 1:
            return "\\", i  # \x without a hex digit: the backslash alone, then "x"
        return byte(int(text[i + 1:j], 16)), j
    j, value = i, 0
    while j < len(text) and j < i + 3 and text[j] in OCTAL and value * 8 + int(text[j]) <= 255:
        value = value * 8 + int(text[j])
        j += 1
    if j > i:
        return byte(value), j
    if i < len(text) and text[i] in SIMPLE:
        return SIMPLE[text[i]], i + 1
    return "\\", i


def byte(value: int) -> str:
    """The character standing for one raw byte (bytes >= 0x80 as surrogate escapes, so they are
    written out as that single byte, not as UTF-8)."""
    return chr(value) if value < 0x80 else chr(0xDC00 + value)
