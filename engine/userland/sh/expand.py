"""Word expansion: tilde, parameters, command substitution, arithmetic, field splitting, globbing.

Expansion first turns a word into *segments* `(text, quoted, splittable)`: quoted text is kept
whole and matches itself in patterns; splittable text (the unquoted result of an expansion) is
cut into fields on $IFS. `"$@"` yields one field per parameter, marked by FIELD_BREAK between
them. Then each field is globbed against the container's filesystem unless it has no unquoted
pattern characters (or `set -f`). What the expander needs from the shell — variables, positional
parameters, options, running a command substitution — it asks through the `Shell` it is given.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import arith, pattern
from .ast import Arith, BadSubst, CmdSubst, DblQuoted, Lit, Param, Quoted, Word
from .errors import ShellError
from .globbing import glob
from .lexer import Lexer
from .parser import Parser

if TYPE_CHECKING:
    from .interp import Shell

FIELD_BREAK = None  # between the fields of "$@"
DEFAULT_IFS = " \t\n"
NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")


class Expander:
    def __init__(self, shell: "Shell"):
        self.sh = shell

    # ------------------------------------------------------------ entry points
    def fields(self, words: list[Word]) -> list[str]:
        """Command arguments and `for` lists: every expansion, splitting and globbing."""
        out: list[str] = []
        for word in words:
            parts = word.parts
            if len(parts) == 1:  # fast paths: a plain word, a plain $name
                part = parts[0]
                kind = type(part)
                if kind is Lit and not (pattern.could_match_more(part.text) or part.text.startswith("~")):
                    out.append(part.text)
                    continue
                if kind is Param and not part.op and part.name not in ("@", "*"):
                    value = self.sh.lookup(part.name)
                    if value is None:
                        self._check_set(part.name)
                        continue
                    if value and not self._splits_or_globs(value):
                        out.append(value)
                        continue
            segments = self._word_segments(word, assignment=False)
            for field in self._split(segments):
                out.extend(self._glob(field))
        return out

    def string(self, word: Word, assignment: bool = False) -> str:
        """One string, no splitting or globbing: assignments, here-documents, `case` words."""
        parts = word.parts
        if len(parts) == 1:
            part = parts[0]
            if type(part) is Quoted or (type(part) is Lit and "~" not in part.text):
                return part.text
        segments = self._word_segments(word, assignment=assignment)
        return "".join(" " if s is FIELD_BREAK else s[0] for s in segments)

    def redirect_target(self, word: Word) -> str:
        """A redirection's file name: one field; a glob matching exactly one file is used."""
        segments = self._word_segments(word, assignment=False)
        pieces = tuple((s[0], s[1]) for s in segments if s is not FIELD_BREAK)
        if "f" not in self.sh.options and pattern.has_magic(pieces):
            found = glob(self.sh.fs, self.sh.cwd, pieces)
            if len(found) == 1:
                return found[0]
        return "".join(text for text, _ in pieces)

    def prompt_string(self, text: str, prompt: bool = False) -> str:
        """PS1, PS2, PS4: expanded like the body of an unquoted here-document (for a prompt,
        `\\$` stays for the line editor, which turns it into # or $)."""
        if not any(c in text for c in "$`\\"):
            return text
        try:
            parts = Lexer(text, self.sh.lineno, Parser).text_parts(prompt)
            return self.string(Word(parts))
        except ShellError:
            return text

    def pattern(self, word: Word) -> tuple[tuple[str, bool], ...]:
        """A pattern (case arms, ${x#p}): expanded, quoted parts kept literal, not split."""
        segments = self._word_segments(word, assignment=False)
        return tuple((" ", True) if s is FIELD_BREAK else (s[0], s[1]) for s in segments)

    # ------------------------------------------------------------ segments
    def _word_segments(self, word: Word, assignment: bool) -> list:
        out: list = []
        parts = word.parts
        if assignment or (parts and type(parts[0]) is Lit and parts[0].text.startswith("~")):
            parts = self._tilde(parts, assignment)
        self._parts(parts, out, dq=False, split_literals=False)
        return out

    def _parts(self, parts: list, out: list, dq: bool, split_literals: bool) -> None:
        for part in parts:
            kind = type(part)
            if kind is Lit:
                out.append((part.text, dq, split_literals and not dq))
            elif kind is Quoted:
                out.append((part.text, True, False))
            elif kind is DblQuoted:
                inner = part.parts
                if len(inner) == 1 and type(inner[0]) is Param and inner[0].name == "@" and inner[0].op == "" \
                        and not self.sh.params:
                    continue  # "$@" with no parameters is no field at all
                out.append(("", True, False))
                self._parts(inner, out, dq=True, split_literals=False)
            elif kind is Param:
                self._param(part, out, dq)
            elif kind is CmdSubst:
                text = self.sh.substitute(part.body).rstrip("\n")
                out.append((text, dq, not dq))
            elif kind is Arith:
                out.append((str(self.arithmetic(self.string(part.expr))), dq, not dq))
            elif kind is BadSubst:
                raise ShellError("syntax error: bad substitution")

    # ------------------------------------------------------------ tilde
    def _tilde(self, parts: list, assignment: bool) -> list:
        """~ and ~user at the start of a word, and in an assignment also after each ':'.

        The prefix runs to the first '/' (or ':' in an assignment); when it runs on into quoted
        text or an expansion (`~"root"`, `~$u`) it is left alone, as is an unknown user."""
        first = parts[0] if parts else None
        if type(first) is not Lit or "~" not in first.text:
            return parts
        text = first.text
        starts = [0] + ([i + 1 for i, c in enumerate(text) if c == ":"] if assignment else [])
        pieces: list = []
        pos = 0
        for start in starts:
            if start < pos or not text.startswith("~", start):
                continue
            stops = [i for i in (text.find("/", start), text.find(":", start) if assignment else -1) if i >= 0]
            if not stops and len(parts) > 1:
                continue
            stop = min(stops) if stops else len(text)
            home = self.sh.home_of(text[start + 1:stop])
            if home is None:
                continue
            pieces += [Lit(text[pos:start]), Quoted(home)]
            pos = stop
        if not pieces:
            return parts
        return pieces + [Lit(text[pos:])] + parts[1:]

    # ------------------------------------------------------------ parameters
    def _param(self, p: Param, out: list, dq: bool) -> None:
        name, op = p.name, p.op
        if op == "":
            if name in ("@", "*"):
                self._positional(name, out, dq)
                return
            value = self.sh.lookup(name)
            if value is None:
                self._check_set(name)
                value = ""
            out.append((value, dq, not dq))
            return
        if op == "#len":
            if name in ("@", "*"):
                value = " ".join(self.sh.params)
            else:
                value = self.sh.lookup(name)
                if value is None:
                    self._check_set(name)
                    value = ""
            out.append((str(len(value)), dq, not dq))
            return
        value = self._value(name)
        is_set = value is not None and (value != "" or not op.startswith(":"))
        bare = op.lstrip(":")
        if bare == "-":
            if is_set:
                self._value_segments(name, value, out, dq)
            else:
                self._parts(self._tilde(p.arg.parts, False), out, dq, split_literals=not dq)
        elif bare == "+":
            if is_set:
                self._parts(self._tilde(p.arg.parts, False), out, dq, split_literals=not dq)
        elif bare == "=":
            if not is_set:
                if not name[0] in NAME_START:
                    raise ShellError(f"{name}: bad variable name")
                value = self.string(p.arg)
                self.sh.set_var(name, value)
            out.append((value, dq, not dq))
        elif bare == "?":
            if not is_set:
                message = self.string(p.arg) if p.arg.parts else (
                    "parameter not set or null" if op.startswith(":") else "parameter not set")
                raise ShellError(f"{name}: {message}")
            self._value_segments(name, value, out, dq)
        elif op in ("#", "##", "%", "%%"):
            if value is None:
                self._check_set(name)
                value = ""
            out.append((pattern.trim(value, self.pattern(p.arg), op), dq, not dq))
        elif op in ("/", "//"):
            if value is None:
                self._check_set(name)
                value = ""
            pat = self.pattern(p.arg)
            repl = self.string(p.repl) if p.repl is not None else ""
            result = pattern.replace(value, pat, repl, every=op == "//") if any(t for t, _ in pat) else value
            out.append((result, dq, not dq))
        elif op == ":":
            if value is None:
                self._check_set(name)
                value = ""
            out.append((self._substring(value, self.string(p.arg)), dq, not dq))
        else:
            raise ShellError("syntax error: bad substitution")

    def _value(self, name: str) -> str | None:
        if name in ("@", "*"):
            return " ".join(self.sh.params) if self.sh.params else None
        return self.sh.lookup(name)

    def _value_segments(self, name: str, value: str, out: list, dq: bool) -> None:
        if name in ("@", "*"):
            self._positional(name, out, dq)
        else:
            out.append((value, dq, not dq))

    def _check_set(self, name: str) -> None:
        if "u" in self.sh.options and name not in ("@", "*"):
            raise ShellError(f"{name}: parameter not set")

    def _positional(self, name: str, out: list, dq: bool) -> None:
        params = self.sh.params
        if dq and name == "*":
            ifs = self.sh.lookup("IFS")
            sep = " " if ifs is None else ifs[:1]
            out.append((sep.join(params), True, False))
            return
        for i, value in enumerate(params):
            if i:
                out.append(FIELD_BREAK)
            out.append((value, dq, not dq))

    def _substring(self, value: str, spec: str) -> str:
        """${x:offset[:length]}: both are arithmetic; negatives count from the end."""
        offset_text, colon, length_text = spec.partition(":")
        offset = self.arithmetic(offset_text)
        n = len(value)
        if offset < 0:
            offset = max(n + offset, 0) if -offset <= n else n
        offset = min(offset, n)
        if not colon:
            return value[offset:]
        length = self.arithmetic(length_text)
        end = offset + length if length >= 0 else n + length
        return value[offset:max(end, offset)]

    def arithmetic(self, text: str) -> int:
        try:
            return arith.evaluate(text, self.sh.lookup, self.sh.set_var)
        except arith.ArithError as e:
            raise ShellError(str(e)) from None

    def _splits_or_globs(self, value: str) -> bool:
        ifs = self.sh.lookup("IFS")
        ifs = DEFAULT_IFS if ifs is None else ifs
        return any(c in ifs for c in value) or ("f" not in self.sh.options and pattern.could_match_more(value))

    # ------------------------------------------------------------ field splitting
    def _split(self, segments: list) -> list[tuple[tuple[str, bool], ...]]:
        ifs = self.sh.lookup("IFS")
        if ifs is None:
            ifs = DEFAULT_IFS
        ifs_white = "".join(c for c in ifs if c in " \t\n")
        fields: list[tuple[tuple[str, bool], ...]] = []
        cur: list[tuple[str, bool]] = []
        has = False  # the current field exists (it has text, or a quoted part, even empty)
        ended_by_white = False

        def emit():
            fields.append(tuple(cur))

        for seg in segments:
            if seg is FIELD_BREAK:
                if has:
                    emit()
                cur, has, ended_by_white = [], False, False
                continue
            text, quoted, splittable = seg
            if not splittable or not ifs or not any(c in ifs for c in text):
                if text or quoted:
                    cur.append((text, quoted))
                    has = True
                    ended_by_white = False
                continue
            start = 0
            for i, c in enumerate(text):
                if c not in ifs:
                    continue
                if i > start:
                    cur.append((text[start:i], False))
                    has = True
                    ended_by_white = False
                start = i + 1
                if c in ifs_white:
                    if has:
                        emit()
                        cur, has, ended_by_white = [], False, True
                else:
                    if has or not ended_by_white:
                        emit()
                    cur, has, ended_by_white = [], False, False
            if start < len(text):
                cur.append((text[start:], False))
                has = True
                ended_by_white = False
        if has:
            emit()
        return fields

    def _glob(self, field: tuple[tuple[str, bool], ...]) -> list[str]:
        if "f" not in self.sh.options and pattern.has_magic(field):
            found = glob(self.sh.fs, self.sh.cwd, field)
            if found:
                return found
        return ["".join(text for text, _ in field)]
