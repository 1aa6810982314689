"""POSIX regular expressions (basic and extended, with GNU's extensions) as Python `re` patterns.

grep, sed, awk, expr and find speak POSIX regex as glibc implements it; Python's `re` differs in
which characters are special, in bracket expressions (a backslash is literal inside `[...]`,
`[:alpha:]` names a class) and in anchors (`^` is literal in the middle of a BRE). `translate`
rewrites one syntax into the other, working on bytes: containers run in the C locale.

One difference remains: POSIX picks the longest of several alternatives (`ab|abcd` matches
`abcd`), Python the first that matches.
"""
from __future__ import annotations

import re

CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "0-9a-zA-Z", "upper": "A-Z", "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "punct": "!-/:-@\\[-`{-~", "print": " -~",
    "graph": "!-~", "cntrl": "\\x00-\\x1f\\x7f", "xdigit": "0-9A-Fa-f", "word": "0-9A-Za-z_",
}


class RegexError(Exception):
    """A pattern glibc's regcomp rejects; the message is glibc's regerror text."""


def compile_posix(pattern: bytes, extended: bool, ignore_case: bool = False,
                  newline_escape: bool = False) -> re.Pattern:
    """`newline_escape`: `\\n` means a newline (sed), rather than the letter n (grep)."""
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    try:
        return re.compile(translate(pattern, extended, newline_escape), flags)
    except re.error as e:
        raise RegexError(_glibc_wording(e)) from None


def _glibc_wording(err: re.error) -> str:
    text = str(err)
    if "invalid group reference" in text or "unknown group" in text:
        return "Invalid back reference"
    if "nothing to repeat" in text or "multiple repeat" in text:
        return "Invalid preceding regular expression"
    return "Invalid regular expression"


def translate(pattern: bytes, extended: bool, newline_escape: bool = False) -> bytes:
    return _Translator(pattern, extended, newline_escape).run()


class _Translator:
    def __init__(self, pattern: bytes, extended: bool, newline_escape: bool = False):
        self.p = pattern
        self.ere = extended
        self.newline_escape = newline_escape
        self.groups = 0  # groups opened so far (a back reference may name only those)
        self.i = 0
        self.out: list[bytes] = []
        self.depth = 0

    def run(self) -> bytes:
        p = self.p
        while self.i < len(p):
            c = p[self.i:self.i + 1]
            if c == b"\\":
                self._escape()
            elif c == b"[":
                self._bracket()
            elif c == b"^":
                self._caret()
            elif c == b"$":
                self._dollar()
            elif c == b"*":
                self._star()
            elif c in b"+?" and self.ere:
                self._ere_repeat(c)
            elif c == b"{" and self.ere:
                self._interval(self.i + 1)
            elif c == b"(" and self.ere:
                self._open()
            elif c == b")" and self.ere:
                self._close()
            elif c == b"|" and self.ere:
                self._emit(b"|")
                self.i += 1
            elif c == b".":
                self._emit(b".")
                self.i += 1
            else:
                self._emit(re.escape(c))
                self.i += 1
        if self.depth:
            raise RegexError("Unmatched ( or \\(")
        return b"".join(self.out)

    # -- helpers
    def _emit(self, piece: bytes) -> None:
        self.out.append(piece)

    def _at_start(self) -> bool:
        """Nothing yet to repeat or anchor after: the pattern's start, after a group's opening or `|`."""
        return not self.out or self.out[-1] in (b"(", b"|", b"^")

    def _escape(self) -> None:
        p, i = self.p, self.i
        if i + 1 >= len(p):
            raise RegexError("Trailing backslash")
        c = p[i + 1:i + 2]
        self.i += 2
        if not self.ere and c == b"(":
            self._open(advance=False)
        elif not self.ere and c == b")":
            self._close(advance=False)
        elif not self.ere and c == b"{":
            self.i -= 1
            self._interval(self.i + 1, closing=b"\\}")
        elif not self.ere and c == b"|":
            self._emit(b"|")
        elif not self.ere and c in b"+?":
            self._emit(c) if not self._at_start() else self._emit(re.escape(c))
        elif c.isdigit() and c != b"0":
            if int(c) > self.groups:
                raise RegexError("Invalid back reference")
            self._emit(b"\\" + c)
        elif c == b"n" and self.newline_escape:
            self._emit(b"\\n")
        elif c == b"t" and self.newline_escape:
            self._emit(b"\\t")
        elif c == b"<":
            self._emit(rb"\b(?=\w)")
        elif c == b">":
            self._emit(rb"\b(?<=\w)")
        elif c in b"bBwWsS":
            self._emit(b"\\" + c)
        elif c == b"`":
            self._emit(rb"\A")
        elif c == b"'":
            self._emit(rb"\Z")
        else:
            self._emit(re.escape(c))

    def _caret(self) -> None:
        self.i += 1
        if self.ere or self._at_start():
            self._emit(b"^")
        else:
            self._emit(rb"\^")

    def _dollar(self) -> None:
        """An anchor in an ERE, and in a BRE at the end of the pattern or of a group or branch;
        elsewhere in a BRE, a literal dollar."""
        rest = self.p[self.i + 1:]
        self.i += 1
        at_end = not rest or rest.startswith(b"\\)") or rest.startswith(b"\\|")
        self._emit(rb"\Z" if self.ere or at_end else rb"\$")

    def _star(self) -> None:
        self.i += 1
        if self._at_start():
            self._emit(rb"\*")  # nothing to repeat: a literal star
        elif self._follows_repeat():
            if not self.ere:
                raise RegexError("Invalid preceding regular expression")  # glibc refuses a** in a BRE
            self._wrap_last_repeat(b"*")
        else:
            self._emit(b"*")

    def _follows_repeat(self) -> bool:
        last = self.out[-1]
        return last in (b"*", b"+", b"?") or (last.startswith(b"{") and last.endswith(b"}"))

    def _wrap_last_repeat(self, op: bytes) -> None:
        """`a**` or `a{2}*`: Python refuses a repeat of a repeat, so the first becomes a group."""
        end = len(self.out) - 1  # the repeat operator
        start = self._atom_start(end - 1)
        self.out[start:] = [b"(?:" + b"".join(self.out[start:]) + b")"]
        self._emit(op)

    def _atom_start(self, index: int) -> int:
        """Where the atom ending at out[index] begins (a group's opening, or the piece itself)."""
        if self.out[index] != b")":
            return index
        depth = 0
        for j in range(index, -1, -1):
            if self.out[j] == b")":
                depth += 1
            elif self.out[j] == b"(":
                depth -= 1
                if depth == 0:
                    return j
        return index

    def _ere_repeat(self, op: bytes) -> None:
        self.i += 1
        if self._at_start():
            if op == b"?":
                self._emit(rb"\?")
            return  # glibc ignores a leading +
        if self._follows_repeat():
            self._wrap_last_repeat(op)
        else:
            self._emit(op)

    def _interval(self, start: int, closing: bytes = b"}") -> None:
        """`{m,n}` (ERE) or `\\{m,n\\}` (BRE); an ERE brace that is not an interval is literal."""
        p = self.p
        end = p.find(closing, start)
        body = p[start:end] if end >= 0 else b""
        if end < 0 or not re.fullmatch(rb"\d+(,\d*)?|,\d+", body):
            if self.ere:
                self._emit(rb"\{")
                self.i += 1
                return
            raise RegexError("Unmatched \\{")
        self.i = end + len(closing)
        low, _, high = body.partition(b",")
        if high and int(high) < int(low or b"0"):
            raise RegexError("Invalid content of \\{\\}")
        if self._at_start():
            if self.ere:
                self._emit(re.escape(b"{" + body + b"}"))
                return
            raise RegexError("Invalid preceding regular expression")
        piece = b"{" + (b"0" + body if body.startswith(b",") else body) + b"}"
        if self._follows_repeat():
            self._wrap_last_repeat(piece)
        else:
            self._emit(piece)

    def _open(self, advance: bool = True) -> None:
        if advance:
            self.i += 1
        self.depth += 1
        self.groups += 1
        self._emit(b"(")

    def _close(self, advance: bool = True) -> None:
        if advance:
            self.i += 1
        if not self.depth:
            if self.ere:
                self._emit(rb"\)")  # glibc takes an unopened ) literally in an ERE
                return
            raise RegexError("Unmatched ) or \\)")
        self.depth -= 1
        self._emit(b")")

    def _bracket(self) -> None:
        """`[...]`: classes and equivalence classes expanded, `]` first taken literally, a backslash
        literal, a range checked (`[z-a]` is an error, as in glibc)."""
        p = self.p
        i = self.i + 1
        negate = p[i:i + 1] == b"^"
        if negate:
            i += 1
        if i >= len(p):
            raise RegexError("Invalid regular expression")
        items: list[bytes] = []
        first = True
        while True:
            if i >= len(p):
                raise RegexError("Unmatched [, [^, [:, [., or [=")
            c = p[i:i + 1]
            if c == b"]" and not first:
                i += 1
                break
            first = False
            if p[i:i + 2] == b"[:":
                end = p.find(b":]", i + 2)
                name = p[i + 2:end].decode("latin-1") if end >= 0 else ""
                if end < 0 or name not in CLASSES:
                    raise RegexError("Invalid character class name")
                items.append(CLASSES[name].encode())
                i = end + 2
                continue
            if p[i:i + 2] in (b"[=", b"[."):
                closer = b"=]" if p[i + 1:i + 2] == b"=" else b".]"
                end = p.find(closer, i + 2)
                if end < 0:
                    raise RegexError("Unmatched [, [^, [:, [., or [=")
                items.append(re.escape(p[i + 2:end]))
                i = end + 2
                continue
            if p[i + 1:i + 2] == b"-" and p[i + 2:i + 3] not in (b"]", b""):
                lo, hi = p[i], p[i + 2]
                if hi < lo:
                    raise RegexError("Invalid range end")
                items.append(re.escape(bytes([lo])) + b"-" + re.escape(bytes([hi])))
                i += 3
                continue
            items.append(re.escape(c))
            i += 1
        self.i = i
        self._emit(b"[" + (b"^" if negate else b"") + b"".join(items) + b"]")
