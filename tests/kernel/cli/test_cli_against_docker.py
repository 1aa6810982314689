"""The real docker CLI 28.2.2 as the oracle: replay test_commandline's tables and every command's
help against it. Skipped unless that exact CLI (without the buildx plugin) is installed.

docker is pointed at a socket that does not exist, so nothing here reaches a daemon or the network.
"""
import concurrent.futures
import os
import shlex
import shutil
import subprocess

import pytest

from dockyard.kernel.cli.commandline import ShowHelp, UsageError, parse_command_line
from dockyard.kernel.cli.commandtree import load_tree
from dockyard.kernel.cli.help import render_help

from test_commandline import ERRORS, HELP, INVOCATIONS, notices_of

EXPECTED_CLI = "Docker version 28.2.2, build e6534b4"


def _cli_available() -> bool:
    if shutil.which("docker") is None:
        return False
    environment = {"PATH": os.environ.get("PATH", ""), "DOCKER_HOST": "unix:///nonexistent.sock"}
    version = subprocess.run(["docker", "--version"], capture_output=True, text=True, env=environment)
    buildx = subprocess.run(["docker", "buildx", "version"], capture_output=True, text=True, env=environment)
    return version.stdout.strip() == EXPECTED_CLI and buildx.returncode != 0


pytestmark = pytest.mark.skipif(not _cli_available(), reason=f"needs `{EXPECTED_CLI}` without buildx")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    environ = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "DOCKER_HOST": "unix:///nonexistent.sock",
               "GREETING": "hello"}
    return environ, str(home)


def run_docker(argv, environ, cwd):
    done = subprocess.run(["docker", *argv], capture_output=True, env=environ, cwd=cwd, stdin=subprocess.DEVNULL,
                          timeout=20)
    return done.returncode, done.stdout.decode("utf-8", "surrogateescape"), done.stderr.decode("utf-8", "surrogateescape")


def replay(command_lines, sandbox):
    environ, cwd = sandbox
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda line: run_docker(shlex.split(line), environ, cwd), command_lines))


def ours(command_line, sandbox):
    """(exit code, stdout, stderr) as dockyard would print them, or None for a command that runs."""
    environ, cwd = sandbox
    try:
        parse_command_line(shlex.split(command_line), environ, cwd)
    except ShowHelp as shown:
        streams = {"stdout": "", "stderr": ""}
        for notice in shown.notices:
            streams[notice.stream] += notice.text
        streams[shown.stream] += shown.text
        return shown.exit_code, streams["stdout"], streams["stderr"]
    except UsageError as error:
        streams = {"stdout": "", "stderr": ""}
        for notice in error.notices:
            streams[notice.stream] += notice.text
        return error.exit_code, streams["stdout"], streams["stderr"] + error.stderr
    return None


def test_errors_and_help_match_docker(sandbox):
    lines = [row[0] for row in ERRORS + HELP if "--engine" not in row[0]]  # --engine is dockyard's own
    for line, real in zip(lines, replay(lines, sandbox)):
        assert ours(line, sandbox) == real, line


def test_command_lines_that_run_are_not_rejected_by_docker(sandbox):
    lines = [row[0] for row in INVOCATIONS]
    for line, (code, stdout, stderr) in zip(lines, replay(lines, sandbox)):
        assert ours(line, sandbox) is None
        assert "\n\nUsage:  " not in stderr and not stdout.startswith("Usage:"), line


def test_every_commands_help_matches_docker(sandbox):
    environ, cwd = sandbox
    commands = []

    def walk(command):
        commands.append(command)
        for child in command.children.values():
            walk(child)
    walk(load_tree())
    argvs = [["help", "--help"] if command.path == ("help",) else [*command.path, "--help"] for command in commands]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda argv: run_docker(argv, environ, cwd), argvs))
    for command, (code, stdout, _) in zip(commands, results):
        assert (code, stdout) == (0, render_help(command, environ)), command.command_path


@pytest.mark.parametrize("command_line, extra", [
    ("stop --time 3 web", {}), ("-h", {}), ("ps -h", {}), ("container -h ls", {}), ("build .", {}),
    ("image build --bogus", {}), ("builder prune", {}), ("build .", {"DOCKER_BUILDKIT": "0"}),
])
def test_what_docker_prints_first_matches(command_line, extra, sandbox):
    environ, cwd = sandbox
    environ = {**environ, **extra}
    code, stdout, stderr = run_docker(shlex.split(command_line), environ, cwd)
    notices = notices_of(command_line, environ)
    assert stdout.startswith("".join(notice.text for notice in notices if notice.stream == "stdout"))
    assert stderr.startswith("".join(notice.text for notice in notices if notice.stream == "stderr"))
