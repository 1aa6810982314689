"""encoding/json Marshal: what `{{json .X}}` prints and what the daemon's JSON looks like."""
import pytest

from dockyard.kernel.cli.formatter.gojson import JSONError, marshal
from dockyard.kernel.cli.formatter.govalues import Boxed, GoNil


@pytest.mark.parametrize("value, expected", [
    ({"80/tcp": {}}, '{"80/tcp":{}}'),
    ({"b": 1, "a": [1, 2]}, '{"a":[1,2],"b":1}'),
    (["python", "app.py"], '["python","app.py"]'),
    (None, "null"),
    (GoNil("slice", "[]string"), "null"),
    (Boxed("x"), '"x"'),
    (True, "true"),
    (0, "0"),
    (5.0, "5"),
    (0.5, "0.5"),
    (1e20, "100000000000000000000"),
    (1e21, "1e+21"),
    (1e-6, "0.000001"),
    (1e-7, "1e-7"),
    (-0.0, "-0"),
    ("tab\tquote\"back\\slash\nnul\x00", '"tab\\tquote\\"back\\\\slash\\nnul\\u0000"'),
    ("\b\f\x1f", '"\\b\\f\\u001f"'),
    ("\u2028\u2029", '"\\u2028\\u2029"'),
    ("한글 …", '"한글 …"'),
    ({}, "{}"),
    ([], "[]"),
])
def test_marshal(value, expected):
    assert marshal(value) == expected


def test_html_characters_are_escaped_unless_turned_off():
    command = "echo a > b && c < d"
    assert marshal(command) == '"echo a \\u003e b \\u0026\\u0026 c \\u003c d"'
    assert marshal(command, escape_html=False) == '"echo a > b && c < d"'


def test_indent_as_marshal_indent():
    value = {"Dns": "0.0.0.0", "Empty": {}, "List": [1, {"a": None}], "None": []}
    assert marshal(value, indent="    ") == (
        '{\n'
        '    "Dns": "0.0.0.0",\n'
        '    "Empty": {},\n'
        '    "List": [\n'
        '        1,\n'
        '        {\n'
        '            "a": null\n'
        '        }\n'
        '    ],\n'
        '    "None": []\n'
        '}'
    )


def test_objects_marshal_through_go_json():
    class Row:
        def go_json(self):
            return {"ID": "abc", "Size": 3}

    assert marshal([Row()]) == '[{"ID":"abc","Size":3}]'


@pytest.mark.parametrize("value, message", [
    (float("nan"), "json: unsupported value: NaN"),
    (float("inf"), "json: unsupported value: +Inf"),
    (1j, "json: unsupported type: complex128"),
])
def test_unsupported_values(value, message):
    with pytest.raises(JSONError, match=message.replace("+", r"\+")):
        marshal(value)
