"""What a notebook cell is, and running it: the kernel and the IPython extension share this module.

A cell is one of (the first that fits):
  - a file cell: `%%file [-a] PATH` (or `%%writefile`), whose body is written to PATH;
  - a build cell: `%%dockerfile [-t NAME[:TAG]] [-f PATH] [build options] [CONTEXT]`, whose body is
    written as the Dockerfile (CONTEXT/Dockerfile unless -f says where; CONTEXT "." unless given)
    and built with `docker build` and those options;
  - a Dockerfile cell: its first instruction line starts with a Dockerfile instruction; written to
    ./Dockerfile and built with `docker build .`;
  - a command cell: lines that are `docker ...` commands, `!shell` commands, `%env` and `%engine`
    (and `#` comments; a `%%docker` cell may leave out the word `docker`). They run in order and
    the cell stops at the first that fails;
  - anything else is refused with a message saying what a cell may hold.

Running a cell returns a `CellResult`; its output goes to a `Frontend` (see `jobs`) as it is written.
No Jupyter import here: the callers decide how results are shown.
"""
from __future__ import annotations

import os
import signal
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .cellsyntax import DOCKERFILE_INSTRUCTIONS, Line, command_lines, split_lines
from .jobs import Frontend, Job, run_job

ACCEPTED = """\
A dockyard cell holds one of:
  - a Dockerfile (it starts with an instruction such as FROM busybox): built with `docker build .`
  - docker commands, one per line: `docker run --rm busybox echo hello`
    (also `# comments`, `\\` continuations, `!shell commands`, `%env NAME=value`, `%engine [NAME|URL]`)
  - %%dockerfile [-t NAME[:TAG]] [-f PATH] [build options] [CONTEXT], then a Dockerfile
  - %%file [-a] PATH (or %%writefile), then the text of the file
"""

FILE_USAGE = "usage: %%file [-a] PATH, then the text of the file\n"
DOCKER_USAGE = "usage: %%docker, then docker commands, one a line (the word `docker` may be left out)\n"
ENV_USAGE = "usage: %env NAME=value, or %env NAME to show it\n"
ENGINE_USAGE = """\
usage: %engine [bundled | docker | in-process | unix://PATH | tcp://HOST:PORT]
  bundled      dockyard's own engine, a background process (the default)
  docker       a real Docker engine, at $DOCKER_HOST or unix:///var/run/docker.sock
  in-process   dockyard's engine inside this process (where there are no processes or sockets)
  URL          a real Docker engine at that address
"""


@dataclass(frozen=True)
class CommandRun:
    """One command a cell ran. This is the seam for rich output: a caller that draws a layer
    diagram for `docker build` or `docker history` finds here what ran and how it ended."""

    argv: tuple[str, ...]  # ("docker", "build", "-t", "web:1", "app"), ("!", "echo hi"), ("%env", ...)
    exit_code: int | None  # None: interrupted
    line: int = 1  # where it stands in the cell (1-based)


@dataclass
class CellResult:
    status: str  # "ok", "error" or "interrupted"
    error: str = ""  # for "error": what failed, e.g. "exit code 1"
    commands: list[CommandRun] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class Step:
    argv: tuple[str, ...]  # what it runs, as CommandRun records it
    line: int
    run: Callable[[Frontend], "int | None"]  # the exit status; None when interrupted


class NotACommand(Exception):
    """A line of a command cell that is none of the things a cell may hold."""

    def __init__(self, line: int, text: str):
        super().__init__(f"line {line}: {text}")
        self.line, self.text = line, text


def run_cell(code: str, frontend: Frontend) -> CellResult:
    """Run one cell; its output goes to `frontend` as it is produced. Nothing runs unless every line
    of the cell is understood."""
    try:
        steps = plan_cell(code)
    except NotACommand as e:
        frontend.stream("stderr", ACCEPTED + f"\nLine {e.line} of this cell is none of those: {e.text}\n")
        return CellResult("error", "not a Dockerfile, docker command or file cell")
    return _run_steps(steps, frontend)


def cell_kind(code: str) -> tuple[str, str, str]:
    """(kind, header, body). kind: "file", "dockerfile-magic", "docker-magic", "dockerfile",
    "commands" or "empty"; header: the cell magic's arguments; body: the text after the magic line."""
    first, _, rest = code.lstrip("\n").partition("\n")
    magic, _, header = first.strip().partition(" ")
    if magic in ("%%file", "%%writefile"):
        return "file", header.strip(), rest
    if magic == "%%dockerfile":
        return "dockerfile-magic", header.strip(), rest
    if magic == "%%docker":
        return "docker-magic", header.strip(), rest
    if not command_lines(code):
        return "empty", "", code
    if is_dockerfile(code):
        return "dockerfile", "", code
    return "commands", "", code


