"""Query parameters and filters read with moby's rules (httputils/form.go, api/types/filters)."""
from __future__ import annotations

import pytest

from dockyard.engine.api.filters import Filters, InvalidFilter, MalformedFilters
from dockyard.engine.api.request import Query, Request
from dockyard.engine.errors import InvalidParameter


@pytest.mark.parametrize("value, expected", [
    ("", False), ("0", False), ("no", False), ("false", False), ("none", False),
    ("FALSE", False), (" No ", False), ("None", False),
    ("1", True), ("true", True), ("yes", True), ("on", True), ("2", True), ("False!", True),
])
def test_bool_value(value, expected):
    assert Query(f"flag={value}").bool("flag") is expected


def test_bool_of_an_absent_key_is_false_unless_a_default_is_given():
    query = Query("all=")
    assert query.bool("missing") is False
    assert query.bool_or("missing", True) is True
    assert query.bool_or("all", True) is False  # present but empty


def test_timestamps_are_seconds_with_an_optional_fraction():
    assert (Query("since=1700000000.5").timestamp("since"), Query("").timestamp("since")) == (1700000000.5, None)
    with pytest.raises(InvalidParameter, match='invalid value for "until"'):
        Query("until=1h").timestamp("until")


@pytest.mark.parametrize("query, expected", [
    ("n=10", 10), ("n=-3", -3), ("n=%2B4", 4), ("n=", 7), ("", 7), ("n=9223372036854775807", 2**63 - 1),
])
def test_int_values(query, expected):
    assert Query(query).int("n", 7) == expected


@pytest.mark.parametrize("text, message", [
    ("abc", 'strconv.ParseInt: parsing "abc": invalid syntax'),
    ("1.5", 'strconv.ParseInt: parsing "1.5": invalid syntax'),
    ("9223372036854775808", 'strconv.ParseInt: parsing "9223372036854775808": value out of range'),
])
def test_a_bad_int_is_an_invalid_parameter_with_gos_message(text, message):
    with pytest.raises(InvalidParameter, match=message.replace(".", r"\.")):
        Query(f"n={text}").int("n")
    assert Query(f"n={text}").int_or_zero("n") == 0


def test_the_first_of_repeated_values_is_the_value():
    query = Query("t=a:1&t=b:2&empty")
    assert query.get("t") == "a:1" and query.get_all("t") == ["a:1", "b:2"]
    assert "empty" in query and query.get("empty") == "" and query.get("nope", "d") == "d"


def test_a_request_splits_and_decodes_its_target():
    request = Request("GET", "/v1.41/images/my%20app/json?filters=%7B%7D")
    assert (request.path, request.query.get("filters")) == ("/v1.41/images/my app/json", "{}")


@pytest.mark.parametrize("text, expected", [
    ("", {}),
    ("null", {}),
    ('{"name":{"web":true}}', {"name": ["web"]}),
    ('{"name":{"web":true,"db":true},"status":{"exited":true}}', {"name": ["web", "db"], "status": ["exited"]}),
    ('{"name":["web","db"]}', {"name": ["web", "db"]}),  # the legacy shape (API < 1.22)
    ('{"label":[]}', {"label": []}),
])
def test_filters_come_in_two_shapes(text, expected):
    assert dict(Filters.from_json(text)) == expected


@pytest.mark.parametrize("text, message", [
    ("{bad", "invalid character 'b' looking for beginning of object key string"),
    ('{"a":1', "unexpected end of JSON input"),
    ("[1]", "json: cannot unmarshal array into Go value of type map[string]map[string]bool"),
    ('{"a":"b"}', "json: cannot unmarshal string into Go value of type map[string]bool"),
    ('{"a":{"b":1}}', "json: cannot unmarshal number into Go value of type bool"),
])
def test_malformed_filters_keep_gos_message(text, message):
    with pytest.raises(MalformedFilters) as caught:
        Filters.from_json(text)
    assert str(caught.value) == message


FILTERS = Filters.from_json('{"name":{"^/?we":true},"id":{"abc":true},"label":{"tier=front":true,"env":true},'
                            '"status":{"running":true,"paused":true},"off":{"x":false}}')


@pytest.mark.parametrize("matcher, key, source, expected", [
    ("exact_match", "status", "running", True),
    ("exact_match", "status", "exited", False),
    ("exact_match", "absent", "anything", True),
    ("exact_match", "off", "x", False),  # a value set to false never matches
    ("unique_exact_match", "status", "running", False),  # two values: never unique
    ("unique_exact_match", "id", "abc", True),
    ("match", "name", "/web", True),  # values are regular expressions
    ("match", "name", "web", True),
    ("match", "name", "db", False),
    ("fuzzy_match", "id", "abcdef", True),  # IDs by prefix
    ("fuzzy_match", "id", "xabc", False),
])
def test_filter_matchers(matcher, key, source, expected):
    assert getattr(FILTERS, matcher)(key, source) is expected


@pytest.mark.parametrize("labels, expected", [
    ({"tier": "front", "env": "prod"}, True),
    ({"tier": "back", "env": "prod"}, False),
    ({"tier": "front"}, False),
    ({}, False),
])
def test_label_filters_need_every_key_and_value(labels, expected):
    assert FILTERS.match_kv_list("label", labels) is expected
    assert FILTERS.match_kv_list("absent", labels) is True


def test_validate_names_the_first_unknown_key():
    with pytest.raises(InvalidFilter, match="Invalid filter 'colour'"):
        Filters.from_json('{"name":{"a":true},"colour":{"red":true}}').validate({"name"})
    Filters.from_json('{"name":{"a":true}}').validate({"name", "label"})
