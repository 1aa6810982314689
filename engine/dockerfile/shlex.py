"""Dockerfile word expansion: quotes, the escape token and `$VAR` / `${VAR...}` substitution.

A self-contained port of the semantics of BuildKit's `frontend/dockerfile/shell/lex.go` (no shell is
run: nothing here knows about the builder). Two dialects:

* **classic** (the default) is the lexer Docker 20.10 vendored (BuildKit v0.8), which the classic
  builder uses. It knows `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR:+word}`, `${VAR:?message}` and
  `${VAR?message}`; anything else inside `${...}` is an error: `${VAR-x}`, `${VAR+x}`, `${VAR#p}`,
  `${VAR%p}` and `${VAR/p/r}` give "missing ':' in substitution", and `${VAR:#p}`-like forms give
  "unsupported modifier (#) in substitution".
* **buildkit** is today's BuildKit lexer: it adds `${VAR-x}`, `${VAR+x}` (unset only),
  `${VAR#p}`, `${VAR##p}`, `${VAR%p}`, `${VAR%%p}`, `${VAR/p/r}`, `${VAR//p/r}` and keeps `<<WORD`
  (heredoc markers) in one piece. The Dockerfile parser uses it to find heredocs.

In the classic builder the instructions whose arguments are expanded are ENV, LABEL, ADD, COPY
(sources, destination and --chown; not --from or --chmod), WORKDIR, USER, VOLUME, STOPSIGNAL, ARG,
EXPOSE (split into words with `process_words`) and FROM (its image name, with the ARGs declared
before the first FROM only, and --platform). RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK, MAINTAINER
and ONBUILD are never expanded by the builder.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from dockyard.engine.dockerfile.gocompat import is_space, quote
from dockyard.engine.errors import InvalidParameter

__all__ = ["ExpansionError", "Lex", "process_word", "process_words"]

_SPECIAL_PARAMETERS = frozenset("@*#?-$!0")


class ExpansionError(InvalidParameter):
    """A word could not be expanded; the message is Docker's (`failed to process "...": ...`)."""


class _LexError(Exception):
    """Raised inside the lexer; `Lex` adds the `failed to process` prefix Docker puts on it."""


class Lex:
    """Expands words with a given escape token (`\\` or `` ` ``) and dialect.

    `raw_quotes` keeps quote characters in the result, `raw_escapes` keeps escape tokens and
    `skip_unset_env` leaves references to unset variables as written; the parser uses them to find
    heredoc delimiters without expanding anything.
    """

    def __init__(
        self,
        escape_token: str = "\\",
        *,
        buildkit: bool = False,
        raw_quotes: bool = False,
        raw_escapes: bool = False,
        skip_unset_env: bool = False,
    ):
        self.escape_token = escape_token
        self.buildkit = buildkit
        self.raw_quotes = raw_quotes
        self.raw_escapes = raw_escapes
        self.skip_unset_env = skip_unset_env

    def process_word(self, word: str, env: Mapping[str, str]) -> str:
        """The expanded word, spaces kept."""
        return self._process(word, env)[0]

    def process_words(self, word: str, env: Mapping[str, str]) -> list[str]:
        """The expanded word split on unquoted whitespace (whitespace coming from a variable splits too)."""
        return self._process(word, env)[1]

    def _process(self, word: str, env: Mapping[str, str]) -> tuple[str, list[str]]:
        try:
            return _ShellWord(self, word, env).process_stop_on(None, self.raw_escapes)
        except _LexError as error:
            raise ExpansionError(f"failed to process {quote(word)}: {error}") from None


def process_word(word: str, env: Mapping[str, str], escape_token: str = "\\") -> str:
    """Expand `word` as Docker 20.10's classic builder does."""
    return Lex(escape_token).process_word(word, env)


def process_words(word: str, env: Mapping[str, str], escape_token: str = "\\") -> list[str]:
    """Expand and split `word` as Docker 20.10's classic builder does for EXPOSE."""
    return Lex(escape_token).process_words(word, env)


