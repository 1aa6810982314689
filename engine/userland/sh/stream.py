"""Scripts read from standard input: `sh -s`, `echo cmd | sh`, and an interactive terminal.

Input is read as it arrives and each complete line runs before the next is read, as in ash: a
piped script is read in chunks, a terminal a line at a time after a prompt (PS1, then PS2 while
a quote, here-document or compound command is still open).
"""
from __future__ import annotations

from .errors import ExitShell, ParseError
from .interp import Shell
from .parser import Parser

READ_SIZE = 4096


def run_stream(shell: Shell) -> int:
    """Run the commands on the shell's stdin; its exit status when input ends."""
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
