"""Decoded JSON given back its Go types, as encoding/json.Unmarshal into a typed struct gives it.

docker/cli runs an inspect template on the typed response first (container.InspectResponse,
image.InspectResponse, ...) and only when that fails on the raw JSON. Typing changes what users
see: a null `[]string` prints `[]`, a null map `map[]`, a null pointer `<nil>`; a struct prints its
field values `{created false ... <nil>}`; fields answer to their Go names (`.ID`, not `.Id`);
`json` writes a struct's fields in declaration order, dropping `omitempty` ones that are empty;
times print as Go's time.Time and durations as `1m30s`.

A schema is two tables, both keyed by qualified Go type name ("container.Config"):
  structs: the fields, one string each as "Name Type [json:JSONName] [omitempty]", or
           "pkg.Type embedded" for an embedded struct whose fields are promoted;
  aliases: a named type's underlying type ("nat.Port": "string").
"""
from __future__ import annotations

import datetime
import re
from typing import Any, Mapping

from .govalues import GoNil, StringSlice

_INTS = {"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "byte", "rune",
         "os.FileMode"}
_FLOATS = {"float32", "float64"}


class Field:
    __slots__ = ("name", "json_name", "type", "omitempty", "embedded")

    def __init__(self, spec: str):
        words = spec.split()
        self.embedded = "embedded" in words
        self.omitempty = "omitempty" in words
        if self.embedded:
            self.type = words[0]
            self.name = words[0].lstrip("*").rsplit(".", 1)[-1]
            self.json_name = None
        else:
            self.name, self.type = words[0], words[1]
            tags = [w[5:] for w in words[2:] if w.startswith("json:")]
            self.json_name = tags[0] if tags else self.name


class Schema:
    def __init__(self, structs: Mapping[str, tuple[str, ...]], aliases: Mapping[str, str]):
        self._specs = structs
        self._aliases = aliases
        self._fields: dict[str, list[Field]] = {}

    def fields(self, type_name: str) -> list[Field] | None:
        if type_name not in self._fields:
            specs = self._specs.get(type_name)
            if specs is None:
                return None
            self._fields[type_name] = [Field(spec) for spec in specs]
        return self._fields[type_name]

    def underlying(self, type_name: str) -> str:
        seen = 0
        while type_name in self._aliases and seen < 10:
            type_name, seen = self._aliases[type_name], seen + 1
        return type_name

    def value(self, data: Any, type_name: str) -> Any:
        """`data` (decoded JSON) as a value of Go type `type_name`."""
        t = self.underlying(type_name)
        if t.startswith("*"):
            if data is None:
                return GoNil("pointer", type_name)
            return self.value(data, t[1:])
        if t.startswith("[]") or re.match(r"\[\d+\]", t):
            element = t[t.index("]") + 1:]
            if data is None:
                if t.startswith("[]"):
                    return GoNil("slice", type_name)
                return [self.value(None, element) for _ in range(int(t[1:t.index("]")]))]
            items = [self.value(item, element) for item in data]
            return StringSlice(items) if self.underlying(element) == "string" else items
        if t.startswith("map["):
            value_type = _map_value_type(t)
            if data is None:
                return GoNil("map", type_name)
            return {key: self.value(item, value_type) for key, item in data.items()}
        if t == "string":
            return data if isinstance(data, str) else ""
        if t == "bool":
            return bool(data) if isinstance(data, bool) else False
        if t in _INTS:
            return int(data) if isinstance(data, (int, float)) and not isinstance(data, bool) else 0
        if t in _FLOATS:
            return float(data) if isinstance(data, (int, float)) and not isinstance(data, bool) else 0.0
        if t == "struct {}":
            return EMPTY_STRUCT
        if t == "time.Time":
            return GoTime.parse(data)
        if t == "time.Duration":
            return GoDuration(int(data) if isinstance(data, (int, float)) else 0)
        fields = self.fields(t)
        if fields is None:  # `any`, or a type the schema leaves out: the JSON as it came
            return data
        return GoStruct(self, t, fields, data if isinstance(data, dict) else {})


def _map_value_type(t: str) -> str:
    depth = 0
    for i, char in enumerate(t):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return t[i + 1:]
    return "any"


