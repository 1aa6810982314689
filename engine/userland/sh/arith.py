"""$((...)) arithmetic as ash evaluates it: 64-bit signed integers with C's operators.

ash's rules, which differ from a textbook C evaluator:
- a variable's value is itself evaluated as an expression (`x=1+2; $((x*2))` is 6; `a=b b=a` is a
  "recursion loop"); an unset or empty variable is 0;
- both sides of `&&`, `||` and `? :` are always evaluated (assignments in either happen);
- numbers are C literals (`0x1f`, `017`) or `base#digits` (2..64); overflowing literals are 0;
- shifts use the count modulo 64, as the CPU does; MIN / -1 is MIN.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

SYNTAX = "arithmetic syntax error"
BITS = 1 << 64
MIN = -(1 << 63)

ASSIGN_OPS = {"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|="}
# Left-associative binary operators by precedence (higher binds tighter); ** is handled apart.
PRECEDENCE = {"||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, ">": 7, "<=": 7, ">=": 7,
              "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10}
OPERATORS = sorted(ASSIGN_OPS | set(PRECEDENCE) | {"**", "!", "~", "++", "--", "?", ":", ",", "(", ")"},
                   key=len, reverse=True)
NAME_START = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
NAME_CHARS = NAME_START | set("0123456789")
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


class ArithError(Exception):
    """An error with ash's message ("arithmetic syntax error", "divide by zero", ...)."""


def wrap(n: int) -> int:
    return ((n - MIN) % BITS) + MIN


def evaluate(text: str, get: Callable[[str], str | None], assign: Callable[[str, str], None]) -> int:
    return _Evaluator(get, assign).run(text, ())


# ---------------------------------------------------------------- tokens
def _number(text: str, i: int) -> tuple[int, int]:
    """A C integer literal at text[i] (strtoull with base 0), then an optional `base#digits`."""
    n = len(text)
    start = i
    if text.startswith(("0x", "0X"), i) and i + 2 < n and text[i + 2].lower() in DIGITS[:16]:
        j = i + 2
        while j < n and text[j].lower() in DIGITS[:16]:
            j += 1
        value = int(text[i + 2:j], 16)
    elif text[i] == "0":
        j = i + 1
        while j < n and text[j] in "01234567":
            j += 1
        value = int(text[i:j], 8)
    else:
        j = i
        while j < n and text[j].isdecimal():
            j += 1
        value = int(text[i:j])
    if value >= BITS:
        value = 0  # strtoull overflows: ERANGE, and ash (like bash) uses 0
    if j < n and text[j] == "#" and text[start] != "0" and 2 <= value <= 64:
        base, value, j = value, 0, j + 1
        while j < n:
            digit = _digit(text[j], base)
            if digit is None or digit >= base:
                break
            value = value * base + digit
            j += 1
    return wrap(value), j


def _digit(c: str, base: int) -> int | None:
    if c.isdecimal():
        return int(c)
    if base > 36 and c in "@_" or (base > 36 and c.isupper()):
        return 62 if c == "@" else 63 if c == "_" else ord(c) - ord("A") + 36
    low = c.lower()
    if "a" <= low <= "z":
        return ord(low) - ord("a") + 10
    return None


@lru_cache(maxsize=1024)
def _tokens(text: str) -> tuple[tuple[str, object], ...]:
    """('num', int), ('var', name) and ('op', text) tokens, with ash's ++/-- disambiguation."""
    out: list[tuple[str, object]] = []
    i, n = 0, len(text)
    last_operand_is_var = False
    while i < n:
        c = text[i]
        if c in " \t\n\r\f\v":
            i += 1
            continue
        if c in NAME_START:
            j = i + 1
            while j < n and text[j] in NAME_CHARS:
                j += 1
            out.append(("var", text[i:j]))
            last_operand_is_var = True
            i = j
            continue
        if c.isdecimal():
            value, i = _number(text, i)
            out.append(("num", value))
            last_operand_is_var = False
            continue
        if text.startswith(("++", "--"), i) and not last_operand_is_var:
            rest = text[i + 2:].lstrip(" \t\n")
            if not rest or rest[0] not in NAME_START:
                out.append(("op", c))  # "--7" is - -7, "7+++v" is 7 + ++v
                i += 1
                continue
        for op in OPERATORS:
            if text.startswith(op, i):
                out.append(("op", op))
                i += len(op)
                if op in (")", "++", "--"):
                    last_operand_is_var = False
                break
        else:
            raise ArithError(SYNTAX)
    return tuple(out)


# ---------------------------------------------------------------- evaluation
class _Operand:
    """A value, or a variable whose value is looked up (and evaluated) only when needed."""

    __slots__ = ("value", "name")

    def __init__(self, value: int = 0, name: str | None = None):
        self.value = value
        self.name = name


