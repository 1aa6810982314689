"""echo, printf, test, [ and [[: the busybox applets' behaviour, shared by the shell's builtins.

The shell implements these once (dockyard.engine.userland.sh.builtins: echo, printf, test) and
the busybox applets call the same functions. Rows run the function with argv[0] as the applet
name, so messages say `printf: ...`; each row was recorded from busybox 1.35's applet of that
name. Rows are (name, arguments, stdout[, stderr[, status]]).
"""
from __future__ import annotations

import pytest

from dockyard.engine.userland.process import BufferOutput, Process
from dockyard.engine.userland.sh import builtins as utilities
from test_sh_harness import container, run

COMMANDS = {"echo": utilities.echo, "printf": utilities.printf, "test": utilities.test, "[": utilities.test,
            "[[": utilities.test}

ROWS = [
    # ---- echo
    ('echo', ['hello', 'world'], 'hello world\n'),
    ('echo', [], '\n'),
    ('echo', ['-n', 'no newline'], 'no newline'),
    ('echo', ['-e', 'a\\tb\\nc'], 'a\tb\nc\n'),
    ('echo', ['-E', 'a\\tb'], 'a\\tb\n'),
    ('echo', ['a\\tb'], 'a\\tb\n'),
    ('echo', ['-ne', 'x\\ty'], 'x\ty'),
    ('echo', ['-en', 'x'], 'x'),
    ('echo', ['-nx', 'y'], '-nx y\n'),
    ('echo', ['--', '-n'], '-- -n\n'),
    ('echo', ['-', 'dash'], '- dash\n'),
    ('echo', ['-e', '\\0101\\101\\x41\\x4', '\\x'], 'AAA\x04 \\x\n'),
    ('echo', ['-e', 'stop\\cignored', 'more'], 'stop'),
    ('echo', ['-e', '\\e[1m\\a\\b\\f\\v\\r\\\\'], '\x1b[1m\x07\x08\x0c\x0b\r\\\n'),
    ('echo', ['-e', '\\q'], '\\q\n'),
    ('echo', ['-e', '\\0'], '\x00\n'),
    ('echo', ['-e', 'trailing\\'], 'trailing\\\n'),
    ('echo', ['-n'], ''),
    ('echo', ['-e', '-n', 'x'], 'x'),
    # ---- printf
    ('printf', ['%s-%d\\n', 'a', '1', 'b', '2'], 'a-1\nb-2\n'),
    ('printf', ['%5s|%-5s|%05d\\n', 'ab', 'cd', '42'], '   ab|cd   |00042\n'),
    ('printf', ['%d\\n', '12abc'], '0\n', "printf: invalid number '12abc'\n", 1),
    ('printf', ['%d|%s|\\n'], '0||\n', "printf: invalid number ''\n", 1),
    ('printf', ['%d\\n', ''], '0\n', "printf: invalid number ''\n", 1),
    ('printf', ['%x %o %u %X\\n', '-1', '8', '-2', '255'], 'ffffffffffffffff 10 18446744073709551614 FF\n'),
    ('printf', ['%#o %#x %+d % d %05d %-5d| %.3s %5.1f %e %g %c\\n', '8', '255', '5', '5', '42', '42', 'abcdef', '3.14159', '1234.5', '0.0001', 'hello'], '010 0xff +5  5 00042 42   | abc   3.1 1.234500e+03 0.0001 h\n'),
    ('printf', ['%d %d %d\\n', "'A", '0x10', '010'], '65 16 8\n'),
    ('printf', ['%s\\n', 'a', 'b', 'c'], 'a\nb\nc\n'),
    ('printf', ['%s %s\\n', 'a', 'b', 'c'], 'a b\nc \n'),
    ('printf', ['a\\tb\\x41\\101\\n'], 'a\tbAA\n'),
    ('printf', ['%b\\n', 'a\\tb\\c', 'after'], 'a\tb'),
    ('printf', ['%b|%b\\n', '\\0101', '\\101'], 'A|A\n'),
    ('printf', ['x\\cy'], 'x'),
    ('printf', ['%z'], '', 'printf: %: invalid format\n', 1),
    ('printf', ['%'], '', 'printf: %: invalid format\n', 1),
    ('printf', ['--', '-%s-\\n', 'x'], '-x-\n'),
    ('printf', ['%*d|%-*d|\\n', '5', '1', '4', '2'], '    1|2   |\n'),
    ('printf', ['%.*f\\n', '2', '3.14159'], '3.14\n'),
    ('printf', ['%f\\n', 'abc'], '0.000000\n', "printf: invalid number 'abc'\n", 1),
    ('printf', ['%d\\n', '99999999999999999999'], '0\n', "printf: invalid number '99999999999999999999'\n", 1),
    ('printf', ['%u\\n', '18446744073709551615'], '18446744073709551615\n'),
    ('printf', ['%i\\n', ' 42'], '42\n'),
    ('printf', ['%5%|\\n'], '', 'printf: %5%|\\n: invalid format\n', 1),
    ('printf', ['%lld %hd %zd\\n', '1', '2', '3'], '1 2 3\n'),
    ('printf', ['\\q\\n'], '\\q\n'),
    ('printf', ['%#x %#o\\n', '0', '0'], '0 0\n'),
    ('printf', ['%c%c|\\n', '', 'xyz'], '\x00x|\n'),
    ('printf', ['%.2s|%10.4f|%-8e|\\n', 'abc', '3.14159', '2.5'], 'ab|    3.1416|2.500000e+00|\n'),
    ('printf', ['%+.3d|% 05d|%x\\n', '7', '-3', '255'], '+007|-0003|ff\n'),
    ('printf', ['%G %E\\n', '0.000012345', '12345'], '1.2345E-05 1.234500E+04\n'),
    ('printf', ['%s\\n'], '\n'),
    ('printf', ['%d %s\\n', '1'], '1 \n'),
    ('printf', ['\\101\\x42\\n'], 'AB\n'),
    ('printf', ['%5c|\\n', 'ab'], '    a|\n'),
    ('printf', ['%d\\n', '+5'], '5\n'),
    ('printf', ['%d\\n', '-0x10'], '-16\n'),
    ('printf', ['%o\\n', '-1'], '1777777777777777777777\n'),
    ('printf', ['%s %q\\n', 'a', 'b'], 'a ', 'printf: %q\\n: invalid format\n', 1),
    # ---- test
    ('test', [], '', '', 1),
    ('test', [''], '', '', 1),
    ('test', ['x'], ''),
    ('test', ['-n', ''], '', '', 1),
    ('test', ['-z', ''], ''),
    ('test', ['a', '=', 'a'], ''),
    ('test', ['a', '!=', 'a'], '', '', 1),
    ('test', ['a', '<', 'b'], ''),
    ('test', ['b', '>', 'a'], ''),
    ('test', ['1', '-eq', '1'], ''),
    ('test', ['2', '-gt', '10'], '', '', 1),
    ('test', ['abc', '-lt', '1'], '', 'test: abc: bad number\n', 2),
    ('test', ['99999999999999999999', '-eq', '1'], '', 'test: 99999999999999999999: out of range\n', 2),
    ('test', [' 5 ', '-eq', '5'], ''),
    ('test', ['-5', '-lt', '+3'], ''),
    ('test', ['1', '-eq'], '', 'test: -eq: argument expected\n', 2),
    ('test', ['-n'], ''),
    ('test', ['!'], ''),
    ('test', ['!', 'x'], '', '', 1),
    ('test', ['!', '!', 'x'], ''),
    ('test', ['(', 'a', ')'], ''),
    ('test', ['(', '-n', 'x', ')'], '', 'test: closing paren expected\n', 2),
    ('test', ['(', 'a'], '', 'test: closing paren expected\n', 2),
    ('test', ['3', '-lt', '5', '6'], '', 'test: 6: unknown operand\n', 2),
    ('test', ['a', '=', 'a', '-a', 'b', '=', 'c'], '', '', 1),
    ('test', ['a', '=', 'a', '-o', 'b', '=', 'c'], ''),
    ('test', ['!', 'a', '-a', 'b'], '', '', 1),
    ('test', ['!', '', '-o', ''], ''),
    ('test', ['!', '(', 'a', ')'], '', '', 1),
    ('test', ['a', '-a', '!'], ''),
    ('test', ['!', '=', 'a'], '', '', 1),
    ('test', ['=', '=', '='], ''),
    ('test', ['-a'], ''),
    ('test', ['-f'], ''),
    ('test', ['-f', '-a', 'x'], '', 'test: x: unknown operand\n', 2),
    ('test', ['-f', '/etc/passwd'], ''),
    ('test', ['-d', '/etc'], ''),
    ('test', ['-d', '/etc/passwd'], '', '', 1),
    ('test', ['-e', '/nonexistent'], '', '', 1),
    ('test', ['-s', '/etc/passwd'], ''),
    ('test', ['-x', '/bin/busybox'], ''),
    ('test', ['-r', '/etc/passwd'], ''),
    ('test', ['-w', '/tmp'], ''),
    ('test', ['-c', '/dev/null'], ''),
    ('test', ['-k', '/tmp'], ''),
    ('test', ['-u', '/etc/passwd'], '', '', 1),
    ('test', ['-t', '5'], '', '', 1),
    ('test', ['-t', 'x'], '', 'test: x: bad number\n', 2),
    ('test', ['/etc', '-ef', '/etc'], ''),
    ('test', ['-x', '-o', 'x'], '', 'test: x: unknown operand\n', 2),
    ('test', ['x', '-o'], '', 'test: argument expected\n', 2),
    ('test', ['x', '-a'], '', 'test: argument expected\n', 2),
    ('test', ['a', '=~', 'a'], '', 'test: =~: unknown operand\n', 2),
    ('[', ['a', '=', 'a', ']'], ''),
    ('[', ['a'], '', '[: missing ]\n', 2),
    ('[', [']'], '', '', 1),
    ('[', ['-n', ']', ']'], ''),
    ('[[', ['a', '==', 'a*', ']]'], ''),
    ('[[', ['abc', '!=', 'a?c', ']]'], '', '', 1),
    ('[[', ['abc', '=~', '^a.c$', ']]'], ''),
    ('[[', ['abc', '=~', '(', ']]'], '', '', 2),
    ('[[', ['a', '=', 'b', '||', 'a', '=', 'a', ']]'], ''),
    ('[[', ['a', '=', 'a', '&&', 'b', '=', 'c', ']]'], '', '', 1),
    ('[[', ['a', '-a', 'b', ']]'], '', '[[: -a: unknown operand\n', 2),
    ('[[', ['a', ']'], '', '[[: missing ]]\n', 2),
]


