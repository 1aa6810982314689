"""The lexer of Go's text/template (as of Go 1.24, which builds docker CLI 28).

It cuts a template into items — text, delimiters, fields, strings, numbers, keywords — with the
byte of the input each starts at and its line, exactly where Go's lexer cuts, because parse
error messages quote the offending item (`unexpected "}" in operand`) and its line. A lexing
error becomes an ERROR item that ends the list; the parser reports it when it reaches it.

Inside an action newlines count as spaces; `{{- ` and ` -}}` trim the white space around an
action; `{{/* */}}` comments vanish.
"""
from __future__ import annotations

import enum
from typing import Callable, NamedTuple, Optional

from .units import go_quote

LEFT_DELIM, RIGHT_DELIM = "{{", "}}"
LEFT_COMMENT, RIGHT_COMMENT = "/*", "*/"
_SPACE_CHARS = " \t\r\n"
_EOF = ""  # what `_next` returns at the end of the input


class Item(enum.IntEnum):
    """Item types, in Go's order: everything after KEYWORD is a keyword."""

    ERROR = 0
    BOOL = enum.auto()
    CHAR = enum.auto()            # a printable ASCII character that means nothing by itself: , = }
    CHAR_CONSTANT = enum.auto()
    COMMENT = enum.auto()
    COMPLEX = enum.auto()
    ASSIGN = enum.auto()          # =
    DECLARE = enum.auto()         # :=
    EOF = enum.auto()
    FIELD = enum.auto()           # .Name
    IDENTIFIER = enum.auto()      # a function name
    LEFT_DELIM = enum.auto()
    LEFT_PAREN = enum.auto()
    NUMBER = enum.auto()
    PIPE = enum.auto()
    RAW_STRING = enum.auto()
    RIGHT_DELIM = enum.auto()
    RIGHT_PAREN = enum.auto()
    SPACE = enum.auto()
    STRING = enum.auto()
    TEXT = enum.auto()
    VARIABLE = enum.auto()        # $ or $name
    KEYWORD = enum.auto()
    BLOCK = enum.auto()
    BREAK = enum.auto()
    CONTINUE = enum.auto()
    DOT = enum.auto()
    DEFINE = enum.auto()
    ELSE = enum.auto()
    END = enum.auto()
    IF = enum.auto()
    NIL = enum.auto()
    RANGE = enum.auto()
    TEMPLATE = enum.auto()
    WITH = enum.auto()


_KEYWORDS = {
    ".": Item.DOT, "block": Item.BLOCK, "break": Item.BREAK, "continue": Item.CONTINUE,
    "define": Item.DEFINE, "else": Item.ELSE, "end": Item.END, "if": Item.IF, "nil": Item.NIL,
    "range": Item.RANGE, "template": Item.TEMPLATE, "with": Item.WITH,
}


class Token(NamedTuple):
    type: Item
    pos: int     # index of the token's first character in the template text
    value: str
    line: int

    def __str__(self) -> str:
        """How Go's parser names an item in its messages: EOF, <if>, "}", "abcdefghij"..."""
        if self.type == Item.EOF:
            return "EOF"
        if self.type == Item.ERROR:
            return self.value
        if self.type > Item.KEYWORD:
            return f"<{self.value}>"
        if len(self.value.encode("utf-8")) > 10:
            return go_quote(self.value[:10]) + "..."
        return go_quote(self.value)


def go_rune(char: str) -> str:
    """Go's `%#U` of a rune: U+0029 ')' (the character only when printable)."""
    code = f"U+{ord(char):04X}"
    return f"{code} '{char}'" if char.isprintable() else code


def _is_space(char: str) -> bool:
    return char != _EOF and char in _SPACE_CHARS


def _is_alphanumeric(char: str) -> bool:
    return char == "_" or char.isalpha() or char.isdecimal()


def _has_left_trim_marker(text: str, at: int) -> bool:
    return text[at:at + 1] == "-" and _is_space(text[at + 1:at + 2])


def _has_right_trim_marker(text: str, at: int) -> bool:
    return _is_space(text[at:at + 1]) and text[at + 1:at + 2] == "-"


_State = Callable[[], Optional["_State"]]


