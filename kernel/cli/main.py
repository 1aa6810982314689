"""`dockyard ARGS`: the docker CLI's front end over the Engine API.

Parses the command line as docker CLI 28 does, runs one command function with an Engine API
client, and turns every failure into the text and exit code docker would give — never a
traceback. The same entry point serves the Jupyter kernel (`run(argv, out, err)`).
"""
from __future__ import annotations

import sys

from .commandline import ShowHelp, UsageError, parse_command_line
from .commands import COMMANDS
from .context import Cli, CliError, api_error_message


def run(argv: list[str], out=None, err=None, stdin=None, host: str | None = None) -> int:
    """Run one docker command line; returns its exit status. Output goes to `out`/`err` (text streams)."""
    cli = Cli(out or sys.stdout, err or sys.stderr, stdin if stdin is not None else sys.stdin, host=host)
    try:
        inv = parse_command_line(list(argv))
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
            raise
        cli.err.write(msg + "\n")
        return 1
    finally:
        cli.flush()


def _print_notices(cli: Cli, notices) -> None:
    for n in notices:
        (cli.err if n.stream == "stderr" else cli.out).write(n.text)


def main() -> None:
    sys.exit(run(sys.argv[1:]))
