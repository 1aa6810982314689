"""awk's tokens: numbers, strings, regex literals (a `/` where an operand may start), names,
keywords, builtins and operators; newlines count, `\\` newline and comments do not."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .values import AwkError

MATH = {"sin", "cos", "atan2", "exp", "log", "sqrt"}
BUILTINS = MATH | {"length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "int", "tolower",
                   "toupper", "system", "close", "srand", "rand", "fflush"}
KEYWORDS = {"BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break", "continue",
            "next", "nextfile", "exit", "return", "delete", "getline", "print", "printf", "in"}
OPERATORS = ["+=", "-=", "*=", "/=", "%=", "^=", "**=", "==", "<=", ">=", "!=", "++", "--", "&&", "||", ">>",
             "!~", "**", "{", "}", "(", ")", "[", "]", ";", ",", "+", "-", "*", "/", "%", "^", "!", ">", "<",
             "|", "?", ":", "~", "$", "="]
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "/": "/", "a": "\a", "b": "\b", "f": "\f",
           "v": "\v"}


@dataclass
class Token:
    kind: str  # number, string, regex, name, funcname, builtin, keyword, op, newline, eof
    value: object
    line: int


class Lexer:
    def __init__(self, text: str):
        self.s = text
        self.i = 0
        self.line = 1
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        while True:
            tok = self._next()
            self.tokens.append(tok)
            if tok.kind == "eof":
                return self.tokens

    def _regex_allowed(self) -> bool:
        """A `/` starts a regex unless it follows something that ends an operand."""
        if not self.tokens:
            return True
        last = self.tokens[-1]
        if last.kind in ("number", "string", "regex", "name", "builtin"):
            return False
        return not (last.kind == "op" and last.value in (")", "]", "$", "++", "--"))

    def _next(self) -> Token:
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c in " \t\r":
                self.i += 1
            elif c == "\\" and s[self.i + 1:self.i + 2] == "\n":
                self.i += 2
                self.line += 1
            elif c == "#":
                while self.i < len(s) and s[self.i] != "\n":
                    self.i += 1
            else:
                break
        if self.i >= len(s):
            return Token("eof", None, self.line)
        c = s[self.i]
        line = self.line
        if c == "\n":
            self.i += 1
            self.line += 1
            return Token("newline", None, line)
        if c == '"':
            return Token("string", self._string(), line)
        if c == "/" and self._regex_allowed():
            return Token("regex", self._regex(), line)
        m = re.compile(r"0[xX][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?").match(s, self.i)
        if m:
            self.i = m.end()
            text = m.group(0)
            if text[:2] in ("0x", "0X"):
                value = float(int(text, 16))
            elif len(text) > 1 and text[0] == "0" and text.isdigit() and set(text) <= set("01234567"):
                value = float(int(text, 8))  # busybox reads 010 as octal
            else:
                value = float(text)
            return Token("number", value, line)
        m = re.compile(r"[A-Za-z_][A-Za-z_0-9]*").match(s, self.i)
        if m:
            self.i = m.end()
            word = m.group(0)
            if word in KEYWORDS:
                return Token("keyword", word, line)
            if word in BUILTINS:
                return Token("builtin", word, line)
            if s[self.i:self.i + 1] == "(":
                return Token("funcname", word, line)
            return Token("name", word, line)
        for op in OPERATORS:
            if s.startswith(op, self.i):
                self.i += len(op)
                return Token("op", op, line)
        raise AwkError("Unexpected token")

    def _string(self) -> str:
        s = self.s
        self.i += 1
        out = []
        while True:
            if self.i >= len(s) or s[self.i] == "\n":
                raise AwkError("Unexpected end of string")
            c = s[self.i]
            if c == '"':
                self.i += 1
                return "".join(out)
            if c == "\\" and self.i + 1 < len(s):
                out.append(self._escape())
                continue
            out.append(c)
            self.i += 1

    def _escape(self) -> str:
        s = self.s
        nxt = s[self.i + 1]
        if nxt in "01234567":
            m = re.compile(r"[0-7]{1,3}").match(s, self.i + 1)
            self.i = m.end()
            return chr(int(m.group(0), 8) & 0xFF)
        if nxt == "\n":
            self.i += 2
            self.line += 1
            return ""
        self.i += 2
        return ESCAPES.get(nxt, "\\" + nxt)

    def _regex(self) -> str:
        s = self.s
        self.i += 1
        out = []
        in_bracket = False
        while True:
            if self.i >= len(s) or s[self.i] == "\n":
                raise AwkError("Unexpected end of regex")
            c = s[self.i]
            if c == "\\" and self.i + 1 < len(s):
                out.append("/" if s[self.i + 1] == "/" else s[self.i:self.i + 2])
                self.i += 2
                continue
            if c == "[":
                in_bracket = True
            elif c == "]":
                in_bracket = False
            elif c == "/" and not in_bracket:
                self.i += 1
                return "".join(out)
            out.append(c)
            self.i += 1


def unescape(text: str) -> str:
    """Escapes processed as in a string literal (`-v 'x=a\\tb'` holds a tab)."""
    return Lexer('"' + text.replace('"', '\\"') + '"')._string() if "\\" in text else text
