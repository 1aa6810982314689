"""Dockerfile text → AST, with the rules of BuildKit's `frontend/dockerfile/parser`.

The behaviour is that of the parser Docker 20.10 vendored (the classic builder's), with two
additions from today's BuildKit that the rest of dockyard expects: the `# check=` directive and
heredocs (`RUN <<EOF`; pass `heredocs=False` for 20.10's exact reading, where the lines after
`RUN <<EOF` are instructions of their own). The AST keeps BuildKit's shape so that `Node.dump()`
prints BuildKit's s-expressions (the parser corpus is checked against it): ENV and LABEL pairs end
with a `"="` (or `""` for the legacy `ENV key value` form) marker, as in today's BuildKit.

Nothing is expanded here: `$VAR` stays as written (see `shlex`). Unknown instructions parse fine
and are refused by `instructions.parse_dockerfile`, as in Docker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from dockyard.engine.dockerfile.gocompat import printf_without_arguments, to_bytes, trim_left_space
from dockyard.engine.dockerfile.line_parsers import node_from_line
from dockyard.engine.dockerfile.nodes import DockerfileSyntaxError, Heredoc, Node
from dockyard.engine.dockerfile.shlex import ExpansionError, Lex

__all__ = [
    "DEFAULT_ESCAPE_TOKEN",
    "DockerfileSyntaxError",
    "Heredoc",
    "Node",
    "ParseResult",
    "parse",
    "parse_heredoc",
    "read_and_parse",
]

DEFAULT_ESCAPE_TOKEN = "\\"
# Go's bufio.Scanner refuses longer lines (bufio.MaxScanTokenSize - 1 bytes).
MAX_LINE_BYTES = 65535

_DIRECTIVE = re.compile(r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\Z")
_KNOWN_DIRECTIVES = frozenset({"escape", "syntax", "check"})
_HEREDOC = re.compile(r"([0-9]*)<<(-?)[\t\n\f\r ]*([^<]*)\Z")


@dataclass
class ParseResult:
    """The root node (its children are the instructions), the escape token and parser warnings."""

    ast: Node
    warnings: list[str]
    escape_token: str = DEFAULT_ESCAPE_TOKEN

    def warnings_text(self) -> str:
        """What the classic builder writes to stderr before the first step ("" when all is well).

        Docker 20.10 passes the warnings to Fprintf as the *format*, so a `%` in them comes out
        as Go's complaint about a missing operand; that is reproduced.
        """
        if not self.warnings:
            return ""
        return printf_without_arguments("\n".join(self.warnings) + "\n")


def read_and_parse(name: str, text: str | bytes, *, heredocs: bool = True) -> ParseResult:
    """Parse the Dockerfile `name` sent in a build context, with the daemon's wording for errors."""
    if not text:
        raise DockerfileSyntaxError(f"the Dockerfile ({name}) cannot be empty")
    try:
        return parse(text, heredocs=heredocs)
    except DockerfileSyntaxError as error:
        message = f"failed to parse {name}: {error.message}"
        raise DockerfileSyntaxError(message, error.start_line, error.end_line) from None


