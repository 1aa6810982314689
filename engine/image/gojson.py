"""JSON as Go's encoding/json writes and reads it, for the structs Docker serialises.

Byte-exact output matters: an image ID is the sha256 of the config JSON. Go writes compact JSON,
struct fields in declaration order, map keys sorted, and escapes `<`, `>`, `&`, U+2028/U+2029 and
control characters other than \\n \\r \\t as `\\u00XX` (Go 1.19, the toolchain of Docker 20.10.24).

A struct is described once, on the dataclass: each field is declared with `go_field(JSON name,
default, kind=..., omitempty=...)`, and `encode_struct`/`decode_struct` walk those declarations.
Decoding checks JSON types the way Go does and reports a mismatch with Go's message (that is what a
client sending a bad `POST /containers/create` body reads).

Times are kept as the RFC 3339 strings Go writes (`format_time`), which keep nanoseconds that a
Python datetime would lose; `parse_time` turns one into Unix nanoseconds for comparisons.
"""
from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from ..errors import InvalidParameter

# ---------------------------------------------------------------- encoding
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\<>&\u2028\u2029\ud800-\udfff]')


def _escape_char(match: re.Match) -> str:
    ch = match.group()
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"  # not valid UTF-8: Go writes the replacement character
    return f"\\u{ord(ch):04x}"


def encode_string(text: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, text) + '"'


def dumps(value: Any) -> str:
    """Compact JSON of dicts (in their order), lists, strings, ints, bools and None."""
    parts: list[str] = []
    _encode(value, parts)
    return "".join(parts)