class _Lexer:
    """The state machine: each state consumes some input, emits items, and names the next state."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.start = 0
        self.line = 1
        self.start_line = 1
        self.width = 0
        self.paren_depth = 0
        self.items: list[Token] = []

    def run(self) -> list[Token]:
        state: Optional[_State] = self.lex_text
        while state is not None:
            state = state()
        return self.items

    # -- primitives --------------------------------------------------------------------------

    def _next(self) -> str:
        if self.pos >= len(self.text):
            self.width = 0
            return _EOF
        char = self.text[self.pos]
        self.width = 1
        self.pos += 1
        if char == "\n":
            self.line += 1
        return char

    def _peek(self) -> str:
        char = self._next()
        self._backup()
        return char

    def _backup(self) -> None:
        self.pos -= self.width
        if self.width == 1 and self.text[self.pos] == "\n":
            self.line -= 1

    def _emit(self, item: Item) -> None:
        self.items.append(Token(item, self.start, self.text[self.start:self.pos], self.start_line))
        self.start = self.pos
        self.start_line = self.line

    def _ignore(self) -> None:
        self.line += self.text.count("\n", self.start, self.pos)
        self.start = self.pos
        self.start_line = self.line

    def _accept(self, valid: str) -> bool:
        char = self._next()
        if char != _EOF and char in valid:
            return True
        self._backup()
        return False

    def _accept_run(self, valid: str) -> None:
        while self._accept(valid):
            pass

    def _error(self, message: str) -> None:
        self.items.append(Token(Item.ERROR, self.start, message, self.start_line))
        return None

    def _at_right_delim(self) -> tuple[bool, bool]:
        """(at a right delimiter, the delimiter carries a trim marker)."""
        if _has_right_trim_marker(self.text, self.pos) and self.text.startswith(RIGHT_DELIM, self.pos + 2):
            return True, True
        return self.text.startswith(RIGHT_DELIM, self.pos), False

    def _at_terminator(self) -> bool:
        """Whether the next character may end an identifier, field or variable."""
        char = self._peek()
        return _is_space(char) or char in (_EOF, ".", ",", "|", ":", ")", "(", RIGHT_DELIM[0])

    # -- states ------------------------------------------------------------------------------

    def lex_text(self) -> Optional[_State]:
        self.width = 0
        found = self.text.find(LEFT_DELIM, self.pos)
        if found < 0:
            self.pos = len(self.text)
            if self.pos > self.start:
                self.line += self.text.count("\n", self.start, self.pos)
                self._emit(Item.TEXT)
            self._emit(Item.EOF)
            return None
        self.pos = found
        trim = 0
        if _has_left_trim_marker(self.text, found + len(LEFT_DELIM)):
            before = self.text[self.start:found]
            trim = len(before) - len(before.rstrip(_SPACE_CHARS))
        self.pos -= trim
        if self.pos > self.start:
            self.line += self.text.count("\n", self.start, self.pos)
            self._emit(Item.TEXT)
        self.pos += trim
        self._ignore()
        return self.lex_left_delim

    def lex_left_delim(self) -> Optional[_State]:
        self.pos += len(LEFT_DELIM)
        after_marker = 2 if _has_left_trim_marker(self.text, self.pos) else 0
        if self.text.startswith(LEFT_COMMENT, self.pos + after_marker):
            self.pos += after_marker
            self._ignore()
            return self.lex_comment
        self._emit(Item.LEFT_DELIM)
        self.pos += after_marker
        self._ignore()
        self.paren_depth = 0
        return self.lex_inside_action

    def lex_comment(self) -> Optional[_State]:
        self.pos += len(LEFT_COMMENT)
        end = self.text.find(RIGHT_COMMENT, self.pos)
        if end < 0:
            return self._error("unclosed comment")
        self.pos = end + len(RIGHT_COMMENT)
        at_delim, trim = self._at_right_delim()
        if not at_delim:
            return self._error("comment ends before closing delimiter")
        self.pos += (2 if trim else 0) + len(RIGHT_DELIM)
        if trim:
            self.pos += self._leading_space_length()
        self._ignore()
        return self.lex_text

    def _leading_space_length(self) -> int:
        rest = self.text[self.pos:]
        return len(rest) - len(rest.lstrip(_SPACE_CHARS))

    def lex_right_delim(self) -> Optional[_State]:
        trim = _has_right_trim_marker(self.text, self.pos)
        if trim:
            self.pos += 2
            self._ignore()
        self.pos += len(RIGHT_DELIM)
        self._emit(Item.RIGHT_DELIM)
        if trim:
            self.pos += self._leading_space_length()
            self._ignore()
        return self.lex_text

    def lex_inside_action(self) -> Optional[_State]:
        at_delim, _ = self._at_right_delim()
        if at_delim:
            if self.paren_depth == 0:
                return self.lex_right_delim
            return self._error("unclosed left paren")
        char = self._next()
        if char == _EOF:
            return self._error("unclosed action")
        if _is_space(char):
            self._backup()  # the space may begin a " -}}"
            return self.lex_space
        if char == "=":
            self._emit(Item.ASSIGN)
        elif char == ":":
            if self._next() != "=":
                return self._error("expected :=")
            self._emit(Item.DECLARE)
        elif char == "|":
            self._emit(Item.PIPE)
        elif char == '"':
            return self.lex_quote
        elif char == "`":
            return self.lex_raw_quote
        elif char == "$":
            return self.lex_variable
        elif char == "'":
            return self.lex_char
        elif char == "." and self.pos < len(self.text) and not "0" <= self.text[self.pos] <= "9":
            return self.lex_field
        elif char in "+-." or "0" <= char <= "9":
            self._backup()
            return self.lex_number
        elif _is_alphanumeric(char):
            self._backup()
            return self.lex_identifier
        elif char == "(":
            self._emit(Item.LEFT_PAREN)
            self.paren_depth += 1
        elif char == ")":
            self.paren_depth -= 1
            if self.paren_depth < 0:
                self.start = self.pos
                return self._error(f"unexpected right paren {go_rune(char)}")
            self._emit(Item.RIGHT_PAREN)
        elif char <= "\x7f" and char.isprintable():
            self._emit(Item.CHAR)
        else:
            return self._error(f"unrecognized character in action: {go_rune(char)}")
        return self.lex_inside_action

    def lex_space(self) -> Optional[_State]:
        spaces = 0
        while _is_space(self._peek()):
            self._next()
            spaces += 1
        # A trim-marked right delimiter begins with a space: leave that space to it.
        if _has_right_trim_marker(self.text, self.pos - 1) and self.text.startswith(RIGHT_DELIM, self.pos + 1):
            self.pos -= 1
            if self.text[self.pos] == "\n":
                self.line -= 1
            if spaces == 1:
                return self.lex_right_delim
        self._emit(Item.SPACE)
        return self.lex_inside_action

    def lex_identifier(self) -> Optional[_State]:
        while True:
            char = self._next()
            if _is_alphanumeric(char):
                continue
            self._backup()
            if not self._at_terminator():
                return self._error(f"bad character {go_rune(char)}")
            word = self.text[self.start:self.pos]
            if word in _KEYWORDS and _KEYWORDS[word] > Item.KEYWORD:
                self._emit(_KEYWORDS[word])
            elif word in ("true", "false"):
                self._emit(Item.BOOL)
            else:
                self._emit(Item.IDENTIFIER)
            return self.lex_inside_action

    def lex_field(self) -> Optional[_State]:
        return self._lex_field_or_variable(Item.FIELD)

    def lex_variable(self) -> Optional[_State]:
        if self._at_terminator():  # a lone "$"
            self._emit(Item.VARIABLE)
            return self.lex_inside_action
        return self._lex_field_or_variable(Item.VARIABLE)

    def _lex_field_or_variable(self, item: Item) -> Optional[_State]:
        if self._at_terminator():  # a lone "." or "$"
            self._emit(Item.VARIABLE if item == Item.VARIABLE else Item.DOT)
            return self.lex_inside_action
        while True:
            char = self._next()
            if not _is_alphanumeric(char):
                self._backup()
                break
        if not self._at_terminator():
            return self._error(f"bad character {go_rune(char)}")
        self._emit(item)
        return self.lex_inside_action

    def _lex_quoted(self, quote: str, item: Item, unterminated: str) -> Optional[_State]:
        while True:
            char = self._next()
            if char == "\\":
                char = self._next()
                if char not in (_EOF, "\n"):
                    continue
            if char in (_EOF, "\n"):
                return self._error(unterminated)
            if char == quote:
                self._emit(item)
                return self.lex_inside_action

    def lex_char(self) -> Optional[_State]:
        return self._lex_quoted("'", Item.CHAR_CONSTANT, "unterminated character constant")

    def lex_quote(self) -> Optional[_State]:
        return self._lex_quoted('"', Item.STRING, "unterminated quoted string")

    def lex_raw_quote(self) -> Optional[_State]:
        end = self.text.find("`", self.pos)
        if end < 0:
            return self._error("unterminated raw quoted string")
        self.line += self.text.count("\n", self.pos, end + 1)
        self.pos = end + 1
        self._emit(Item.RAW_STRING)
        return self.lex_inside_action

    def lex_number(self) -> Optional[_State]:
        if not self._scan_number():
            return self._error(f"bad number syntax: {go_quote(self.text[self.start:self.pos])}")
        if self._peek() in ("+", "-"):
            # A complex constant such as 1+2i: no spaces, and it must end in "i".
            if not self._scan_number() or self.text[self.pos - 1] != "i":
                return self._error(f"bad number syntax: {go_quote(self.text[self.start:self.pos])}")
            self._emit(Item.COMPLEX)
        else:
            self._emit(Item.NUMBER)
        return self.lex_inside_action

    def _scan_number(self) -> bool:
        """Accept anything number-shaped; strconv judges it later (so "089" lexes fine)."""
        self._accept("+-")
        digits = "0123456789_"
        if self._accept("0"):
            if self._accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self._accept("oO"):
                digits = "01234567_"
            elif self._accept("bB"):
                digits = "01_"
        self._accept_run(digits)
        if self._accept("."):
            self._accept_run(digits)
        if digits == "0123456789_" and self._accept("eE"):
            self._accept("+-")
            self._accept_run("0123456789_")
        if digits == "0123456789abcdefABCDEF_" and self._accept("pP"):
            self._accept("+-")
            self._accept_run("0123456789_")
        self._accept("i")
        if _is_alphanumeric(self._peek()):
            self._next()
            return False
        return True


def lex(text: str) -> list[Token]:
    """All the items of a template, ending with EOF or with the ERROR that stopped the lexer."""
    return _Lexer(text).run()