class GoStruct:
    """A struct value: its Go fields are attributes, in declaration order; embedded structs'
    fields are promoted, as Go promotes them."""

    go_struct_value = True  # a template prints it as `{...}` (text/template indirects pointers)

    def __init__(self, schema: Schema, type_name: str, fields: list[Field], data: dict):
        object.__setattr__(self, "_go_type", type_name)
        object.__setattr__(self, "_fields", fields)
        object.__setattr__(self, "_embedded", [])
        for field in fields:
            if field.embedded:
                # an embedded struct reads its members from the same JSON object
                value = schema.value(data, field.type)
                self._embedded.append(value)
            else:
                value = schema.value(data.get(field.json_name), field.type)
            self.__dict__[field.name] = value

    @property
    def go_type(self) -> str:
        return self._go_type

    def __getattr__(self, name: str) -> Any:  # only called for what is not a field of this struct
        if not name.startswith("_"):
            for inner in self.__dict__.get("_embedded", ()):
                if isinstance(inner, GoStruct):
                    try:
                        return getattr(inner, name)
                    except AttributeError:
                        continue
        raise AttributeError(name)

    def go_json_fields(self) -> list[tuple[str, Any]]:
        """The members encoding/json writes, in order: embedded structs inlined, empty omitempty left out."""
        out: list[tuple[str, Any]] = []
        for field in self._fields:
            value = self.__dict__[field.name]
            if field.embedded:
                if isinstance(value, GoStruct):
                    out.extend(value.go_json_fields())
                continue
            if field.omitempty and _is_empty(value):
                continue
            out.append((field.json_name, value))
        return out


def _is_empty(value: Any) -> bool:
    """encoding/json's isEmptyValue: false, 0, "", nil, and empty slices and maps (never a struct)."""
    if isinstance(value, GoNil):
        return True
    if isinstance(value, (bool, int, float, str, list, dict)):
        return not value
    if isinstance(value, GoDuration):
        return value.nanoseconds == 0
    return False


class _EmptyStruct:
    """`struct{}`, the values of Docker's port and volume sets."""

    go_struct_value = True
    go_type = "struct {}"

    def go_json_fields(self) -> list:
        return []


EMPTY_STRUCT = _EmptyStruct()


class GoTime:
    """time.Time decoded from RFC 3339; prints as Go's Time.String()."""

    go_type = "time.Time"

    def __init__(self, text: str, moment: datetime.datetime | None, nanos: int):
        self.text = text
        self.moment = moment
        self.nanos = nanos

    @classmethod
    def parse(cls, data: Any) -> "GoTime":
        text = data if isinstance(data, str) and data else "0001-01-01T00:00:00Z"
        m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", text)
        if not m:
            return cls(text, None, 0)
        zone = "+00:00" if m.group(3) == "Z" else m.group(3)
        moment = datetime.datetime.fromisoformat(m.group(1) + zone)
        nanos = int((m.group(2) or "0")[:9].ljust(9, "0"))
        return cls(text, moment, nanos)

    def String(self) -> str:  # noqa: N802 (Go's method name, which templates can call)
        if self.moment is None:
            return self.text
        m = self.moment
        stamp = f"{m.year:04d}-{m.month:02d}-{m.day:02d} {m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        if self.nanos:
            stamp += "." + f"{self.nanos:09d}".rstrip("0")
        offset = self.moment.strftime("%z")
        zone = "UTC" if offset == "+0000" else offset
        return f"{stamp} {offset} {zone}"

    def go_json(self) -> str:
        return self.text


class GoDuration:
    """time.Duration: nanoseconds, printed as Go's Duration.String() (`1m30s`, `500ms`)."""

    go_type = "time.Duration"

    def __init__(self, nanoseconds: int):
        self.nanoseconds = nanoseconds

    def String(self) -> str:  # noqa: N802
        return format_duration(self.nanoseconds)

    def go_json(self) -> int:
        return self.nanoseconds


def format_duration(ns: int) -> str:
    if ns == 0:
        return "0s"
    sign, ns = ("-", -ns) if ns < 0 else ("", ns)
    if ns < 1_000_000_000:
        for unit, size in (("ns", 1), ("µs", 1_000), ("ms", 1_000_000)):
            if ns < size * 1000:
                return sign + _decimal(ns, size) + unit
    hours, rest = divmod(ns, 3_600_000_000_000)
    minutes, rest = divmod(rest, 60_000_000_000)
    out = sign
    if hours:
        out += f"{hours}h"
    if hours or minutes:
        out += f"{minutes}m"
    return out + _decimal(rest, 1_000_000_000) + "s"


def _decimal(value: int, unit: int) -> str:
    whole, fraction = divmod(value, unit)
    if not fraction:
        return str(whole)
    digits = len(str(unit)) - 1
    return f"{whole}." + f"{fraction:0{digits}d}".rstrip("0")
