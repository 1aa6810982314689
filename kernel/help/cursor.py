"""What the cursor stands on in a cell: the kind of line, the words before it, the word it is in.

Completion and inspection both start here. A cell's lines are of three kinds for them: Dockerfile
lines (a Dockerfile cell, or the body of `%%dockerfile`), command lines (`docker ...`, `%env`,
`%engine`, the lines of a `%%docker` cell) and a cell magic's own first line.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..cells import cell_kind
from ..cellsyntax import split_lines


@dataclass(frozen=True)
class CursorContext:
    kind: str  # "dockerfile", "command" or "magic" (a cell magic's first line)
    words: tuple[str, ...]  # the logical line's words before the one being typed
    prefix: str  # the part of the word under the cursor that precedes it ("" between words)
    start: int  # where that word starts in the cell (completions replace code[start:cursor])
    word: str  # the whole word under the cursor (for inspection), else ""
    build_header: str = ""  # in a %%dockerfile body: the magic's arguments (they say where the context is)
    first_line: bool = False  # the line is the cell's first line with content
    docker_implied: bool = False  # a %%docker cell: its lines may leave out the word `docker`
    stages: tuple[str, ...] = ()  # for "dockerfile": the stages named (FROM ... AS name) above the cursor


def cursor_context(code: str, cursor: int) -> CursorContext:
    cursor = max(0, min(cursor, len(code)))
    kind, header, body = cell_kind(code)
    if kind in ("dockerfile", "commands", "empty"):
        return _context("dockerfile" if kind == "dockerfile" else "command", code, cursor, 0)
    magic_line_end = len(code) - len(body) - 1 if body or code.endswith("\n") else len(code)
    if cursor <= magic_line_end:
        return _context("magic", code[:magic_line_end], cursor, 0)
    offset = magic_line_end + 1
    if kind == "dockerfile-magic":
        return _context("dockerfile", body, cursor - offset, offset, build_header=header)
    return _context("command", body, cursor - offset, offset, docker_implied=kind == "docker-magic")


def _context(kind: str, text: str, cursor: int, offset: int, **extra) -> CursorContext:
    lines = split_lines(text[:cursor])
    line = lines[-1]
    words = list(line.words)
    if line.ends_in_word and words:
        current = words.pop()
        prefix, start = current.text, current.start
    else:
        prefix, start = "", cursor
    word = _word_at(text, cursor)
    first_line = not any(earlier.words for earlier in lines[:-1])
    if kind == "dockerfile":
        extra["stages"] = tuple(_stage_names(lines[:-1]))
    return CursorContext(kind, tuple(w.text for w in words), prefix, start + offset, word,
                         first_line=first_line, **extra)


def _stage_names(lines) -> list[str]:
    names = []
    for line in lines:
        words = [w.text for w in line.words]
        if len(words) >= 4 and words[0].upper() == "FROM" and words[-2].upper() == "AS":
            names.append(words[-1])
    return names


def _word_at(text: str, cursor: int) -> str:
    """The whole word around the cursor (or just before it), for inspection."""
    for line in split_lines(text):
        if line.start <= cursor <= max(line.end, line.start):
            for word in line.words:
                if word.start <= cursor <= word.end:
                    return word.text
    return ""
