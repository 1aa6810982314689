"""The parser of Go's text/template: items in, parse trees out, Go's error messages on bad input.

A template can define more templates ({{define}}, {{block}}), so parsing yields a set of named
trees. Errors read `template: NAME:LINE: message`, with the line of the last item the parser
looked at, as Go's do; that is why the parser keeps Go's three-item lookahead.
"""
from __future__ import annotations

from typing import Container, NoReturn, Optional

from . import gostrconv
from .template_lex import Item, Token, lex
from .template_nodes import (
    CONSTANT_NODES, ActionNode, BoolNode, BranchNode, BreakNode, ChainNode, CommandNode,
    ContinueNode, DotNode, ElseNode, EndNode, FieldNode, IdentifierNode, ListNode, NilNode, Node,
    NumberNode, PipeNode, StringNode, TemplateNode, TextNode, VariableNode,
)
from .units import go_quote

_INT64 = range(-(2**63), 2**63)
_UINT64 = range(0, 2**64)

_OPERAND_STARTS = (
    Item.BOOL, Item.CHAR_CONSTANT, Item.COMPLEX, Item.DOT, Item.FIELD, Item.IDENTIFIER, Item.NUMBER,
    Item.NIL, Item.RAW_STRING, Item.STRING, Item.VARIABLE, Item.LEFT_PAREN,
)


class ParseError(Exception):
    """A template Go would refuse to parse; the message is Go's, `template: :1: ...`."""


class Tree:
    """One parsed template: its name, its root list, and the text it came from."""

    __slots__ = ("name", "root", "text")

    def __init__(self, name: str, root: ListNode, text: str):
        self.name = name
        self.root = root
        self.text = text


