"""Go's encoding/json Marshal, for the `json` template function and inspect-style printing.

It differs from Python's json module in ways users see: no spaces (`{"80/tcp":{}}`), object
keys sorted, floats in Go's shortest form with whole numbers bare (`5`, `1e+21`), `\\u003c`-style
escapes for `<`, `>`, `&` unless HTML escaping is off (docker's `json` template function turns it
off; the daemon's own JSON keeps it on), and U+2028/U+2029 always escaped.
"""
from __future__ import annotations

from typing import Any

from .gofmt import format_float_json, struct_fields
from .govalues import Boxed, GoNil, go_type_name


class JSONError(ValueError):
    """A value encoding/json refuses, worded as Go words it."""


_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def quote_string(text: str, escape_html: bool = True) -> str:
    """A JSON string literal as encoding/json writes it."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif code < 0x20:
            out.append(f"\\u{code:04x}")
        elif escape_html and char in _HTML_ESCAPES:
            out.append(_HTML_ESCAPES[char])
        elif code in (0x2028, 0x2029):
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")  # invalid UTF-8 (a lone surrogate here) becomes U+FFFD
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _float(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        spelled = "NaN" if value != value else ("+Inf" if value > 0 else "-Inf")
        raise JSONError(f"json: unsupported value: {spelled}")
    return format_float_json(value)


def marshal(value: Any, *, escape_html: bool = True, indent: str | None = None) -> str:
    """json.Marshal (or json.MarshalIndent with an empty prefix when `indent` is given)."""
    return _encode(value, escape_html, indent, "")


def indent_raw(value: Any, indent: str) -> str:
    """json.Indent of a decoded response: its objects keep the order the engine wrote them in."""
    return _encode(value, True, indent, "", keep_order=True)


def _encode(value: Any, escape_html: bool, indent: str | None, margin: str, keep_order: bool = False) -> str:
    if isinstance(value, Boxed):
        value = value.value
    if value is None or isinstance(value, GoNil):
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return quote_string(value, escape_html)
    if isinstance(value, complex):
        raise JSONError(f"json: unsupported type: {go_type_name(value)}")
    if isinstance(value, (list, tuple)):
        items = [_encode(item, escape_html, indent, margin + (indent or ""), keep_order) for item in value]
        return _join("[", items, "]", indent, margin)
    if isinstance(value, dict):
        members = [
            quote_string(str(key), escape_html) + (": " if indent is not None else ":")
            + _encode(item, escape_html, indent, margin + (indent or ""), keep_order)
            for key, item in (value.items() if keep_order else sorted(value.items(), key=lambda m: str(m[0])))
        ]
        return _join("{", members, "}", indent, margin)
    ordered = getattr(value, "go_json_fields", None)
    if callable(ordered):  # a typed struct: its fields in declaration order
        members = [quote_string(name, escape_html) + (": " if indent is not None else ":")
                   + _encode(item, escape_html, indent, margin + (indent or "")) for name, item in ordered()]
        return _join("{", members, "}", indent, margin)
    to_json = getattr(value, "go_json", None)
    if callable(to_json):
        return _encode(to_json(), escape_html, indent, margin)
    return _encode(struct_fields(value), escape_html, indent, margin)


def _join(opening: str, parts: list[str], closing: str, indent: str | None, margin: str) -> str:
    if not parts:
        return opening + closing
    if indent is None:
        return opening + ",".join(parts) + closing
    inner = margin + indent
    return opening + "\n" + ",\n".join(inner + part for part in parts) + "\n" + margin + closing
