"""Go's fmt as templates print with it: %v of values, Sprint, Sprintln and Sprintf."""
import pytest

from dockyard.kernel.cli.formatter.gofmt import format_value, sprint, sprintf, sprintln
from dockyard.kernel.cli.formatter.govalues import GoNil, StringSlice


class Point:
    def __init__(self):
        self.X = 1
        self.Y = "two"


class Named:
    def String(self):
        return "named!"


@pytest.mark.parametrize("value, expected", [
    (None, "<nil>"),
    (True, "true"),
    (False, "false"),
    (0, "0"),
    (-42, "-42"),
    ("text", "text"),
    # float64 with %v: shortest digits, exponent from 1e+06 up and below 1e-04
    (0.5, "0.5"),
    (3.0, "3"),
    (100000.0, "100000"),
    (123456.0, "123456"),
    (1e6, "1e+06"),
    (1234567.0, "1.234567e+06"),
    (0.0001, "0.0001"),
    (0.00001, "1e-05"),
    (-0.0, "-0"),
    (1e21, "1e+21"),
    (float("nan"), "NaN"),
    (float("inf"), "+Inf"),
    (1 + 2j, "(1+2i)"),
    # slices and maps
    ([], "[]"),
    (["a", "b", "c"], "[a b c]"),
    ([1, "x", None, True], "[1 x <nil> true]"),
    ({}, "map[]"),
    ({"b": 2, "a": 1}, "map[a:1 b:2]"),
    ({"443/tcp": {}, "80/tcp": {}}, "map[443/tcp:{} 80/tcp:{}]"),  # ExposedPorts' struct{} values
    ({"a": {"b": [1, 2]}}, "map[a:map[b:[1 2]]]"),
    ({"a": None}, "map[a:<nil>]"),
    (StringSlice(["x", "y"]), "[x y]"),
    (GoNil("slice", "[]string"), "[]"),
    (GoNil("map", "map[string]string"), "map[]"),
    (GoNil("pointer", "*container.Health"), "<nil>"),
    (Point(), "&{1 two}"),
    (Named(), "named!"),
])
def test_format_value(value, expected):
    assert format_value(value) == expected


def test_sprint_spaces_only_between_non_strings():
    assert sprint(1, 2, "a", "b", 3) == "1 2ab3"
    assert sprint("a", 1, 2, "b") == "a1 2b"
    assert sprint() == ""


def test_sprintln_always_spaces():
    assert sprintln("a", 1, "b") == "a 1 b\n"


@pytest.mark.parametrize("format_string, args, expected", [
    ("%s:%s", ("nginx", "latest"), "nginx:latest"),
    ("%d", (42,), "42"),
    ("%5d|%-5d|%05d", (42, 42, 42), "   42|42   |00042"),
    ("%+d %+d", (5, -5), "+5 -5"),
    ("%x %X %o %b %#x", (255, 255, 8, 5, 255), "ff FF 10 101 0xff"),
    ("%04x", (127,), "007f"),
    ("%c %q %U", (65, 65, 0x1F433), "A 'A' U+1F433"),
    ("%q %q %q", (39, 34, 10), "'\\'' '\"' '\\n'"),
    ("%10s|%-10s|", ("right", "left"), "     right|left      |"),
    ("%.3s", ("abcdef",), "abc"),
    ("%q", ('say "hi"',), '"say \\"hi\\""'),
    ("%x", ("hi",), "6869"),
    ("%v %v %v", ([1, 2], {"a": 1}, None), "[1 2] map[a:1] <nil>"),
    ("%t", (True,), "true"),
    ("%f %.2f %e %g %g", (3.14159, 3.14159, 1234.5, 1e6, 0.5), "3.141590 3.14 1.234500e+03 1e+06 0.5"),
    ("%8.3f|", (3.14159,), "   3.142|"),
    ("%x", (1.5,), "0x1.8p+00"),
    ("%T %T %T %T", (1, "s", [1], {}), "int string []interface {} map[string]interface {}"),
    ("100%%", (), "100%"),
    # Go's in-band complaints
    ("%d", ("x",), "%!d(string=x)"),
    ("%s", (5,), "%!s(int=5)"),
    ("%d", (None,), "%!d(<nil>)"),
    ("%d %d", (1,), "1 %!d(MISSING)"),
    ("%d", (1, "x", None), "1%!(EXTRA string=x, <nil>)"),
    ("%", (), "%!(NOVERB)"),
    ("%z", (3,), "%!z(int=3)"),
    ("%*d|", (5, 42), "   42|"),
    ("%[2]s %[1]s", ("a", "b"), "b a"),
    ("%d", ([1, 2],), "[1 2]"),
    ("%s", (["a", 1],), "[a %!s(int=1)]"),
])
def test_sprintf(format_string, args, expected):
    assert sprintf(format_string, *args) == expected
