"""The `filters` query parameter: a JSON map from a key to a set of values, with moby's matching rules.

Clients send `{"name":{"web":true}}`; API versions before 1.22 sent the legacy `{"name":["web"]}`, and
moby still accepts both. A `Filters` reads as a mapping from key to the list of its values, and offers
the matchers moby's list endpoints use (exact, regular expression, prefix, `key=value` labels).
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from ..errors import InvalidParameter, System
from .gojson import GoJSONError, decode


class InvalidFilter(InvalidParameter):
    def __init__(self, key: str):
        super().__init__(f"Invalid filter '{key}'")


class MalformedFilters(System):
    """A `filters` value that is not JSON of either shape. Engine 20.10 answers 500 with Go's decoder message."""


class Filters(Mapping[str, list[str]]):
    def __init__(self, fields: dict[str, dict[str, bool]] | None = None):
        self._fields = fields or {}

    @classmethod
    def from_json(cls, text: str) -> Filters:
        if not text:
            return cls()
        try:
            raw = decode(text)
        except GoJSONError as e:
            raise MalformedFilters(str(e)) from None
        if raw is None:
            return cls()
        current = _as_value_sets(raw)
        if current is not None:
            return cls(current)
        legacy = _as_value_lists(raw)
        if legacy is not None:
            return cls({key: dict.fromkeys(values, True) for key, values in legacy.items()})
        raise MalformedFilters(_go_type_error(raw))

    # Mapping: key -> values, in the order the client sent them
    def __getitem__(self, key: str) -> list[str]:
        return list(self._fields[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return f"Filters({self._fields!r})"

    def get_values(self, key: str) -> list[str]:
        """The values given for `key`, or [] (moby's Args.Get)."""
        return list(self._fields.get(key, ()))

    def validate(self, accepted: set[str] | frozenset[str]) -> None:
        """Reject a key the endpoint does not know, with moby's message."""
        for key in self._fields:
            if key not in accepted:
                raise InvalidFilter(key)

    def exact_match(self, key: str, source: str) -> bool:
        """True when no value is given for `key`, or `source` is one of them."""
        values = self._fields.get(key)
        if not values:
            return True
        return values.get(source, False)

    def unique_exact_match(self, key: str, source: str) -> bool:
        """As exact_match, but more than one value for `key` never matches."""
        values = self._fields.get(key)
        if not values:
            return True
        return len(values) == 1 and values.get(source, False)

    def match(self, key: str, source: str) -> bool:
        """Exact match, or any value read as a regular expression found in `source` (e.g. `name=web`)."""
        if self.exact_match(key, source):
            return True
        for pattern in self._fields.get(key, ()):
            try:
                if re.search(pattern, source):
                    return True
            except re.error:
                continue
        return False

    def fuzzy_match(self, key: str, source: str) -> bool:
        """Exact match, or `source` starts with one of the values (IDs given by prefix)."""
        if self.exact_match(key, source):
            return True
        return any(source.startswith(prefix) for prefix in self._fields.get(key, ()))

    def match_kv_list(self, key: str, sources: Mapping[str, str] | None) -> bool:
        """Every `k` or `k=v` value is present in `sources` (labels); true when no value is given."""
        values = self._fields.get(key)
        if not values:
            return True
        if not sources:
            return False
        for value in values:
            name, sep, wanted = value.partition("=")
            if name not in sources:
                return False
            if sep and sources[name] != wanted:
                return False
        return True


def _as_value_sets(raw: object) -> dict[str, dict[str, bool]] | None:
    if not isinstance(raw, dict):
        return None
    fields: dict[str, dict[str, bool]] = {}
    for key, values in raw.items():
        if values is None:
            fields[key] = {}
        elif isinstance(values, dict) and all(isinstance(v, bool) for v in values.values()):
            fields[key] = dict(values)
        else:
            return None
    return fields


def _as_value_lists(raw: object) -> dict[str, list[str]] | None:
    if not isinstance(raw, dict):
        return None
    if all(values is None or (isinstance(values, list) and all(isinstance(v, str) for v in values))
           for values in raw.values()):
        return {key: values or [] for key, values in raw.items()}
    return None


def _go_type_error(raw: object) -> str:
    """Go's message when the JSON is well formed but not a map of value sets (the first, current shape)."""
    if not isinstance(raw, dict):
        return f"json: cannot unmarshal {_go_kind(raw)} into Go value of type map[string]map[string]bool"
    for values in raw.values():
        if values is not None and not isinstance(values, dict):
            return f"json: cannot unmarshal {_go_kind(values)} into Go value of type map[string]bool"
        for flag in (values or {}).values():
            if not isinstance(flag, bool):
                return f"json: cannot unmarshal {_go_kind(flag)} into Go value of type bool"
    return "json: cannot unmarshal object into Go value of type map[string]map[string]bool"


def _go_kind(value: object) -> str:
    return {bool: "bool", str: "string", list: "array", dict: "object"}.get(type(value), "number")
