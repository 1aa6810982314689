"""`dockyard engine start|stop|status|logs`: the bundled engine's background process (dockyard's own)."""
from __future__ import annotations

from ..context import Cli, CliError


def _home():
    from dockyard.engine.home import resolve_home
    return resolve_home()


def start(cli: Cli, inv) -> int:
    from dockyard.engine import control
    try:
        url = control.start(_home())
    except control.EngineControlError as e:
        raise CliError(str(e), 1) from None
    cli.print(url)
    return 0


def stop(cli: Cli, inv) -> int:
    from dockyard.engine import control
    try:
        control.stop(_home())
    except control.EngineControlError as e:
        raise CliError(str(e), 1) from None
    return 0


def status(cli: Cli, inv) -> int:
    from dockyard.engine import control
    s = control.status(_home())
    cli.print(s.describe())
    return 0 if s.running else 1


def logs(cli: Cli, inv) -> int:
    home = _home()
    try:
        with open(home.log, encoding="utf-8", errors="replace") as f:
            cli.out.write(f.read())
    except FileNotFoundError:
        raise CliError(f"no engine log at {home.log}", 1) from None
    return 0