def plan_cell(code: str) -> list[Step]:
    """The steps a cell runs, in order (raises NotACommand for a line that fits nothing)."""
    kind, header, body = cell_kind(code)
    if kind == "file":
        return [Step(("%%file", *_words(header)), 1, lambda f: write_file_cell(header, body, f))]
    if kind == "dockerfile-magic":
        return [Step(("%%dockerfile", *_words(header)), 1, lambda f: build_cell(header, body, f))]
    if kind == "dockerfile":
        return [Step(("docker", "build", "."), 1, lambda f: build_cell("", code, f))]
    if kind == "docker-magic" and header:
        return [Step(("%%docker", header), 1, lambda f: _usage(f, DOCKER_USAGE))]
    offset = 1 if kind == "docker-magic" else 0
    steps = []
    for line in command_lines(body):
        step = command_step(line, body, docker_implied=kind == "docker-magic")
        if step is None:
            raise NotACommand(line.number + offset, line.raw(body).strip())
        argv, run = step
        steps.append(Step(argv, line.number + offset, run))
    return steps


def is_complete(code: str) -> str:
    """For a console's Enter: "incomplete" while a quote or a `\\` continuation is open, or while a
    Dockerfile or cell magic goes on (it ends with an empty line, as IPython's cell magics do);
    "invalid" for a cell no kind fits; else "complete"."""
    if split_lines(code)[-1].incomplete:
        return "incomplete"
    kind, _, _ = cell_kind(code)
    if kind in ("dockerfile", "dockerfile-magic", "docker-magic", "file") and not code.endswith("\n"):
        return "incomplete"
    try:
        plan_cell(code)
    except NotACommand:
        return "invalid"
    return "complete"


def is_dockerfile(code: str) -> bool:
    """The first line that is not blank or a comment starts with a Dockerfile instruction."""
    for text in code.splitlines():
        text = text.strip()
        if not text or text.startswith("#"):
            continue
        word, _, argument = text.partition(" ")
        return word.upper() in DOCKERFILE_INSTRUCTIONS and (bool(argument.strip()) or word.isupper())
    return False


def command_step(line: Line, code: str, docker_implied: bool) -> tuple[tuple[str, ...], Callable] | None:
    """What one line of a command cell runs: (argv, step), or None if it is no command."""
    raw = line.raw(code).strip()
    words = [w.text for w in line.words]
    if raw.startswith("!"):
        command = raw[1:].strip()
        return ("!", command), lambda f: shell(command, f)
    if words[0] == "docker":
        return ("docker", *words[1:]), lambda f: docker(words[1:], f)
    if words[0] == "%env":
        argument = raw[len("%env"):].strip()
        return ("%env", argument), lambda f: env_magic(argument, f)
    if words[0] == "%engine":
        return ("%engine", *words[1:]), lambda f: engine_magic(words[1:], f)
    if docker_implied and not words[0].startswith("%"):
        return ("docker", *words), lambda f: docker(words, f)
    return None


def _run_steps(steps: list[Step], frontend: Frontend) -> CellResult:
    result = CellResult("ok")
    for step in steps:
        code = step.run(frontend)
        result.commands.append(CommandRun(step.argv, code, step.line))
        if code is None:
            result.status = "interrupted"
            break
        if code != 0:
            result.status = "error"
            result.error = f"exit code {code}" + (f" (line {step.line})" if len(steps) > 1 else "")
            break
    return result


def _usage(frontend: Frontend, text: str) -> int:
    frontend.stream("stderr", text)
    return 2  # as a command given wrong arguments


def _words(text: str) -> list[str]:
    lines = command_lines(text)
    return [w.text for w in lines[0].words] if lines else []


# ------------------------------------------------------------------------------- the steps
def docker(argv: list[str], frontend: Frontend) -> int | None:
    """One docker command line (without the word `docker`), as the docker CLI runs it."""
    def command(job: Job) -> int:
        from .cli.main import run
        return run(list(argv), out=job.out, err=job.err, stdin=job.stdin)
    return run_job(command, frontend).exit_code


