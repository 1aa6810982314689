"""JavaScript source to a syntax tree, for the subset the simulated Node.js runs.

The subset is what course servers and one-liners are written in: declarations (with object and
array destructuring), functions and arrow functions (async ones too), objects, arrays, template
literals, the usual operators, if/for/for-of/for-in/while/switch/try, `require` and ES `import`.
Classes, generators and regular expression literals are outside it: `Unsupported` names them, so
the caller can say so honestly instead of running something else.
"""
from __future__ import annotations

from dataclasses import dataclass

KEYWORDS = {"var", "let", "const", "function", "return", "if", "else", "for", "while", "do", "break", "continue",
            "new", "typeof", "instanceof", "in", "of", "true", "false", "null", "undefined", "this", "throw", "try",
            "catch", "finally", "switch", "case", "default", "delete", "void", "async", "await", "class",
            "import", "export", "from", "yield"}
PUNCTUATORS = sorted("""
    >>>= ... === !== **= <<= >>= >>> &&= ||= ??= => == != <= >= && || ?? ?. ++ -- += -= *= /= %= &= |= ^= ** << >>
    { } ( ) [ ] ; , < > + - * / % & | ^ ! ~ ? : = . @ #
""".split(), key=len, reverse=True)
BINARY_PRECEDENCE = {"??": 1, "||": 2, "&&": 3, "|": 4, "^": 5, "&": 6, "==": 7, "!=": 7, "===": 7, "!==": 7,
                     "<": 8, ">": 8, "<=": 8, ">=": 8, "instanceof": 8, "in": 8, "<<": 9, ">>": 9, ">>>": 9,
                     "+": 10, "-": 10, "*": 11, "/": 11, "%": 11, "**": 12}
ASSIGNMENT = {"=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=", "??="}


class Unsupported(Exception):
    """Valid JavaScript (as far as we can tell) that the simulated Node.js does not run."""

    def __init__(self, what: str, line: int = 0, col: int = 0):
        super().__init__(what)
        self.what, self.line, self.col = what, line, col


class JSSyntaxError(Exception):
    """Source that is not JavaScript: V8's `SyntaxError: Unexpected token ';'`."""

    def __init__(self, message: str, line: int, col: int):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


@dataclass
class Token:
    kind: str  # num, str, template, name, punct, eof
    value: object
    line: int
    col: int
    newline_before: bool = False


class Node:
    """A syntax tree node: `kind`, its source position, and its fields as attributes."""

    def __init__(self, kind: str, token: Token, **fields):
        self.kind, self.line, self.col = kind, token.line, token.col
        self.__dict__.update(fields)

    def __repr__(self) -> str:
        return f"Node({self.kind})"


