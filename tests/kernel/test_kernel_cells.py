"""What a dockyard cell is and what running it does (kernel/cellsyntax.py, kernel/cells.py)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from dockyard.kernel.cells import NotACommand, build_plan, cell_kind, is_complete, plan_cell, run_cell
from dockyard.kernel.cellsyntax import command_lines, split_lines

from kernel_testing import RecordingFrontend, private_engine, wait_for_running_container


# ------------------------------------------------------------------ a command cell's lines and words
@pytest.mark.parametrize("code, lines", [
    ("docker run --rm busybox echo hello", [["docker", "run", "--rm", "busybox", "echo", "hello"]]),
    ("docker run busybox sh -c 'echo $HOME'", [["docker", "run", "busybox", "sh", "-c", "echo $HOME"]]),
    ('docker run busybox sh -c "echo \\"hi\\" \\$HOME"', [["docker", "run", "busybox", "sh", "-c", 'echo "hi" $HOME']]),
    ("docker history web:1      #| head 6", [["docker", "history", "web:1"]]),
    ("docker run a#b", [["docker", "run", "a#b"]]),
    ("docker run \\\n    --rm busybox", [["docker", "run", "--rm", "busybox"]]),
    ("# a comment\n\ndocker ps\n  # another", [["docker", "ps"]]),
    ('docker run busybox sh -c "echo a\necho b"', [["docker", "run", "busybox", "sh", "-c", "echo a\necho b"]]),
    ('docker run "" busybox', [["docker", "run", "", "busybox"]]),
    ("docker ps\ndocker images", [["docker", "ps"], ["docker", "images"]]),
    ("docker run bus\\ ybox", [["docker", "run", "bus ybox"]]),
])
def test_a_cell_splits_into_lines_of_words_as_a_shell_quotes_them(code, lines):
    assert [[w.text for w in line.words] for line in command_lines(code)] == lines


@pytest.mark.parametrize("code, open_quote, continued", [
    ('docker run "abc', '"', False),
    ("docker run 'abc\ndef", "'", False),
    ("docker run \\", "", True),
    ("docker run \\\n", "", True),
    ("docker run abc", "", False),
])
def test_the_last_line_knows_whether_it_is_finished(code, open_quote, continued):
    last = split_lines(code)[-1]
    assert (last.open_quote, last.continued) == (open_quote, continued)


def test_logical_lines_keep_the_number_of_their_first_physical_line():
    lines = command_lines("# title\ndocker run \\\n  busybox\n\ndocker ps")
    assert [line.number for line in lines] == [2, 5]


# ------------------------------------------------------------------ kinds of cells
@pytest.mark.parametrize("code, kind", [
    ("%%file app/msg.txt\nhello", "file"),
    ("%%writefile -a notes.txt\nmore", "file"),
    ("%%dockerfile -t web:1 app\nFROM busybox", "dockerfile-magic"),
    ("%%docker\nps -a", "docker-magic"),
    ("FROM busybox\nCMD [\"sh\"]", "dockerfile"),
    ("# syntax=docker/dockerfile:1\n\nFROM busybox", "dockerfile"),
    ("from busybox", "dockerfile"),
    ("ARG VERSION=1\nFROM busybox:${VERSION}", "dockerfile"),
    ("docker ps -a", "commands"),
    ("!ls\ndocker ps", "commands"),
    ("env", "commands"),  # a bare word is no instruction line
    ("\n\n# nothing but a comment\n", "empty"),
])
def test_a_cell_is_a_file_a_build_a_dockerfile_or_commands(code, kind):
    assert cell_kind(code)[0] == kind


@pytest.mark.parametrize("code, line", [
    ("ls -la", 1),
    ("docker ps\nls", 2),
    ("# comment\ndocker ps\n\npython app.py", 4),
    ("%%docker\nps\n%bogus", 3),
])
def test_nothing_runs_when_a_line_is_no_command(code, line):
    with pytest.raises(NotACommand) as caught:
        plan_cell(code)
    assert caught.value.line == line


def test_a_refused_cell_says_what_a_cell_may_hold():
    frontend = RecordingFrontend()
    result = run_cell("docker ps\ncd app", frontend)
    assert result.status == "error" and result.commands == []
    message = frontend.text("stderr")
    assert "%%dockerfile" in message and "%%file" in message
    assert "Line 2 of this cell is none of those: cd app" in message


@pytest.mark.parametrize("code, status", [
    ("docker ps", "complete"),
    ("docker run \\", "incomplete"),
    ('docker run busybox sh -c "echo', "incomplete"),
    ("FROM busybox", "incomplete"),  # a Dockerfile goes on until an empty line
    ("FROM busybox\n", "complete"),
    ("%%file x.txt\nhello", "incomplete"),
    ("%%file x.txt\nhello\n", "complete"),
    ("ls", "invalid"),
    ("", "complete"),
])
def test_is_complete_follows_continuations_quotes_and_cell_magics(code, status):
    assert is_complete(code) == status


# ------------------------------------------------------------------ %%dockerfile: where the Dockerfile goes
@pytest.mark.parametrize("args, dockerfile, context, build_args", [
    ([], "Dockerfile", ".", ["."]),
    (["-t", "web:1"], "Dockerfile", ".", ["-t", "web:1", "."]),
    (["-t", "web:1", "app"], "app/Dockerfile", "app", ["-t", "web:1", "app"]),
    (["-f", "app/Dockerfile.dev", "app"], "app/Dockerfile.dev", "app", ["-f", "app/Dockerfile.dev", "app"]),
    (["app", "--no-cache", "-t", "x"], "app/Dockerfile", "app", ["app", "--no-cache", "-t", "x"]),
])
def test_dockerfile_magic_writes_where_docker_build_reads(args, dockerfile, context, build_args):
    plan = build_plan(args)
    assert (plan.dockerfile, plan.context, plan.args) == (Path(dockerfile), context, build_args)


@pytest.mark.parametrize("args", [["--help"], ["-"], ["-f", "-", "."], ["https://example.com/repo.git"],
                                  ["--bogus-flag"]])
def test_dockerfile_magic_leaves_docker_to_answer_what_it_cannot_write(args):
    assert build_plan(args) is None


# ------------------------------------------------------------------ %%file, %env, %engine, !shell
def test_file_cell_writes_appends_and_says_so_as_ipython_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    frontend = RecordingFrontend()
    assert run_cell("%%file app/msg.txt\nhello", frontend).ok
    assert run_cell("%%writefile app/msg.txt\nhello from the image", frontend).ok
    assert run_cell("%%file -a app/msg.txt\nmore", frontend).ok
    assert Path("app/msg.txt").read_text() == "hello from the image\nmore\n"
    assert frontend.text() == "Writing app/msg.txt\nOverwriting app/msg.txt\nAppending to app/msg.txt\n"


def test_file_cell_needs_exactly_one_path():
    frontend = RecordingFrontend()
    assert run_cell("%%file\nhello", frontend).status == "error"
    assert frontend.text("stderr").startswith("usage: %%file")


def test_env_magic_sets_and_shows_variables(monkeypatch):
    monkeypatch.delenv("DOCKER_BUILDKIT", raising=False)
    frontend = RecordingFrontend()
    assert run_cell("%env DOCKER_BUILDKIT=0", frontend).ok
    assert os.environ["DOCKER_BUILDKIT"] == "0"
    assert run_cell("%env DOCKER_BUILDKIT", frontend).ok
    assert run_cell("%env GREETING hello there", frontend).ok
    assert os.environ["GREETING"] == "hello there"
    monkeypatch.delenv("GREETING")
    assert frontend.text() == "env: DOCKER_BUILDKIT=0\n0\nenv: GREETING=hello there\n"
    assert run_cell("%env NOT_SET_ANYWHERE", frontend).status == "error"


@pytest.mark.parametrize("choice, engine, host", [
    ("docker", "docker", None),
    ("in-process", "in-process", None),
    ("bundled", "bundled", None),
    ("tcp://127.0.0.1:2375", "docker", "tcp://127.0.0.1:2375"),
])
def test_engine_magic_switches_the_engine_the_commands_reach(monkeypatch, choice, engine, host):
    monkeypatch.delenv("DOCKYARD_ENGINE", raising=False)
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    frontend = RecordingFrontend()
    assert run_cell(f"%engine {choice}", frontend).ok
    assert (os.environ.get("DOCKYARD_ENGINE"), os.environ.get("DOCKER_HOST")) == (engine, host)
    assert frontend.text().startswith(f"engine: {engine if engine != 'bundled' else 'bundled'}")


def test_engine_magic_refuses_what_is_no_engine(monkeypatch):
    monkeypatch.delenv("DOCKYARD_ENGINE", raising=False)
    frontend = RecordingFrontend()
    assert run_cell("%engine kubernetes", frontend).status == "error"
    assert frontend.text("stderr").startswith("usage: %engine")
    assert "DOCKYARD_ENGINE" not in os.environ


def test_shell_lines_run_in_the_current_directory_and_a_failure_stops_the_cell(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    frontend = RecordingFrontend()
    result = run_cell("!echo hi > note.txt; cat note.txt; echo oops >&2\n!exit 3\n!echo never", frontend)
    assert (result.status, result.error) == ("error", "exit code 3 (line 2)")
    assert [c.argv for c in result.commands] == [("!", "echo hi > note.txt; cat note.txt; echo oops >&2"),
                                                 ("!", "exit 3")]
    assert (frontend.text(), frontend.text("stderr")) == ("hi\n", "oops\n")


# ------------------------------------------------------------------ docker cells on the bundled engine
@pytest.fixture(scope="module")
def engine():
    with private_engine() as root:
        yield root


def test_a_docker_line_prints_what_docker_prints(engine):
    frontend = RecordingFrontend()
    result = run_cell("docker run --rm busybox echo hello, world", frontend)
    assert result.ok and frontend.text() == "hello, world\n"
    assert result.commands[0].argv == ("docker", "run", "--rm", "busybox", "echo", "hello,", "world")


def test_the_first_failing_command_ends_the_cell(engine):
    frontend = RecordingFrontend()
    result = run_cell("docker rmi no-such-image\ndocker ps", frontend)
    assert (result.status, result.error) == ("error", "exit code 1 (line 1)")
    assert frontend.text("stderr") == "Error response from daemon: No such image: no-such-image:latest\n"
    assert frontend.text() == ""


def test_a_dockerfile_cell_is_written_to_the_current_folder_and_built(engine):
    frontend = RecordingFrontend()
    result = run_cell("FROM busybox\nCMD [\"echo\", \"built\"]", frontend)
    assert result.ok and result.commands[0].argv == ("docker", "build", ".")
    assert Path("Dockerfile").read_text() == 'FROM busybox\nCMD ["echo", "built"]\n'
    assert "Step 2/2 : CMD [\"echo\", \"built\"]" in frontend.text()
    assert "Successfully built" in frontend.text()


def test_dockerfile_magic_builds_in_its_context_with_its_options(engine):
    frontend = RecordingFrontend()
    assert run_cell("%%file app/msg.txt\nfrom the context", frontend).ok
    result = run_cell('%%dockerfile -t cells-test:1 app\nFROM busybox\nCOPY msg.txt /\nCMD ["cat", "/msg.txt"]',
                      frontend)
    assert result.ok and Path("app/Dockerfile").exists()
    assert frontend.text().endswith("Successfully tagged cells-test:1\n")
    frontend = RecordingFrontend()
    assert run_cell("%%docker\nrun --rm cells-test:1\ndocker rmi cells-test:1", frontend).ok
    assert frontend.text().startswith("from the context\nUntagged: cells-test:1\n")


def test_interactive_input_reaches_the_container_until_exit(engine):
    frontend = RecordingFrontend(answers=["echo typed in the notebook", "exit"])
    result = run_cell("docker run -i --rm busybox sh", _TypistWhenRunning(frontend))
    assert result.ok and frontend.text() == "typed in the notebook\n"
    assert frontend.prompts == 2  # after `exit` no more input is asked for


class _TypistWhenRunning:
    """Answers input once a container runs, as a person types after the shell has started."""

    def __init__(self, frontend: RecordingFrontend):
        self.frontend = frontend

    def stream(self, name, text):
        self.frontend.stream(name, text)

    def input(self, prompt):
        wait_for_running_container()
        return self.frontend.input(prompt)

