"""How Python values stand in for Go values when templates and printers treat them as Go would.

Decoded Engine API JSON is what Go's `docker inspect` fallback sees after `json.Decode` into an
`interface{}`: objects are `map[string]interface {}`, arrays `[]interface {}`, and null is nil.
Other objects (the per-row contexts of `docker ps`, `docker images`...) play Go structs whose
fields and methods are their public attributes; a class names its Go type in `go_type` so error
messages read like Docker's (`can't evaluate field Foo in type *formatter.ContainerContext`).

Three small types cover what plain JSON cannot say:
  * `StringSlice` — a `[]string`, as `split` returns, so `join` and messages know its type;
  * `GoNil` — a typed nil (`[]string(nil)` prints `[]`, a nil map `map[]`, a nil pointer
    `<nil>`), for callers that know the Go type behind a JSON null;
  * `Boxed` — internal to the template executor: a value read out of an `interface{}` slot.
    Go reports such values as `interface {}` in some messages, so the executor keeps the box
    until the value is used.
"""
from __future__ import annotations

from typing import Any


class StringSlice(list):
    """A Go `[]string`: a list whose elements are all strings, typed as such."""

    go_type = "[]string"


class RawMap(dict):
    """A JSON object decoded into `map[string]interface {}` for certain — the raw inspect fallback —
    so an empty one prints `map[]` even where a typed struct's empty `struct{}` would print `{}`."""


def raw_maps(value: Any) -> Any:
    """Decoded JSON with every object marked a RawMap."""
    if isinstance(value, dict):
        return RawMap((k, raw_maps(v)) for k, v in value.items())
    if isinstance(value, list):
        return [raw_maps(v) for v in value]
    return value


class GoNil:
    """A nil of a known Go type: `kind` is "slice", "map" or "pointer"."""

    __slots__ = ("kind", "go_type")

    def __init__(self, kind: str, go_type: str):
        if kind not in ("slice", "map", "pointer"):
            raise ValueError(f"unknown nil kind {kind!r}")
        self.kind = kind
        self.go_type = go_type

    def __repr__(self) -> str:
        return f"GoNil({self.kind!r}, {self.go_type!r})"


class Boxed:
    """A value as stored in an `interface{}` (a JSON object member or array element)."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def __repr__(self) -> str:
        return f"Boxed({self.value!r})"


def unbox(value: Any) -> Any:
    """The concrete value inside a box (Go's indirectInterface); other values pass through."""
    return value.value if isinstance(value, Boxed) else value


def is_struct(value: Any) -> bool:
    """True for the objects that play Go structs (anything that is not JSON-shaped data)."""
    return not isinstance(value, (type(None), bool, int, float, complex, str, list, dict, GoNil, Boxed))


def go_type_name(value: Any) -> str:
    """The Go type name of a value as reflect's Type.String() spells it in error messages."""
    if isinstance(value, Boxed):
        return "interface {}"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, complex):
        return "complex128"
    if isinstance(value, str):
        return "string"
    if isinstance(value, StringSlice):
        return "[]string"
    if isinstance(value, list):
        return "[]interface {}"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, GoNil):
        return value.go_type
    return getattr(type(value), "go_type", None) or type(value).__name__


def is_true(value: Any) -> bool:
    """Go template truth: the zero value of a type is false; structs are always true."""
    value = unbox(value)
    if value is None or isinstance(value, GoNil):
        return False
    if isinstance(value, (bool, int, float, complex)):
        return value != 0
    if isinstance(value, (str, list, dict)):
        return len(value) > 0
    return True
