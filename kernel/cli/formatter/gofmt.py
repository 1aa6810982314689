"""Go's fmt package as templates print with it: `%v` of any value, Sprint, Sprintln, Sprintf.

`{{.Config.Env}}` prints `[PATH=/usr/bin HOME=/root]` and `{{.Config.ExposedPorts}}` prints
`map[80/tcp:{}]` because text/template hands values to `fmt.Fprint`; the builtins `print`,
`printf` and `println` are fmt's own Sprint functions. Values follow the model in `govalues`.
"""
from __future__ import annotations

import math
import re
from typing import Any

from .govalues import GoNil, RawMap, go_type_name, unbox
from .units import go_quote

# ---------------------------------------------------------------------------------------------
# Floats: Go prints the shortest decimal that reads back as the same float64.


def _shortest_digits(value: float) -> tuple[str, int]:
    """The shortest significant digits of |value| and the decimal point position (strconv's
    `digs.d`, `digs.dp`): 1500.0 → ("15", 4), 0.05 → ("5", -1). Python's repr is shortest too."""
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    point = len(whole) + int(exponent or 0) - (len(whole + fraction) - len(digits))
    digits = digits.rstrip("0")
    if not digits:
        return "0", 1
    return digits, point


def _exponent_form(digits: str, point: int, exponent_char: str = "e") -> str:
    exponent = point - 1
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{mantissa}{exponent_char}{'-' if exponent < 0 else '+'}{abs(exponent):02d}"


def _fixed_form(digits: str, point: int) -> str:
    if point <= 0:
        return "0." + "0" * -point + digits
    if point >= len(digits):
        return digits + "0" * (point - len(digits))
    return digits[:point] + "." + digits[point:]


def _special_float(value: float) -> str | None:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "+Inf" if value > 0 else "-Inf"
    return None


def format_float_shortest(value: float, exponent_char: str = "e") -> str:
    """Go's `%v` (and `%g` without precision) of a float64: exponent form below 1e-4 and from
    1e+06 up, as strconv's shortest 'g' decides (`1e+06`, `123456`, `0.5`, `1e-05`)."""
    special = _special_float(value)
    if special:
        return special
    digits, point = _shortest_digits(value)
    sign = "-" if math.copysign(1, value) < 0 else ""
    exponent = point - 1
    if exponent < -4 or exponent >= 6:
        return sign + _exponent_form(digits, point, exponent_char)
    return sign + _fixed_form(digits, point)


def format_float_json(value: float) -> str:
    """encoding/json's float64: shortest digits, fixed form for 1e-6 <= |v| < 1e21, else an
    exponent without leading zeros (`1e-7`, `1e+21`)."""
    digits, point = _shortest_digits(value)
    sign = "-" if math.copysign(1, value) < 0 else ""
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        text = _exponent_form(digits, point)
        return sign + re.sub(r"e([+-])0(\d)$", r"e\1\2", text)
    return sign + _fixed_form(digits, point)


def _format_complex(value: complex) -> str:
    real = format_float_shortest(value.real)
    imag = format_float_shortest(value.imag)
    if not imag.startswith(("-", "+")):
        imag = "+" + imag
    return f"({real}{imag}i)"


# ---------------------------------------------------------------------------------------------
# %v