def parse(text: str | bytes, *, heredocs: bool = True) -> ParseResult:
    """Parse Dockerfile text (bytes are read as UTF-8, invalid bytes kept as surrogate escapes)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "surrogateescape")
    lines = _scan_lines(text)
    too_long_at = next((i for i, raw in enumerate(lines) if _is_too_long(raw)), None)
    if too_long_at is not None:
        lines = lines[:too_long_at]  # Go's scanner stops there; what came before is still parsed
    return _Parser(lines, heredocs).run(too_long_at is not None)


def parse_heredoc(word: str) -> Heredoc | None:
    """The heredoc a word like `<<EOF`, `<<-"EOF"` or `3<<EOF` opens, or None (the word is not one)."""
    match = _HEREDOC.match(word)
    if match is None or not match.group(3):
        return None
    rest = match.group(3)
    lex = Lex(buildkit=True, skip_unset_env=True)
    words = lex.process_words(rest, {})
    if len(words) != 1:
        return None
    lex.raw_quotes = True
    raw_word = lex.process_words(rest, {})[0]
    name = words[0]
    quotes_kept = raw_word.count("'") + raw_word.count('"')
    quotes_left = name.count("'") + name.count('"')
    return Heredoc(
        name=name,
        file_descriptor=int(match.group(1) or 0),
        expand=quotes_kept == quotes_left,  # any quoting of the delimiter turns expansion off
        chomp=match.group(2) == "-",
    )


class _Parser:
    """One pass over the lines: directives, continuations, instructions, heredoc bodies."""

    def __init__(self, lines: list[str], heredocs: bool):
        self.lines = lines
        self.heredocs = heredocs
        self.line_no = 0  # lines consumed so far; the number of the line just read
        self.escape_token = DEFAULT_ESCAPE_TOKEN
        self.continuation = _continuation_regex(DEFAULT_ESCAPE_TOKEN)
        self.directives_done = False
        self.directives_seen: set[str] = set()

    def next_line(self) -> str | None:
        if self.line_no >= len(self.lines):
            return None
        self.line_no += 1
        return self.lines[self.line_no - 1]

    def run(self, stopped_at_long_line: bool) -> ParseResult:
        root = Node(start_line=-1)
        warnings = []
        while (raw := self.next_line()) is not None:
            content = _strip_line_end(raw)
            if self.line_no == 1:
                content = content.removeprefix("\ufeff")
            start_line = self.line_no
            line, complete = self.trim_continuation(self.process_line(content, strip_left=True))
            if complete and not line:
                continue
            parts = [line]
            has_empty_continuation = False
            while not complete and (raw := self.next_line()) is not None:
                content = _strip_line_end(raw)
                processed = self.process_line(content, strip_left=False)
                if _is_comment(content):
                    continue  # comment lines inside a continuation are dropped
                if not trim_left_space(processed):
                    has_empty_continuation = True
                    continue
                part, complete = self.trim_continuation(processed)
                parts.append(part)
            line = "".join(parts)
            if has_empty_continuation:
                warnings.append("[WARNING]: Empty continuation line found in:\n    " + line)
            try:
                child = node_from_line(line, self.escape_token)
            except DockerfileSyntaxError as error:
                raise DockerfileSyntaxError(error.message, start_line, self.line_no) from None
            if self.heredocs and child.can_contain_heredoc() and "<<" in line:
                child.heredocs = self.read_heredocs(line, start_line)
            root.add_child(child, start_line, self.line_no)
        if warnings:
            warnings.append("[WARNING]: Empty continuation lines will become errors in a future release.")
        if root.start_line < 0:
            raise DockerfileSyntaxError("file with no instructions", self.line_no)
        if stopped_at_long_line:
            raise DockerfileSyntaxError(
                f"dockerfile line greater than max allowed size of {MAX_LINE_BYTES}", self.line_no + 1
            )
        return ParseResult(ast=root, warnings=warnings, escape_token=self.escape_token)

    def process_line(self, content: str, *, strip_left: bool) -> str:
        """Look for a parser directive, then blank out a comment line."""
        if strip_left:
            content = trim_left_space(content)
        if not self.directives_done:
            self.possible_directive(content)
        return "" if content.startswith("#") else content

    def possible_directive(self, line: str) -> None:
        """Directives count only in the comment lines that open the file."""
        match = _DIRECTIVE.match(line)
        key = match.group(1).lower() if match else None
        if key not in _KNOWN_DIRECTIVES:
            self.directives_done = True
            return
        if key in self.directives_seen:
            raise DockerfileSyntaxError(f"only one {key} parser directive can be used", self.line_no)
        self.directives_seen.add(key)
        if key == "escape":
            token = match.group(2)
            if token not in ("`", "\\"):
                raise DockerfileSyntaxError(f"invalid escape token '{token}' does not match ` or \\", self.line_no)
            self.escape_token = token
            self.continuation = _continuation_regex(token)

    def trim_continuation(self, line: str) -> tuple[str, bool]:
        """Remove a trailing escape token; the bool says whether the instruction ends on this line."""
        if self.continuation.search(line):
            return self.continuation.sub(r"\1", line), False
        return line, True

    def read_heredocs(self, line: str, start_line: int) -> list[Heredoc]:
        """Read the bodies of the heredocs `line` opens, in order, from the lines that follow."""
        try:
            markers = _heredoc_markers(line)
        except ExpansionError as error:
            raise DockerfileSyntaxError(error.message, start_line, self.line_no) from None
        documents = []
        for marker in markers:
            body = []
            while True:
                raw = self.next_line()
                if raw is None:
                    raise DockerfileSyntaxError("unterminated heredoc", start_line, self.line_no)
                candidate = raw.rstrip("\r\n")
                if marker.chomp:
                    candidate = candidate.lstrip("\t")
                if candidate == marker.name:
                    break
                body.append(raw)
            documents.append(replace(marker, content="".join(body)))
        return documents


def _heredoc_markers(line: str) -> list[Heredoc]:
    """The heredocs opened on an instruction line; a line that does not lex opens none."""
    lex = Lex(buildkit=True, raw_quotes=True, raw_escapes=True, skip_unset_env=True)
    try:
        words = lex.process_words(line, {})
    except ExpansionError:
        return []
    return [heredoc for word in words if (heredoc := parse_heredoc(word)) is not None]


def _continuation_regex(token: str) -> re.Pattern[str]:
    """The escape token as the last non-blank character, unless itself escaped (or alone on the line)."""
    t = re.escape(token)
    return re.compile(rf"([^{t}]){t}[ \t]*\Z|^{t}[ \t]*\Z")


def _scan_lines(text: str) -> list[str]:
    """Lines split on `\\n` only (as Go's bufio.Scanner), each keeping its `\\n`."""
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


def _strip_line_end(raw: str) -> str:
    """bufio.ScanLines: drop the `\\n` and one `\\r` before it."""
    line = raw[:-1] if raw.endswith("\n") else raw
    return line[:-1] if line.endswith("\r") else line


def _is_too_long(raw: str) -> bool:
    line = raw[:-1] if raw.endswith("\n") else raw
    return len(line) > MAX_LINE_BYTES // 4 and len(to_bytes(line)) > MAX_LINE_BYTES


def _is_comment(line: str) -> bool:
    return trim_left_space(line).startswith("#")
