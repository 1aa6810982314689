"""The typed syntax tree of a shell program, as `parser.py` builds it and `interp.py` walks it.

Words are sequences of parts, so the expander knows, for every character, whether it was quoted
(quoted text is never split or globbed) and where each expansion starts and ends. Commands are
the shapes of the POSIX grammar plus ash's own (`[[`, `function f`, `$'...'`, `${x/p/r}`).
Every node that runs a command keeps its source line: ash prints it in error messages.
"""
from __future__ import annotations

from dataclasses import dataclass, field


# ---------------------------------------------------------------- word parts
@dataclass(slots=True)
class Lit:
    """Unquoted literal text: subject to globbing (and, inside `${x:-...}`, to splitting)."""
    text: str


@dataclass(slots=True)
class Quoted:
    """Text quoted by '...', `\\c` or $'...': taken literally, never split or globbed."""
    text: str


@dataclass(slots=True)
class DblQuoted:
    """"...": expansions inside happen, but their results are neither split nor globbed."""
    parts: list


@dataclass(slots=True)
class Param:
    """A parameter expansion: `$x`, `${x}`, `${#x}`, `${x<op><arg>}`.

    `op` is '' (plain), '#len' (`${#x}`), one of `- := = ? :? + :+ :-` (defaults and checks),
    `# ## % %%` (trimming), `/ //` (replacement: `arg` is the pattern, `repl` the new text), or
    ':' (substring: `arg` holds "offset[:length]", evaluated as arithmetic).
    """
    name: str
    op: str = ""
    arg: "Word | None" = None
    repl: "Word | None" = None


@dataclass(slots=True)
class BadSubst:
    """`${...}` that ash rejects only when it is expanded ("syntax error: bad substitution")."""
    text: str


@dataclass(slots=True)
class CmdSubst:
    """$(...) or `...`: the body runs in a subshell; its output, minus trailing newlines, is the value."""
    body: "CommandList"


@dataclass(slots=True)
class Arith:
    """$((...)): the text is expanded first (parameters, substitutions), then evaluated."""
    expr: "Word"


@dataclass(slots=True)
class Word:
    parts: list

    @property
    def literal(self) -> str | None:
        """The text when the word is one unquoted literal (keywords, names), else None."""
        if len(self.parts) == 1 and type(self.parts[0]) is Lit:
            return self.parts[0].text
        return None


# ---------------------------------------------------------------- commands
@dataclass(slots=True)
class Assign:
    name: str
    value: Word


@dataclass(slots=True)
class Redir:
    """`[fd]op target`. For here-documents `target` is the delimiter and `body` the text:
    a Word to expand when the delimiter was unquoted, else a Quoted literal."""
    fd: int
    op: str  # < > >> >| <> <& >& &> << <<-
    target: Word
    body: Word | None = None


@dataclass(slots=True)
class SimpleCommand:
    assigns: list[Assign]
    args: list[Word]
    redirs: list[Redir]
    line: int = 0


@dataclass(slots=True)
class Pipeline:
    commands: list
    line: int = 0


@dataclass(slots=True)
class Not:
    """`! pipeline`: the status is inverted."""
    command: object


@dataclass(slots=True)
class AndOr:
    op: str  # && or ||
    left: object
    right: object


@dataclass(slots=True)
class Background:
    """`command &`: runs asynchronously; its stdin is /dev/null."""
    command: object


@dataclass(slots=True)
class CommandList:
    commands: list


@dataclass(slots=True)
class BraceGroup:
    body: CommandList
    redirs: list[Redir] = field(default_factory=list)
    line: int = 0


@dataclass(slots=True)
class Subshell:
    body: CommandList
    redirs: list[Redir] = field(default_factory=list)
    line: int = 0


@dataclass(slots=True)
class If:
    cond: CommandList
    then: CommandList
    else_: "CommandList | If | None" = None
    redirs: list[Redir] = field(default_factory=list)
    line: int = 0


@dataclass(slots=True)
class While:
    cond: CommandList
    body: CommandList
    until: bool = False
    redirs: list[Redir] = field(default_factory=list)
    line: int = 0


@dataclass(slots=True)
class For:
    var: str
    items: list[Word] | None  # None: `for x` iterates over "$@"
    body: CommandList
    redirs: list[Redir] = field(default_factory=list)
    line: int = 0


@dataclass(slots=True)
class CaseArm:
    patterns: list[Word]
    body: CommandList


@dataclass(slots=True)
class Case:
    word: Word
    arms: list[CaseArm]
    redirs: list[Redir] = field(default_factory=list)
    line: int = 0


@dataclass(slots=True)
class FuncDef:
    name: str
    body: object
    line: int = 0


COMPOUND = (BraceGroup, Subshell, If, While, For, Case)
