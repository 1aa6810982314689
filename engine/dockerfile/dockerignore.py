"""`.dockerignore`: reading the patterns and deciding which context paths they exclude.

Reading follows Docker's ignorefile rules (comments only where a line *starts* with `#`, blanks
trimmed, `!` exceptions, paths cleaned and a leading `/` dropped). Matching follows
moby/patternmatcher as the docker CLI uses it when it walks a build context: patterns are tried
in order and the last one that matches a path (or one of the path's parent directories) decides;
`*` and `?` stop at `/`, `**` crosses directories.

A path is judged as the CLI's walk judges it, from the top directory down, each level using what
matched its parent; `Matcher.may_reinclude_under()` tells whether an excluded directory must still
be walked because an exception pattern may bring part of it back.
"""

from __future__ import annotations

import posixpath
import re
import warnings
from dataclasses import dataclass

from dockyard.engine.dockerfile.gocompat import trim_space
from dockyard.engine.errors import InvalidParameter

__all__ = ["DockerignoreError", "Matcher", "read_patterns"]

_REGEX_ESCAPED = frozenset(".+()|{}$")


class DockerignoreError(InvalidParameter):
    """A pattern Docker refuses; the message is Go's (`syntax error in pattern`, ...)."""


def read_patterns(text: str) -> list[str]:
    """The patterns of a .dockerignore file, cleaned as Docker cleans them."""
    patterns = []
    for number, line in enumerate(text.split("\n")):
        if line.endswith("\r"):
            line = line[:-1]
        if number == 0:
            line = line.removeprefix("\ufeff")
        if line.startswith("#"):
            continue
        pattern = trim_space(line)
        if not pattern:
            continue
        exception = pattern.startswith("!")
        if exception:
            pattern = trim_space(pattern[1:])
        if pattern:
            pattern = _clean(pattern)
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern[1:]
        patterns.append("!" + pattern if exception else pattern)
    return patterns


@dataclass(frozen=True)
class _Pattern:
    text: str  # cleaned, without the leading `!`
    exception: bool
    kind: str  # "exact", "prefix", "suffix" or "regexp" (the shortcuts patternmatcher takes)
    regex: re.Pattern[str] | None

    def match(self, path: str) -> bool:
        if self.kind == "exact":
            return path == self.text
        if self.kind == "prefix":
            return path.startswith(self.text[:-2])
        if self.kind == "suffix":
            suffix = self.text[2:]
            return path.endswith(suffix) or (suffix.startswith("/") and path == suffix[1:])
        return self.regex.match(path) is not None


class Matcher:
    """Decides, for slash-separated paths relative to the context root, whether they are excluded."""

    def __init__(self, patterns: list[str]):
        self.patterns: list[_Pattern] = []
        for pattern in patterns:
            pattern = trim_space(pattern)
            if not pattern:
                continue
            pattern = _clean(pattern)
            exception = pattern.startswith("!")
            if exception:
                if len(pattern) == 1:
                    raise DockerignoreError('illegal exclusion pattern: "!"')
                pattern = pattern[1:]
            if not _is_valid_glob(pattern):
                raise DockerignoreError("syntax error in pattern")
            self.patterns.append(_compile(pattern, exception))
        self._parent_results: dict[str, tuple[bool, ...]] = {}

    @property
    def has_exceptions(self) -> bool:
        return any(pattern.exception for pattern in self.patterns)

    def matches(self, path: str) -> bool:
        """Whether `path` is excluded from the build context."""
        path = _clean(path)
        if path == ".":
            return False
        parts = path.split("/")
        parent_results: tuple[bool, ...] | None = None
        excluded = False
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if depth < len(parts) and prefix in self._parent_results:
                parent_results = self._parent_results[prefix]
                continue
            excluded, parent_results = self._match(prefix, parent_results)
            if depth < len(parts):
                self._parent_results[prefix] = parent_results
        return excluded

    def may_reinclude_under(self, directory: str) -> bool:
        """Whether an excluded `directory` must still be walked: an exception pattern lies inside it."""
        inside = _clean(directory) + "/"
        return any(pattern.exception and (pattern.text + "/").startswith(inside) for pattern in self.patterns)

    def _match(self, path: str, parent_results: tuple[bool, ...] | None) -> tuple[bool, tuple[bool, ...]]:
        """patternmatcher's MatchesUsingParentResults: one level of the walk."""
        excluded = False
        results = [False] * len(self.patterns)
        for index, pattern in enumerate(self.patterns):
            matched = bool(parent_results) and parent_results[index]
            if not matched:
                # An exclusion only matters once something matched; an inclusion only until then.
                if pattern.exception != excluded:
                    continue
                matched = pattern.match(path)
                if not matched and not parent_results:
                    matched = any(pattern.match(parent) for parent in _parent_directories(path))
            results[index] = matched
            if matched:
                excluded = not pattern.exception
        return excluded, tuple(results)


