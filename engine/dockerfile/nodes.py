"""The Dockerfile AST: BuildKit's `Node` (an instruction, or one of its arguments), heredocs, errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from dockyard.engine.dockerfile.gocompat import quote, quote_list, trim_space
from dockyard.engine.errors import InvalidParameter

__all__ = ["DockerfileSyntaxError", "Heredoc", "Node"]

_HEREDOC_INSTRUCTIONS = frozenset({"add", "copy", "run"})


class DockerfileSyntaxError(InvalidParameter):
    """The Dockerfile cannot be parsed; `message` is Docker's, the lines are 1-based and inclusive."""

    def __init__(self, message: str, start_line: int = 0, end_line: int = 0):
        super().__init__(message)
        self.start_line = start_line
        self.end_line = max(start_line, end_line)


@dataclass(frozen=True)
class Heredoc:
    """A here-document: `<<EOF` (expand=True), `<<"EOF"` or `<<'EOF'` (expand=False), `<<-EOF` (chomp)."""

    name: str
    content: str = ""
    file_descriptor: int = 0
    expand: bool = True
    chomp: bool = False


@dataclass(eq=False)
class Node:
    """BuildKit's parse-tree node: an instruction (a child of the root) or one of its arguments.

    An instruction's arguments are its `next` chain; ONBUILD's argument is a node whose only child
    is the triggered instruction. `original` is the instruction's text with continuation lines
    joined, as the classic builder prints it after `Step n/m :` (commands strip its ends).
    """

    value: str = ""
    next: Node | None = None
    children: list[Node] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    json_form: bool = False
    heredocs: list[Heredoc] = field(default_factory=list)
    original: str = ""
    start_line: int = 0
    end_line: int = 0

    def args(self) -> list[str]:
        """The argument values in order; an ONBUILD trigger contributes its name then its arguments."""
        result = []
        node = self.next
        while node is not None:
            if not node.children:
                result.append(node.value)
            elif len(node.children) == 1:
                trigger = node.children[0]
                result.append(trigger.value)
                result.extend(trigger.args())
            node = node.next
        return result

    def dump(self) -> str:
        """BuildKit's `Node.Dump()`: `(instruction ["--flag"] "arg" ...)`, one line per instruction."""
        parts = [self.value]
        if self.flags:
            parts.append(" " + quote_list(self.flags))
        for child in self.children:
            parts.append("(" + child.dump() + ")\n")
        node = self.next
        while node is not None:
            parts.append(" " + (node.dump() if node.children else quote(node.value)))
            node = node.next
        return trim_space("".join(parts))

    def add_child(self, child: Node, start_line: int, end_line: int) -> None:
        child.start_line, child.end_line = start_line, end_line
        if self.start_line < 0:
            self.start_line = start_line
        self.end_line = end_line
        self.children.append(child)

    def can_contain_heredoc(self) -> bool:
        """RUN, COPY and ADD in shell form, also as ONBUILD triggers."""
        node = self
        if node.value == "onbuild" and node.next is not None and node.next.children:
            node = node.next.children[0]
        return node.value in _HEREDOC_INSTRUCTIONS and not node.json_form
