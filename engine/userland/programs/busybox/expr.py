"""expr: evaluate an expression given as separate arguments (`expr 1 + 2`, `expr "$s" : 'a\\(.\\)'`).

Precedence, lowest first: `|`; `&`; comparisons; `+ -`; `* / %`; `:` (an anchored BRE match);
then `match`, `substr`, `index`, `length`, `quote` and parentheses. Integers are C's 64-bit
longs. The exit status is 1 when the result is empty or 0, 2 for a bad expression.
"""
from __future__ import annotations

import re

from ...process import Process
from .common import Fatal
from .regex import RegexError, compile_posix

COMPARISONS = {"=", "==", "!=", "<", "<=", ">", ">="}
INT_RE = re.compile(r"-?\d+")

Value = int | str


def _wrap(n: int) -> int:
    """Arithmetic in a C long long."""
    n &= (1 << 64) - 1
    return n - (1 << 64) if n >= 1 << 63 else n


def _as_int(v: Value) -> int:
    if isinstance(v, int):
        return v
    if INT_RE.fullmatch(v):
        return max(-(1 << 63), min(int(v), (1 << 63) - 1))  # strtoll saturates
    raise Fatal("non-numeric argument", 2)


def _is_int(v: Value) -> bool:
    return isinstance(v, int) or INT_RE.fullmatch(v) is not None


def _truthy(v: Value) -> bool:
    return v != 0 if isinstance(v, int) else v not in ("", "0")


class Evaluator:
    def __init__(self, args: list[str]):
        self.args = args
        self.i = 0

    def _peek(self) -> str | None:
        return self.args[self.i] if self.i < len(self.args) else None

    def _take(self) -> str:
        if self.i >= len(self.args):
            raise Fatal("syntax error", 2)
        self.i += 1
        return self.args[self.i - 1]

    def run(self) -> Value:
        value = self._or()
        if self.i != len(self.args):
            raise Fatal("syntax error", 2)
        return value

    def _or(self) -> Value:
        left = self._and()
        while self._peek() == "|":
            self.i += 1
            right = self._and()
            left = left if _truthy(left) else (right if _truthy(right) else 0)
        return left

    def _and(self) -> Value:
        left = self._compare()
        while self._peek() == "&":
            self.i += 1
            right = self._compare()
            left = left if _truthy(left) and _truthy(right) else 0
        return left

    def _compare(self) -> Value:
        left = self._sum()
        while self._peek() in COMPARISONS:
            op = self._take()
            right = self._sum()
            if _is_int(left) and _is_int(right):
                a, b = _as_int(left), _as_int(right)
            else:
                a, b = str(left), str(right)
            result = {"=": a == b, "==": a == b, "!=": a != b, "<": a < b, "<=": a <= b,
                      ">": a > b, ">=": a >= b}[op]
            left = int(result)
        return left

    def _sum(self) -> Value:
        left = self._product()
        while self._peek() in ("+", "-"):
            op = self._take()
            right = self._product()
            a, b = _as_int(left), _as_int(right)
            left = _wrap(a + b if op == "+" else a - b)
        return left

    def _product(self) -> Value:
        left = self._match()
        while self._peek() in ("*", "/", "%"):
            op = self._take()
            right = self._match()
            a, b = _as_int(left), _as_int(right)
            if op != "*" and b == 0:
                raise Fatal("division by zero", 2)
            if op == "*":
                left = _wrap(a * b)
            else:
                quotient = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)  # C truncates
                left = _wrap(quotient if op == "/" else a - b * quotient)
        return left

    def _match(self) -> Value:
        left = self._primary()
        while self._peek() == ":":
            self.i += 1
            left = _regex_match(str(left), str(self._primary()))
        return left

    def _primary(self) -> Value:
        word = self._take()
        if word == "(":
            value = self._or()
            if self._take() != ")":
                raise Fatal("syntax error", 2)
            return value
        if word == "quote":
            return self._take()
        if word == "length":
            return len(str(self._primary()))
        if word == "match":
            text = str(self._primary())
            return _regex_match(text, str(self._primary()))
        if word == "substr":
            text, pos, length = str(self._primary()), _as_int(self._primary()), _as_int(self._primary())
            if pos < 1 or length < 1:
                return ""
            return text[pos - 1:pos - 1 + length]
        if word == "index":
            text, chars = str(self._primary()), str(self._primary())
            return next((i + 1 for i, c in enumerate(text) if c in chars), 0)
        if word == ")":
            raise Fatal("syntax error", 2)
        return word  # anything else in an operand's place is a string, `*` and `+` included


def _regex_match(text: str, pattern: str) -> Value:
    """STRING : REGEX, anchored at the start: the first group's text if the regex has one, else
    the length matched (with no match: "" or 0)."""
    try:
        rx = compile_posix(pattern.encode("utf-8", "surrogateescape"), extended=False)
    except RegexError as e:
        raise Fatal(f"bad regex '{pattern}': {e}", 2) from None
    m = rx.match(text.encode("utf-8", "surrogateescape"))
    if m is None:
        return "" if rx.groups else 0
    if rx.groups and m.group(1) is not None:
        return m.group(1).decode("utf-8", "surrogateescape")
    return m.end()


def expr(proc: Process) -> int:
    args = proc.argv[1:]
    if not args:
        raise Fatal("too few arguments", 2)
    value = Evaluator(args).run()
    proc.out(f"{value}\n")
    return 0 if _truthy(value) else 1