def _encode(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(encode_string(value))
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, dict):
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            if i:
                out.append(",")
            out.append(encode_string(key))
            out.append(":")
            _encode(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _encode(item, out)
        out.append("]")
    else:
        raise TypeError(f"no Go JSON encoding for {type(value).__name__}")


# ---------------------------------------------------------------- struct descriptions
# Field kinds: how a value is encoded and which JSON it accepts. The Go type is for error messages.
STRING, BOOL, INT, DURATION = "string", "bool", "int", "time.Duration"
INT_POINTER = "*int"  # nil (None) is empty; a pointer to 0 is not
STRINGS = "[]string"  # a Go slice: null when None
STRSLICE = "strslice.StrSlice"  # a slice that also accepts a single string
STRING_MAP = "map[string]string"  # Go maps encode with sorted keys
SET = "map[string]struct {}"  # a set of keys, encoded as {"key": {}}
PORT_SET = "nat.PortSet"
STRUCT = "struct"  # a nested dataclass, named by `struct=`
STRUCTS = "[]struct"  # a list of them


def go_field(json_name: str, default: Any = None, *, kind: str = STRING, omitempty: bool = False,
             struct: type | None = None, pointer: bool = True, default_factory: Any = None) -> Any:
    """Declare a dataclass field as Go declares it: `Name type \\`json:"json_name,omitempty"\\``.

    A STRUCT field is a pointer (nil is None, written null or omitted) unless `pointer=False`: a Go
    struct value is never omitted and null decodes to its zero value.
    """
    meta = {"json": json_name, "kind": kind, "omitempty": omitempty, "struct": struct, "pointer": pointer}
    if default_factory is not None:
        return dataclasses.field(default_factory=default_factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def _is_empty(value: Any) -> bool:
    # Go's omitempty: false, 0, "", nil and empty slices/maps (struct values and non-nil pointers never are)
    return value is None or value is False or value == 0 or value == "" or value == [] or value == {}


def encode_struct(obj: Any) -> dict:
    """The JSON object for a dataclass declared with `go_field`, fields in declaration order."""
    out: dict = {}
    for f in dataclasses.fields(obj):
        meta = f.metadata
        value = getattr(obj, f.name)
        if meta["omitempty"] and (value is None if meta["kind"] in (INT_POINTER, STRUCT) else _is_empty(value)):
            continue
        out[meta["json"]] = _encode_value(value, meta["kind"])
    return out


def _encode_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == STRUCT:
        return encode_struct(value)
    if kind == STRUCTS:
        return [encode_struct(item) for item in value]
    if kind in (STRING_MAP, SET, PORT_SET):
        return {key: ({} if kind != STRING_MAP else value[key]) for key in sorted(value)}
    if kind in (STRINGS, STRSLICE):
        return list(value)
    return value


class GoJSONError(InvalidParameter):
    """A JSON value of the wrong type for its Go field (Go's UnmarshalTypeError wording)."""


_JSON_TYPE_NAMES = {str: "string", bool: "bool", int: "number", float: "number", list: "array", dict: "object"}


def decode_struct(cls: type, data: Any, path: str = "") -> Any:
    """Build the dataclass `cls` (which names its Go type in `GO_TYPE`) from decoded JSON; unknown keys are ignored."""
    if not isinstance(data, dict):
        raise _type_error(data, cls, path, cls.GO_TYPE)
    values = {}
    for f in dataclasses.fields(cls):
        key = f.metadata["json"]
        if key in data:
            values[f.name] = _decode_value(data[key], f.metadata, cls, f"{path}.{key}" if path else key)
    return cls(**values)


def _decode_value(raw: Any, meta: dict, owner: type, path: str) -> Any:
    kind = meta["kind"]
    struct = meta["struct"]
    if raw is None:
        # null leaves Go's zero value: nil for slices, maps and pointers, "" / false / 0 otherwise
        if kind == STRUCT and not meta["pointer"]:
            return struct()
        return {STRING: "", BOOL: False, INT: 0, DURATION: 0}.get(kind)
    if kind == STRUCT:
        if not isinstance(raw, dict):
            raise _type_error(raw, owner, path, struct.GO_TYPE)
        return decode_struct(struct, raw, path)
    if kind == STRUCTS:
        if not isinstance(raw, list):
            raise _type_error(raw, owner, path, f"[]{struct.GO_TYPE}")
        for item in raw:
            if not isinstance(item, dict):
                raise _type_error(item, owner, path, struct.GO_TYPE)
        return [decode_struct(struct, item, path) for item in raw]
    go_type = kind
    valid = True
    if kind == STRING:
        valid = isinstance(raw, str)
    elif kind == BOOL:
        valid = isinstance(raw, bool)
    elif kind in (INT, DURATION, INT_POINTER):
        go_type = "int" if kind == INT_POINTER else kind
        valid = (isinstance(raw, int) and not isinstance(raw, bool)) or (isinstance(raw, float) and raw.is_integer())
        raw = int(raw) if valid else raw
    elif kind == STRSLICE and isinstance(raw, str):
        raw = [raw]
    elif kind in (STRINGS, STRSLICE):
        go_type = "[]string"
        valid = isinstance(raw, list) and all(isinstance(item, str) for item in raw)
    elif not isinstance(raw, dict):
        valid = False
    elif kind == STRING_MAP:
        bad = [v for v in raw.values() if not isinstance(v, str)]
        if bad:
            raise _type_error(bad[0], owner, path, "string")
    else:  # SET, PORT_SET: Go ignores what the values hold
        raw = {key: {} for key in raw}
    if not valid:
        raise _type_error(raw, owner, path, go_type)
    return list(raw) if isinstance(raw, list) else dict(raw) if isinstance(raw, dict) else raw


def _type_error(raw: Any, owner: type, path: str, go_type: str) -> GoJSONError:
    json_type = _JSON_TYPE_NAMES.get(type(raw), "value")
    if path:
        struct_name = owner.GO_TYPE.rpartition(".")[2]
        return GoJSONError(f"json: cannot unmarshal {json_type} into Go struct field {struct_name}.{path} "
                           f"of type {go_type}")
    return GoJSONError(f"json: cannot unmarshal {json_type} into Go value of type {go_type}")


# ---------------------------------------------------------------- time
ZERO_TIME = "0001-01-01T00:00:00Z"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})")


def format_time(unix_ns: int) -> str:
    """Go's `time.Time.MarshalJSON` for a UTC instant: RFC 3339 with trailing zeros of the nanoseconds dropped."""
    seconds, nanos = divmod(unix_ns, 1_000_000_000)
    stamp = (_EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S")
    fraction = f"{nanos:09d}".rstrip("0")
    return f"{stamp}.{fraction}Z" if fraction else f"{stamp}Z"


def parse_time(text: str) -> int:
    """Unix nanoseconds of an RFC 3339 time as Go writes it; InvalidParameter with Go's message otherwise."""
    match = _RFC3339.fullmatch(text)
    if match is None:
        raise InvalidParameter(f'parsing time "{text}": not an RFC 3339 time')
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        tz = timezone.utc if zone == "Z" else timezone(
            (1 if zone[0] == "+" else -1) * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=tz)
    except ValueError:
        raise InvalidParameter(f'parsing time "{text}": out of range') from None
    delta = moment - _EPOCH
    nanos = int((fraction or "0").ljust(9, "0"))
    return (delta.days * 86400 + delta.seconds) * 1_000_000_000 + nanos
