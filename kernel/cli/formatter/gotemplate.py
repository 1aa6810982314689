"""Go's text/template as `docker --format` and `docker inspect -f` run it.

    Template.parse('{{.Name}} {{json .Config.Cmd}}').execute(data) -> str

`Template.parse` is docker/cli's `templates.Parse`: Go's template language with Go's builtins
and docker's `json`, `split`, `join`, `title`, `lower`, `upper`, `pad` and `truncate`.
`execute` walks the tree over data shaped as `govalues` describes (decoded JSON, or row
objects whose public attributes are the fields), printing values as Go's fmt does. Every
failure is a TemplateError whose text is what docker prints; `go_message` holds Go's own
error (`template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"`).

This module is the executor (Go's exec.go); lexing, parsing and the functions live beside it.
"""
from __future__ import annotations

from typing import Any, Mapping, NoReturn, Optional

from .gofmt import format_value
from .govalues import Boxed, GoNil, StringSlice, go_type_name, is_struct, is_true, unbox
from .template_funcs import (
    ANY, BOOL, BUILTINS, DOCKER_FUNCTIONS, INT, STRING, VALUE, Function, FunctionError, GoType,
    method_function,
)
from .template_nodes import (
    ActionNode, BoolNode, BranchNode, BreakNode, ChainNode, CommandNode, ContinueNode, DotNode,
    FieldNode, IdentifierNode, ListNode, NilNode, Node, NumberNode, PipeNode, StringNode,
    TemplateNode, TextNode, VariableNode,
)
from .template_parse import ParseError, Tree, parse
from .units import go_quote

MAX_TEMPLATE_DEPTH = 100000  # Go's maxExecDepth; Python's stack ends far sooner (see below)


class TemplateError(ValueError):
    """A template that failed to parse or to execute.

    `str()` is the line docker prints (`template parsing error: ...`, for both kinds);
    `go_message` is Go's error text; `during` is "parse" or "execute" (docker inspect exits 64
    for the first, 1 for the second); `partial_output` is what execution wrote before failing.
    """

    def __init__(self, go_message: str, *, during: str, partial_output: str = ""):
        super().__init__(go_message)
        self.go_message = go_message
        self.during = during
        self.partial_output = partial_output

    def __str__(self) -> str:
        return "template parsing error: " + self.go_message


class Template:
    """A parsed template and the functions it runs with."""

    def __init__(self, trees: dict[str, Tree], functions: Mapping[str, Function], name: str = ""):
        self._trees = trees
        self._functions = dict(functions)
        self.name = name

    @classmethod
    def parse(cls, text: str) -> "Template":
        """Parse a template as docker/cli's templates.Parse does; raises TemplateError."""
        functions = {**BUILTINS, **DOCKER_FUNCTIONS}
        try:
            trees = parse(text, functions)
        except ParseError as error:
            raise TemplateError(str(error), during="parse") from None
        except RecursionError:
            # Go allows 10000 nested parentheses; Python's stack gives out first.
            raise TemplateError("template: :1: max expression depth exceeded", during="parse") from None
        return cls(trees, functions)

    def with_functions(self, functions: Mapping[str, Function]) -> "Template":
        """The same template with some functions replaced (Go's Template.Funcs after Parse)."""
        return Template(self._trees, {**self._functions, **functions}, self.name)

    def execute(self, data: Any, *, missing_key_error: bool = False) -> str:
        """Run the template over `data`. `missing_key_error` is Go's Option("missingkey=error"),
        which docker inspect sets when it falls back to the raw JSON."""
        out: list[str] = []
        state = _State(self, self._trees[self.name], out, missing_key_error, depth=0)
        state.vars.append(["$", data])
        try:
            state.walk(data, state.tree.root)
        except _ExecError as error:
            raise TemplateError(str(error), during="execute", partial_output="".join(out)) from None
        except RecursionError:
            message = f"template: {self.name}: exceeded maximum template depth ({MAX_TEMPLATE_DEPTH})"
            raise TemplateError(message, during="execute", partial_output="".join(out)) from None
        return "".join(out)


