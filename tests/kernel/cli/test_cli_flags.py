"""pflag's flag syntax and Go's number, duration and CSV rules, as the docker CLI applies them."""
import pytest

from dockyard.kernel.cli.flags import (PFLAG_KINDS, Cell, Flag, FlagError, FlagSet, FlagState, InvalidValue,
                                       SetContext, format_go_duration, go_quote, parse_go_bool, parse_go_duration,
                                       parse_go_float, parse_go_int, parse_go_uint, read_csv_record)

FLAGS = [
    Flag("detach", "bool", "d"), Flag("interactive", "bool", "i"), Flag("tty", "bool", "t"),
    Flag("rm", "bool"), Flag("name", "string"), Flag("publish", "stringSlice", "p"),
    Flag("last", "int", "n"),
    Flag("old", "int", deprecated="use --new instead"), Flag("help", "bool", "h", shorthand_deprecated="use --help"),
]


def flagset(interspersed=True):
    states = [FlagState(flag, Cell(PFLAG_KINDS[flag.kind].zero())) for flag in FLAGS]
    return FlagSet(states, lambda flag: PFLAG_KINDS[flag.kind], lambda first: SetContext({}, "/", first),
                   interspersed)


def parse(words, interspersed=True):
    flags = flagset(interspersed)
    result = flags.parse(words)
    values = {state.flag.name: state.cell.value for state in flags.states if state.changed}
    return values, result.args, result.notices


@pytest.mark.parametrize("words, values, args", [
    (["--name", "web", "img"], {"name": "web"}, ["img"]),
    (["--name=web", "img"], {"name": "web"}, ["img"]),
    (["--name="], {"name": ""}, []),
    (["-it", "img"], {"interactive": True, "tty": True}, ["img"]),
    (["-dit"], {"detach": True, "interactive": True, "tty": True}, []),
    (["-p80:80"], {"publish": ["80:80"]}, []),
    (["-p", "80:80", "-p", "1:2,3:4"], {"publish": ["80:80", "1:2", "3:4"]}, []),
    (["-ip80:80"], {"interactive": True, "publish": ["80:80"]}, []),
    (["-p=80:80"], {"publish": ["80:80"]}, []),
    (["--rm=false"], {"rm": False}, []),
    (["-d=true"], {"detach": True}, []),
    (["--rm", "false"], {"rm": True}, ["false"]),  # a bool takes no separate value
    (["-n", "0x10"], {"last": 16}, []),  # Go's base prefixes
    (["-n", "017"], {"last": 15}, []),
    (["-n", "-1"], {"last": -1}, []),
    (["img", "--rm"], {"rm": True}, ["img"]),  # interspersed: flags after arguments too
    (["--", "--rm"], {}, ["--rm"]),
    (["-", "x"], {}, ["-", "x"]),
    (["", "x"], {}, ["", "x"]),
    (["-test.v", "img"], {}, ["img"]),  # pflag lets `go test` flags through
    (["--name", "--rm"], {"name": "--rm"}, []),  # a value may look like a flag
])
def test_flag_syntax(words, values, args):
    got_values, got_args, _ = parse(words)
    assert (got_values, got_args) == (values, args)


def test_without_interspersed_the_first_argument_ends_the_flags():
    assert parse(["--rm", "img", "--name", "x", "--", "-y"], interspersed=False)[:2] == \
        ({"rm": True}, ["img", "--name", "x", "--", "-y"])


@pytest.mark.parametrize("words, message", [
    (["--bogus"], "unknown flag: --bogus"),
    (["--bogus=1"], "unknown flag: --bogus"),
    (["-z"], "unknown shorthand flag: 'z' in -z"),
    (["-dz"], "unknown shorthand flag: 'z' in -z"),
    (["-é"], r"unknown shorthand flag: 'Ã' in -é"),  # pflag reads the first byte of the UTF-8
    (["--name"], "flag needs an argument: --name"),
    (["-n"], "flag needs an argument: 'n' in -n"),
    (["-dn"], "flag needs an argument: 'n' in -n"),
    (["---x"], "bad flag syntax: ---x"),
    (["--=x"], "bad flag syntax: --=x"),
    (["-n", "x"], 'invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax'),
    (["--old", "x"], 'invalid argument "x" for "--old" flag: strconv.ParseInt: parsing "x": invalid syntax'),
    (["--rm=maybe"], 'invalid argument "maybe" for "--rm" flag: strconv.ParseBool: parsing "maybe": invalid syntax'),
    (["-n", "99999999999999999999"],
     'invalid argument "99999999999999999999" for "-n, --last" flag: strconv.ParseInt: parsing '
     '"99999999999999999999": value out of range'),
    (["-p", 'a"b'], 'invalid argument "a\\"b" for "-p, --publish" flag: parse error on line 1, column 2: '
                    'bare " in non-quoted-field'),
    (["-n", "\x01"], 'invalid argument "\\x01" for "-n, --last" flag: strconv.ParseInt: parsing "\\x01": invalid syntax'),
])
def test_flag_errors_are_pflags_messages(words, message):
    with pytest.raises(FlagError) as error:
        parse(words)
    assert str(error.value) == message