# ---------------------------------------------------------------- lexer
def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    i, line, col, n = 0, 1, 1, len(source)
    newline = False
    if source.startswith("#!"):
        while i < n and source[i] != "\n":
            i += 1
    while i < n:
        c = source[i]
        if c == "\n":
            i, line, col, newline = i + 1, line + 1, 1, True
            continue
        if c in " \t\r\ufeff\u00a0":
            i, col = i + 1, col + 1
            continue
        if source.startswith("//", i):
            while i < n and source[i] != "\n":
                i += 1
            continue
        if source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            chunk = source[i:end]
            if "\n" in chunk:
                newline = True
                line += chunk.count("\n")
                col = len(chunk) - chunk.rfind("\n")
            else:
                col += len(chunk)
            i = end
            continue
        start_line, start_col = line, col
        if c.isdigit() or (c == "." and i + 1 < n and source[i + 1].isdigit()):
            j = i
            if source.startswith(("0x", "0X"), i):
                j = i + 2
                while j < n and (source[j] in "0123456789abcdefABCDEF_"):
                    j += 1
                value = float(int(source[i + 2:j].replace("_", ""), 16))
            else:
                while j < n and (source[j].isdigit() or source[j] in "._"):
                    j += 1
                if j < n and source[j] in "eE":
                    j += 1
                    if j < n and source[j] in "+-":
                        j += 1
                    while j < n and source[j].isdigit():
                        j += 1
                value = float(source[i:j].replace("_", ""))
            if j < n and source[j] == "n":
                raise Unsupported("BigInt literals", line, col)
            tokens.append(Token("num", value, start_line, start_col, newline))
            col += j - i
            i = j
        elif c in "\"'":
            value, j = _string(source, i, line, col)
            tokens.append(Token("str", value, start_line, start_col, newline))
            col += j - i
            i = j
        elif c == "`":
            parts, j, lines = _template(source, i, line, col)
            tokens.append(Token("template", parts, start_line, start_col, newline))
            if lines:
                line += lines
                col = j - source.rfind("\n", i, j)
            else:
                col += j - i
            i = j
        elif c.isalpha() or c in "_$":
            j = i
            while j < n and (source[j].isalnum() or source[j] in "_$"):
                j += 1
            tokens.append(Token("name", source[i:j], start_line, start_col, newline))
            col += j - i
            i = j
        else:
            for p in PUNCTUATORS:
                if source.startswith(p, i):
                    break
            else:
                raise JSSyntaxError("Invalid or unexpected token", line, col)
            tokens.append(Token("punct", p, start_line, start_col, newline))
            i += len(p)
            col += len(p)
        newline = False
    tokens.append(Token("eof", None, line, col, newline))
    return tokens


ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _escape(source: str, j: int) -> tuple[str, int]:
    """The character an escape at source[j] (after the backslash) stands for, and where it ends."""
    c = source[j]
    if c in ESCAPES:
        return ESCAPES[c], j + 1
    if c == "x":
        return chr(int(source[j + 1:j + 3], 16)), j + 3
    if c == "u":
        if source[j + 1] == "{":
            end = source.index("}", j)
            return chr(int(source[j + 2:end], 16)), end + 1
        return chr(int(source[j + 1:j + 5], 16)), j + 5
    if c == "\n":
        return "", j + 1
    return c, j + 1


def _string(source: str, i: int, line: int, col: int) -> tuple[str, int]:
    quote, j, out = source[i], i + 1, []
    while j < len(source) and source[j] != quote:
        if source[j] == "\n":
            raise JSSyntaxError("Invalid or unexpected token", line, col)
        if source[j] == "\\":
            text, j = _escape(source, j + 1)
            out.append(text)
        else:
            out.append(source[j])
            j += 1
    if j >= len(source):
        raise JSSyntaxError("Invalid or unexpected token", line, col)
    return "".join(out), j + 1


def _template(source: str, i: int, line: int, col: int):
    """A template literal as [str, (expression source, line), str, ...]; and where it ends."""
    parts: list = []
    j, buf, lines = i + 1, [], 0
    while j < len(source) and source[j] != "`":
        if source[j] == "\\":
            text, j = _escape(source, j + 1)
            buf.append(text)
        elif source.startswith("${", j):
            parts.append("".join(buf))
            buf = []
            depth, k = 1, j + 2
            while k < len(source) and depth:
                if source[k] == "{":
                    depth += 1
                elif source[k] == "}":
                    depth -= 1
                elif source[k] in "'\"":
                    _, k = _string(source, k, line, col)
                    continue
                elif source[k] == "`":
                    _, k, _ = _template(source, k, line, col)
                    continue
                k += 1
            parts.append((source[j + 2:k - 1], line + lines))
            lines += source.count("\n", j, k)
            j = k
        else:
            if source[j] == "\n":
                lines += 1
            buf.append(source[j])
            j += 1
    if j >= len(source):
        raise JSSyntaxError("Unterminated template literal", line, col)
    parts.append("".join(buf))
    return parts, j + 1, lines


