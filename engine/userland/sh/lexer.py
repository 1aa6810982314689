"""Tokens and words of ash's grammar.

The lexer turns source text into operator tokens and words. A word is parsed here into its parts
(ast.Lit, Quoted, DblQuoted, Param, CmdSubst, Arith), because quoting decides what expansion will
do with every character. `$(...)` and backquotes hold whole programs, so the lexer hands them to
the parser it was given (`parser_class`) and continues after them. Here-document bodies are read
when the newline ending their command line is consumed, as POSIX specifies.

Backslash-newline is removed everywhere except inside single quotes and quoted here-documents.
"""
from __future__ import annotations

from dataclasses import dataclass
from .ast import Arith, BadSubst, CmdSubst, DblQuoted, Lit, Param, Quoted, Redir, Word
from .errors import ParseError
from .escapes import byte

EOF = ""
METACHARS = frozenset(" \t\n;&|()<>")
NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
NAME_CHARS = NAME_START | frozenset("0123456789")
SPECIAL_PARAMS = frozenset("@*#?-$!0123456789")
DQ_ESCAPABLE = frozenset('$`"\\')
HEREDOC_ESCAPABLE = frozenset("$`\\")
REDIR_OPS = (">>", ">|", ">&", ">", "<<-", "<<", "<&", "<>", "<")
DOLLAR_SQUOTE_ESCAPES = {"n": "\n", "r": "\r", "b": "\b", "t": "\t", "f": "\f", "a": "\a", "v": "\v",
                         "\\": "\\", "e": "\x1b", "E": "\x1b"}


@dataclass(slots=True)
class Token:
    kind: str  # 'word', 'redir', 'newline', 'eof', or the operator itself: ; ;; & && | || ( )
    text: str = ""  # operator text; for words, the literal text when the word is unquoted
    word: Word | None = None
    fd: int | None = None  # the explicit fd of a redirection (`2>`)
    quoted: bool = False  # any part of the word was quoted
    line: int = 0


@dataclass(slots=True)
class PendingHeredoc:
    redir: Redir
    strip_tabs: bool
    expand: bool


