"""How the shell is started: `sh -c`, `sh file`, a script on stdin, an interactive terminal.

The mode decides what errors look like: `sh -c` counts lines from 0 and names no script,
`sh file` prefixes messages with the file name, a terminal shows no line numbers and keeps
going after an error. Expectations are busybox 1.35's.
"""
from __future__ import annotations

import time

import pytest

from dockyard.engine.userland.process import BufferOutput, BytesInput, Process
from dockyard.engine.userland import sh
from dockyard.engine.userland.sh import parser
from test_sh_harness import PATH, container, run


def run_file(text: str, *args: str, name: str = "script.sh"):
    fs = container()
    fs.write_bytes("/tmp/" + name, text.encode())
    return run("", fs=fs, argv=["sh", name, *args])


def test_a_script_file_names_itself_in_messages_and_counts_lines_from_1():
    result = run_file("echo start $0 $1\nfunction_missing\necho ${u?not set}\necho never\n", "x")
    assert result.out == "start script.sh x\n"
    assert result.err == ("script.sh: line 2: function_missing: not found\n"
                          "script.sh: line 3: u: not set\n")
    assert result.status == 2


def test_a_syntax_error_stops_a_script_after_the_lines_before_it_ran():
    result = run_file("echo a\ncd /nx\nfi\necho never\n")
    assert (result.out, result.status) == ("a\n", 2)
    assert result.err == ("script.sh: cd: line 2: can't cd to /nx: No such file or directory\n"
                          "script.sh: line 3: syntax error: unexpected \"fi\"\n")


def test_a_missing_script_file():
    result = run("", argv=["sh", "nonexist.sh"])
    assert (result.err, result.status) == ("sh: can't open 'nonexist.sh': No such file or directory\n", 2)


@pytest.mark.parametrize("script, out, err", [
    ("echo $0 $# $1", "sh 2 a\n", ""),
    ("echo a\n\nfi\necho b\n", "a\n", 'sh: syntax error: unexpected "fi"\n'),
    ("cd /nx\n", "", "sh: cd: line 1: can't cd to /nx: No such file or directory\n"),
    ("f() {\n  nosuch\n}\nf\n", "", "sh: nosuch: not found\n"),
    ("echo $LINENO\n\necho $LINENO\n", "1\n3\n", ""),
    ("if true; then\n  echo in if\nfi\necho b\n", "in if\nb\n", ""),
    ("cat <<EOF\nhere\nEOF\necho done\n", "here\ndone\n", ""),
    ("read x\nhello\necho \"[$x]\"\n", "[]\n", "sh: hello: not found\n"),  # the pipe was read at once
])
def test_a_script_on_stdin(script, out, err):
    result = run("", stdin=script.encode(), argv=["sh", "-s", "a", "b"])
    assert (result.out, result.err) == (out, err)


def test_sh_c_counts_lines_from_0_and_takes_arg0():
    assert run("echo $LINENO\necho $LINENO").out == "0\n1\n"
    assert run("nosuch", args=("foo",)).err == "foo: line 0: nosuch: not found\n"
    assert run("echo $0 $1", args=("zero", "one")).out == "zero one\n"


def test_arg0_is_the_name_it_was_run_as():
    """A Dockerfile's RUN runs `/bin/sh -c`: messages say /bin/sh."""
    result = run("nosuch; printf '%d' x", argv0="/bin/sh")
    assert result.err == "/bin/sh: nosuch: not found\nsh: invalid number 'x'\n"


@pytest.mark.parametrize("argv, out, err, status", [
    (["sh", "-c"], "", "sh: -c requires an argument\n", 2),
    (["sh", "-Q"], "", "sh: illegal option -Q\n", 2),
    (["sh", "-ec", "false; echo no"], "", "", 1),
    (["sh", "-o", "errexit", "-c", "false; echo no"], "", "", 1),
    (["sh", "-x", "-c", "echo x"], "x\n", "+ echo x\n", 0),
    (["sh", "-n", "-c", "echo a"], "", "", 0),
    (["sh", "+x", "-c", "echo $-"], "c\n", "", 0),
    (["sh", "-c", "echo $1", "--", "x"], "x\n", "", 0),
])
def test_command_line_options(argv, out, err, status):
    result = run("", argv=argv)
    assert (result.out, result.err, result.status) == (out, err, status)