class _TokenStream:
    """The lexer's items, read once; past the end it keeps answering EOF as Go's lexer does."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.index = 0

    def next(self) -> Token:
        if self.index < len(self.tokens):
            token = self.tokens[self.index]
            self.index += 1
            return token
        last = self.tokens[-1]
        return Token(Item.EOF, last.pos, "", last.line)


def _is_empty_tree(node: Optional[Node]) -> bool:
    """Whether a tree holds nothing but white space (such a definition may be redefined)."""
    if node is None:
        return True
    if isinstance(node, ListNode):
        return all(_is_empty_tree(child) for child in node.nodes)
    if isinstance(node, TextNode):
        return not node.text.strip()
    return False


class _Parser:
    def __init__(self, name: str, text: str, functions: Container[str], trees: dict[str, Tree],
                 stream: _TokenStream, parse_name: str):
        self.name = name
        self.parse_name = parse_name  # the top-level template's name, for messages
        self.text = text
        self.functions = functions
        self.trees = trees
        self.stream = stream
        self.root = ListNode(0)
        self.token: list[Token] = [Token(Item.EOF, 0, "", 1)] * 3
        self.peek_count = 0
        self.vars = ["$"]
        self.action_line = 0
        self.range_depth = 0

    # -- lookahead ---------------------------------------------------------------------------

    def next(self) -> Token:
        if self.peek_count > 0:
            self.peek_count -= 1
        else:
            self.token[0] = self.stream.next()
        return self.token[self.peek_count]

    def backup(self) -> None:
        self.peek_count += 1

    def backup2(self, first: Token) -> None:
        self.token[1] = first
        self.peek_count = 2

    def backup3(self, first: Token, second: Token) -> None:
        self.token[1] = second
        self.token[2] = first
        self.peek_count = 3

    def peek(self) -> Token:
        if self.peek_count > 0:
            return self.token[self.peek_count - 1]
        self.peek_count = 1
        self.token[0] = self.stream.next()
        return self.token[0]

    def next_non_space(self) -> Token:
        token = self.next()
        while token.type == Item.SPACE:
            token = self.next()
        return token

    def peek_non_space(self) -> Token:
        token = self.next_non_space()
        self.backup()
        return token

    # -- errors ------------------------------------------------------------------------------

    def error(self, message: str) -> NoReturn:
        raise ParseError(f"template: {self.parse_name}:{self.token[0].line}: {message}")

    def expect(self, expected: Item, context: str) -> Token:
        token = self.next_non_space()
        if token.type != expected:
            self.unexpected(token, context)
        return token

    def unexpected(self, token: Token, context: str) -> NoReturn:
        if token.type == Item.ERROR:
            extra = ""
            if self.action_line and self.action_line != token.line:
                extra = f" in action started at {self.parse_name}:{self.action_line}"
                if token.value.endswith(" action"):
                    extra = extra[len(" in action"):]  # not "unclosed action in action"
            self.error(f"{token}{extra}")
        self.error(f"unexpected {token} in {context}")

    # -- templates ---------------------------------------------------------------------------

    def parse(self) -> None:
        self.root = ListNode(self.peek().pos)
        while self.peek().type != Item.EOF:
            if self.peek().type == Item.LEFT_DELIM:
                delim = self.next()
                if self.next_non_space().type == Item.DEFINE:
                    self._sub_parser("definition").parse_definition()
                    continue
                self.backup2(delim)
            node = self.text_or_action()
            if isinstance(node, (EndNode, ElseNode)):
                self.error(f"unexpected {node}")
            self.root.nodes.append(node)

    def _sub_parser(self, name: str) -> "_Parser":
        return _Parser(name, self.text, self.functions, self.trees, self.stream, self.parse_name)

    def add(self) -> None:
        """Record this tree in the set; a name may be defined twice only if one is empty."""
        existing = self.trees.get(self.name)
        if existing is None or _is_empty_tree(existing.root):
            self.trees[self.name] = Tree(self.name, self.root, self.text)
            return
        if not _is_empty_tree(self.root):
            self.error(f"template: multiple definition of template {go_quote(self.name)}")

    def parse_definition(self) -> None:
        context = "define clause"
        token = self.next_non_space()
        if token.type not in (Item.STRING, Item.RAW_STRING):
            self.unexpected(token, context)
        self.name = self._unquote(token.value)
        self.expect(Item.RIGHT_DELIM, context)
        self.root, end = self.item_list()
        if not isinstance(end, EndNode):
            self.error(f"unexpected {end} in {context}")
        self.add()

    def item_list(self) -> tuple[ListNode, Node]:
        """Nodes up to an {{end}} or {{else}}, which is returned separately."""
        nodes = ListNode(self.peek_non_space().pos)
        while self.peek_non_space().type != Item.EOF:
            node = self.text_or_action()
            if isinstance(node, (EndNode, ElseNode)):
                return nodes, node
            nodes.nodes.append(node)
        self.error("unexpected EOF")

    def text_or_action(self) -> Node:
        token = self.next_non_space()
        if token.type == Item.TEXT:
            return TextNode(token.pos, token.value)
        if token.type == Item.LEFT_DELIM:
            self.action_line = token.line
            try:
                return self.action()
            finally:
                self.action_line = 0
        self.unexpected(token, "input")

    # -- actions -----------------------------------------------------------------------------

    def action(self) -> Node:
        token = self.next_non_space()
        controls = {
            Item.BLOCK: self.block_control, Item.ELSE: self.else_control, Item.END: self.end_control,
            Item.IF: lambda: self.branch("if"), Item.RANGE: lambda: self.branch("range"),
            Item.WITH: lambda: self.branch("with"), Item.TEMPLATE: self.template_control,
        }
        if token.type in controls:
            return controls[token.type]()
        if token.type in (Item.BREAK, Item.CONTINUE):
            return self.loop_control(token)
        self.backup()
        token = self.peek()
        # Variables an action declares stay in scope until the {{end}} around it.
        return ActionNode(token.pos, self.pipeline("command", Item.RIGHT_DELIM))

    def loop_control(self, keyword: Token) -> Node:
        name = "{{" + keyword.value + "}}"
        token = self.next_non_space()
        if token.type != Item.RIGHT_DELIM:
            self.unexpected(token, name)
        if self.range_depth == 0:
            self.error(f"{name} outside {{{{range}}}}")
        node_type = BreakNode if keyword.type == Item.BREAK else ContinueNode
        return node_type(keyword.pos)

    def branch(self, kind: str) -> BranchNode:
        """{{if}}, {{range}} or {{with}} up to its {{end}}, with its {{else}} part if any."""
        saved_vars = len(self.vars)
        try:
            pipe = self.pipeline(kind, Item.RIGHT_DELIM)
            if kind == "range":
                self.range_depth += 1
            body, end = self.item_list()
            if kind == "range":
                self.range_depth -= 1
            else_list = None
            if isinstance(end, ElseNode):
                # {{else if x}} and {{else with x}} read as {{else}}{{if x}}...{{end}}{{end}}.
                chained = {"if": Item.IF, "with": Item.WITH}.get(kind)
                if chained is not None and self.peek().type == chained:
                    self.next()
                    else_list = ListNode(end.pos, [self.branch(kind)])
                else:
                    else_list, end = self.item_list()
                    if not isinstance(end, EndNode):
                        self.error(f"expected end; found {end}")
            return BranchNode(pipe.pos, kind, pipe, body, else_list)
        finally:
            del self.vars[saved_vars:]

    def end_control(self) -> Node:
        return EndNode(self.expect(Item.RIGHT_DELIM, "end").pos)

    def else_control(self) -> Node:
        peeked = self.peek_non_space()
        if peeked.type in (Item.IF, Item.WITH):
            return ElseNode(peeked.pos)  # the if/with is read by the branch
        token = self.expect(Item.RIGHT_DELIM, "else")
        return ElseNode(token.pos)

    def block_control(self) -> Node:
        context = "block clause"
        token = self.next_non_space()
        name = self.template_name(token, context)
        pipe = self.pipeline(context, Item.RIGHT_DELIM)
        block = self._sub_parser(name)
        block.root, end = block.item_list()
        if not isinstance(end, EndNode):
            self.error(f"unexpected {end} in {context}")
        block.add()
        return TemplateNode(token.pos, name, pipe)

    def template_control(self) -> Node:
        context = "template clause"
        token = self.next_non_space()
        name = self.template_name(token, context)
        pipe = None
        if self.next_non_space().type != Item.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context, Item.RIGHT_DELIM)
        return TemplateNode(token.pos, name, pipe)

    def template_name(self, token: Token, context: str) -> str:
        if token.type not in (Item.STRING, Item.RAW_STRING):
            self.unexpected(token, context)
        return self._unquote(token.value)

    # -- pipelines ---------------------------------------------------------------------------

    def pipeline(self, context: str, end: Item) -> PipeNode:
        pipe = PipeNode(self.peek_non_space().pos)
        self._declarations(pipe, context)
        while True:
            token = self.next_non_space()
            if token.type == end:
                self._check_pipeline(pipe, context)
                return pipe
            if token.type not in _OPERAND_STARTS:
                self.unexpected(token, context)
            self.backup()
            pipe.cmds.append(self.command())

    def _declarations(self, pipe: PipeNode, context: str) -> None:
        """`$x :=`, `$x =`, and range's `$i, $e :=`; anything else is left unread."""
        while True:
            variable = self.peek_non_space()
            if variable.type != Item.VARIABLE:
                return
            self.next()
            # Space is an item, so "$x foo" needs three items of lookahead to tell from "$x :=".
            after = self.peek()
            following = self.peek_non_space()
            if following.type in (Item.ASSIGN, Item.DECLARE):
                pipe.is_assign = following.type == Item.ASSIGN
                self.next_non_space()
                self._declare(pipe, variable)
                return
            if following.type == Item.CHAR and following.value == ",":
                self.next_non_space()
                self._declare(pipe, variable)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().type in (Item.VARIABLE, Item.RIGHT_DELIM, Item.RIGHT_PAREN):
                        continue  # the second variable of a range
                    self.error("range can only initialize variables")
                self.error(f"too many declarations in {context}")
            if after.type == Item.SPACE:
                self.backup3(variable, after)
            else:
                self.backup2(variable)
            return

    def _declare(self, pipe: PipeNode, variable: Token) -> None:
        pipe.decl.append(VariableNode(variable.pos, variable.value.split(".")))
        self.vars.append(variable.value)

    def _check_pipeline(self, pipe: PipeNode, context: str) -> None:
        if not pipe.cmds:
            self.error(f"missing value for {context}")
        for stage, command in enumerate(pipe.cmds[1:], start=2):
            if isinstance(command.args[0], CONSTANT_NODES):
                self.error(f"non executable command in pipeline stage {stage}")

    def command(self) -> CommandNode:
        """Space-separated operands up to a `|` (consumed) or a closing delimiter (left)."""
        command = CommandNode(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                command.args.append(operand)
            token = self.next()
            if token.type == Item.SPACE:
                continue
            if token.type in (Item.RIGHT_DELIM, Item.RIGHT_PAREN):
                self.backup()
            elif token.type != Item.PIPE:
                self.unexpected(token, "operand")
            break
        if not command.args:
            self.error("empty command")
        return command

    def operand(self) -> Optional[Node]:
        """A term, then any `.Field`s read off it."""
        node = self.term()
        if node is None or self.peek().type != Item.FIELD:
            return node
        chain = ChainNode(self.peek().pos, node)
        while self.peek().type == Item.FIELD:
            chain.fields.append(self.next().value[1:])
        if isinstance(node, FieldNode):
            return FieldNode(chain.pos, str(chain)[1:].split("."))
        if isinstance(node, VariableNode):
            return VariableNode(chain.pos, str(chain).split("."))
        if isinstance(node, CONSTANT_NODES):
            self.error(f"unexpected . after term {go_quote(str(node))}")
        return chain

    def term(self) -> Optional[Node]:
        token = self.next_non_space()
        kind = token.type
        if kind == Item.IDENTIFIER:
            if token.value not in self.functions:
                self.error(f"function {go_quote(token.value)} not defined")
            return IdentifierNode(token.pos, token.value)
        if kind == Item.DOT:
            return DotNode(token.pos)
        if kind == Item.NIL:
            return NilNode(token.pos)
        if kind == Item.VARIABLE:
            variable = VariableNode(token.pos, token.value.split("."))
            if variable.idents[0] not in self.vars:
                self.error(f"undefined variable {go_quote(variable.idents[0])}")
            return variable
        if kind == Item.FIELD:
            return FieldNode(token.pos, token.value[1:].split("."))
        if kind == Item.BOOL:
            return BoolNode(token.pos, token.value == "true")
        if kind in (Item.CHAR_CONSTANT, Item.COMPLEX, Item.NUMBER):
            return self._number(token)
        if kind == Item.LEFT_PAREN:
            return self.pipeline("parenthesized pipeline", Item.RIGHT_PAREN)
        if kind in (Item.STRING, Item.RAW_STRING):
            return StringNode(token.pos, token.value, self._unquote(token.value))
        self.backup()
        return None

    def _unquote(self, literal: str) -> str:
        text = gostrconv.unquote(literal)
        if text is None:
            self.error(gostrconv.INVALID_SYNTAX)
        return text

    # -- numbers -----------------------------------------------------------------------------

    def _number(self, token: Token) -> NumberNode:
        """A numeric constant in every type that holds it exactly, as Go's parse.newNumber."""
        text = token.value
        node = NumberNode(token.pos, text)
        if token.type == Item.CHAR_CONSTANT:
            decoded = gostrconv.unquote_char(text[1:], text[0])
            if decoded is None:
                self.error(gostrconv.INVALID_SYNTAX)
            value, _, tail = decoded
            if tail != "'":
                self.error(f"malformed character constant: {text}")
            node.int_value = node.uint_value = value
            node.float_value = float(value)
            return node
        if token.type == Item.COMPLEX:
            try:
                node.complex_value = complex(text[:-1] + "j")
            except ValueError:
                # Go reads complex constants with fmt.Sscan; its complaints are not modelled.
                self.error(gostrconv.INVALID_SYNTAX)
            return _simplify_complex(node)
        if text.endswith("i"):
            imaginary = gostrconv.parse_float(text[:-1])
            if imaginary is not None:
                node.complex_value = complex(0, imaginary)
                return _simplify_complex(node)
        unsigned = gostrconv.parse_uint(text)
        node.uint_value = unsigned
        signed = gostrconv.parse_int(text)
        if signed is not None:
            node.int_value = signed
            if signed == 0:
                node.uint_value = 0  # "-0"
        if node.int_value is not None:
            node.float_value = float(node.int_value)
        elif node.uint_value is not None:
            node.float_value = float(node.uint_value)
        else:
            value = gostrconv.parse_float(text)
            if value is not None:
                if not any(char in text for char in ".eEpP"):
                    self.error(f"integer overflow: {go_quote(text)}")
                node.float_value = value
                if value == int(value) and int(value) in _INT64:
                    node.int_value = int(value)
                if value == int(value) and int(value) in _UINT64:
                    node.uint_value = int(value)
        if node.int_value is None and node.uint_value is None and node.float_value is None:
            self.error(f"illegal number syntax: {go_quote(text)}")
        return node


def _simplify_complex(node: NumberNode) -> NumberNode:
    """A complex constant with no imaginary part is also a float (and maybe an integer)."""
    value = node.complex_value
    if value.imag == 0:
        node.float_value = value.real
        if value.real == int(value.real):
            whole = int(value.real)
            node.int_value = whole if whole in _INT64 else None
            node.uint_value = whole if whole in _UINT64 else None
    return node


def parse(text: str, functions: Container[str], name: str = "") -> dict[str, Tree]:
    """Parse a template and the templates it defines, keyed by name; raises ParseError."""
    trees: dict[str, Tree] = {}
    parser = _Parser(name, text, functions, trees, _TokenStream(lex(text)), name)
    parser.parse()
    parser.add()
    return trees
