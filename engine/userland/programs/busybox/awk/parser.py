"""awk's grammar (POSIX), by recursive descent: a `Program` of BEGIN and END actions, pattern
rules and functions, whose statements and expressions are tuples such as ("binop", "+", a, b)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .lexer import Token
from .values import AwkError


@dataclass
class Function:
    name: str
    params: list[str]
    body: list


@dataclass
class Program:
    begin: list = field(default_factory=list)
    end: list = field(default_factory=list)
    rules: list = field(default_factory=list)  # (pattern, pattern2 or None, body or None)
    functions: dict[str, Function] = field(default_factory=dict)


class Parser:
    """Recursive descent over POSIX awk's grammar. Nodes are tuples: (kind, ...)."""

    def __init__(self, tokens: list[Token]):
        self.t = tokens
        self.i = 0
        self.no_in = False  # inside `for (x in a)` header: `in` is not an operator
        self.no_gt = False  # inside an unparenthesised print list: `>` is a redirection

    # -- token helpers
    @property
    def tok(self) -> Token:
        return self.t[self.i]

    def _is(self, kind: str, value=None) -> bool:
        tok = self.t[self.i]
        return tok.kind == kind and (value is None or tok.value == value)

    def _op(self, value: str) -> bool:
        return self._is("op", value)

    def _advance(self) -> Token:
        tok = self.t[self.i]
        self.i += 1
        return tok

    def _expect_op(self, value: str) -> None:
        if not self._op(value):
            raise AwkError("Unexpected token")
        self.i += 1

    def _newlines(self) -> None:
        while self._is("newline"):
            self.i += 1

    def _terminators(self) -> None:
        while self._is("newline") or self._op(";"):
            self.i += 1

    # -- program
    def program(self) -> Program:
        prog = Program()
        self._terminators()
        while not self._is("eof"):
            if self._is("keyword", "BEGIN") or self._is("keyword", "END"):
                which = self._advance().value
                self._newlines()
                block = self._block()
                (prog.begin if which == "BEGIN" else prog.end).extend(block)
            elif self._is("keyword", "function") or self._is("keyword", "func"):
                self._function(prog)
            else:
                pattern = pattern2 = None
                if not self._op("{"):
                    pattern = self.expr()
                    if self._op(","):
                        self.i += 1
                        self._newlines()
                        pattern2 = self.expr()
                body = self._block() if self._op("{") else None
                prog.rules.append((pattern, pattern2, body))
            self._terminators()
        return prog

    def _function(self, prog: Program) -> None:
        self.i += 1
        if not (self._is("funcname") or self._is("name")):
            raise AwkError("Unexpected token")
        name = self._advance().value
        if name in prog.functions:
            raise AwkError("Duplicate function")
        self._expect_op("(")
        params = []
        while not self._op(")"):
            if not self._is("name"):
                raise AwkError("Unexpected token")
            params.append(self._advance().value)
            if self._op(","):
                self.i += 1
                self._newlines()
        self.i += 1
        self._newlines()
        prog.functions[name] = Function(name, params, self._block())

    def _block(self) -> list:
        self._expect_op("{")
        stmts = []
        self._terminators()
        while not self._op("}"):
            if self._is("eof"):
                raise AwkError("Unexpected token")
            stmts.append(self.statement())
            self._terminators()
        self.i += 1
        return stmts

    # -- statements
    def _simple_end(self) -> None:
        if self._op(";") or self._is("newline"):
            self.i += 1
        elif not (self._op("}") or self._is("eof")):
            raise AwkError("Unexpected token")

    def statement(self):
        tok = self.tok
        line = tok.line
        if self._op("{"):
            return ("block", self._block())
        if tok.kind == "keyword":
            word = tok.value
            if word == "if":
                self.i += 1
                self._expect_op("(")
                cond = self.expr()
                self._expect_op(")")
                self._newlines()
                then = self._body()
                save = self.i
                self._terminators()
                if self._is("keyword", "else"):
                    self.i += 1
                    self._newlines()
                    return ("if", cond, then, self._body())
                self.i = save
                return ("if", cond, then, None)
            if word == "while":
                self.i += 1
                self._expect_op("(")
                cond = self.expr()
                self._expect_op(")")
                if self._op(";"):
                    self.i += 1
                    return ("while", cond, ("block", []))
                self._newlines()
                return ("while", cond, self._body())
            if word == "do":
                self.i += 1
                self._newlines()
                body = self._body()
                self._terminators()
                if not self._is("keyword", "while"):
                    raise AwkError("Unexpected token")
                self.i += 1
                self._expect_op("(")
                cond = self.expr()
                self._expect_op(")")
                self._simple_end()
                return ("do", body, cond)
            if word == "for":
                return self._for()
            if word in ("break", "continue", "next", "nextfile"):
                self.i += 1
                self._simple_end()
                return (word,)
            if word in ("exit", "return"):
                self.i += 1
                value = None
                if not (self._op(";") or self._op("}") or self._is("newline") or self._is("eof")):
                    value = self.expr()
                self._simple_end()
                return (word, value)
            if word == "delete":
                self.i += 1
                if not self._is("name"):
                    raise AwkError("Unexpected token")
                name = self._advance().value
                subscript = None
                if self._op("["):
                    self.i += 1
                    subscript = self._expr_list()
                    self._expect_op("]")
                self._simple_end()
                return ("delete", name, subscript)
            if word in ("print", "printf"):
                node = self._print(word)
                self._simple_end()
                return ("line", line, node)
        node = self.expr()
        self._simple_end()
        return ("line", line, ("expr", node))

    def _body(self):
        if self._op(";"):
            self.i += 1
            return ("block", [])
        return self.statement()

    def _for(self):
        self.i += 1
        self._expect_op("(")
        if self._is("name") and self.t[self.i + 1].kind == "keyword" and self.t[self.i + 1].value == "in" \
                and self.t[self.i + 3].kind == "op" and self.t[self.i + 3].value == ")":
            var = self._advance().value
            self.i += 1
            array = self._advance().value
            self.i += 1
            self._newlines()
            return ("forin", var, array, self._body())
        init = None if self._op(";") else self._simple_statement()
        self._expect_op(";")
        self._newlines()
        cond = None if self._op(";") else self.expr()
        self._expect_op(";")
        self._newlines()
        step = None if self._op(")") else self._simple_statement()
        self._expect_op(")")
        if self._op(";"):
            self.i += 1
            return ("for", init, cond, step, ("block", []))
        self._newlines()
        return ("for", init, cond, step, self._body())

    def _simple_statement(self):
        return ("expr", self.expr())

    def _print(self, word: str):
        self.i += 1
        args: list = []
        save_gt = self.no_gt
        self.no_gt = True
        if self._op("("):
            # `print (a, b) > "f"` or `print (a)(b)`: try the parenthesised list first
            start = self.i
            self.i += 1
            self.no_gt = False
            items = self._expr_list() if not self._op(")") else []
            closed = self._op(")")
            self.i += closed
            if closed and self._ends_print():
                args = items
            else:
                self.i = start
                self.no_gt = True
                args = self._expr_list()
        elif not self._ends_print():
            args = self._expr_list()
        self.no_gt = save_gt
        redirect = None
        if self._op(">") or self._op(">>") or self._op("|"):
            kind = self._advance().value
            redirect = (kind, self._ternary())
        return (word, args, redirect)

    def _ends_print(self) -> bool:
        return (self._op(";") or self._op("}") or self._op(">") or self._op(">>") or self._op("|")
                or self._is("newline") or self._is("eof"))

    def _expr_list(self) -> list:
        items = [self.expr()]
        while self._op(","):
            self.i += 1
            self._newlines()
            items.append(self.expr())
        return items

    # -- expressions, lowest precedence first
    def expr(self):
        return self._ternary()

    def _ternary(self):
        cond = self._or()
        if self._op("?"):
            self.i += 1
            self._newlines()
            a = self._ternary()
            self._newlines()
            self._expect_op(":")
            self._newlines()
            b = self._ternary()
            return ("cond", cond, a, b)
        if self._is("op") and self.tok.value in ("=", "+=", "-=", "*=", "/=", "%=", "^=", "**=") \
                and cond[0] in ("var", "index", "field"):
            op = self._advance().value
            self._newlines()
            return ("assign", op, cond, self._ternary())
        return cond

    def _or(self):
        left = self._and()
        while self._op("||"):
            self.i += 1
            self._newlines()
            left = ("or", left, self._and())
        return left

    def _and(self):
        left = self._in()
        while self._op("&&"):
            self.i += 1
            self._newlines()
            left = ("and", left, self._in())
        return left

    def _in(self):
        left = self._match()
        while self._is("keyword", "in") and not self.no_in:
            self.i += 1
            left = ("in", [left] if left[0] != "group" else left[1], self._advance_name())
        return left

    def _advance_name(self) -> str:
        if not self._is("name"):
            raise AwkError("Unexpected token")
        return self._advance().value

    def _match(self):
        left = self._comparison()
        while self._op("~") or self._op("!~"):
            negate = self._advance().value == "!~"
            left = ("match", negate, left, self._comparison())
        return left

    def _comparison(self):
        left = self._pipe_getline()
        ops = ("<", "<=", "!=", "==", ">=") if self.no_gt else ("<", "<=", "!=", "==", ">", ">=")
        if self._is("op") and self.tok.value in ops:
            op = self._advance().value
            left = ("compare", op, left, self._pipe_getline())
        return left

    def _pipe_getline(self):
        left = self._concatenation()
        while self._op("|") and self.t[self.i + 1].kind == "keyword" and self.t[self.i + 1].value == "getline":
            self.i += 2
            target = self._lvalue_opt()
            left = ("getline_cmd", left, target)
        return left

    def _concatenation(self):
        left = self._additive()
        while self._starts_operand():
            left = ("concat", left, self._additive())
        return left

    def _starts_operand(self) -> bool:
        tok = self.tok
        if tok.kind in ("number", "string", "regex", "name", "funcname", "builtin"):
            return True
        if tok.kind == "keyword":
            return tok.value == "getline"
        return tok.kind == "op" and tok.value in ("$", "!", "(", "++", "--")

    def _additive(self):
        left = self._multiplicative()
        while self._op("+") or self._op("-"):
            op = self._advance().value
            left = ("binop", op, left, self._multiplicative())
        return left

    def _multiplicative(self):
        left = self._unary()
        while self._op("*") or self._op("/") or self._op("%"):
            op = self._advance().value
            left = ("binop", op, left, self._unary())
        return left

    def _unary(self):
        if self._op("!"):
            self.i += 1
            return ("not", self._unary())
        if self._op("-") or self._op("+"):
            op = self._advance().value
            return ("neg" if op == "-" else "plus", self._unary())
        return self._power()

    def _power(self):
        base = self._postfix()
        if self._op("^") or self._op("**"):
            self.i += 1
            return ("pow", base, self._unary())
        return base

    def _postfix(self):
        node = self._primary()
        if node[0] in ("var", "index", "field") and (self._op("++") or self._op("--")):
            return ("postincr", self._advance().value, node)
        return node

    def _lvalue_opt(self):
        if self._is("name") or self._op("$"):
            return self._lvalue()
        return None

    def _lvalue(self):
        if self._op("$"):
            self.i += 1
            return ("field", self._field_operand())
        name = self._advance_name()
        if self._op("["):
            self.i += 1
            subscript = self._expr_list()
            self._expect_op("]")
            return ("index", name, subscript)
        return ("var", name)

    def _field_operand(self):
        if self._op("++") or self._op("--"):
            op = self._advance().value
            return ("preincr", op, self._lvalue())
        if self._op("-"):
            self.i += 1
            return ("neg", self._field_operand())
        return self._primary()

    def _primary(self):
        tok = self.tok
        if tok.kind == "number":
            self.i += 1
            return ("num", tok.value)
        if tok.kind == "string":
            self.i += 1
            return ("str", tok.value)
        if tok.kind == "regex":
            self.i += 1
            return ("regex", tok.value)
        if self._op("("):
            self.i += 1
            save = (self.no_gt, self.no_in)
            self.no_gt = self.no_in = False
            items = self._expr_list()
            self.no_gt, self.no_in = save
            self._expect_op(")")
            if len(items) > 1:
                if not self._is("keyword", "in"):
                    raise AwkError("Unexpected token")
                return ("group", items)
            return ("paren", items[0])
        if self._op("$"):
            self.i += 1
            return ("field", self._field_operand())
        if self._op("++") or self._op("--"):
            op = self._advance().value
            return ("preincr", op, self._lvalue())
        if tok.kind == "name":
            return self._lvalue()
        if tok.kind == "funcname":
            self.i += 1
            self._expect_op("(")
            args = [] if self._op(")") else self._expr_list()
            self._expect_op(")")
            return ("call", tok.value, args)
        if tok.kind == "builtin":
            self.i += 1
            args = []
            if self._op("("):
                self.i += 1
                args = [] if self._op(")") else self._expr_list()
                self._expect_op(")")
            elif tok.value != "length":
                raise AwkError("Unexpected token")
            return ("builtin", tok.value, args)
        if tok.kind == "keyword" and tok.value == "getline":
            self.i += 1
            target = self._lvalue_opt()
            source = None
            if self._op("<"):
                self.i += 1
                source = self._primary()
            return ("getline", target, source)
        raise AwkError("Unexpected token")
