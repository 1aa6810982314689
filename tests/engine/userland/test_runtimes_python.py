"""The python image's interpreter: its command line, the subset it runs, CPython's words for errors.

Expected texts are CPython's (checked with python3 on the host; the version line is the image's).
"""
import pytest

from dockyard.engine.catalog import busybox
from dockyard.engine.container.rootfs import RootFS
from dockyard.engine.userland.process import BufferOutput, BytesInput, Killed, Process, Signals, SIGTERM
from dockyard.engine.userland.programs.runtimes import python


class Terminal(BytesInput):
    def isatty(self) -> bool:
        return True


def run(argv, stdin=b"", files=None, env=None, tty=False):
    fs = RootFS(busybox.tree())
    fs.mkdir("/app")
    for path, text in (files or {}).items():
        fs.write_bytes(path, text.encode())
    out, err = BufferOutput(), BufferOutput()
    status = python.main(Process(fs, argv, env=dict(env or {}), cwd="/app", stdout=out, stderr=err,
                                 stdin=Terminal(stdin) if tty else BytesInput(stdin)))
    return status, out.getvalue().decode(), err.getvalue().decode()


ONE_LINERS = [
    ("print(1/3, 2**10, 'ab'*3, [1,2][::-1])", "0.3333333333333333 1024 ababab [2, 1]\n"),
    ("print('Hello, Docker!'.upper(), len('abc'), 7 // 2, -7 % 3)", "HELLO, DOCKER! 3 3 2\n"),
    ("x = [i*i for i in range(5) if i % 2]; print(x, sum(x), sorted({'b': 2, 'a': 1}))", "[1, 9] 10 ['a', 'b']\n"),
    ("name = 'world'; print(f'hello {name!r:>9} {3.14159:.2f}')", "hello   'world' 3.14\n"),
    ("import json; print(json.dumps({'a': [1, None, True]}))", '{"a": [1, null, true]}\n'),
    ("import math; print(math.sqrt(16), round(2.675, 2), abs(-3))", "4.0 2.67 3\n"),
    ("def f(n):\n    return 1 if n < 2 else n * f(n - 1)\nprint(f(10))", "3628800\n"),
    ("d = {}\nfor w in 'a b a'.split():\n    d[w] = d.get(w, 0) + 1\nprint(d)", "{'a': 2, 'b': 1}\n"),
    ("try:\n    int('x')\nexcept ValueError as e:\n    print('bad:', e)",
     "bad: invalid literal for int() with base 10: 'x'\n"),
    ("import os; print(os.getcwd(), os.environ.get('GREETING', 'none'))", "/app hi\n"),
    ("print(type(1), type('s'), None, True and 'x')", "<class 'int'> <class 'str'> None x\n"),
    ("a, *b = [1, 2, 3]; print(a, b, '%s-%03d' % ('n', 7))", "1 [2, 3] n-007\n"),
]


@pytest.mark.parametrize("code, expected", ONE_LINERS)
def test_one_liners(code, expected):
    assert run(["python", "-c", code], env={"GREETING": "hi"}) == (0, expected, "")


ERRORS = [
    ("print(1/0)", "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n"
                   "ZeroDivisionError: division by zero\n"),
    ("pritn(1)", "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n"
                 "NameError: name 'pritn' is not defined. Did you mean: 'print'?\n"),
    ("print(os.getcwd())", "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n"
                           "NameError: name 'os' is not defined. Did you forget to import 'os'?\n"),
    ("import flask", "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n"
                     "ModuleNotFoundError: No module named 'flask'\n"),
    ("x = (1,", "  File \"<string>\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n"),
    ("{}['k']", "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nKeyError: 'k'\n"),
]


@pytest.mark.parametrize("code, stderr", ERRORS)
def test_errors_read_as_cpython_s(code, stderr):
    assert run(["python", "-c", code]) == (1, "", stderr)


def test_a_script_s_traceback_shows_its_lines_and_carets():
    script = "def f(a):\n    return a[5] + 1\n\nx = int('7')\ny = f([1,2])\n"
    assert run(["python", "app.py"], files={"/app/app.py": script}) == (1, "", (
        "Traceback (most recent call last):\n"
        '  File "/app/app.py", line 5, in <module>\n    y = f([1,2])\n        ^^^^^^^^\n'
        '  File "/app/app.py", line 2, in f\n    return a[5] + 1\n           ~^^^\n'
        "IndexError: list index out of range\n"))


