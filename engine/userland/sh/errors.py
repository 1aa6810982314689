"""How the shell fails: errors that end a non-interactive shell, and control flow as exceptions.

ash reports an error as `<arg0>: [<command>: ][line N: ]<message>` and, in a non-interactive
shell, exits with status 2 (syntax errors, bad substitutions, `${x?}`, arithmetic errors, assigning
a readonly variable, a failing redirection of a special builtin). In a subshell or command
substitution only that subshell ends.
"""
from __future__ import annotations


class ShellError(Exception):
    """A fatal error: printed, then the (sub)shell exits with `status`."""

    def __init__(self, message: str, status: int = 2, command: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.command = command  # the builtin (or dot script) that failed, printed after arg0
        self.line = line  # where it happened, when that is not the line the shell is at


class ParseError(ShellError):
    """A syntax error, raised by the lexer and parser with ash's wording."""

    def __init__(self, message: str, line: int = 0):
        super().__init__("syntax error: " + message, line=line)


class ExitShell(Exception):
    """`exit`, an error in a non-interactive shell, or the end of `exec`: leave the (sub)shell."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class ReturnFromFunction(Exception):
    """`return` (from a function or a dot script)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class LoopControl(Exception):
    """`break n` / `continue n`: unwinds `levels` enclosing loops."""

    def __init__(self, levels: int, is_break: bool):
        super().__init__(levels)
        self.levels = levels
        self.is_break = is_break


class KeepRedirections(Exception):
    """`exec` without a command: its redirections stay in effect for the rest of the shell."""
