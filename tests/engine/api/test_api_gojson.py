"""JSON written and read as Go's encoding/json does, down to its error messages."""
from __future__ import annotations

import pytest

from dockyard.engine.api.gojson import EmptyInput, GoJSONError, decode, decode_first, encode


@pytest.mark.parametrize("value, html, expected", [
    ({"message": "No such container: x"}, False, b'{"message":"No such container: x"}\n'),
    ({"a": [1, 2], "b": None, "c": True}, False, b'{"a":[1,2],"b":null,"c":true}\n'),
    ({"stream": "a <b> & c"}, False, b'{"stream":"a <b> & c"}\n'),
    ({"stream": "a <b> & c"}, True, b'{"stream":"a \\u003cb\\u003e \\u0026 c"}\n'),
    ({"name": "caf\u00e9 \u2028"}, False, '{"name":"caf\u00e9 \\u2028"}\n'.encode()),
])
def test_encode(value, html, expected):
    assert encode(value, escape_html=html) == expected


@pytest.mark.parametrize("text, message", [
    ("{bad", "invalid character 'b' looking for beginning of object key string"),
    ("[1,]", "invalid character ']' looking for beginning of value"),
    ('{"a" 1}', "invalid character '1' after object key"),
    ('{"a":1 "b":2}', "invalid character '\"' after object key:value pair"),
    ("[1 2]", "invalid character '2' after array element"),
    ("trux", "invalid character 'x' in literal true (expecting 'e')"),
    ("-x", "invalid character 'x' in numeric literal"),
    ("1.x", "invalid character 'x' after decimal point in numeric literal"),
    ("1ex", "invalid character 'x' in exponent of numeric literal"),
    ('"a\tb"', "invalid character '\\t' in string literal"),
    ('"\\x"', "invalid character 'x' in string escape code"),
    ('"\\u12x4"', "invalid character 'x' in \\u hexadecimal character escape"),
    ("'single'", "invalid character '\\'' looking for beginning of value"),
    ("{} x", "invalid character 'x' after top-level value"),
    ('{"a":', "unexpected end of JSON input"),
    ("", "unexpected end of JSON input"),
])
def test_decode_reports_gos_syntax_errors(text, message):
    with pytest.raises(GoJSONError) as caught:
        decode(text)
    assert str(caught.value) == message


def test_decoding_a_body_reads_its_first_value_only_as_gos_decoder():
    assert decode_first('  {"a": 1} {"ignored": true}') == {"a": 1}
    with pytest.raises(EmptyInput):
        decode_first(" \n ")
    with pytest.raises(GoJSONError, match="^unexpected EOF$"):
        decode_first('{"a": [1,')