class _Evaluator:
    def __init__(self, get, assign):
        self.get = get
        self.assign = assign

    def run(self, text: str, resolving: tuple[str, ...]) -> int:
        self.resolving = resolving
        self.toks = _tokens(text)
        self.pos = 0
        if not self.toks:
            return 0
        result = self.value(self.comma())
        if self.pos != len(self.toks):
            if self.peek() == ":":
                raise ArithError("malformed ?: operator")
            raise ArithError(SYNTAX)
        return result

    # -- helpers
    def peek(self) -> str | None:
        if self.pos < len(self.toks):
            kind, val = self.toks[self.pos]
            return val if kind == "op" else kind  # type: ignore[return-value]
        return None

    def take_op(self, *ops: str) -> str | None:
        if self.pos < len(self.toks):
            kind, val = self.toks[self.pos]
            if kind == "op" and val in ops:
                self.pos += 1
                return val  # type: ignore[return-value]
        return None

    def value(self, operand: _Operand) -> int:
        if operand.name is None:
            return operand.value
        name = operand.name
        text = self.get(name)
        if text is None:
            return 0
        if text.isdecimal() and text.isascii() and (text[0] != "0" or len(text) == 1):
            return wrap(int(text)) if len(text) < 20 else _number(text, 0)[0]  # the usual case
        if name in self.resolving:
            raise ArithError("expression recursion loop detected")
        nested = _Evaluator(self.get, self.assign)
        return nested.run(text, self.resolving + (name,))

    def store(self, operand: _Operand, value: int) -> None:
        if operand.name is None:
            raise ArithError(SYNTAX)
        self.assign(operand.name, str(value))

    # -- grammar, loosest first
    def comma(self) -> _Operand:
        left = self.assignment()
        while self.take_op(","):
            self.value(left)
            left = self.assignment()
        return left

    def assignment(self) -> _Operand:
        left = self.conditional()
        if self.pos < len(self.toks) and self.toks[self.pos][0] == "op" and self.toks[self.pos][1] in ASSIGN_OPS:
            op = self.toks[self.pos][1]
            self.pos += 1
            right = self.value(self.assignment())
            if left.name is None:
                raise ArithError(SYNTAX)
            result = right if op == "=" else _binary(op[:-1], self.value(left), right)
            self.store(left, result)
            return _Operand(result)
        return left

    def conditional(self) -> _Operand:
        cond = self.binary(1)
        if not self.take_op("?"):
            return cond
        yes = self.value(self.assignment())
        if not self.take_op(":"):
            raise ArithError("malformed ?: operator")
        no = self.value(self.assignment())
        return _Operand(yes if self.value(cond) else no)

    def binary(self, min_precedence: int) -> _Operand:
        """Precedence climbing over the left-associative binary operators."""
        left = self.power()
        toks = self.toks
        while self.pos < len(toks):
            kind, op = toks[self.pos]
            precedence = PRECEDENCE.get(op) if kind == "op" else None  # type: ignore[arg-type]
            if precedence is None or precedence < min_precedence:
                break
            self.pos += 1
            right = self.binary(precedence + 1)
            left = _Operand(_binary(op, self.value(left), self.value(right)))  # type: ignore[arg-type]
        return left

    def power(self) -> _Operand:
        base = self.unary()
        if self.take_op("**"):
            exponent = self.value(self.power())
            return _Operand(_binary("**", self.value(base), exponent))
        return base

    def unary(self) -> _Operand:
        op = self.take_op("!", "~", "-", "+", "++", "--")
        if op is None:
            return self.postfix()
        if op in ("++", "--"):
            target = self.unary()
            if target.name is None:
                raise ArithError(SYNTAX)
            result = wrap(self.value(target) + (1 if op == "++" else -1))
            self.store(target, result)
            return _Operand(result)
        value = self.value(self.unary())
        if op == "!":
            return _Operand(int(not value))
        if op == "~":
            return _Operand(~value)
        return _Operand(wrap(-value) if op == "-" else value)

    def postfix(self) -> _Operand:
        operand = self.primary()
        if operand.name is not None:
            op = self.take_op("++", "--")
            if op is not None:
                old = self.value(operand)
                self.store(operand, wrap(old + (1 if op == "++" else -1)))
                return _Operand(old)
        return operand

    def primary(self) -> _Operand:
        if self.pos >= len(self.toks):
            raise ArithError(SYNTAX)
        kind, val = self.toks[self.pos]
        self.pos += 1
        if kind == "num":
            return _Operand(val)  # type: ignore[arg-type]
        if kind == "var":
            return _Operand(name=val)  # type: ignore[arg-type]
        if val == "(":
            inner = self.comma()
            if not self.take_op(")"):
                raise ArithError(SYNTAX)
            return _Operand(self.value(inner))
        raise ArithError(SYNTAX)


def _binary(op: str, a: int, b: int) -> int:
    if op == "+":
        return wrap(a + b)
    if op == "-":
        return wrap(a - b)
    if op == "*":
        return wrap(a * b)
    if op in ("/", "%"):
        if b == 0:
            raise ArithError("divide by zero")
        if b == -1 and a == MIN:
            return MIN if op == "/" else 0
        q = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)  # C truncates toward zero
        return wrap(q) if op == "/" else wrap(a - q * b)
    if op == "**":
        if b < 0:
            raise ArithError("exponent less than 0")
        return wrap(pow(a, b, BITS))
    if op == "<<":
        return wrap(a << (b & 63))
    if op == ">>":
        return a >> (b & 63)
    if op == "&":
        return a & b
    if op == "|":
        return a | b
    if op == "^":
        return a ^ b
    if op == "&&":
        return int(bool(a) and bool(b))
    if op == "||":
        return int(bool(a) or bool(b))
    return int({"==": a == b, "!=": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op])