class _ExecError(Exception):
    """An execution error, already worded as Go's."""


class _Break(Exception):
    """{{break}}: ends the innermost range."""


class _Continue(Exception):
    """{{continue}}: ends one iteration of the innermost range."""


_MISSING = object()  # no value piped in from a previous command


def _is_hex_int(text: str) -> bool:
    return len(text) > 2 and text[0] == "0" and text[1] in "xX" and not any(c in text for c in "pP")


class _State:
    """One execution of one template: the output, the variable stack, the node being run."""

    def __init__(self, template: Template, tree: Tree, out: list[str], missing_key_error: bool, depth: int):
        self.template = template
        self.tree = tree
        self.out = out
        self.missing_key_error = missing_key_error
        self.depth = depth
        self.vars: list[list] = []
        self.node: Optional[Node] = None

    # -- errors and variables ----------------------------------------------------------------

    def error(self, message: str) -> NoReturn:
        name = go_quote(self.tree.name)
        if self.node is None:
            raise _ExecError(f"template: {self.tree.name}: {message}")
        prefix = self.tree.text[:self.node.pos]
        line = 1 + prefix.count("\n")
        column = len(prefix[prefix.rfind("\n") + 1:].encode("utf-8"))  # Go counts bytes
        location = f"{self.template.name}:{line}:{column}"
        raise _ExecError(f"template: {location}: executing {name} at <{self.node}>: {message}")

    def _variable_slot(self, name: str) -> list:
        for slot in reversed(self.vars):
            if slot[0] == name:
                return slot
        self.error(f"undefined variable: {name}")

    # -- walking the tree --------------------------------------------------------------------

    def walk(self, dot: Any, node: Node) -> None:
        self.node = node
        if isinstance(node, ActionNode):
            value = self.eval_pipeline(dot, node.pipe)
            if not node.pipe.decl:  # an action that declares variables prints nothing
                self.out.append("<no value>" if value is None else format_value(value))
        elif isinstance(node, TextNode):
            self.out.append(node.text)
        elif isinstance(node, ListNode):
            for child in node.nodes:
                self.walk(dot, child)
        elif isinstance(node, BranchNode):
            if node.kind == "range":
                self.walk_range(dot, node)
            else:
                self.walk_if_or_with(dot, node)
        elif isinstance(node, TemplateNode):
            self.walk_template(dot, node)
        elif isinstance(node, BreakNode):
            raise _Break()
        elif isinstance(node, ContinueNode):
            raise _Continue()

    def walk_if_or_with(self, dot: Any, node: BranchNode) -> None:
        mark = len(self.vars)
        try:
            value = self.eval_pipeline(dot, node.pipe)
            if is_true(value):
                self.walk(value if node.kind == "with" else dot, node.list)
            elif node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            del self.vars[mark:]

    def walk_range(self, dot: Any, node: BranchNode) -> None:
        mark = len(self.vars)
        try:
            if not self._range_body(dot, node) and node.else_list is not None:
                self.walk(dot, node.else_list)
        except _Break:
            pass
        finally:
            del self.vars[mark:]

    def _range_body(self, dot: Any, node: BranchNode) -> bool:
        """Run the body once per element; False when there was nothing to range over."""
        value = unbox(self.eval_pipeline(dot, node.pipe))
        decl = node.pipe.decl
        body_mark = len(self.vars)

        def iteration(index: Any, element: Any) -> None:
            if decl:
                if node.pipe.is_assign:
                    self._variable_slot(decl[0].idents[0])[1] = index if len(decl) > 1 else element
                else:
                    self.vars[-1][1] = element
            if len(decl) > 1:
                if node.pipe.is_assign:
                    self._variable_slot(decl[1].idents[0])[1] = element
                else:
                    self.vars[-2][1] = index
            try:
                self.walk(element, node.list)
            except _Continue:
                pass
            finally:
                del self.vars[body_mark:]

        if isinstance(value, list):
            # Elements of a JSON array sit in interface{} slots; a []string's do not.
            boxed = not isinstance(value, StringSlice)
            for index, element in enumerate(value):
                iteration(index, Boxed(element) if boxed else element)
            return bool(value)
        if isinstance(value, dict):
            for key in sorted(value):
                iteration(key, Boxed(value[key]))
            return bool(value)
        if isinstance(value, int) and not isinstance(value, bool):
            if len(decl) > 1:
                self.error(f"can't use {value} to iterate over more than one variable")
            for number in range(value):
                iteration(number, number)
            return value > 0
        if value is None or (isinstance(value, GoNil) and value.kind != "pointer"):
            return False
        # The message points at the last node the pipeline evaluated, as Go's does.
        self.error(f"range can't iterate over {format_value(value)}")

    def walk_template(self, dot: Any, node: TemplateNode) -> None:
        self.node = node
        tree = self.template._trees.get(node.name)
        if tree is None:
            self.error(f"template {go_quote(node.name)} not defined")
        if self.depth == MAX_TEMPLATE_DEPTH:
            self.error(f"exceeded maximum template depth ({MAX_TEMPLATE_DEPTH})")
        dot = self.eval_pipeline(dot, node.pipe)
        called = _State(self.template, tree, self.out, self.missing_key_error, self.depth + 1)
        called.vars = [["$", dot]]  # no dynamic scoping: a called template sees only $
        called.walk(dot, tree.root)

    # -- evaluating pipelines ----------------------------------------------------------------

    def eval_pipeline(self, dot: Any, pipe: Optional[PipeNode]) -> Any:
        if pipe is None:
            return None
        self.node = pipe
        value: Any = _MISSING
        for command in pipe.cmds:
            value = unbox(self.eval_command(dot, command, value))  # each result leaves its box
        for variable in pipe.decl:
            if pipe.is_assign:
                self._variable_slot(variable.idents[0])[1] = value
            else:
                self.vars.append([variable.idents[0], value])
        return value

    def _not_a_function(self, args: list, final: Any) -> None:
        if len(args) > 1 or final is not _MISSING:
            self.error(f"can't give argument to non-function {args[0]}")

    def eval_command(self, dot: Any, command: CommandNode, final: Any) -> Any:
        first = command.args[0]
        if isinstance(first, FieldNode):
            return self.eval_field_node(dot, first, command.args, final)
        if isinstance(first, ChainNode):
            return self.eval_chain_node(dot, first, command.args, final)
        if isinstance(first, IdentifierNode):
            return self.eval_function(dot, first, command, command.args, final)
        if isinstance(first, PipeNode):
            self._not_a_function(command.args, final)
            return self.eval_pipeline(dot, first)
        if isinstance(first, VariableNode):
            return self.eval_variable_node(dot, first, command.args, final)
        self.node = first
        self._not_a_function(command.args, final)
        if isinstance(first, BoolNode):
            return first.value
        if isinstance(first, DotNode):
            return dot
        if isinstance(first, NilNode):
            self.error("nil is not a command")
        if isinstance(first, NumberNode):
            return self.ideal_constant(first)
        if isinstance(first, StringNode):
            return first.text
        self.error(f"can't evaluate command {go_quote(str(first))}")

    def ideal_constant(self, constant: NumberNode) -> Any:
        """A number typed by its spelling, as Go types an untyped constant: 1 is an int,
        1.0 and 1e3 are float64s, 1i is a complex128."""
        self.node = constant
        text = constant.text
        if constant.complex_value is not None:
            return constant.complex_value
        if (constant.float_value is not None and not _is_hex_int(text) and not text.startswith("'")
                and any(char in text for char in ".eEpP")):
            return constant.float_value
        if constant.int_value is not None:
            return constant.int_value
        if constant.uint_value is not None:
            self.error(f"{text} overflows int")
        return None

    def eval_field_node(self, dot: Any, field: FieldNode, args: Optional[list], final: Any) -> Any:
        self.node = field
        return self._eval_field_chain(dot, dot, field, field.idents, args, final)

    def eval_chain_node(self, dot: Any, chain: ChainNode, args: Optional[list], final: Any) -> Any:
        self.node = chain
        if isinstance(chain.node, NilNode):
            self.error(f"indirection through explicit nil in {chain}")
        receiver = self.eval_arg(dot, None, chain.node)
        return self._eval_field_chain(dot, receiver, chain, chain.fields, args, final)

    def eval_variable_node(self, dot: Any, variable: VariableNode, args: Optional[list], final: Any) -> Any:
        self.node = variable
        value = self._variable_slot(variable.idents[0])[1]
        if len(variable.idents) == 1:
            self._not_a_function(args or [variable], final)
            return value
        return self._eval_field_chain(dot, value, variable, variable.idents[1:], args, final)

    def _eval_field_chain(self, dot: Any, receiver: Any, node: Node, idents: list, args: Optional[list],
                          final: Any) -> Any:
        for name in idents[:-1]:
            receiver = self.eval_field(dot, name, node, None, _MISSING, receiver)
        return self.eval_field(dot, idents[-1], node, args, final, receiver)

    def eval_field(self, dot: Any, name: str, node: Node, args: Optional[list], final: Any, receiver: Any) -> Any:
        """`.name` of `receiver`: a method or attribute of a struct-like, a key of a map."""
        if receiver is None:
            if self.missing_key_error:
                self.error(f"nil data; no entry for key {go_quote(name)}")
            return None
        type_name = go_type_name(receiver)
        value = unbox(receiver)
        if value is None or (isinstance(value, GoNil) and value.kind == "pointer"):
            self.error(f"nil pointer evaluating {type_name}.{name}")
        has_args = (args is not None and len(args) > 1) or final is not _MISSING
        if is_struct(value) and name[:1].isupper():  # only exported names, as in Go
            member = self._member(value, name)
        else:
            member = _MISSING
        if member is not _MISSING:
            if callable(member):
                return self.eval_call(dot, method_function(member), False, node, name, args, final)
            if has_args:
                self.error(f"{name} has arguments but cannot be invoked as function")
            return member
        if isinstance(value, dict) or (isinstance(value, GoNil) and value.kind == "map"):
            if has_args:
                self.error(f"{name} is not a method but has arguments")
            if isinstance(value, dict) and name in value:
                return Boxed(value[name])
            if self.missing_key_error:
                self.error(f"map has no entry for key {go_quote(name)}")
            return None
        self.error(f"can't evaluate field {name} in type {type_name}")

    def _member(self, value: Any, name: str) -> Any:
        """An attribute of a struct-like, or _MISSING; a property that fails is reported the
        way Go reports a method that panics."""
        try:
            return getattr(value, name)
        except AttributeError:
            return _MISSING
        except Exception as error:
            self.error(f"error calling {name}: {error}")

    def eval_function(self, dot: Any, node: IdentifierNode, command: Node, args: Optional[list],
                      final: Any) -> Any:
        self.node = node
        function = self.template._functions.get(node.name)
        if function is None:
            self.error(f"{go_quote(node.name)} is not a defined function")
        is_builtin = BUILTINS.get(node.name) is function
        return self.eval_call(dot, function, is_builtin, command, node.name, args, final)

    def eval_call(self, dot: Any, function: Function, is_builtin: bool, node: Node, name: str,
                  args: Optional[list], final: Any) -> Any:
        """Check the arguments against the signature, evaluate them, call (Go's evalCall)."""
        args = args[1:] if args is not None else []
        count = len(args) + (final is not _MISSING)
        params = function.params
        if function.variadic:
            fixed = len(params) - 1
            if count < fixed:
                self.error(f"wrong number of args for {name}: want at least {fixed} got {len(args)}")
        else:
            fixed = len(args)
            if count != len(params):
                self.error(f"wrong number of args for {name}: want {len(params)} got {count}")

        if is_builtin and name in ("and", "or"):
            # These evaluate their arguments lazily and return one of them.
            result: Any = None
            for arg in args:
                result = self.eval_arg(dot, VALUE, arg)
                if is_true(result) == (name == "or"):
                    return result
            if final is not _MISSING:
                result = self.validate_type(final, VALUE)
            return result

        argv = [self.eval_arg(dot, params[i], arg) for i, arg in enumerate(args[:fixed])]
        if function.variadic:
            argv += [self.eval_arg(dot, params[-1], arg) for arg in args[fixed:]]
        if final is not _MISSING:
            final_type = params[-1]
            if function.variadic and count - 1 < fixed:
                final_type = params[count - 1]
            argv.append(self.validate_type(final, final_type))
        if is_builtin and name == "call":
            # Go passes the callee's name along, for its "non-function" message.
            if args:
                callee = str(args[0])
            else:
                callee = final if isinstance(unbox(final), str) else f"<{go_type_name(unbox(final))} Value>"
            argv.insert(0, callee)
        try:
            return function.impl(*(unbox(value) for value in argv))
        except (_ExecError, _Break, _Continue, RecursionError):
            raise
        except FunctionError as error:
            message = str(error)
        except Exception as error:  # a method of the data failed: Go reports a recovered panic
            message = str(error)
        self.node = node
        self.error(f"error calling {name}: {message}")

    # -- arguments ---------------------------------------------------------------------------

    def eval_arg(self, dot: Any, type_: Optional[GoType], node: Node) -> Any:
        """One argument, converted to the parameter's type or refused as Go refuses it."""
        self.node = node
        if isinstance(node, DotNode):
            return self.validate_type(dot, type_)
        if isinstance(node, NilNode):
            if type_ is None or type_.nillable:
                return None
            self.error(f"cannot assign nil to {type_.name}")
        if isinstance(node, FieldNode):
            return self.validate_type(self.eval_field_node(dot, node, [node], _MISSING), type_)
        if isinstance(node, VariableNode):
            return self.validate_type(self.eval_variable_node(dot, node, None, _MISSING), type_)
        if isinstance(node, PipeNode):
            return self.validate_type(self.eval_pipeline(dot, node), type_)
        if isinstance(node, IdentifierNode):
            return self.validate_type(self.eval_function(dot, node, node, None, _MISSING), type_)
        if isinstance(node, ChainNode):
            return self.validate_type(self.eval_chain_node(dot, node, None, _MISSING), type_)
        if type_ is BOOL:
            if isinstance(node, BoolNode):
                return node.value
            self.error(f"expected bool; found {node}")
        if type_ is INT:
            if isinstance(node, NumberNode) and node.int_value is not None:
                return node.int_value
            self.error(f"expected integer; found {node}")
        if type_ is STRING:
            if isinstance(node, StringNode):
                return node.text
            self.error(f"expected string; found {node}")
        if type_ in (ANY, VALUE):
            return self._eval_constant(node)
        self.error(f"can't handle {node} for arg of type {type_.name}")

    def _eval_constant(self, node: Node) -> Any:
        """A literal passed where any type will do."""
        self.node = node
        if isinstance(node, BoolNode):
            return node.value
        if isinstance(node, NumberNode):
            return self.ideal_constant(node)
        if isinstance(node, StringNode):
            return node.text
        self.error(f"can't handle assignment of {node} to empty interface argument")

    def validate_type(self, value: Any, type_: Optional[GoType]) -> Any:
        if type_ is None or type_ is VALUE:
            return value
        if value is None:
            if type_.nillable:
                return None
            self.error(f"invalid value; expected {type_.name}")
        if type_ is ANY:
            return value
        inner = unbox(value)
        if inner is not None and type_.accepts(inner):
            return inner
        shown = value if inner is None else inner  # a nil in an interface slot is "interface {}"
        self.error(f"wrong type for value; expected {type_.name}; got {go_type_name(shown)}")
