"""The parse tree of a Go template, as text/template/parse builds it.

Every node keeps the position of its first character and prints back as Go prints it, because
execution errors name the node they failed on: `executing "" at <.State.Statuss>: ...`.
(Plain classes rather than dataclasses: the CLI imports this module on every run.)
"""
from __future__ import annotations

from typing import Optional

from .units import go_quote


class Node:
    __slots__ = ("pos",)

    def __init__(self, pos: int):
        self.pos = pos


class ListNode(Node):
    __slots__ = ("nodes",)

    def __init__(self, pos: int, nodes: Optional[list] = None):
        super().__init__(pos)
        self.nodes = nodes if nodes is not None else []

    def __str__(self) -> str:
        return "".join(str(node) for node in self.nodes)


class TextNode(Node):
    __slots__ = ("text",)

    def __init__(self, pos: int, text: str):
        super().__init__(pos)
        self.text = text

    def __str__(self) -> str:
        return self.text


class IdentifierNode(Node):
    """A function name."""

    __slots__ = ("name",)

    def __init__(self, pos: int, name: str):
        super().__init__(pos)
        self.name = name

    def __str__(self) -> str:
        return self.name


class VariableNode(Node):
    """`$x.Field.Field`: the variable name (with its `$`) then any fields."""

    __slots__ = ("idents",)

    def __init__(self, pos: int, idents: list):
        super().__init__(pos)
        self.idents = idents

    def __str__(self) -> str:
        return ".".join(self.idents)


class DotNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "."


class NilNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "nil"


class FieldNode(Node):
    """`.A.B`: the field names without their dots."""

    __slots__ = ("idents",)

    def __init__(self, pos: int, idents: list):
        super().__init__(pos)
        self.idents = idents

    def __str__(self) -> str:
        return "".join("." + ident for ident in self.idents)


class BoolNode(Node):
    __slots__ = ("value",)

    def __init__(self, pos: int, value: bool):
        super().__init__(pos)
        self.value = value

    def __str__(self) -> str:
        return "true" if self.value else "false"


class NumberNode(Node):
    """A numeric constant, held in every Go type that can represent it (Go's ideal constants);
    a value is None where its type cannot hold the constant."""

    __slots__ = ("text", "int_value", "uint_value", "float_value", "complex_value")

    def __init__(self, pos: int, text: str):
        super().__init__(pos)
        self.text = text
        self.int_value: Optional[int] = None
        self.uint_value: Optional[int] = None
        self.float_value: Optional[float] = None
        self.complex_value: Optional[complex] = None

    def __str__(self) -> str:
        return self.text


class StringNode(Node):
    __slots__ = ("quoted", "text")

    def __init__(self, pos: int, quoted: str, text: str):
        super().__init__(pos)
        self.quoted = quoted
        self.text = text

    def __str__(self) -> str:
        return self.quoted


class CommandNode(Node):
    """One stage of a pipeline: an operand followed by its arguments."""

    __slots__ = ("args",)

    def __init__(self, pos: int):
        super().__init__(pos)
        self.args: list = []

    def __str__(self) -> str:
        return " ".join(f"({arg})" if isinstance(arg, PipeNode) else str(arg) for arg in self.args)


class PipeNode(Node):
    """`$x := a | b c`: optional variable declarations, then commands joined by `|`."""

    __slots__ = ("decl", "cmds", "is_assign")

    def __init__(self, pos: int):
        super().__init__(pos)
        self.decl: list = []
        self.cmds: list = []
        self.is_assign = False

    def __str__(self) -> str:
        text = ""
        if self.decl:
            text = ", ".join(str(variable) for variable in self.decl) + (" = " if self.is_assign else " := ")
        return text + " | ".join(str(command) for command in self.cmds)


class ChainNode(Node):
    """`(pipeline).Field` or `func.Field`: fields read off a computed value."""

    __slots__ = ("node", "fields")

    def __init__(self, pos: int, node: Node):
        super().__init__(pos)
        self.node = node
        self.fields: list = []

    def __str__(self) -> str:
        head = f"({self.node})" if isinstance(self.node, PipeNode) else str(self.node)
        return head + "".join("." + name for name in self.fields)


class ActionNode(Node):
    __slots__ = ("pipe",)

    def __init__(self, pos: int, pipe: PipeNode):
        super().__init__(pos)
        self.pipe = pipe

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


class BranchNode(Node):
    """{{if}}, {{range}} and {{with}}: `kind` names which."""

    __slots__ = ("kind", "pipe", "list", "else_list")

    def __init__(self, pos: int, kind: str, pipe: PipeNode, body: ListNode, else_list: Optional[ListNode]):
        super().__init__(pos)
        self.kind = kind
        self.pipe = pipe
        self.list = body
        self.else_list = else_list

    def __str__(self) -> str:
        text = "{{" + self.kind + " " + str(self.pipe) + "}}" + str(self.list)
        if self.else_list is not None:
            text += "{{else}}" + str(self.else_list)
        return text + "{{end}}"


class BreakNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "{{break}}"


class ContinueNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "{{continue}}"


class TemplateNode(Node):
    """{{template "name" pipeline}}."""

    __slots__ = ("name", "pipe")

    def __init__(self, pos: int, name: str, pipe: Optional[PipeNode]):
        super().__init__(pos)
        self.name = name
        self.pipe = pipe

    def __str__(self) -> str:
        pipe = " " + str(self.pipe) if self.pipe is not None else ""
        return "{{template " + go_quote(self.name) + pipe + "}}"


class EndNode(Node):
    """{{end}}: ends a list while parsing; never part of a finished tree."""

    __slots__ = ()

    def __str__(self) -> str:
        return "{{end}}"


class ElseNode(Node):
    """{{else}}: ends a list while parsing; never part of a finished tree."""

    __slots__ = ()

    def __str__(self) -> str:
        return "{{else}}"


# The operands that evaluate to themselves: they cannot take a piped value.
CONSTANT_NODES = (BoolNode, DotNode, NilNode, NumberNode, StringNode)
