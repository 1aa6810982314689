"""awk's values: numbers (floats), strings, and strings from input that may compare as numbers."""
from __future__ import annotations

import re

from ..numbers import strtod


class AwkError(Exception):
    """A message for `awk: cmd. line:N: message`."""


class StrNum(str):
    """A string from input (a field, getline, ARGV, -v): compared as a number if it looks like one."""


class Uninit(StrNum):
    """An unset variable: "" and 0 at once."""


UNINIT = Uninit("")
_NUMERIC = re.compile(r"[ \t\n]*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|0[xX][0-9a-fA-F]+)[ \t\n]*\Z")


def looks_numeric(v) -> bool:
    return isinstance(v, float) or isinstance(v, Uninit) or (isinstance(v, StrNum) and _NUMERIC.match(v) is not None)


def to_num(v) -> float:
    if isinstance(v, float):
        return v
    return strtod(v.encode("latin-1", "replace"))


def number_text(n: float, fmt: str = "%.6g") -> str:
    if n == int(n) and abs(n) < 2 ** 63:
        return str(int(n))
    return fmt % n


def to_str(v, fmt: str = "%.6g") -> str:
    if isinstance(v, float):
        return number_text(v, fmt)
    return v


def truthy(v) -> bool:
    if isinstance(v, float):
        return v != 0
    if isinstance(v, StrNum) and looks_numeric(v) and v.strip():
        return to_num(v) != 0
    return v != ""