class _Words:
    """Collects the whitespace-separated words of an expansion (lex.go's wordsStruct).

    Quoted text is added raw, so `"a b"` stays one word; an empty quoted string alone makes no word.
    """

    def __init__(self):
        self.words: list[str] = []
        self.current = ""

    def add_char(self, ch: str) -> None:
        if not is_space(ch):
            self.current += ch
        elif self.current:
            self.words.append(self.current)
            self.current = ""

    def add_raw_char(self, ch: str) -> None:
        self.current += ch

    def add_string(self, text: str) -> None:
        for ch in text:
            self.add_char(ch)

    def add_raw_string(self, text: str) -> None:
        self.current += text

    def finish(self) -> list[str]:
        if self.current:
            self.words.append(self.current)
            self.current = ""
        return self.words


class _ShellWord:
    """One expansion in progress: a cursor over the word plus the lexer's settings."""

    def __init__(self, lex: Lex, word: str, env: Mapping[str, str]):
        self.lex = lex
        self.env = env
        self.escape = lex.escape_token
        self.raw_escapes = lex.raw_escapes
        # Go's text/scanner skips a byte-order mark at the very start.
        self.text = word[1:] if word.startswith("\ufeff") else word
        self.pos = 0
        self.special: dict[str, Callable[[], str]] = {
            "'": self.process_single_quote,
            '"': self.process_double_quote,
            "$": self.process_dollar,
        }
        if lex.buildkit:
            self.special["<"] = self.process_possible_heredoc

    # -- cursor -----------------------------------------------------------------------------

    def peek(self) -> str | None:
        return self.text[self.pos] if self.pos < len(self.text) else None

    def next(self) -> str | None:
        ch = self.peek()
        if ch is not None:
            self.pos += 1
        return ch

    # -- words and quotes -------------------------------------------------------------------

    def process_stop_on(self, stop: str | None, raw_escapes: bool) -> tuple[str, list[str]]:
        """Read up to `stop` (consumed) or the end of the word; return (text, words)."""
        saved_raw_escapes, self.raw_escapes = self.raw_escapes, raw_escapes
        try:
            return self._process_stop_on(stop)
        finally:
            self.raw_escapes = saved_raw_escapes

    def _process_stop_on(self, stop: str | None) -> tuple[str, list[str]]:
        result: list[str] = []
        words = _Words()
        while (ch := self.peek()) is not None:
            if stop is not None and ch == stop:
                self.next()
                return "".join(result), words.finish()
            handler = self.special.get(ch)
            if handler is not None:
                text = handler()
                result.append(text)
                if ch == "$":
                    words.add_string(text)
                else:
                    words.add_raw_string(text)
                continue
            self.next()
            if ch == self.escape:
                if self.raw_escapes:
                    words.add_raw_char(ch)
                    result.append(ch)
                ch = self.next()
                if ch is None:  # an escape token at the very end is dropped
                    break
                words.add_raw_char(ch)
            else:
                words.add_char(ch)
            result.append(ch)
        if stop is not None:
            raise _LexError(f"unexpected end of statement while looking for matching {stop}")
        return "".join(result), words.finish()

    def process_single_quote(self) -> str:
        """Everything up to the next `'` is literal; nothing can be escaped."""
        result = []
        opening = self.next()
        if self.lex.raw_quotes:
            result.append(opening)
        while True:
            ch = self.next()
            if ch is None:
                raise _LexError("unexpected end of statement while looking for matching single-quote")
            if ch == "'":
                if self.lex.raw_quotes:
                    result.append(ch)
                return "".join(result)
            result.append(ch)

    def process_double_quote(self) -> str:
        """Literal up to the next `"`, except `$` expansions and escaped `"`, `$` or escape token."""
        result = []
        opening = self.next()
        if self.lex.raw_quotes:
            result.append(opening)
        while True:
            ch = self.peek()
            if ch is None:
                raise _LexError("unexpected end of statement while looking for matching double-quote")
            if ch == '"':
                self.next()
                if self.lex.raw_quotes:
                    result.append(ch)
                return "".join(result)
            if ch == "$":
                result.append(self.process_dollar())
                continue
            self.next()
            if ch == self.escape:
                if self.raw_escapes:
                    result.append(ch)
                following = self.peek()
                if following is None:
                    continue  # dropped; the missing closing quote is reported next
                if following in ('"', "$", self.escape):
                    ch = self.next()
            result.append(ch)

    def process_possible_heredoc(self) -> str:
        """BuildKit: `<<` and the blanks after it stay glued to the delimiter word."""
        self.next()
        if self.peek() != "<":
            return "<"
        self.next()
        spaces = []
        while (ch := self.peek()) is not None and ch in "\t\r ":
            spaces.append(ch)
            self.next()
        return "<<" + "".join(spaces)

    # -- parameters -------------------------------------------------------------------------

    def process_name(self) -> str:
        """A variable name: digits (positional), one special character, or letters/digits/_."""
        name = []
        while (ch := self.peek()) is not None:
            if not name and ch.isdecimal():
                while (ch := self.peek()) is not None and ch.isdecimal():
                    name.append(self.next())
                return "".join(name)
            if not name and ch in _SPECIAL_PARAMETERS:
                return self.next()
            if not (ch.isalpha() or ch.isdecimal() or ch == "_"):
                break
            name.append(self.next())
        return "".join(name)

    def lookup(self, name: str) -> tuple[str, bool]:
        if name in self.env:
            return self.env[name], True
        return "", False

    def process_dollar(self) -> str:
        self.next()
        if self.peek() != "{":
            name = self.process_name()
            if not name:
                return "$"
            value, found = self.lookup(name)
            if not found and self.lex.skip_unset_env:
                return "$" + name
            return value
        self.next()
        ch = self.peek()
        if ch is None:
            raise _LexError("syntax error: missing '}'")
        if ch in "{}:":
            raise _LexError("syntax error: bad substitution")
        name = self.process_name()
        operator = self.next()
        if operator == "}":
            value, found = self.lookup(name)
            if not found and self.lex.skip_unset_env:
                return "${" + name + "}"
            return value
        if self.lex.buildkit:
            return self._buildkit_modifier(name, operator)
        return self._classic_modifier(name, operator)

    def _word_until_brace(self, raw_escapes: bool = False) -> str:
        try:
            return self.process_stop_on("}", raw_escapes)[0]
        except _LexError:
            if self.peek() is None:
                raise _LexError("syntax error: missing '}'") from None
            raise

    def _classic_modifier(self, name: str, operator: str | None) -> str:
        """Docker 20.10: `?`, `:-`, `:+`, `:?` and nothing else."""
        if operator == "?":
            word = self._word_until_brace()
            value, found = self.lookup(name)
            if not found:
                if self.lex.skip_unset_env:
                    return "${" + name + "?" + word + "}"
                raise _LexError(f"{name}: {word or 'is not allowed to be unset'}")
            return value
        if operator != ":":
            raise _LexError("missing ':' in substitution")
        modifier = self.next()
        word = self._word_until_brace()
        value, found = self.lookup(name)
        if modifier in ("+", "-", "?") and not found and self.lex.skip_unset_env:
            return "${" + name + ":" + modifier + word + "}"
        if modifier == "+":
            return word if value else value
        if modifier == "-":
            return value if value else word
        if modifier == "?":
            if not found:
                raise _LexError(f"{name}: {word or 'is not allowed to be unset'}")
            if not value:
                raise _LexError(f"{name}: {word or 'is not allowed to be empty'}")
            return value
        raise _LexError(f"unsupported modifier ({modifier}) in substitution")

    def _buildkit_modifier(self, name: str, operator: str | None) -> str:
        """Today's BuildKit: POSIX `-`, `+`, `?` with or without `:`, `#`, `%` and `/`."""
        if operator == "/":
            return self._replace(name)
        null_is_unset = operator == ":"
        symbol = operator or "\ufffd"  # Go prints the end of input as U+FFFD
        if null_is_unset:
            operator = self.next()
            symbol += operator or "\ufffd"
        elif operator not in ("+", "-", "?", "#", "%"):
            raise _LexError(f"unsupported modifier ({symbol}) in substitution")
        is_pattern = operator in ("#", "%")
        if null_is_unset and is_pattern:
            raise _LexError(f"unsupported modifier ({symbol}) in substitution")
        word = self._word_until_brace(raw_escapes=is_pattern)
        value, found = self.lookup(name)
        if self.lex.skip_unset_env and not found:
            return "${" + name + symbol + word + "}"
        unset = not found or (null_is_unset and not value)
        if operator == "-":
            return word if unset else value
        if operator == "+":
            return "" if unset else word
        if operator == "?":
            if not found:
                raise _LexError(f"{name}: {word or 'is not allowed to be unset'}")
            if unset:
                raise _LexError(f"{name}: {word or 'is not allowed to be empty'}")
            return value
        if not is_pattern:  # `${VAR:=x}` and the like: read, then refused
            raise _LexError(f"unsupported modifier ({symbol}) in substitution")
        greedy = word.startswith(operator)
        if greedy:
            word = word[1:]
        if operator == "%":
            return _trim_suffix(word, value, greedy)
        return _trim_prefix(word, value, greedy)

    def _replace(self, name: str) -> str:
        """`${VAR/pattern/replacement}` (first match) and `${VAR//pattern/replacement}` (all)."""
        replace_all = self.peek() == "/"
        if replace_all:
            self.next()
        try:
            pattern = self.process_stop_on("/", True)[0]
        except _LexError:
            if self.peek() is None:
                raise _LexError("syntax error: missing '/' in ${}") from None
            raise
        replacement = self._word_until_brace(raw_escapes=True)
        value, found = self.lookup(name)
        if self.lex.skip_unset_env and not found:
            return "${" + name + "/" + pattern + "/" + replacement + "}"
        regex = _compile_pattern(pattern, greedy=True, anchored=False)
        if replace_all:
            return regex.sub(lambda match: _expand_template(replacement, match.group(0)), value)
        match = regex.search(value)
        if match is None:
            return value
        return value[: match.start()] + replacement + value[match.end():]