class Lexer:
    def __init__(self, src: str, line: int = 1, parser_class=None):
        self.src = src
        self.pos = 0
        self.line = line
        self.heredocs: list[PendingHeredoc] = []
        # Set when the lexer looked past the last character: a script read from a stream may
        # then continue in input not read yet (a quote or here-document left open).
        self.reached_end = False
        self.parser_class = parser_class  # parser.Parser (which imports this module)

    # ------------------------------------------------------------ characters
    def _skip_continuations(self) -> None:
        src, pos = self.src, self.pos
        while src.startswith("\\\n", pos):
            pos += 2
            self.line += 1
        self.pos = pos

    def peek(self) -> str:
        """The next character, after removing any backslash-newline before it."""
        self._skip_continuations()
        if self.pos < len(self.src):
            return self.src[self.pos]
        self.reached_end = True
        return EOF

    def _raw_peek(self) -> str:
        if self.pos < len(self.src):
            return self.src[self.pos]
        self.reached_end = True
        return EOF

    def _take(self) -> str:
        c = self.src[self.pos]
        self.pos += 1
        if c == "\n":
            self.line += 1
        return c

    def at_eof(self) -> bool:
        return self.peek() == EOF

    # ------------------------------------------------------------ tokens
    def token(self) -> Token:
        while True:
            c = self.peek()
            if c in (" ", "\t"):
                self.pos += 1
            elif c == "#":
                end = self.src.find("\n", self.pos)
                self.pos = len(self.src) if end < 0 else end
            else:
                break
        line = self.line
        if c == EOF:
            return Token("eof", line=line)
        if c == "\n":
            self._take()
            self.read_heredocs()
            return Token("newline", line=line)
        if c in "&|;":
            self.pos += 1
            nxt = self.peek()
            if nxt == c:
                self.pos += 1
                return Token(c + c, c + c, line=line)
            if c == "&" and nxt == ">":
                self.pos += 1
                return Token("redir", "&>", line=line)
            return Token(c, c, line=line)
        if c in "()":
            self.pos += 1
            return Token(c, c, line=line)
        if c in "<>":
            return Token("redir", self._redir_op(), line=line)
        word, quoted = self.read_word()
        if not quoted and self.peek() in ("<", ">"):
            text = word.literal
            if text is not None and text.isascii() and text.isdigit() and len(text) < 10:
                return Token("redir", self._redir_op(), fd=int(text), line=line)
        return Token("word", word.literal or "", word, quoted=quoted, line=line)

    def _redir_op(self) -> str:
        for op in REDIR_OPS:
            if self._match(op):
                return op
        raise AssertionError("not at a redirection")

    def _match(self, text: str) -> bool:
        """Consume `text` if it comes next (backslash-newlines between its characters allowed)."""
        save_pos, save_line = self.pos, self.line
        for ch in text:
            if self.peek() != ch:
                self.pos, self.line = save_pos, save_line
                return False
            self.pos += 1
        return True

    # ------------------------------------------------------------ words
    def read_word(self) -> tuple[Word, bool]:
        """A word in ordinary (unquoted) context, up to the next metacharacter."""
        parts: list = []
        lit: list[str] = []
        quoted = False
        while True:
            c = self.peek()
            if c == EOF or c in METACHARS:
                break
            if c in "\\'\"$`":
                if lit:
                    parts.append(Lit("".join(lit)))
                    lit = []
                part = self._special(c, in_dq=False)
                if part is None:
                    lit.append("$")
                    continue
                quoted = quoted or type(part) in (Quoted, DblQuoted)
                parts.append(part)
            else:
                lit.append(c)
                self.pos += 1
        if lit:
            parts.append(Lit("".join(lit)))
        return Word(_merge_lits(parts)), quoted

    def read_heredoc_delimiter(self) -> tuple[str, bool] | None:
        """The delimiter after `<<`: the word with quotes removed, and whether any part was quoted.

        `$` and backquotes are not special here (`<<$EOF` ends at a line `$EOF`)."""
        while self.peek() in (" ", "\t"):
            self.pos += 1
        text: list[str] = []
        quoted = False
        while True:
            c = self.peek()
            if c == EOF or c in METACHARS:
                break
            if c == "\\":
                self.pos += 1
                quoted = True
                if self._raw_peek() != EOF:
                    text.append(self._take())
            elif c in "'\"":
                quoted = True
                self.pos += 1
                end = self.src.find(c, self.pos)
                if end < 0:
                    self.reached_end = True
                    raise ParseError("unterminated quoted string", self.line)
                chunk = self.src[self.pos:end]
                self.line += chunk.count("\n")
                text.append(chunk)
                self.pos = end + 1
            else:
                text.append(c)
                self.pos += 1
        if not text and not quoted:
            return None
        return "".join(text), quoted

    def _special(self, c: str, in_dq: bool):
        """A part starting with one of \\ ' " $ ` (None for a `$` that is just a character)."""
        if c == "\\":
            self.pos += 1
            nxt = self._raw_peek()
            if nxt == EOF:
                return Quoted("\\")
            if in_dq and nxt not in DQ_ESCAPABLE:
                return Lit("\\")
            return Quoted(self._take())
        if c == "'":
            return Quoted(self._single_quoted())
        if c == '"':
            self.pos += 1
            return DblQuoted(self._dq_parts('"'))
        if c == "`":
            return self._backquote(in_dq)
        return self._dollar(in_dq)

    def _single_quoted(self) -> str:
        self.pos += 1
        end = self.src.find("'", self.pos)
        if end < 0:
            self.reached_end = True
            raise ParseError("unterminated quoted string", self.line)
        text = self.src[self.pos:end]
        self.line += text.count("\n")
        self.pos = end + 1
        return text

    def _dq_parts(self, close: str, prompt: bool = False) -> list:
        """Parts inside "..." (close='"') or an unquoted here-document body (close=EOF)."""
        escapable = DQ_ESCAPABLE if close else HEREDOC_ESCAPABLE
        if prompt:
            escapable = escapable - {"$"}
        parts: list = []
        lit: list[str] = []
        while True:
            c = self.peek()
            if c == close:
                if c == EOF:
                    break
                self.pos += 1
                break
            if c == EOF:
                raise ParseError("unterminated quoted string", self.line)
            if c == "\\":
                self.pos += 1
                nxt = self._raw_peek()
                if nxt != EOF and nxt in escapable:
                    lit.append(self._take())
                else:
                    lit.append("\\")
                continue
            if c in "$`":
                part = self._backquote(True) if c == "`" else self._dollar(True)
                if part is None:
                    lit.append("$")
                    continue
                if lit:
                    parts.append(Lit("".join(lit)))
                    lit = []
                parts.append(part)
                continue
            lit.append(self._take())
        if lit:
            parts.append(Lit("".join(lit)))
        return parts

    # ------------------------------------------------------------ substitutions
    def _backquote(self, in_dq: bool) -> CmdSubst:
        """`...`: backslash quotes only \\ ` $ (and " inside double quotes); the rest is a program."""
        self.pos += 1
        start_line = self.line
        text: list[str] = []
        while True:
            c = self.peek()
            if c == EOF:
                raise ParseError("EOF in backquote substitution", self.line)
            self._take()
            if c == "`":
                break
            if c == "\\":
                nxt = self._raw_peek()
                if nxt in ("\\", "`", "$") or (in_dq and nxt == '"'):
                    text.append(self._take())
                    continue
            text.append(c)
        return CmdSubst(self.parser_class("".join(text), start_line).parse_program())

    def _dollar(self, in_dq: bool):
        self.pos += 1
        c = self.peek()
        if c == "(":
            self.pos += 1
            if self.peek() == "(":
                self.pos += 1
                return Arith(self._arith_word())
            saved = self.heredocs
            self.heredocs = []
            body = self.parser_class("", lexer=self).substitution()
            self.heredocs = saved
            return CmdSubst(body)
        if c == "{":
            self.pos += 1
            return self._braced_param(in_dq)
        if c != EOF and c in NAME_START:
            start = self.pos
            while self.peek() in NAME_CHARS and self.peek() != EOF:
                self.pos += 1
            return Param(self.src[start:self.pos])
        if c != EOF and c in SPECIAL_PARAMS:
            self.pos += 1
            return Param(c)
        if c == "'" and not in_dq:
            return Quoted(self._dollar_single_quoted())
        return None

    def _dollar_single_quoted(self) -> str:
        """$'...' with C escapes (\\n \\t \\xHH \\ooo ...), as ash's bash-compatible mode has it."""
        self.pos += 1
        out: list[str] = []
        src = self.src
        while True:
            if self.pos >= len(src):
                self.reached_end = True
                raise ParseError("unterminated quoted string", self.line)
            c = self._take()
            if c == "'":
                return "".join(out)
            if c != "\\" or self.pos >= len(src):
                out.append(c)
                continue
            c = self._take()
            if c in DOLLAR_SQUOTE_ESCAPES:
                out.append(DOLLAR_SQUOTE_ESCAPES[c])
            elif c in "01234567":
                digits = c
                while len(digits) < 3 and self._raw_peek() in tuple("01234567"):
                    digits += self._take()
                code = int(digits, 8) & 0xFF
                if code:
                    out.append(byte(code))
            elif c == "x" and self._raw_peek() and self._raw_peek() in "0123456789abcdefABCDEF":
                digits = ""
                while len(digits) < 2 and self._raw_peek() and self._raw_peek() in "0123456789abcdefABCDEF":
                    digits += self._take()
                code = int(digits, 16)
                if code:
                    out.append(byte(code))
            elif c in "'\"":
                out.append(c)
            else:
                out.append("\\" + c)

    def _arith_word(self) -> Word:
        """The text of $((...)) up to the matching '))', with its expansions parsed."""
        parts: list = []
        lit: list[str] = []
        depth = 0
        while True:
            c = self.peek()
            if c == EOF:
                raise ParseError("missing '))'", self.line)
            if c == ")":
                self.pos += 1
                if depth == 0:
                    if self.peek() == ")":
                        self.pos += 1
                        break
                    lit.append(")")
                    continue
                depth -= 1
                lit.append(")")
                continue
            if c == "(":
                depth += 1
            if c in "\\$`\"'":
                part = self._special(c, in_dq=True) if c != "'" else Lit(self._take())
                if part is None:
                    lit.append("$")
                    continue
                if lit:
                    parts.append(Lit("".join(lit)))
                    lit = []
                parts.append(part)
                continue
            lit.append(self._take())
        if lit:
            parts.append(Lit("".join(lit)))
        return Word(_merge_lits(parts))

    def _braced_param(self, in_dq: bool):
        """${...}: the name, then an operator and its argument words, up to the matching '}'."""
        start = self.pos - 2
        c = self.peek()
        length = False
        if c == "#":
            # ${#} is $#; ${#name} and ${#@} are lengths; ${#-word} is $# with a default
            self.pos += 1
            nxt = self.peek()
            if nxt != EOF and (nxt in NAME_CHARS):
                length = True
            elif nxt != EOF and nxt in SPECIAL_PARAMS and self.src.startswith("}", self.pos + 1):
                length = True
            else:
                self.pos -= 1
        name = self._param_name()
        if name is None:
            return self._bad_subst(start)
        if length:
            if self.peek() != "}":
                return self._bad_subst(start)
            self.pos += 1
            return Param(name, "#len")
        c = self.peek()
        if c == "}":
            self.pos += 1
            return Param(name)
        if c == ":":
            self.pos += 1
            nxt = self.peek()
            if nxt in ("-", "=", "?", "+") and nxt != EOF:
                self.pos += 1
                return Param(name, ":" + nxt, self._param_arg(in_dq, "}"))
            arg = self._param_arg(True, "}")
            return Param(name, ":", arg)
        if c in ("-", "=", "?", "+") and c != EOF:
            self.pos += 1
            return Param(name, c, self._param_arg(in_dq, "}"))
        if c in ("#", "%") and c != EOF:
            self.pos += 1
            op = c
            if self.peek() == c:
                self.pos += 1
                op += c
            return Param(name, op, self._param_arg(False, "}"))
        if c == "/":
            self.pos += 1
            op = "/"
            if self.peek() == "/":
                self.pos += 1
                op = "//"
            pattern = self._param_arg(False, "}/", keep_close=True)
            repl = None
            if self.peek() == "/":
                self.pos += 1
                repl = self._param_arg(False, "}")
            else:
                self.pos += 1  # the '}'
            return Param(name, op, pattern, repl)
        return self._bad_subst(start)

    def _param_name(self) -> str | None:
        c = self.peek()
        if c == EOF:
            return None
        start = self.pos
        if c in NAME_START:
            while self.peek() != EOF and self.peek() in NAME_CHARS:
                self.pos += 1
        elif c.isdecimal():
            while self.peek() != EOF and self.peek().isdecimal():
                self.pos += 1
        elif c in SPECIAL_PARAMS:
            self.pos += 1
        else:
            return None
        return self.src[start:self.pos]

    def _bad_subst(self, start: int) -> BadSubst:
        """Skip to the closing '}' of a malformed ${...}; ash complains only if it is expanded."""
        self._param_arg(False, "}")
        return BadSubst(self.src[start:self.pos])

    def _param_arg(self, dq: bool, close: str, keep_close: bool = False) -> Word:
        """The word after a ${name<op>, up to '}' (or '/'), which is consumed unless keep_close.

        In double-quote mode (a `${x:-...}` inside "...") single quotes are plain characters and
        the text is quoted; otherwise quotes work as in any word, and blanks are characters."""
        parts: list = []
        lit: list[str] = []
        while True:
            c = self.peek()
            if c == EOF:
                raise ParseError("missing '}'", self.line)
            if c in close:
                if not keep_close:
                    self.pos += 1
                break
            if c in "\\'\"$`" and not (dq and c == "'"):
                if dq and c == "\\":
                    self.pos += 1
                    nxt = self._raw_peek()
                    if nxt != EOF and (nxt in DQ_ESCAPABLE or nxt == "}"):
                        part = Quoted(self._take())
                    else:
                        part = Quoted("\\")
                elif dq and c == '"':
                    self.pos += 1
                    part = DblQuoted(self._dq_parts('"'))
                else:
                    part = self._special(c, in_dq=dq)
                if part is None:
                    lit.append("$")
                    continue
                if lit:
                    parts.append(Lit("".join(lit)))
                    lit = []
                parts.append(part)
                continue
            lit.append(self._take())
        if lit:
            parts.append(Quoted("".join(lit)) if dq else Lit("".join(lit)))
        if dq:
            parts = [Quoted(p.text) if type(p) is Lit else p for p in parts]
        return Word(_merge_lits(parts))

    # ------------------------------------------------------------ here-documents
    def text_parts(self, prompt: bool = False) -> list:
        """All the source as the parts of an unquoted here-document: $ and ` expand, and a
        backslash quotes only $ ` \\ and newline (also how PS1 and PS4 are expanded; in a
        prompt, `\\$` is kept for the line editor)."""
        return _merge_lits(self._dq_parts(EOF, prompt))

    def read_heredocs(self) -> None:
        """Read the bodies of the here-documents whose command line just ended."""
        pending, self.heredocs = self.heredocs, []
        for doc in pending:
            delim = doc.redir.target.parts[0].text if doc.redir.target.parts else ""
            body_line = self.line
            lines: list[str] = []
            found = False
            while self.pos < len(self.src):
                end = self.src.find("\n", self.pos)
                if end < 0:
                    raw, self.pos = self.src[self.pos:], len(self.src)
                    newline = ""
                else:
                    raw, self.pos = self.src[self.pos:end], end + 1
                    newline = "\n"
                    self.line += 1
                if doc.strip_tabs:
                    raw = raw.lstrip("\t")
                if raw == delim:
                    found = True
                    break
                lines.append(raw + newline)
            if not found:
                self.reached_end = True
            text = "".join(lines)
            if doc.expand:
                doc.redir.body = Word(Lexer(text, body_line, self.parser_class).text_parts())
            else:
                doc.redir.body = Word([Quoted(text)])


def _merge_lits(parts: list) -> list:
    """Join neighbouring Lit parts (a word is usually one Lit: the fast path in the expander)."""
    if len(parts) < 2:
        return parts
    out: list = []
    for p in parts:
        if out and type(p) is Lit and type(out[-1]) is Lit:
            out[-1] = Lit(out[-1].text + p.text)
        else:
            out.append(p)
    return out