def call(argv: list[str]) -> tuple[str, str, int]:
    out, err = BufferOutput(), BufferOutput()
    proc = Process(container(), argv, cwd="/", stdout=out, stderr=err)
    status = COMMANDS[argv[0]](proc)
    return out.getvalue().decode("utf-8", "surrogateescape"), err.getvalue().decode(), status


def _row(name: str, args: list[str], out: str, err: str = "", status: int = 0):
    return pytest.param([name, *args], out, err, status, id=" ".join([name, *args])[:60])


@pytest.mark.parametrize("argv, out, err, status", [_row(*row) for row in ROWS])
def test_applet(argv, out, err, status):
    assert call(argv) == (out, err, status)


@pytest.mark.parametrize("op, path, expected", [
    ("-h", "/bin/cp", 0),  # the image's applet links are symlinks
    ("-L", "/bin/cp", 0),
    ("-h", "/bin/busybox", 1),
    ("-f", "/bin/cp", 0),  # -f follows the link
    ("-d", "/dev", 0),
    ("-c", "/dev/zero", 0),
])
def test_file_tests_see_the_container_filesystem(op, path, expected):
    assert call(["test", op, path]) == ("", "", expected)


def test_builtins_name_the_shell_in_their_messages():
    """As builtins they report as `sh:` (busybox's applet name is the shell's)."""
    result = run("printf '%d\\n' x; test 1 -eq a; [ a; echo hi >&-")
    assert result.err == ("sh: invalid number 'x'\n" "sh: a: bad number\n" "sh: missing ]\n"
                          "sh: write error: Bad file descriptor\n")
    assert result.out == "0\n"


def test_echo_reports_a_write_error():
    class Full(BufferOutput):
        def write(self, data):
            raise OSError(28, "No space left on device")

    err = BufferOutput()
    status = utilities.echo(Process(container(), ["echo", "x"], stdout=Full(), stderr=err))
    assert (status, err.getvalue()) == (1, b"echo: write error: No space left on device\n")