class Terminal(BytesInput):
    def isatty(self) -> bool:
        return True


class Screen(BufferOutput):
    def isatty(self) -> bool:
        return True


def interactive(typed: str) -> tuple[str, int]:
    screen = Screen()
    proc = Process(container(), ["sh"], env={"PATH": PATH, "HOME": "/root"}, stdin=Terminal(typed.encode()),
                   stdout=screen, stderr=screen)
    status = sh.main(proc)
    return screen.getvalue().decode(), status


def test_an_interactive_shell_prompts_and_survives_errors():
    screen, status = interactive("echo hi\ncd /tmp\nfi\nif true\nthen echo multi\nfi\nnosuch\nexit 3\n")
    assert screen == ("/ # hi\n"
                      "/ # /tmp # sh: syntax error: unexpected \"fi\"\n"
                      "/tmp # > > multi\n"
                      "/tmp # sh: nosuch: not found\n"
                      "/tmp # ")
    assert status == 3


def test_an_interactive_shell_ends_at_end_of_input_with_a_newline():
    screen, status = interactive("false\n")
    assert (screen, status) == ("/ # / # \n", 1)


def test_an_interactive_prompt_follows_ps1():
    screen, _ = interactive("PS1='[$PWD]\\$ '\ncd /etc\n")
    assert screen == "/ # [/]# [/etc]# \n"


def test_a_script_without_a_shebang_runs_in_a_new_shell():
    fs = container()
    fs.write_bytes("/bin/greet", b"echo hello from $0 $1\nexit 4\n", mode=0o755)
    result = run("greet you; echo $?", fs=fs)
    assert result.out == "hello from /bin/greet you\n4\n"


def test_a_standalone_busybox_shell_runs_its_applets_without_path():
    """Debian's busybox-static (the busybox image) is built standalone: applets come first."""
    out, err = BufferOutput(), BufferOutput()
    proc = Process(container(), ["sh", "-c", "PATH=/nowhere; echo hi | cat; type cat; command -v cat; hash"],
                   env={"PATH": PATH}, stdout=out, stderr=err)
    status = sh.main(proc, applets={"cat"})
    assert (out.getvalue(), err.getvalue(), status) == (b"hi\ncat is cat\ncat\n", b"", 0)


def test_exec_replaces_the_shell():
    assert run("exec sh -c 'echo replaced; exit 6'; echo never").__dict__ == {
        "out": "replaced\n", "err": "", "status": 6}


def test_exec_redirections_stay_for_the_rest_of_the_script():
    fs = container()
    result = run("exec >log; echo one; echo two; exec >&2; cat log", fs=fs)
    assert (result.out, result.err) == ("", "one\ntwo\n")


def test_a_script_parses_once_and_runs_identically_again():
    script = "echo one\necho two\nfi\n"
    first, second = run(script), run(script)
    assert (first.out, first.err, first.status) == (second.out, second.err, second.status) == (
        "one\ntwo\n", 'sh: syntax error: unexpected "fi"\n', 2)
    assert (script, 0) in parser._cache


def test_running_sh_c_echo_costs_well_under_a_millisecond():
    fs = container()
    proc_args = dict(env={"PATH": PATH}, stdout=BufferOutput(), stderr=BufferOutput())
    sh.main(Process(fs, ["sh", "-c", "echo hi"], **proc_args))
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(100):
            sh.main(Process(fs, ["sh", "-c", "echo hi"], **proc_args))
        best = min(best, (time.perf_counter() - started) / 100)
    assert best < 0.001
