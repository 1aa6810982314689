"""The POSIX shell of the simulated userland: busybox ash, as a program.

`main(proc)` is what runs for `sh -c 'script' [arg0 [args...]]`, `sh file [args]`,
`sh [-s] [args]` (the script on stdin) and an interactive shell when stdin is a terminal:

    lexer.py   characters → tokens and words (quoting kept per part)
    parser.py  tokens → the typed tree in ast.py, with ash's syntax errors
    expand.py  words → fields (parameters, $(...), $((...)), splitting, globbing)
    interp.py  the tree walk: commands, pipelines, functions, redirections, traps
    builtins.py  cd, export, read, set, trap, ... and echo/printf/test shared with the applets
"""
from __future__ import annotations

import sys

from ..process import Process
from .errors import ExitShell, ParseError, ShellError
from .interp import Shell
from .parser import Parser

OPTION_LETTERS = set("efIimnsxvCabuEcl")
LONG_OPTIONS = {"errexit": "e", "noglob": "f", "ignoreeof": "I", "monitor": "m", "noexec": "n",
                "xtrace": "x", "verbose": "v", "noclobber": "C", "allexport": "a", "notify": "b",
                "nounset": "u", "errtrace": "E", "vi": "vi", "pipefail": "pipefail"}
READ_SIZE = 4096
# Each nested shell function call takes about a dozen Python frames; this lets scripts recurse
# a thousand levels deep. Deeper, ash itself would run out of stack: we report that as its
# crash would be reported (SIGSEGV, 139).
RECURSION_LIMIT = 20000
SEGFAULT_STATUS = 128 + 11
if sys.getrecursionlimit() < RECURSION_LIMIT:
    sys.setrecursionlimit(RECURSION_LIMIT)


def main(proc: Process) -> int:
    try:
        return _main(proc)
    except RecursionError:
        return SEGFAULT_STATUS


def _main(proc: Process) -> int:
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
    shell = Shell(proc, arg0, args, options, script_name=script_name, interactive=interactive)
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


def run_stream(shell: Shell) -> int:
    """Read commands from stdin as they arrive and run each complete line: the same loop
    serves `sh -s`, a piped script and a terminal (where it prompts with PS1 and PS2)."""
    source = _Source(shell)
    buf, line = "", 1
    while True:
        if not buf:
            chunk = source.more("PS1")
            if chunk is None:
                break
            buf = chunk
        parser = Parser(buf, line, shell.aliases)
        error: ParseError | None = None
        try:
            node = parser.next_line()
        except ParseError as e:
            node, error = None, e
        if parser.lexer.reached_end and not source.exhausted:
            chunk = source.more("PS2")  # an open quote, here-document or compound command
            if chunk is not None:
                buf += chunk
            continue
        if error is not None:
            shell.report(error)
            if not shell.interactive:
                raise ExitShell(2)
            shell.status = 2
            buf = ""
            continue
        buf = parser.lexer.src[parser.lexer.pos:]
        line = parser.lexer.line
        if node is not None:
            shell.run_toplevel(node)
    if shell.interactive:
        shell.err("\n")
    return shell.status


class _Source:
    """Standard input as the shell reads it: what is available (a pipe), or a line at a time
    after a prompt (a terminal)."""

    def __init__(self, shell: Shell):
        self.shell = shell
        self.exhausted = False

    def more(self, prompt_var: str) -> str | None:
        shell = self.shell
        if self.exhausted:
            return None
        if shell.interactive:
            _prompt(shell, prompt_var)
        shell.check_signals()
        stdin = shell.fds[0]
        data = stdin.readline() if shell.interactive else stdin.read(READ_SIZE)
        if not data:
            self.exhausted = True
            return None
        return shell.decode(data)


def _prompt(shell: Shell, var: str) -> None:
    text = shell.expander.prompt_string(shell.lookup(var) or "", prompt=True)
    if var == "PS1":
        text = _prompt_escapes(shell, text)
    try:
        shell.out(text)
    except OSError:
        pass


def _prompt_escapes(shell: Shell, text: str) -> str:
    """The line editor's PS1 escapes: \\w \\W \\u \\h \\H \\$ \\n \\\\."""
    home = shell.lookup("HOME")
    cwd = shell.cwd
    if home and home != "/" and (cwd == home or cwd.startswith(home.rstrip("/") + "/")):
        cwd = "~" + cwd[len(home.rstrip("/")):]
    hostname = shell.lookup("HOSTNAME") or shell.proc.host.hostname
    user = _user_name(shell)
    replacements = {"w": cwd, "W": cwd.rsplit("/", 1)[-1] or "/", "u": user, "h": hostname.split(".")[0],
                    "H": hostname, "$": "#" if shell.proc.uid == 0 else "$", "n": "\n", "\\": "\\"}
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in replacements:
            out.append(replacements[text[i + 1]])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _user_name(shell: Shell) -> str:
    try:
        passwd = shell.decode(shell.fs.read_bytes("/etc/passwd"))
    except OSError:
        return str(shell.proc.uid)
    for entry in passwd.splitlines():
        fields = entry.split(":")
        if len(fields) > 2 and fields[2] == str(shell.proc.uid):
            return fields[0]
    return str(shell.proc.uid)


__all__ = ["main", "Shell", "ShellError"]
