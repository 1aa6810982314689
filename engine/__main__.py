"""`python -m dockyard.engine serve|start|stop|status|logs`: the bundled engine's process.

`serve` runs the engine in the foreground; `start` runs it in the background and prints its
DOCKER_HOST url as its last line of output.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

from . import control
from .home import resolve_home


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dockyard.engine", description="The dockyard bundled engine.")
    parser.add_argument("--home", help="the engine's directory (default: $DOCKYARD_HOME, else the user data dir)")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the engine in the foreground")
    serve.add_argument("--tcp", action="store_true",
                       help="listen on loopback TCP (with a token) instead of a unix socket")
    serve.add_argument("--detach", action="store_true", help=argparse.SUPPRESS)
    serve.add_argument("--ready-fd", type=int, help=argparse.SUPPRESS)
    serve.add_argument("--daemon", help=argparse.SUPPRESS)
    start = commands.add_parser("start", help="start the engine in the background and print its url")
    start.add_argument("--daemon", help=argparse.SUPPRESS)
    commands.add_parser("stop", help="stop the engine (and its running containers)")
    commands.add_parser("status", help="say whether the engine runs, and where")
    commands.add_parser("logs", help="print the engine's log")
    for sub in commands.choices.values():
        sub.add_argument("--home", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    home = resolve_home(args.home)

    try:
        if args.command == "serve":
            if args.detach:
                _detach()
            _configure_logging()
            control.serve(home, daemon=args.daemon, use_tcp=args.tcp, on_ready=_announcer(args.ready_fd))
        elif args.command == "start":
            print(control.start(home, daemon=args.daemon))
        elif args.command == "stop":
            if not control.stop(home):
                print(control.status(home).describe())
        elif args.command == "status":
            current = control.status(home)
            print(current.describe())
            return 0 if current.running else 1
        elif args.command == "logs":
            sys.stdout.write(control.logs(home))
    except control.EngineControlError as e:
        print(f"dockyard engine: {e}", file=sys.stderr)
        return 1
    except Exception:
        logging.getLogger("dockyard.engine").exception("the engine failed")
        return 1
    return 0


def _detach() -> None:
    """Leave the process that started us (it returns at once, so no zombie is left behind)."""
    if os.fork() > 0:
        os._exit(0)
    os.chdir("/")


def _announcer(ready_fd: int | None):
    """What tells `start` the engine is listening: its url, written to the pipe it gave us."""
    def announce(url: str) -> None:
        print(url, flush=True)
        if ready_fd is not None:
            os.write(ready_fd, url.encode() + b"\n")
            os.close(ready_fd)
    return announce


def _configure_logging() -> None:
    """Lines in dockerd's (logrus) shape: time="..." level=info msg="..."."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, datefmt="%Y-%m-%dT%H:%M:%S%z",
                        format='time="%(asctime)s" level=%(levelname)s msg="%(message)s"')


if __name__ == "__main__":
    sys.exit(main())
