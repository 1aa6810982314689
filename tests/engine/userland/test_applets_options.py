"""The applets' option parser reads command lines as busybox's getopt32 (GNU getopt_long) does."""
from __future__ import annotations

import pytest

from dockyard.engine.userland.programs.busybox.options import UsageError, parse

LONG = {"full-time": "full-time", "color=?": "color", "mode=": "m"}

# (argv, spec, stop_at_operand, options seen, operands)
ROWS = [
    (["-l", "a"], "la", False, [("l", None)], ["a"]),
    (["-la", "x"], "la", False, [("l", None), ("a", None)], ["x"]),
    (["a", "-l"], "l", False, [("l", None)], ["a"]),  # options after operands are still options
    (["a", "-l"], "l", True, [], ["a", "-l"]),  # ...unless the applet runs a command (env, xargs)
    (["--", "-l"], "l", False, [], ["-l"]),
    (["-"], "l", False, [], ["-"]),
    (["-n5"], "n:", False, [("n", "5")], []),
    (["-n", "5", "f"], "n:", False, [("n", "5")], ["f"]),
    (["-ln", "5"], "ln:", False, [("l", None), ("n", "5")], []),
    (["-Iseconds"], "I::", False, [("I", "seconds")], []),
    (["-I", "x"], "I::", False, [("I", None)], ["x"]),
    (["--full-time"], "", False, [("full-time", None)], []),
    (["--col"], "", False, [("color", None)], []),  # an unambiguous prefix is enough
    (["--color=never"], "", False, [("color", "never")], []),
    (["--mode", "700"], "m:", False, [("m", "700")], []),
    (["--mode=700"], "m:", False, [("m", "700")], []),
]

ERRORS = [
    (["-z"], "l", "invalid option -- 'z'"),
    (["-n"], "n:", "option requires an argument -- 'n'"),
    (["--bogus"], "", "unrecognized option '--bogus'"),
    (["--bogus=1"], "", "unrecognized option '--bogus=1'"),
    (["--full-time=3"], "", "option '--full-time' doesn't allow an argument"),
    (["--mode"], "m:", "option '--mode' requires an argument"),
]


@pytest.mark.parametrize("argv, spec, stop, seen, operands", ROWS)
def test_command_line_is_split_as_getopt_does(argv, spec, stop, seen, operands):
    opts, rest = parse(argv, spec, LONG, stop_at_operand=stop)
    assert (opts.seen, rest) == (seen, operands)


@pytest.mark.parametrize("argv, spec, message", ERRORS)
def test_bad_options_are_worded_as_getopt_words_them(argv, spec, message):
    with pytest.raises(UsageError) as caught:
        parse(argv, spec, LONG)
    assert caught.value.message == message


def test_later_options_win_and_counts_are_kept():
    opts, _ = parse(["-1", "-C", "-v", "-v", "-w", "40", "-w", "20"], "1Cvw:")
    assert opts.last_of("1", "C") == "C"
    assert opts.count("v") == 2
    assert opts.value("w") == "20" and opts.values("w") == ["40", "20"]