_REGEX_SPECIALS = frozenset("[]{}.+()|^$")


def _compile_pattern(pattern: str, *, greedy: bool, anchored: bool) -> re.Pattern[str]:
    """A shell wildcard (`*`, `?`, `\\` escapes; no brackets) as a regular expression."""
    out = ["^"] if anchored else []
    star = ".*" if greedy else ".*?"
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        i += 1
        if ch == "*":
            out.append(star)
        elif ch == "?":
            out.append(".")
        elif ch == "\\":
            following = pattern[i] if i < len(pattern) else None
            if following in ("}", "/"):  # escaped only to get past ${...} parsing
                continue
            i += 1
            if following not in ("*", "?", "\\"):
                raise _LexError(
                    f"invalid pattern ({pattern}) in substitution: invalid escape '\\{following or chr(0xFFFD)}'"
                )
            out.append("\\" + following)
        elif ch in _REGEX_SPECIALS:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return re.compile("".join(out))


def _trim_prefix(pattern: str, value: str, greedy: bool) -> str:
    match = _compile_pattern(pattern, greedy=greedy, anchored=True).search(value)
    return value[match.end():] if match else value


def _trim_suffix(pattern: str, value: str, greedy: bool) -> str:
    # Regular expressions find leftmost matches, so search the reversed value with the reversed pattern.
    return _trim_prefix(_reverse_pattern(pattern), value[::-1], greedy)[::-1]


def _reverse_pattern(pattern: str) -> str:
    """Reverse a pattern keeping each `\\x` escape in front of the character it escapes."""
    tokens = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i != len(pattern) - 1:
            tokens.append(pattern[i : i + 2])
            i += 2
        else:
            tokens.append(pattern[i])
            i += 1
    return "".join(reversed(tokens))


_TEMPLATE_NAME = re.compile(r"\{(\w+)\}|(\w+)")


def _expand_template(template: str, whole_match: str) -> str:
    """Go's Regexp.Expand for a pattern without groups: `$0` is the match, `$$` a dollar, other names empty."""
    out = []
    i = 0
    while (dollar := template.find("$", i)) >= 0:
        out.append(template[i:dollar])
        i = dollar + 1
        if template.startswith("$", i):
            out.append("$")
            i += 1
            continue
        reference = _TEMPLATE_NAME.match(template, i)
        if reference is None:
            out.append("$")
            continue
        name = reference.group(1) or reference.group(2)
        i = reference.end()
        if name == "0":
            out.append(whole_match)
    out.append(template[i:])
    return "".join(out)
