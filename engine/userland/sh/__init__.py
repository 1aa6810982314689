"""The POSIX shell of the simulated userland: busybox ash, as a program.

`main(proc)` is what runs for `sh -c 'script' [arg0 [args...]]`, `sh file [args]`,
`sh [-s] [args]` (the script on stdin) and an interactive shell when stdin is a terminal:

    lexer.py   characters → tokens and words (quoting kept per part)
    parser.py  tokens → the typed tree in ast.py, with ash's syntax errors
    expand.py  words → fields (parameters, $(...), $((...)), splitting, globbing)
    interp.py  the tree walk: commands, pipelines, functions, redirections, traps
    builtins.py  cd, export, read, set, trap, ... and echo/printf/test shared with the applets
    stream.py  scripts read from stdin, and the interactive prompt
"""
from __future__ import annotations

import sys
from typing import Collection

from ..process import Process
from .builtins import LONG_OPTIONS as OPTION_NAMES
from .errors import ExitShell
from .interp import Shell
from .stream import run_stream

OPTION_LETTERS = set("efIimnsxvCabuEcl")
LONG_OPTIONS = {name: letter for letter, name in OPTION_NAMES}
# Each nested shell function call takes about a dozen Python frames; this lets scripts recurse
# a thousand levels deep. Deeper, ash itself would run out of stack: we report that as its
# crash would be reported (SIGSEGV, 139).
RECURSION_LIMIT = 20000
SEGFAULT_STATUS = 128 + 11
if sys.getrecursionlimit() < RECURSION_LIMIT:
    sys.setrecursionlimit(RECURSION_LIMIT)


def main(proc: Process, applets: Collection[str] = ()) -> int:
    """Run the shell as `proc`; its exit status. `applets`: the applets of the multi-call binary
    a standalone busybox shell runs directly, ahead of $PATH (see Shell.applets)."""
    try:
        return _main(proc, frozenset(applets))
    except RecursionError:
        return SEGFAULT_STATUS


def _main(proc: Process, applets: frozenset[str]) -> int:
    name = proc.argv[0] if proc.argv else "sh"
    try:
        options, args = _parse_options(proc.argv[1:])
    except ValueError as e:
        proc.err(f"{name}: {e}\n")
        return 2
    script: str | None = None
    script_name: str | None = None
    arg0 = name
    if "c" in options:
        if not args:
            proc.err(f"{name}: -c requires an argument\n")
            return 2
        script, args = args[0], args[1:]
        if args:
            arg0 = script_name = args[0]
            args = args[1:]
    elif "s" not in options and args:
        arg0 = script_name = args[0]
        try:
            script = proc.fs.read_bytes(proc.abspath(args[0])).decode("utf-8", "surrogateescape")
        except OSError as e:
            proc.err(f"{name}: can't open '{args[0]}': {e.strerror}\n")
            return 2
        args = args[1:]
    else:
        options.add("s")
    interactive = "i" in options or (script is None and proc.stdin.isatty() and proc.stdout.isatty())
    if interactive:
        options.update("im")
    options.discard("l")
    shell = Shell(proc, arg0, args, options, script_name=script_name, interactive=interactive, applets=applets)
    try:
        if script is not None:
            status = shell.run_script(script, 0 if "c" in options else 1)
        else:
            status = run_stream(shell)
    except ExitShell as e:
        status = e.status
    finally:
        shell.sync()
    status = shell.run_exit_trap(status)
    shell.sync()
    return status


def _parse_options(argv: list[str]) -> tuple[set[str], list[str]]:
    """ash's command line: -abc and +abc option groups, -o NAME, up to the first operand."""
    options: set[str] = set()
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--", "-"):
            i += 1
            break
        if len(arg) < 2 or arg[0] not in "-+":
            break
        on = arg[0] == "-"
        for c in arg[1:]:
            if c == "o":
                i += 1
                if i >= len(argv) or argv[i] not in LONG_OPTIONS:
                    raise ValueError(f"illegal option {arg[0]}o {argv[i] if i < len(argv) else ''}".rstrip())
                letter = LONG_OPTIONS[argv[i]]
                (options.add if on else options.discard)(letter)
            elif c in OPTION_LETTERS:
                (options.add if on else options.discard)(c)
            else:
                raise ValueError(f"illegal option {arg[0]}{c}")
        i += 1
    return options, argv[i:]


__all__ = ["main", "Shell"]