def format_value(value: Any, depth: int = 0) -> str:
    """fmt's `%v` of a value (`depth` > 0 inside a slice or map, where Go prints nested
    pointers and nils a little differently)."""
    value = unbox(value)
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float_shortest(value)
    if isinstance(value, complex):
        return _format_complex(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + " ".join(format_value(item, depth + 1) for item in value) + "]"
    if isinstance(value, dict):
        if not value and depth > 0 and not isinstance(value, RawMap):
            # In Docker's API types an empty object held inside a map or array is Go's empty
            # struct (ExposedPorts' and Volumes' values), which fmt prints as "{}".
            return "{}"
        items = sorted(value.items(), key=lambda item: item[0])
        return "map[" + " ".join(
            f"{format_value(key, depth + 1)}:{format_value(item, depth + 1)}" for key, item in items
        ) + "]"
    if isinstance(value, GoNil):
        return {"slice": "[]", "map": "map[]", "pointer": "<nil>"}[value.kind]
    return _format_struct(value, depth)


def struct_fields(value: Any) -> dict[str, Any]:
    """The data fields of a struct-like object, in declaration order: its public attributes
    that are not methods."""
    names = getattr(value, "__dict__", {})
    return {name: field for name, field in names.items() if not name.startswith("_") and not callable(field)}


def _format_struct(value: Any, depth: int) -> str:
    string_method = getattr(value, "String", None)
    if callable(string_method):
        return str(string_method())
    body = "{" + " ".join(format_value(field, depth + 1) for field in struct_fields(value).values()) + "}"
    # A top-level struct is taken to be behind a pointer (&{...}), unless it says it is a value.
    return "&" + body if depth == 0 and not getattr(value, "go_struct_value", False) else body


# ---------------------------------------------------------------------------------------------
# Sprint, Sprintln


def sprint(*args: Any) -> str:
    """fmt.Sprint: operands joined with a space only where neither side is a string."""
    out = []
    previous_is_string = False
    for i, arg in enumerate(args):
        is_string = isinstance(unbox(arg), str)
        if i > 0 and not is_string and not previous_is_string:
            out.append(" ")
        out.append(format_value(arg))
        previous_is_string = is_string
    return "".join(out)


def sprintln(*args: Any) -> str:
    """fmt.Sprintln: operands always joined with spaces, then a newline."""
    return " ".join(format_value(arg) for arg in args) + "\n"


# ---------------------------------------------------------------------------------------------
# Sprintf


class _Spec:
    """One parsed `%` directive: flags, width and precision."""

    def __init__(self) -> None:
        self.plus = self.minus = self.sharp = self.space = self.zero = False
        self.width: int | None = None
        self.precision: int | None = None

    def pad(self, text: str, numeric: bool = False) -> str:
        if self.width is None or len(text) >= self.width:
            return text
        fill = self.width - len(text)
        if self.minus:
            return text + " " * fill
        if self.zero and numeric:
            sign = text[0] if text[:1] in ("-", "+", " ") else ""
            return sign + "0" * fill + text[len(sign):]
        return " " * fill + text


def _bad_verb(verb: str, arg: Any) -> str:
    arg = unbox(arg)
    if arg is None:
        return f"%!{verb}(<nil>)"
    return f"%!{verb}({go_type_name(arg)}={format_value(arg)})"


def _quote_rune(char: str) -> str:
    """strconv.QuoteRune: a single-quoted Go rune literal ('a', '\\n', '\\'', '"')."""
    if char == '"':
        return "'\"'"
    if char == "'":
        return "'\\''"
    return "'" + go_quote(char)[1:-1] + "'"


def _format_integer(value: int, verb: str, spec: _Spec) -> str:
    if verb == "c":
        return spec.pad(chr(value) if 0 <= value <= 0x10FFFF else "\ufffd")
    if verb == "q":
        return spec.pad(_quote_rune(chr(value) if 0 <= value <= 0x10FFFF else "\ufffd"))
    if verb == "U":
        text = f"U+{value:04X}"
        if spec.sharp and 0 <= value <= 0x10FFFF and chr(value).isprintable():
            text += f" '{chr(value)}'"
        return spec.pad(text)
    base = {"d": 10, "v": 10, "b": 2, "o": 8, "O": 8, "x": 16, "X": 16}[verb]
    digits = {2: "{:b}", 8: "{:o}", 10: "{:d}", 16: "{:x}"}[base].format(abs(value))
    if verb == "X":
        digits = digits.upper()
    if spec.precision is not None:
        digits = digits.rjust(spec.precision, "0") if spec.precision or value else ""
    prefix = ""
    if verb == "O" or (spec.sharp and verb == "o" and not digits.startswith("0")):
        prefix = "0o" if verb == "O" else "0"
    elif spec.sharp and verb in ("x", "X"):
        prefix = "0" + verb
    elif spec.sharp and verb == "b":
        prefix = "0b"
    sign = "-" if value < 0 else "+" if spec.plus else " " if spec.space else ""
    return spec.pad(sign + prefix + digits, numeric=spec.precision is None)


def _hex_float(value: float, upper: bool) -> str:
    """Go's %x of a float64: shortest hex mantissa and a two-digit binary exponent (0x1.8p+00)."""
    mantissa, _, exponent = float.hex(abs(value)).partition("p")
    mantissa = mantissa.rstrip("0").rstrip(".")
    sign = "-" if exponent.startswith("-") else "+"
    text = f"{mantissa}p{sign}{abs(int(exponent)):02d}"
    return text.upper() if upper else text


def _binary_float(value: float) -> str:
    """Go's %b of a float64: decimal mantissa times a power of two (4503599627370496p-52)."""
    mantissa, exponent = math.frexp(abs(value))
    return f"{int(mantissa * 2**53)}p{exponent - 53:+d}" if value else "0p-1074"


def _format_float(value: float, verb: str, spec: _Spec) -> str:
    special = _special_float(value)
    if special:
        text = special if special != "+Inf" or spec.plus else "Inf"
        return spec.pad(text)
    if verb in ("x", "X"):
        text = _hex_float(value, verb == "X")
    elif verb == "b":
        text = _binary_float(abs(value))
    elif verb in ("v", "g", "G") and spec.precision is None:
        text = format_float_shortest(abs(value), "E" if verb == "G" else "e")
    else:
        precision = 6 if spec.precision is None else spec.precision
        python_verb = "f" if verb == "F" else verb
        text = ("%" + ("#" if spec.sharp else "") + ".*" + python_verb) % (precision, abs(value))
    if value < 0 or (value == 0 and math.copysign(1, value) < 0):
        text = "-" + text
    elif spec.plus:
        text = "+" + text
    elif spec.space:
        text = " " + text
    return spec.pad(text, numeric=True)


def _format_string(value: str, verb: str, spec: _Spec) -> str:
    if spec.precision is not None:
        value = value[: spec.precision]
    if verb in ("s", "v"):
        return spec.pad(value)
    if verb == "q":
        if spec.sharp and "`" not in value and all(c.isprintable() or c == "\t" for c in value):
            return spec.pad("`" + value + "`")
        quoted = go_quote(value)
        if spec.plus:
            quoted = quoted.encode("ascii", "backslashreplace").decode("ascii")
        return spec.pad(quoted)
    # x / X: hex of the UTF-8 bytes
    hex_bytes = [f"{byte:02x}" for byte in value.encode("utf-8", "replace")]
    text = (" " if spec.space else "").join(("0x" + h if spec.sharp else h) for h in hex_bytes)
    return spec.pad(text.upper() if verb == "X" else text)


_VERBS_BY_KIND = {
    "bool": "tv",
    "int": "vdbcoOqxXU",
    "float": "vbeEfFgGxX",
    "string": "vsqxX",
}


def format_arg(arg: Any, verb: str, spec: _Spec) -> str:
    """fmt's printArg: one operand under one verb, or `%!verb(type=value)` when they do not fit."""
    value = unbox(arg)
    if verb == "T":
        return spec.pad("<nil>" if value is None else go_type_name(value))
    if value is None:
        return spec.pad("<nil>") if verb == "v" else _bad_verb(verb, value)
    if isinstance(value, bool):
        if verb not in _VERBS_BY_KIND["bool"]:
            return _bad_verb(verb, value)
        return spec.pad("true" if value else "false")
    if isinstance(value, int):
        if verb not in _VERBS_BY_KIND["int"]:
            return _bad_verb(verb, value)
        return _format_integer(value, verb, spec)
    if isinstance(value, float):
        if verb not in _VERBS_BY_KIND["float"]:
            return _bad_verb(verb, value)
        return _format_float(value, verb, spec)
    if isinstance(value, complex):
        return spec.pad(_format_complex(value)) if verb in "vgG" else _bad_verb(verb, value)
    if isinstance(value, str):
        if verb not in _VERBS_BY_KIND["string"]:
            return _bad_verb(verb, value)
        return _format_string(value, verb, spec)
    if isinstance(value, list):
        inner = _Spec()
        inner.plus, inner.sharp, inner.space, inner.zero = spec.plus, spec.sharp, spec.space, spec.zero
        return spec.pad("[" + " ".join(format_arg(item, verb, inner) for item in value) + "]")
    if isinstance(value, dict):
        if verb == "v" or not value:
            return spec.pad(format_value(value))
        inner = _Spec()
        parts = [f"{format_arg(k, verb, inner)}:{format_arg(v, verb, inner)}" for k, v in sorted(value.items())]
        return spec.pad("map[" + " ".join(parts) + "]")
    return spec.pad(format_value(value)) if verb in ("v", "s") else _bad_verb(verb, value)


def _parse_number(text: str, i: int) -> tuple[int | None, int]:
    start = i
    while i < len(text) and text[i].isdigit():
        i += 1
    return (int(text[start:i]) if i > start else None), i


def sprintf(format_string: str, *args: Any) -> str:
    """fmt.Sprintf, with Go's in-band complaints: `%!d(string=x)`, `%!s(MISSING)`,
    `%!(EXTRA int=1)`, `%!(NOVERB)`, `%!(BADWIDTH)`, `%!(BADPREC)`."""
    out: list[str] = []
    arg_index = 0
    reordered = False
    i = 0
    end = len(format_string)
    while i < end:
        percent = format_string.find("%", i)
        if percent < 0:
            out.append(format_string[i:])
            break
        out.append(format_string[i:percent])
        i = percent + 1
        spec = _Spec()
        while i < end and format_string[i] in "#0+- ":
            flag = format_string[i]
            if flag == "#":
                spec.sharp = True
            elif flag == "0":
                spec.zero = not spec.minus
            elif flag == "+":
                spec.plus = True
            elif flag == "-":
                spec.minus, spec.zero = True, False
            else:
                spec.space = True
            i += 1
        # An explicit argument index, %[2]d, reorders the operands.
        match = re.match(r"\[(\d+)\]", format_string[i:])
        if match:
            arg_index = int(match.group(1)) - 1
            reordered = True
            i += match.end()
        if i < end and format_string[i] == "*":
            i += 1
            width = unbox(args[arg_index]) if arg_index < len(args) else None
            arg_index += 1
            if isinstance(width, int) and not isinstance(width, bool):
                spec.width = abs(width)
                if width < 0:
                    spec.minus, spec.zero = True, False
            else:
                out.append("%!(BADWIDTH)")
        else:
            spec.width, i = _parse_number(format_string, i)
        if i < end and format_string[i] == ".":
            i += 1
            if i < end and format_string[i] == "*":
                i += 1
                precision = unbox(args[arg_index]) if arg_index < len(args) else None
                arg_index += 1
                if isinstance(precision, int) and not isinstance(precision, bool) and precision >= 0:
                    spec.precision = precision
                else:
                    out.append("%!(BADPREC)")
            else:
                precision, i = _parse_number(format_string, i)
                spec.precision = precision or 0
        if i >= end:
            out.append("%!(NOVERB)")
            break
        verb = format_string[i]
        i += 1
        if verb == "%":
            out.append("%")
        elif arg_index >= len(args):
            out.append(f"%!{verb}(MISSING)")
        else:
            out.append(format_arg(args[arg_index], verb, spec))
            arg_index += 1
    if not reordered and arg_index < len(args):
        extras = []
        for arg in args[arg_index:]:
            value = unbox(arg)
            extras.append("<nil>" if value is None else f"{go_type_name(value)}={format_value(value)}")
        out.append("%!(EXTRA " + ", ".join(extras) + ")")
    return "".join(out)

