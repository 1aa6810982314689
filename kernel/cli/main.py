"""`dockyard ARGS`: the docker CLI's front end over the Engine API.

Parses the command line as docker CLI 28 does, runs one command function with an Engine API
client, and turns every failure into the text and exit code docker would give — never a
traceback. The same entry point serves the Jupyter kernel (`run(argv, out, err)`).
"""
from __future__ import annotations

import os
import sys

from .commandline import ShowHelp, UsageError, parse_command_line
from .commandtree import ServerInfo
from .commands import COMMANDS, DOCKYARD_COMMANDS
from .context import Cli, CliError, api_error_message


def run(argv: list[str], out=None, err=None, stdin=None, host: str | None = None) -> int:
    """Run one docker command line; returns its exit status. Output goes to `out`/`err` (text streams)."""
    cli = Cli(out or sys.stdout, err or sys.stderr, stdin if stdin is not None else sys.stdin, host=host)
    if argv and argv[0] in DOCKYARD_COMMANDS:  # dockyard's own commands, beside docker's
        try:
            return DOCKYARD_COMMANDS[argv[0]](cli, list(argv[1:]))
        except CliError as e:
            cli.err.write(e.message.rstrip("\n") + "\n")
            return e.code
    try:
        inv = parse_command_line(list(argv), server=ServerInfo() if _bundled_engine_target(argv) else None)
    except ShowHelp as h:
        _print_notices(cli, h.notices)
        (cli.err if h.stream == "stderr" else cli.out).write(h.text if h.text.endswith("\n") else h.text + "\n")
        return h.exit_code
    except UsageError as e:
        _print_notices(cli, e.notices)
        cli.err.write(e.stderr)
        return e.exit_code
    _print_notices(cli, inv.notices)
    cli.configure(inv.global_opts)
    fn = COMMANDS.get(tuple(inv.path))
    if fn is None:
        cli.err.write(f"docker: '{' '.join(inv.path)}' is not supported by dockyard yet\n")
        return 1
    try:
        return fn(cli, inv) or 0
    except CliError as e:
        if e.message:
            cli.err.write(e.message.rstrip("\n") + "\n")
        return e.code
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # docker-py's errors and transport failures become docker's words
        msg = api_error_message(e, cli)
        if msg is None:
            # a bug of dockyard's: say so in one line (the details go to the log), never a traceback
            import logging
            logging.getLogger("dockyard").debug("command failed", exc_info=e)
            msg = f"dockyard: internal error: {type(e).__name__}: {e}"
        cli.err.write(msg + "\n")
        return 1
    finally:
        cli.flush()


_GLOBAL_VALUE_FLAGS = {"--config", "-l", "--log-level", "--tlscacert", "--tlscert", "--tlskey"}


def _bundled_engine_target(argv) -> bool:
    """Whether this command line talks to the bundled engine (then help and checks are those of an
    Engine 20.10 daemon, as docker's would be against it); a real engine's features are unknown here."""
    engine = os.environ.get("DOCKYARD_ENGINE", "")
    real = bool(os.environ.get("DOCKER_HOST"))
    words = list(argv)
    i = 0
    while i < len(words) and words[i].startswith("-"):
        flag, eq, value = words[i].partition("=")
        if not eq and flag in {"-H", "--host", "-c", "--context", "--engine"} | _GLOBAL_VALUE_FLAGS:
            value = words[i + 1] if i + 1 < len(words) else ""
            i += 1
        if flag in ("-H", "--host", "-c", "--context") or (flag.startswith("-H") and len(flag) > 2):
            real = True
        elif flag == "--engine":
            engine = value
        i += 1
    if engine:
        return engine != "docker"
    return not real


def _print_notices(cli: Cli, notices) -> None:
    for n in notices:
        (cli.err if n.stream == "stderr" else cli.out).write(n.text)


def main() -> None:
    sys.exit(run(sys.argv[1:]))