# ---------------------------------------------------------------- parser
class Parser:
    def __init__(self, source: str):
        self.tokens = tokenize(source)
        self.pos = 0

    # -- token helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, ahead: int = 1) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def at(self, value: str) -> bool:
        t = self.tok
        return (t.kind == "punct" or t.kind == "name") and t.value == value

    def take(self) -> Token:
        t = self.tok
        self.pos += 1
        return t

    def accept(self, value: str) -> bool:
        if self.at(value):
            self.pos += 1
            return True
        return False

    def expect(self, value: str) -> Token:
        if not self.at(value):
            self.unexpected()
        return self.take()

    def unexpected(self):
        t = self.tok
        if t.kind == "eof":
            raise JSSyntaxError("Unexpected end of input", t.line, t.col)
        shown = {"str": "string", "num": "number", "template": "template string"}.get(t.kind)
        message = f"Unexpected {shown}" if shown else (f"Unexpected identifier '{t.value}'" if t.kind == "name"
                                                       and t.value not in KEYWORDS else f"Unexpected token '{t.value}'")
        raise JSSyntaxError(message, t.line, t.col)

    def name(self) -> str:
        t = self.tok
        if t.kind != "name":
            self.unexpected()
        self.pos += 1
        return t.value

    def semicolon(self) -> None:
        """A statement's end: `;`, or (automatic semicolon insertion) a line break, `}` or the end."""
        if self.accept(";"):
            return
        if self.tok.newline_before or self.at("}") or self.tok.kind == "eof":
            return
        self.unexpected()

    # -- program and statements
    def program(self) -> list[Node]:
        body = []
        while self.tok.kind != "eof":
            body.append(self.statement())
        return body

    def statement(self) -> Node:
        t = self.tok
        if t.kind == "punct":
            if t.value == "{":
                return self.block()
            if t.value == ";":
                self.take()
                return Node("empty", t)
        if t.kind == "name":
            keyword = t.value
            if keyword in ("var", "let", "const") and (keyword != "let" or self.peek().kind in ("name", "punct")
                                                        and self.peek().value not in ("=", ".", "(")):
                node = self.declaration()
                self.semicolon()
                return node
            if keyword == "function" or (keyword == "async" and self.peek().value == "function"
                                         and not self.peek().newline_before):
                return self.function_declaration()
            method = getattr(self, "stmt_" + keyword, None)
            if method is not None and keyword in STATEMENT_KEYWORDS:
                return method()
            if self.peek().value == ":" and self.peek().kind == "punct":
                raise Unsupported("labelled statements", t.line, t.col)
        expression = self.expression()
        self.semicolon()
        return Node("expr", t, expression=expression)

    def block(self) -> Node:
        t = self.expect("{")
        body = []
        while not self.at("}"):
            if self.tok.kind == "eof":
                self.unexpected()
            body.append(self.statement())
        self.take()
        return Node("block", t, body=body)

    def declaration(self) -> Node:
        t = self.take()
        declarations = []
        while True:
            target = self.binding_target()
            init = self.assignment() if self.accept("=") else None
            if init is None and t.value == "const" and not (self.at("of") or self.at("in")):
                raise JSSyntaxError("Missing initializer in const declaration", self.tok.line, self.tok.col)
            declarations.append((target, init))
            if not self.accept(","):
                break
        return Node("var", t, declaration_kind=t.value, declarations=declarations)

    def binding_target(self) -> Node:
        """A name, or an object/array destructuring pattern."""
        t = self.tok
        if self.at("{"):
            self.take()
            props = []
            while not self.at("}"):
                if self.accept("..."):
                    props.append(("...", Node("name", self.tok, id=self.name()), None))
                else:
                    key = self.property_key()
                    target = self.binding_target() if self.accept(":") else Node("name", t, id=key)
                    default = self.assignment() if self.accept("=") else None
                    props.append((key, target, default))
                if not self.accept(","):
                    break
            self.expect("}")
            return Node("object_pattern", t, props=props)
        if self.at("["):
            self.take()
            elements = []
            while not self.at("]"):
                if self.at(","):
                    elements.append(None)
                elif self.accept("..."):
                    elements.append(("...", self.binding_target(), None))
                else:
                    target = self.binding_target()
                    elements.append(("", target, self.assignment() if self.accept("=") else None))
                if not self.accept(","):
                    break
            self.expect("]")
            return Node("array_pattern", t, elements=elements)
        return Node("name", t, id=self.name())

    def property_key(self) -> str:
        t = self.take()
        if t.kind in ("name", "str"):
            return t.value
        if t.kind == "num":
            return _number_key(t.value)
        self.pos -= 1
        self.unexpected()

    def function_declaration(self) -> Node:
        t = self.tok
        is_async = self.accept("async")
        self.expect("function")
        if self.at("*"):
            raise Unsupported("generator functions", t.line, t.col)
        name = self.name()
        params = self.parameters()
        body = self.block()
        return Node("function_decl", t, name=name, params=params, body=body, is_async=is_async)

    def parameters(self) -> list:
        self.expect("(")
        params = []
        while not self.at(")"):
            if self.accept("..."):
                params.append(("...", self.binding_target(), None))
            else:
                target = self.binding_target()
                params.append(("", target, self.assignment() if self.accept("=") else None))
            if not self.accept(","):
                break
        self.expect(")")
        return params

    def stmt_return(self) -> Node:
        t = self.take()
        value = None
        if not (self.at(";") or self.at("}") or self.tok.kind == "eof" or self.tok.newline_before):
            value = self.expression()
        self.semicolon()
        return Node("return", t, value=value)

    def stmt_if(self) -> Node:
        t = self.take()
        self.expect("(")
        test = self.expression()
        self.expect(")")
        then = self.statement()
        orelse = self.statement() if self.accept("else") else None
        return Node("if", t, test=test, then=then, orelse=orelse)

    def stmt_for(self) -> Node:
        t = self.take()
        if self.at("await"):
            raise Unsupported("for await", t.line, t.col)
        self.expect("(")
        init = None
        if self.at("var") or self.at("let") or self.at("const"):
            keyword = self.take()
            target = self.binding_target()
            if self.at("of") or self.at("in"):
                kind = self.take().value
                iterable = self.assignment() if kind == "of" else self.expression()
                self.expect(")")
                return Node("for_" + kind, t, declaration_kind=keyword.value, target=target, iterable=iterable,
                            body=self.statement())
            declarations = [(target, self.assignment() if self.accept("=") else None)]
            while self.accept(","):
                target = self.binding_target()
                declarations.append((target, self.assignment() if self.accept("=") else None))
            init = Node("var", keyword, declaration_kind=keyword.value, declarations=declarations)
        elif not self.at(";"):
            init = Node("expr", self.tok, expression=self.expression())
        self.expect(";")
        test = None if self.at(";") else self.expression()
        self.expect(";")
        update = None if self.at(")") else self.expression()
        self.expect(")")
        return Node("for", t, init=init, test=test, update=update, body=self.statement())

    def stmt_while(self) -> Node:
        t = self.take()
        self.expect("(")
        test = self.expression()
        self.expect(")")
        return Node("while", t, test=test, body=self.statement())

    def stmt_do(self) -> Node:
        t = self.take()
        body = self.statement()
        self.expect("while")
        self.expect("(")
        test = self.expression()
        self.expect(")")
        self.accept(";")
        return Node("do_while", t, test=test, body=body)

    def stmt_break(self) -> Node:
        t = self.take()
        self.semicolon()
        return Node("break", t)

    def stmt_continue(self) -> Node:
        t = self.take()
        self.semicolon()
        return Node("continue", t)

    def stmt_throw(self) -> Node:
        t = self.take()
        value = self.expression()
        self.semicolon()
        return Node("throw", t, value=value)

    def stmt_try(self) -> Node:
        t = self.take()
        body = self.block()
        param, handler, finalizer = None, None, None
        if self.accept("catch"):
            if self.accept("("):
                param = self.binding_target()
                self.expect(")")
            handler = self.block()
        if self.accept("finally"):
            finalizer = self.block()
        return Node("try", t, body=body, param=param, handler=handler, finalizer=finalizer)

    def stmt_switch(self) -> Node:
        t = self.take()
        self.expect("(")
        discriminant = self.expression()
        self.expect(")")
        self.expect("{")
        cases = []
        while not self.accept("}"):
            if self.accept("default"):
                test = None
            else:
                self.expect("case")
                test = self.expression()
            self.expect(":")
            body = []
            while not (self.at("case") or self.at("default") or self.at("}")):
                body.append(self.statement())
            cases.append((test, body))
        return Node("switch", t, discriminant=discriminant, cases=cases)

    def stmt_class(self) -> Node:
        raise Unsupported("classes", self.tok.line, self.tok.col)

    def stmt_import(self) -> Node:
        """`import x from 'm'`, `import { a, b as c } from 'm'`, `import * as m from 'm'`, `import 'm'`."""
        t = self.take()
        if self.at("("):
            self.pos -= 1
            expression = self.expression()
            self.semicolon()
            return Node("expr", t, expression=expression)
        default, names, namespace = None, [], None
        if self.tok.kind == "str":
            source = self.take().value
            self.semicolon()
            return Node("import", t, source=source, default=None, names=[], namespace=None)
        if self.tok.kind == "name" and not self.at("{") and not self.at("*"):
            default = self.name()
            self.accept(",")
        if self.accept("*"):
            self.expect("as")
            namespace = self.name()
        elif self.accept("{"):
            while not self.at("}"):
                imported = self.take().value
                local = self.name() if self.accept("as") else imported
                names.append((imported, local))
                if not self.accept(","):
                    break
            self.expect("}")
        self.expect("from")
        if self.tok.kind != "str":
            self.unexpected()
        source = self.take().value
        self.semicolon()
        return Node("import", t, source=source, default=default, names=names, namespace=namespace)

    def stmt_export(self) -> Node:
        raise Unsupported("export statements", self.tok.line, self.tok.col)

    # -- expressions
    def expression(self) -> Node:
        t = self.tok
        first = self.assignment()
        if not self.at(","):
            return first
        items = [first]
        while self.accept(","):
            items.append(self.assignment())
        return Node("sequence", t, items=items)

    def assignment(self) -> Node:
        t = self.tok
        arrow = self.try_arrow()
        if arrow is not None:
            return arrow
        if self.at("yield"):
            raise Unsupported("generators", t.line, t.col)
        left = self.conditional()
        if self.tok.kind == "punct" and self.tok.value in ASSIGNMENT:
            op = self.take().value
            if left.kind not in ("name", "member", "index"):
                if op == "=" and left.kind in ("object", "array"):
                    left = _to_pattern(left)
                else:
                    raise JSSyntaxError("Invalid left-hand side in assignment", left.line, left.col)
            return Node("assign", t, op=op, target=left, value=self.assignment())
        return left

    def try_arrow(self) -> Node | None:
        """`x => ...`, `(a, b) => ...`, `async (req, res) => ...`, or None (then nothing is consumed)."""
        start = self.pos
        t = self.tok
        is_async = False
        if self.at("async") and not self.peek().newline_before and (self.peek().kind == "name" or
                                                                     self.peek().value == "("):
            is_async = True
            self.take()
        if self.tok.kind == "name" and self.tok.value not in KEYWORDS and self.peek().value == "=>":
            params = [("", Node("name", self.tok, id=self.name()), None)]
        elif self.at("("):
            if not self._parenthesis_is_arrow():
                self.pos = start
                return None
            params = self.parameters()
        else:
            self.pos = start
            return None
        if not self.at("=>") or self.tok.newline_before:
            self.pos = start
            return None
        self.take()
        body = self.block() if self.at("{") else self.assignment()
        return Node("function", t, name="", params=params, body=body, arrow=True, is_async=is_async)

    def _parenthesis_is_arrow(self) -> bool:
        depth, i = 0, self.pos
        while i < len(self.tokens):
            tok = self.tokens[i]
            if tok.kind == "punct" and tok.value in "([{":
                depth += 1
            elif tok.kind == "punct" and tok.value in ")]}":
                depth -= 1
                if depth == 0:
                    nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else tok
                    return nxt.kind == "punct" and nxt.value == "=>"
            elif tok.kind == "eof":
                return False
            i += 1
        return False

    def conditional(self) -> Node:
        t = self.tok
        test = self.binary(0)
        if not self.accept("?"):
            return test
        then = self.assignment()
        self.expect(":")
        return Node("conditional", t, test=test, then=then, orelse=self.assignment())

    def binary(self, min_precedence: int) -> Node:
        """Precedence climbing; `**` binds to the right (its right side may hold another `**`)."""
        left = self.unary()
        while True:
            t = self.tok
            op = t.value if t.kind in ("punct", "name") else None
            precedence = BINARY_PRECEDENCE.get(op) if op is not None else None
            if precedence is None or precedence <= min_precedence:
                return left
            self.take()
            right = self.binary(precedence - 1 if op == "**" else precedence)
            kind = "logical" if op in ("&&", "||", "??") else "binary"
            left = Node(kind, t, op=op, left=left, right=right)

    def unary(self) -> Node:
        t = self.tok
        if t.kind == "punct" and t.value in ("!", "-", "+", "~"):
            self.take()
            return Node("unary", t, op=t.value, operand=self.unary())
        if t.kind == "punct" and t.value in ("++", "--"):
            self.take()
            return Node("update", t, op=t.value, prefix=True, target=self.unary())
        if t.kind == "name" and t.value in ("typeof", "void", "delete"):
            self.take()
            return Node("unary", t, op=t.value, operand=self.unary())
        if t.kind == "name" and t.value == "await":
            self.take()
            return Node("await", t, value=self.unary())
        expression = self.postfix()
        if self.tok.kind == "punct" and self.tok.value in ("++", "--") and not self.tok.newline_before:
            op = self.take()
            return Node("update", op, op=op.value, prefix=False, target=expression)
        return expression

    def postfix(self) -> Node:
        expression = self.primary()
        while True:
            t = self.tok
            if self.accept("."):
                name_tok = self.tok
                expression = Node("member", name_tok, object=expression, property=self.take_property(), optional=False)
            elif self.accept("?."):
                if self.at("("):
                    expression = Node("call", t, callee=expression, args=self.arguments(), optional=True)
                elif self.accept("["):
                    index = self.expression()
                    self.expect("]")
                    expression = Node("index", t, object=expression, index=index, optional=True)
                else:
                    name_tok = self.tok
                    expression = Node("member", name_tok, object=expression, property=self.take_property(),
                                      optional=True)
            elif self.at("["):
                self.take()
                index = self.expression()
                self.expect("]")
                expression = Node("index", t, object=expression, index=index, optional=False)
            elif self.at("("):
                expression = Node("call", t, callee=expression, args=self.arguments(), optional=False)
            elif t.kind == "template":
                raise Unsupported("tagged templates", t.line, t.col)
            else:
                return expression

    def take_property(self) -> str:
        t = self.tok
        if t.kind != "name":
            if t.kind == "punct" and t.value == "#":
                raise Unsupported("private fields", t.line, t.col)
            self.unexpected()
        self.pos += 1
        return t.value

    def arguments(self) -> list:
        self.expect("(")
        args = []
        while not self.at(")"):
            if self.accept("..."):
                args.append(Node("spread", self.tok, value=self.assignment()))
            else:
                args.append(self.assignment())
            if not self.accept(","):
                break
        self.expect(")")
        return args

    def primary(self) -> Node:
        t = self.tok
        if t.kind == "num":
            self.take()
            return Node("literal", t, value=t.value)
        if t.kind == "str":
            self.take()
            return Node("literal", t, value=t.value)
        if t.kind == "template":
            self.take()
            parts = [p if isinstance(p, str) else _sub_expression(p[0], p[1], t) for p in t.value]
            return Node("template", t, parts=parts)
        if t.kind == "punct":
            if t.value == "(":
                self.take()
                expression = self.expression()
                self.expect(")")
                return expression
            if t.value == "[":
                return self.array()
            if t.value == "{":
                return self.object()
            if t.value == "/":
                raise Unsupported("regular expression literals", t.line, t.col)
            self.unexpected()
        if t.kind == "name":
            word = t.value
            if word in ("true", "false"):
                self.take()
                return Node("literal", t, value=word == "true")
            if word == "null":
                self.take()
                return Node("literal", t, value=None)
            if word == "this":
                self.take()
                return Node("this", t)
            if word == "function" or (word == "async" and self.peek().value == "function"):
                is_async = self.accept("async")
                self.take()
                if self.at("*"):
                    raise Unsupported("generator functions", t.line, t.col)
                name = self.name() if self.tok.kind == "name" and not self.at("(") else ""
                params = self.parameters()
                return Node("function", t, name=name, params=params, body=self.block(), arrow=False,
                            is_async=is_async)
            if word == "new":
                self.take()
                if self.accept("."):
                    self.name()
                    return Node("literal", t, value=None)
                callee = self.primary()
                while self.at("."):
                    self.take()
                    name_tok = self.tok
                    callee = Node("member", name_tok, object=callee, property=self.take_property(), optional=False)
                args = self.arguments() if self.at("(") else []
                return Node("new", t, callee=callee, args=args)
            if word == "class":
                raise Unsupported("classes", t.line, t.col)
            if word in KEYWORDS and word not in ("undefined", "of", "from", "async", "await", "as"):
                self.unexpected()
            self.take()
            return Node("name", t, id=word)
        self.unexpected()

    def array(self) -> Node:
        t = self.expect("[")
        elements = []
        while not self.at("]"):
            if self.at(","):
                self.take()
                elements.append(None)
                continue
            if self.accept("..."):
                elements.append(Node("spread", self.tok, value=self.assignment()))
            else:
                elements.append(self.assignment())
            if not self.accept(","):
                break
        self.expect("]")
        return Node("array", t, elements=elements)

    def object(self) -> Node:
        t = self.expect("{")
        props = []
        while not self.at("}"):
            if self.accept("..."):
                props.append(("...", None, self.assignment()))
            elif self.at("["):
                self.take()
                key = self.assignment()
                self.expect("]")
                props.append(("computed", key, self._property_value()))
            else:
                key_tok = self.tok
                if key_tok.kind == "name" and key_tok.value in ("get", "set", "async") and \
                        self.peek().kind in ("name", "str") and not self.peek().value == ":":
                    if key_tok.value in ("get", "set"):
                        raise Unsupported("getters and setters", key_tok.line, key_tok.col)
                    self.take()
                key = self.property_key()
                if self.at("(") or self.at(":") or self.at("="):
                    props.append(("init", key, self._property_value()))
                else:
                    props.append(("init", key, Node("name", key_tok, id=key)))
            if not self.accept(","):
                break
        self.expect("}")
        return Node("object", t, props=props)

    def _property_value(self) -> Node:
        t = self.tok
        if self.at("("):
            params = self.parameters()
            return Node("function", t, name="", params=params, body=self.block(), arrow=False, is_async=False)
        if self.accept("="):
            raise Unsupported("shorthand defaults outside a pattern", t.line, t.col)
        self.expect(":")
        return self.assignment()


STATEMENT_KEYWORDS = {"return", "if", "for", "while", "do", "break", "continue", "throw", "try", "switch", "class",
                      "import", "export"}


def _sub_expression(source: str, line: int, token: Token) -> Node:
    parser = Parser(source)
    for tok in parser.tokens:
        tok.line += line - 1
    expression = parser.expression()
    if parser.tok.kind != "eof":
        parser.unexpected()
    return expression


def _to_pattern(node: Node) -> Node:
    """`[a, b] = [b, a]` and `({ x } = obj)`: a literal on the left of = is a destructuring pattern."""
    if node.kind == "array":
        return Node("array_pattern", node, elements=[None if e is None else
                                                     (("...", _to_pattern(e.value), None) if e.kind == "spread"
                                                      else ("", _to_pattern(e), None)) for e in node.elements])
    if node.kind == "object":
        return Node("object_pattern", node, props=[(key, _to_pattern(value), None) for _, key, value in node.props])
    return node


def _number_key(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def parse(source: str) -> list[Node]:
    return Parser(source).program()
