"""JSON as Go's encoding/json writes and reads it, so bodies and error messages match dockerd's.

Writing: compact, UTF-8, newline-terminated; `json.Marshal` (jsonmessage streams) also escapes `<`, `>`
and `&`, `json.Encoder` with SetEscapeHTML(false) (dockerd's WriteJSON) does not.

Reading: Python's decoder does the work; only when it fails is the text scanned again, the way Go's
scanner walks it, to give Go's message ("invalid character 'x' looking for beginning of value").
"""
from __future__ import annotations

import json

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"
_DIGITS = "0123456789"


def encode(value: object, *, escape_html: bool = False) -> bytes:
    """`value` as one line of JSON with its trailing newline, as Go's json.Encoder writes it."""
    text = _ENCODER.encode(value)
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if escape_html:
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (text + "\n").encode("utf-8", "replace")


class GoJSONError(ValueError):
    """Malformed JSON, with Go's message."""


class EmptyInput(GoJSONError):
    """Nothing but whitespace: Go's json.Decoder reports io.EOF."""

    def __init__(self):
        super().__init__("EOF")


def decode(text: str) -> object:
    """The whole text as one JSON value (Go's json.Unmarshal)."""
    try:
        return json.loads(text)
    except ValueError:
        raise GoJSONError(_go_message(text, whole=True)) from None


def decode_first(text: str) -> object:
    """The first JSON value of the text, ignoring what follows (Go's json.Decoder.Decode on a body)."""
    start = len(text) - len(text.lstrip(_WHITESPACE))
    if start == len(text):
        raise EmptyInput()
    try:
        return _DECODER.raw_decode(text, start)[0]
    except ValueError:
        raise GoJSONError(_go_message(text, whole=False)) from None


class _Syntax(Exception):
    pass


class _EndOfInput(Exception):
    pass


def _go_message(text: str, *, whole: bool) -> str:
    scanner = _Scanner(text)
    try:
        scanner.value()
        if whole:
            scanner.skip_whitespace()
            if scanner.pos < len(text):
                raise _Syntax(f"invalid character {_quote_char(text[scanner.pos])} after top-level value")
    except _Syntax as e:
        return str(e)
    except _EndOfInput:
        return "unexpected end of JSON input" if whole else "unexpected EOF"
    # Python refused something Go accepts (e.g. a lone surrogate escape): Go would have decoded it.
    return "invalid JSON"


class _Scanner:
    """Walks JSON text the way Go's scanner does, to find the first error and name it as Go does."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def skip_whitespace(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
            self.pos += 1

    def peek(self) -> str:
        if self.pos >= len(self.text):
            raise _EndOfInput()
        return self.text[self.pos]

    def fail(self, context: str) -> None:
        raise _Syntax(f"invalid character {_quote_char(self.text[self.pos])} {context}")

    def value(self) -> None:
        self.skip_whitespace()
        c = self.peek()
        if c == "{":
            self.object()
        elif c == "[":
            self.array()
        elif c == '"':
            self.string()
        elif c == "-" or c in _DIGITS:
            self.number()
        elif c in "tfn":
            self.literal({"t": "true", "f": "false", "n": "null"}[c])
        else:
            self.fail("looking for beginning of value")

    def object(self) -> None:
        self.pos += 1
        self.skip_whitespace()
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            self.skip_whitespace()
            if self.peek() != '"':
                self.fail("looking for beginning of object key string")
            self.string()
            self.skip_whitespace()
            if self.peek() != ":":
                self.fail("after object key")
            self.pos += 1
            self.value()
            self.skip_whitespace()
            c = self.peek()
            self.pos += 1
            if c == "}":
                return
            if c != ",":
                self.pos -= 1
                self.fail("after object key:value pair")

    def array(self) -> None:
        self.pos += 1
        self.skip_whitespace()
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            self.value()
            self.skip_whitespace()
            c = self.peek()
            self.pos += 1
            if c == "]":
                return
            if c != ",":
                self.pos -= 1
                self.fail("after array element")

    def string(self) -> None:
        self.pos += 1
        while True:
            c = self.peek()
            if c == '"':
                self.pos += 1
                return
            if c == "\\":
                self.pos += 1
                escape = self.peek()
                if escape == "u":
                    for _ in range(4):
                        self.pos += 1
                        if self.peek() not in "0123456789abcdefABCDEF":
                            self.fail("in \\u hexadecimal character escape")
                elif escape not in '"\\/bfnrt':
                    self.fail("in string escape code")
            elif ord(c) < 0x20:
                self.fail("in string literal")
            self.pos += 1

    def number(self) -> None:
        if self.text[self.pos] == "-":
            self.pos += 1
            if self.peek() not in _DIGITS:
                self.fail("in numeric literal")
        if self.text[self.pos] == "0":
            self.pos += 1
        else:
            self.digits()
        if self.pos < len(self.text) and self.text[self.pos] == ".":
            self.pos += 1
            if self.peek() not in _DIGITS:
                self.fail("after decimal point in numeric literal")
            self.digits()
        if self.pos < len(self.text) and self.text[self.pos] in "eE":
            self.pos += 1
            if self.peek() in "+-":
                self.pos += 1
            if self.peek() not in _DIGITS:
                self.fail("in exponent of numeric literal")
            self.digits()

    def digits(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _DIGITS:
            self.pos += 1

    def literal(self, word: str) -> None:
        for expected in word:
            if self.peek() != expected:
                self.fail(f"in literal {word} (expecting {_quote_char(expected)})")
            self.pos += 1


def _quote_char(c: str) -> str:
    """A character as Go's scanner quotes it in messages: the first byte of its UTF-8 form, Go-escaped."""
    byte = c.encode("utf-8", "surrogatepass")[0]
    if byte == ord("'"):
        return "'\\''"
    if byte == ord('"'):
        return "'\"'"
    named = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 92: "\\\\"}
    if byte in named:
        return f"'{named[byte]}'"
    if byte < 0x20 or byte == 0x7F:
        return f"'\\x{byte:02x}'"
    if 0x80 <= byte < 0xA0 or byte == 0xAD:
        return f"'\\u{byte:04x}'"
    return f"'{chr(byte)}'"