def _parent_directories(path: str) -> list[str]:
    """`a`, `a/b` for `a/b/c`."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[: depth + 1]) for depth in range(len(parts))]


def _clean(path: str) -> str:
    """Go's filepath.Clean (posixpath.normpath keeps a leading `//`, Go does not)."""
    cleaned = posixpath.normpath(path)
    return cleaned[1:] if cleaned.startswith("//") else cleaned


def _compile(pattern: str, exception: bool) -> _Pattern:
    """Translate a pattern to a regular expression, noting when a plain comparison will do."""
    regex = ["^"]
    kind = "exact"
    pos, end = 0, len(pattern)
    token = 0
    while pos < end:
        ch = pattern[pos]
        pos += 1
        if ch == "*" and pattern.startswith("*", pos):
            pos += 1
            if pattern.startswith("/", pos):
                pos += 1
            if pos == end:  # a trailing `**` matches everything below
                if kind == "exact":
                    kind = "prefix"
                else:
                    regex.append(".*")
                    kind = "regexp"
            else:  # `**/` matches any number of directories, even none
                regex.append("(.*/)?")
                kind = "regexp"
            if token == 0:
                kind = "suffix"
        elif ch == "*":
            regex.append("[^/]*")
            kind = "regexp"
        elif ch == "?":
            regex.append("[^/]")
            kind = "regexp"
        elif ch in _REGEX_ESCAPED:
            regex.append("\\" + ch)
        elif ch == "\\" and pos < end:  # (a trailing `\` never gets here: the pattern is refused)
            regex.append("\\" + pattern[pos])
            pos += 1
            kind = "regexp"
        elif ch in "[]":
            regex.append(ch)
            kind = "regexp"
        else:
            regex.append(ch)
        token += 1
    compiled = None
    if kind == "regexp":
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Python warns about sets like `[[` that Go accepts
                compiled = re.compile("".join(regex) + r"\Z")
        except re.error:
            raise DockerignoreError("syntax error in pattern") from None
    return _Pattern(pattern, exception, kind, compiled)


def _is_valid_glob(pattern: str) -> bool:
    """Whether Go's filepath.Match accepts the pattern's syntax (brackets closed, no dangling `\\`)."""
    rest = pattern
    while rest:
        rest = rest.lstrip("*")
        chunk, rest = _scan_chunk(rest)
        if not _is_valid_chunk(chunk):
            return False
    return True


def _scan_chunk(pattern: str) -> tuple[str, str]:
    """Split off the text up to the next `*` outside brackets."""
    in_range = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if i + 1 < len(pattern):
                i += 1
        elif ch == "[":
            in_range = True
        elif ch == "]":
            in_range = False
        elif ch == "*" and not in_range:
            break
        i += 1
    return pattern[:i], pattern[i:]


def _is_valid_chunk(chunk: str) -> bool:
    i = 0
    while i < len(chunk):
        ch = chunk[i]
        if ch == "[":
            i += 1
            if i < len(chunk) and chunk[i] == "^":
                i += 1
            ranges = 0
            while True:
                if i < len(chunk) and chunk[i] == "]" and ranges > 0:
                    i += 1
                    break
                i = _skip_class_char(chunk, i)
                if i < 0:
                    return False
                if chunk[i] == "-":
                    i = _skip_class_char(chunk, i + 1)
                    if i < 0:
                        return False
                ranges += 1
        elif ch == "\\":
            if i + 1 == len(chunk):
                return False
            i += 2
        else:
            i += 1
    return True


def _skip_class_char(chunk: str, i: int) -> int:
    """Skip one (possibly escaped) character of a bracket expression; -1 when malformed."""
    if i >= len(chunk) or chunk[i] in "-]":
        return -1
    if chunk[i] == "\\":
        i += 1
        if i >= len(chunk):
            return -1
    if "\udc80" <= chunk[i] <= "\udcff":  # a byte that is not valid UTF-8
        return -1
    i += 1
    return i if i < len(chunk) else -1