def shell(command_text: str, frontend: Frontend) -> int | None:
    """A `!command` line: the host's shell runs it in the current directory (the notebook's)."""
    def command(job: Job) -> int:
        proc = subprocess.Popen(command_text, shell=True, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        job.on_cancel(lambda: _interrupt_process_group(proc))
        copiers = [threading.Thread(target=_copy_pipe, args=(pipe, stream.buffer), daemon=True)
                   for pipe, stream in ((proc.stdout, job.out), (proc.stderr, job.err))]
        for copier in copiers:
            copier.start()
        status = proc.wait()
        for copier in copiers:
            copier.join()
        return status if status >= 0 else 128 - status  # killed by signal N: the shell's 128+N
    return run_job(command, frontend).exit_code


def _copy_pipe(pipe, sink) -> None:
    with pipe:
        while chunk := pipe.read1(65536):
            sink.write(chunk)


def _interrupt_process_group(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)


def write_file_cell(header: str, body: str, frontend: Frontend) -> int:
    """`%%file [-a] PATH`: write (or append) the body, as IPython's %%writefile does."""
    words = _words(header)
    append = bool(words) and words[0] in ("-a", "--append")
    if append:
        words = words[1:]
    if len(words) != 1:
        return _usage(frontend, FILE_USAGE)
    path = Path(words[0]).expanduser()
    existed = path.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a" if append else "w", encoding="utf-8") as f:
            f.write(_with_final_newline(body))
    except OSError as e:
        frontend.stream("stderr", f"%%file: {e.strerror}: {path}\n")
        return 1
    verb = "Appending to" if append else ("Overwriting" if existed else "Writing")
    frontend.stream("stdout", f"{verb} {words[0]}\n")
    return 0


def build_cell(header: str, dockerfile: str, frontend: Frontend) -> int | None:
    """Write the Dockerfile where `docker build <header>` reads it, then run that build."""
    args = _words(header)
    plan = build_plan(args)
    if plan is None:  # docker's own answer: a usage error, --help, or a context dockyard cannot build
        return docker(["build", *args], frontend)
    try:
        plan.dockerfile.parent.mkdir(parents=True, exist_ok=True)
        plan.dockerfile.write_text(_with_final_newline(dockerfile), encoding="utf-8")
    except OSError as e:
        frontend.stream("stderr", f"%%dockerfile: {e.strerror}: {plan.dockerfile}\n")
        return 1
    return docker(["build", *plan.args], frontend)


@dataclass(frozen=True)
class BuildPlan:
    dockerfile: Path  # where the cell's Dockerfile is written
    context: str
    args: list[str]  # docker build's arguments, the context included


def build_plan(args: list[str]) -> BuildPlan | None:
    """How `%%dockerfile ARGS` builds: the context "." is added when none is given. None when docker
    itself should answer (bad options, --help, a remote or stdin context)."""
    from .cli.commandline import CommandLineOutcome, parse_command_line
    for candidate in (args, [*args, "."]):
        try:
            invocation = parse_command_line(["build", *candidate])
        except CommandLineOutcome:
            continue
        context, dockerfile = invocation.args[0], invocation.opts.get("file") or ""
        if "-" in (context, dockerfile) or "://" in context or context.startswith("git@"):
            return None
        return BuildPlan(Path(dockerfile) if dockerfile else Path(context) / "Dockerfile", context, candidate)
    return None


def _with_final_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


# ------------------------------------------------------------------------------- line magics
def env_magic(argument: str, frontend: Frontend) -> int:
    """`%env NAME=value` (or `%env NAME value`) sets a variable for the commands that follow
    (DOCKER_BUILDKIT, DOCKER_HOST, ...); `%env NAME` shows one. As IPython's %env."""
    name, sep, value = argument.partition("=")
    if not sep:
        name, _, value = argument.partition(" ")
        sep = " " if value.strip() else ""
    name, value = name.strip(), value.strip()
    if not name or " " in name:
        return _usage(frontend, ENV_USAGE)
    if not sep:
        if name not in os.environ:
            frontend.stream("stderr", f"env: {name} is not set\n")
            return 1
        frontend.stream("stdout", os.environ[name] + "\n")
        return 0
    os.environ[name] = value
    frontend.stream("stdout", f"env: {name}={value}\n")
    return 0


ENGINE_NAMES = ("bundled", "docker", "in-process")
ENGINE_SCHEMES = ("unix://", "tcp://", "ssh://", "npipe://", "http://", "https://")


def engine_magic(words: list[str], frontend: Frontend) -> int:
    """`%engine` shows which engine the docker commands reach; `%engine NAME|URL` switches it."""
    if len(words) > 1 or (words and words[0] not in ENGINE_NAMES and not words[0].startswith(ENGINE_SCHEMES)):
        return _usage(frontend, ENGINE_USAGE)
    if words:
        choice = words[0]
        if choice in ENGINE_NAMES:
            os.environ["DOCKYARD_ENGINE"] = choice
        else:
            os.environ["DOCKYARD_ENGINE"] = "docker"
            os.environ["DOCKER_HOST"] = choice
    frontend.stream("stdout", describe_engine() + "\n")
    return 0


def describe_engine() -> str:
    """One line saying which engine the docker commands reach now (from the environment, as
    `dockyard.kernel.client.connect` reads it)."""
    chosen = os.environ.get("DOCKYARD_ENGINE") or ("docker" if os.environ.get("DOCKER_HOST") else "bundled")
    if chosen == "docker":
        return "engine: docker at " + (os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock")
    from dockyard.engine.home import resolve_home
    home = resolve_home()
    if chosen == "in-process":
        return f"engine: in-process (dockyard's engine inside this process, home {home.root})"
    from dockyard.engine import control
    status = control.status(home)
    where = f"running at {status.url}" if status.running else "started by the first docker command"
    return f"engine: bundled (dockyard's engine, {where}, home {home.root})"