def test_binary_operations_are_underlined_around_the_operator():
    assert run(["python", "t.py"], files={"/app/t.py": "x = 1\nprint(1/0)\n"})[2].endswith(
        "    print(1/0)\n          ~^~\nZeroDivisionError: division by zero\n")


@pytest.mark.parametrize("argv, expected", [
    (["python", "--version"], (0, "Python 3.12.7\n", "")),
    (["python3", "-V"], (0, "Python 3.12.7\n", "")),
    (["python", "nope.py"], (2, "", "python: can't open file '/app/nope.py': [Errno 2] No such file or directory\n")),
    (["python", "-z"], (2, "", "Unknown option: -z\nusage: python [option] ... [-c cmd | -m mod | file | -] [arg] ...\n"
                               "Try `python -h' for more information.\n")),
    (["python", "-m", "nosuchmodule"], (1, "", "/usr/local/bin/python: No module named nosuchmodule\n")),
    (["python", "-c", "import sys; print('out'); sys.exit(3)"], (3, "out\n", "")),
    (["python", "-c", "import sys; sys.exit('bye')"], (1, "", "bye\n")),
])
def test_command_line(argv, expected):
    assert run(argv) == expected


def test_the_version_follows_the_image():
    assert run(["python", "--version"], env={"PYTHON_VERSION": "3.11.9"}) == (0, "Python 3.11.9\n", "")


def test_a_program_on_stdin_runs_when_stdin_is_not_a_terminal():
    assert run(["python"], stdin=b"print('from stdin')\n") == (0, "from stdin\n", "")


def test_stdout_is_block_buffered_unless_told_otherwise():
    """Output printed before a crash still comes first; a signal that kills CPython loses it."""
    fs = RootFS(busybox.tree())
    fs.mkdir("/app")
    fs.write_bytes("/app/loop.py", b"import time\nprint('started')\nwhile True:\n    time.sleep(10)\n")
    for env, expected in (({}, b""), ({"PYTHONUNBUFFERED": "1"}, b"started\n")):
        out = BufferOutput()
        signals = Signals()
        signals.deliver(SIGTERM)  # arrives while it sleeps: CPython dies without flushing
        with pytest.raises(Killed):
            python.main(Process(fs, ["python", "loop.py"], env=env, cwd="/app", stdout=out, signals=signals))
        assert out.getvalue() == expected


def test_files_are_read_and_written_in_the_container():
    status, out, _ = run(["python", "-c", "open('n.txt', 'w').write('42\\n')\nwith open('n.txt') as f:\n"
                                          "    print(int(f.read()) + 1)"])
    assert (status, out) == (0, "43\n")


def test_local_modules_are_imported_from_the_script_s_directory():
    files = {"/app/helpers.py": "def greet(n):\n    return f'hi {n}'\n",
             "/app/main.py": "from helpers import greet\nimport helpers\nprint(greet('a'), helpers.greet('b'))\n"}
    assert run(["python", "main.py"], files=files) == (0, "hi a hi b\n", "")


@pytest.mark.parametrize("code, what", [
    ("class A:\n    pass", "class definitions (<string>, line 1)"),
    ("def g():\n    yield 1\nlist(g())", "generators (yield) (<string>, line 2)"),
    ("import subprocess", "the subprocess module (<string>, line 1)"),
    ("print('{0.__class__}'.format(1))", "a format string that reads attributes (<string>)"),
])
def test_what_the_subset_does_not_run_is_said_honestly(code, what):
    assert run(["python", "-c", code]) == (1, "", f"dockyard: this simulated Python cannot run {what}\n")


@pytest.mark.parametrize("code", ["__import__('os')", "getattr(1, '__class__')", "eval('1')", "(1).__class__",
                                  "open('/x').__class__"])
def test_the_host_cannot_be_reached(code):
    status, _, err = run(["python", "-c", code])
    assert status == 1 and ("NameError" in err or "AttributeError" in err or "FileNotFoundError" in err)


def test_the_repl():
    status, out, err = run(["python"], stdin=b"1 + 2\nx = 'a'\nx * 3\nfor i in range(2):\n    print(i)\n\n"
                                              b"undefined\nexit()\n", tty=True)
    assert status == 0
    assert err.startswith("Python 3.12.7 (main, Oct 19 2024, 04:05:23) [GCC 12.2.0] on linux\n"
                          'Type "help", "copyright", "credits" or "license" for more information.\n')
    assert err.endswith("Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n"
                        "NameError: name 'undefined' is not defined\n")
    assert out == ">>> 3\n>>> >>> 'aaa'\n>>> ... ... 0\n1\n>>> >>> "
