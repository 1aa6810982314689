"""How a cell's text divides into lines and words: the quoting rules of a POSIX shell, and nothing more.

A docker cell is read as `sh` reads a script: words split on blanks; single quotes keep everything
literally; double quotes keep everything but `\\"`, `\\\\`, `\\$`, `` \\` `` and backslash-newline; a
backslash outside quotes escapes the next character and a backslash-newline joins two lines; `#`
starts a comment only where a word could start (`a#b` is one word); a newline inside quotes belongs
to the word. Nothing is expanded: no variables, globs, pipes or redirections (a docker line passes
`|` to docker, as it would reach docker after a shell's quoting).

The same reading serves running a cell, completing a word (where does the word under the cursor
start?) and `is_complete` (is a quote or a continuation still open?).
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Every instruction of the Dockerfile reference, as a cell's first line may start with one.
DOCKERFILE_INSTRUCTIONS = (
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
)

_BLANKS = " \t\r"
_DOUBLE_QUOTE_ESCAPES = '$`"\\'


@dataclass(frozen=True)
class Word:
    text: str  # the word with its quoting removed
    start: int  # offsets in the cell's text, end exclusive
    end: int


@dataclass
class Line:
    """A logical line: physical lines joined by continuations or by a newline inside quotes."""

    number: int  # 1-based number of its first physical line
    start: int  # offsets of its raw text in the cell
    end: int = 0
    words: list[Word] = field(default_factory=list)
    open_quote: str = ""  # "'" or '"' when the text ended inside quotes
    continued: bool = False  # the text ended with a backslash-newline or a lone backslash
    ends_in_word: bool = False  # the text ended inside a word (no blank after it): completion's prefix

    def raw(self, code: str) -> str:
        return code[self.start:self.end]

    @property
    def incomplete(self) -> bool:
        return bool(self.open_quote) or self.continued


def split_lines(code: str) -> list[Line]:
    """The cell's logical lines, blank and comment-only lines included (they have no words)."""
    lines: list[Line] = []
    line = Line(number=1, start=0)
    number = 1
    quote = ""
    word: list[str] = []
    word_start = -1
    i, n = 0, len(code)

    def end_word(at: int) -> None:
        nonlocal word, word_start
        if word_start >= 0:
            line.words.append(Word("".join(word), word_start, at))
        word, word_start = [], -1

    def begin_word(at: int) -> None:
        nonlocal word_start
        if word_start < 0:
            word_start = at

    while i < n:
        c = code[i]
        if quote == "'":
            if c == "'":
                quote = ""
            else:
                word.append(c)
                number += c == "\n"
            i += 1
        elif quote == '"':
            if c == '"':
                quote = ""
            elif c == "\\" and i + 1 < n and code[i + 1] == "\n":
                number += 1
                i += 1
            elif c == "\\" and i + 1 < n and code[i + 1] in _DOUBLE_QUOTE_ESCAPES:
                word.append(code[i + 1])
                i += 1
            else:
                word.append(c)
                number += c == "\n"
            i += 1
        elif c == "\\":
            if i + 1 >= n:
                line.continued = True
                begin_word(i)
                i += 1
            elif code[i + 1] == "\n":
                number += 1
                i += 2
                if i >= n:
                    line.continued = True
            else:
                begin_word(i)
                word.append(code[i + 1])
                i += 2
        elif c in "'\"":
            begin_word(i)
            quote = c
            i += 1
        elif c == "#" and word_start < 0:
            while i < n and code[i] != "\n":
                i += 1
        elif c == "\n":
            end_word(i)
            line.end = i
            lines.append(line)
            number += 1
            line = Line(number=number, start=i + 1)
            i += 1
        elif c in _BLANKS:
            end_word(i)
            i += 1
        else:
            begin_word(i)
            word.append(c)
            i += 1
    line.ends_in_word = word_start >= 0 or bool(quote)
    end_word(n)
    line.end = n
    line.open_quote = quote
    lines.append(line)
    return lines


def command_lines(code: str) -> list[Line]:
    """The logical lines that hold something: blank and comment-only lines left out."""
    return [line for line in split_lines(code) if line.words]

