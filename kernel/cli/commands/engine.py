"""`dockyard engine start|stop|status|logs`: dockyard's own command for the bundled engine's process.

Not a docker command, so it has its own small usage text; everything else on the command line goes
through docker's parser.
"""
from __future__ import annotations

from ..context import Cli, CliError

USAGE = """Usage:  dockyard engine COMMAND

Manage dockyard's bundled Docker engine (one background process per DOCKYARD_HOME)

Commands:
  start       Start the engine and print its DOCKER_HOST url
  stop        Stop the engine (running containers stop, as on a daemon restart)
  status      Tell whether the engine is running
  logs        Print the engine's log
"""


def main(cli: Cli, args: list[str]) -> int:
    if not args or args[0] in ("-h", "--help", "help"):
        (cli.out if args else cli.err).write(USAGE)
        return 0 if args else 1
    verb, rest = args[0], args[1:]
    fn = {"start": start, "stop": stop, "status": status, "logs": logs}.get(verb)
    if fn is None or rest:
        raise CliError(f"dockyard: '{' '.join(args)}' is not a dockyard engine command.\n\n" + USAGE, 1)
    return fn(cli)


def _home():
    from dockyard.engine.home import resolve_home
    return resolve_home()


def start(cli: Cli) -> int:
    from dockyard.engine import control
    try:
        url = control.start(_home())
    except control.AlreadyRunning as e:
        cli.eprint(str(e))
        cli.print(control.ensure_running(_home()))
        return 0
    except control.EngineControlError as e:
        raise CliError(str(e), 1) from None
    cli.print(url)
    return 0


def stop(cli: Cli) -> int:
    from dockyard.engine import control
    try:
        control.stop(_home())
    except control.EngineControlError as e:
        raise CliError(str(e), 1) from None
    return 0


def status(cli: Cli) -> int:
    from dockyard.engine import control
    s = control.status(_home())
    cli.print(s.describe())
    return 0 if s.running else 1


def logs(cli: Cli) -> int:
    from dockyard.engine import control
    cli.out.write(control.logs(_home()))
    return 0