def test_deprecated_flags_warn_when_used():
    assert parse(["--old", "3", "-h"])[2] == ["Flag --old has been deprecated, use --new instead",
                                               "Flag shorthand -h has been deprecated, use --help"]


@pytest.mark.parametrize("text, value", [
    ("0", 0), ("42", 42), ("-42", -42), ("+7", 7), ("0x1F", 31), ("0o17", 15), ("017", 15), ("0b101", 5),
    ("1_000", 1000), ("0x_1f", 31), ("9223372036854775807", 2**63 - 1), ("-9223372036854775808", -2**63),
])
def test_go_int(text, value):
    assert parse_go_int(text) == value


@pytest.mark.parametrize("text, reason", [
    ("", "invalid syntax"), ("x", "invalid syntax"), ("1e3", "invalid syntax"), ("_1", "invalid syntax"),
    ("1__0", "invalid syntax"), ("08", "invalid syntax"), ("-", "invalid syntax"), ("9223372036854775808", "value out of range"),
])
def test_go_int_errors(text, reason):
    with pytest.raises(InvalidValue) as error:
        parse_go_int(text)
    assert str(error.value) == f"strconv.ParseInt: parsing {go_quote(text)}: {reason}"


def test_go_unsigned_and_sized():
    assert parse_go_uint("65535", 16) == 65535
    with pytest.raises(InvalidValue, match=r'strconv.ParseUint: parsing "65536": value out of range'):
        parse_go_uint("65536", 16)
    with pytest.raises(InvalidValue, match=r'strconv.ParseUint: parsing "-1": invalid syntax'):
        parse_go_uint("-1")


@pytest.mark.parametrize("text, value", [("1.5", 1.5), ("1e3", 1000.0), (".5", 0.5), ("0x1p-2", 0.25), ("1_0.5", 10.5)])
def test_go_float(text, value):
    assert parse_go_float(text) == value


def test_go_bool():
    assert [parse_go_bool(text) for text in ("1", "t", "T", "TRUE", "true", "True")] == [True] * 6
    assert [parse_go_bool(text) for text in ("0", "f", "F", "FALSE", "false", "False")] == [False] * 6
    with pytest.raises(InvalidValue, match='strconv.ParseBool: parsing "yes": invalid syntax'):
        parse_go_bool("yes")


@pytest.mark.parametrize("text, nanoseconds, shown", [
    ("0", 0, "0s"), ("10s", 10 * 10**9, "10s"), ("1h2m3.5s", 3723_500_000_000, "1h2m3.5s"),
    ("1.5h", 5400 * 10**9, "1h30m0s"), ("300ms", 300_000_000, "300ms"), ("2us", 2000, "2µs"),
    ("-3m", -180 * 10**9, "-3m0s"), (".5s", 500_000_000, "500ms"),
])
def test_go_duration(text, nanoseconds, shown):
    assert parse_go_duration(text) == nanoseconds
    assert format_go_duration(nanoseconds) == shown


@pytest.mark.parametrize("text, message", [
    ("", 'time: invalid duration ""'), ("x", 'time: invalid duration "x"'),
    ("5", 'time: missing unit in duration "5"'), ("1x", 'time: unknown unit "x" in duration "1x"'),
    ("1..2s", 'time: missing unit in duration "1..2s"'),
])
def test_go_duration_errors(text, message):
    with pytest.raises(InvalidValue) as error:
        parse_go_duration(text)
    assert str(error.value) == message


@pytest.mark.parametrize("text, record", [
    ("a,b", ["a", "b"]), ('"a,b",c', ["a,b", "c"]), ('"say ""hi"""', ['say "hi"']), ("x,", ["x", ""]),
    ("a,b\nc,d", ["a", "b"]), ('"a\nb",c', ["a\nb", "c"]), ("\n\nx", ["x"]), ("a\r\n", ["a"]),
])
def test_csv_first_record(text, record):
    assert read_csv_record(text) == record


@pytest.mark.parametrize("text, message", [
    ("", "EOF"),
    ('a"b', 'parse error on line 1, column 2: bare " in non-quoted-field'),
    ('"a"b', 'parse error on line 1, column 3: extraneous or missing " in quoted-field'),
    ('"abc', 'parse error on line 1, column 5: extraneous or missing " in quoted-field'),
])
def test_csv_errors(text, message):
    with pytest.raises(InvalidValue) as error:
        read_csv_record(text)
    assert str(error.value) == message


@pytest.mark.parametrize("text, quoted", [
    ("plain", '"plain"'), ('a"b', r'"a\"b"'), ("tab\there", r'"tab\there"'), ("\x00", r'"\x00"'),
    ("é", '"é"'), ("\u00a0", r'"\u00a0"'),
])
def test_go_quote(text, quoted):
    assert go_quote(text) == quoted
