"""The Go behaviours Docker's Dockerfile messages are made of."""

import pytest

from dockyard.engine.dockerfile.gocompat import (
    GoSyntaxError,
    is_space,
    parse_duration,
    printf_without_arguments,
    quote,
    quote_list,
    to_lower,
    to_upper,
    trim_space,
)

QUOTES = [
    ("", '""'),
    ("a b", '"a b"'),
    ('say "hi"\\', '"say \\"hi\\"\\\\"'),
    ("\t\n\r\x00\x07\x1b\x7f", '"\\t\\n\\r\\x00\\a\\x1b\\x7f"'),
    ("♥☃한국어é", '"♥☃한국어é"'),
    ("\u00a0\u200b\ufeff", '"\\u00a0\\u200b\\ufeff"'),
    ("\U000e0001", '"\\U000e0001"'),
    ("\udcff", '"\\xff"'),
]


@pytest.mark.parametrize("text, quoted", QUOTES)
def test_quote_is_strconv_quote(text, quoted):
    assert quote(text) == quoted


def test_quote_list_is_percent_q_of_a_slice():
    assert quote_list(["--a=b", "--c"]) == '["--a=b" "--c"]'


def test_spaces_are_unicode_isspace():
    assert all(is_space(ch) for ch in "\t\n\v\f\r \x85\xa0\u3000")
    assert not any(is_space(ch) for ch in "\x1c\x1f\u200bx")
    assert trim_space("\x85 a b\u3000") == "a b"


def test_case_mapping_is_rune_by_rune():
    assert to_upper("straße") == "STRAßE"
    assert to_lower("ΟΔΟΣ") == "οδοσ"


DURATIONS = [
    ("0", 0),
    ("1ms", 1_000_000),
    ("1.5s", 1_500_000_000),
    ("1m30s", 90_000_000_000),
    ("-2h", -7_200_000_000_000),
    (".5us", 500),
    ("3µs", 3_000),
    ("1ns", 1),
]


@pytest.mark.parametrize("text, nanoseconds", DURATIONS)
def test_parse_duration(text, nanoseconds):
    assert parse_duration(text) == nanoseconds


@pytest.mark.parametrize(
    "text, message",
    [
        ("", 'time: invalid duration ""'),
        ("5", 'time: missing unit in duration "5"'),
        ("5x", 'time: unknown unit "x" in duration "5x"'),
        ("x5s", 'time: invalid duration "x5s"'),
        (".s", 'time: invalid duration ".s"'),
        ("99999999999h", 'time: invalid duration "99999999999h"'),
        ("1é", 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'),
    ],
)
def test_parse_duration_errors(text, message):
    with pytest.raises(GoSyntaxError) as failure:
        parse_duration(text)
    assert str(failure.value) == message


@pytest.mark.parametrize(
    "format_string, text",
    [("plain", "plain"), ("100%%", "100%"), ("%s and %d", "%!s(MISSING) and %!d(MISSING)"),
     ("%-5.2f", "%!f(MISSING)"), ("end %", "end %!(NOVERB)"), ("%*d", "%!(BADWIDTH)%!d(MISSING)")],
)
def test_printf_without_arguments(format_string, text):
    assert printf_without_arguments(format_string) == text
