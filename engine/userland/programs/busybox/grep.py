"""grep (and egrep, fgrep): print lines that match patterns.

Exit status: 0 if a line matched, 1 if none did, 2 on an error (a missing file, a bad regex)
even if something matched, except that -q ends at the first match with 0. Directories are
skipped silently unless -r. Names are prefixed when there are several files or with -r.
"""
from __future__ import annotations

import collections
import re
import stat as st

from ...process import Process
from .common import Fatal, lines_of, perror, read_operand, strerror
from .numbers import parse_int
from .options import UsageError, parse
from .regex import RegexError, compile_posix

SPEC = "HhnlLoqvsrRiwFEzxcm:A:B:C:e:f:ab"
LONG = {"ignore-case": "i", "invert-match": "v", "count": "c", "files-with-matches": "l",
        "files-without-match": "L", "quiet": "q", "silent": "q", "recursive": "r", "extended-regexp": "E",
        "fixed-strings": "F", "word-regexp": "w", "line-regexp": "x", "only-matching": "o",
        "line-number": "n", "with-filename": "H", "no-filename": "h", "no-messages": "s",
        "max-count=": "m", "after-context=": "A", "before-context=": "B", "context=": "C",
        "regexp=": "e", "file=": "f"}


class Matcher:
    """All the patterns of one grep, compiled once (each on its own, so that each pattern's
    back-references keep their numbers); `spans` finds what -o prints."""

    def __init__(self, patterns: list[bytes], fixed: bool, extended: bool, ignore_case: bool,
                 word: bool, line: bool):
        flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
        self.regexes = []
        for p in patterns:
            body = re.escape(p) if fixed else _translate(p, extended)
            if word:
                body = rb"(?<![0-9A-Za-z_])(?:" + body + rb")(?![0-9A-Za-z_])"
            if line:
                body = rb"\A(?:" + body + rb")\Z"
            self.regexes.append(re.compile(body, flags))

    def matches(self, text: bytes) -> bool:
        return any(rx.search(text) for rx in self.regexes)

    def _first(self, text: bytes, pos: int):
        """The leftmost match of any pattern at or after `pos` (the longest, where two start together)."""
        found = [m for m in (rx.search(text, pos) for rx in self.regexes) if m]
        return min(found, key=lambda m: (m.start(), -m.end()), default=None)

    def spans(self, text: bytes):
        pos = 0
        while pos <= len(text):
            m = self._first(text, pos)
            if not m:
                return
            if m.end() > m.start():
                yield m.group(0)
                pos = m.end()
            else:
                pos = m.end() + 1


def _translate(pattern: bytes, extended: bool) -> bytes:
    try:
        return compile_posix(pattern, extended).pattern
    except RegexError:
        raise Fatal(f"bad regex '{pattern.decode('utf-8', 'surrogateescape')}'") from None


def grep(proc: Process) -> int:
    name = proc.prog
    opts, operands = parse(proc.argv[1:], SPEC, LONG)
    patterns: list[bytes] = [p.encode("utf-8", "surrogateescape") for p in opts.values("e")]
    for pattern_file in opts.values("f"):
        try:
            patterns += read_operand(proc, pattern_file).splitlines()
        except OSError as e:
            raise Fatal(f"{pattern_file}: {strerror(e)}") from None
    if "e" not in opts and "f" not in opts:
        if not operands:
            raise UsageError()
        patterns += operands.pop(0).encode("utf-8", "surrogateescape").split(b"\n")
    fixed = "F" in opts or name == "fgrep"
    extended = "E" in opts or name == "egrep"
    run = Search(proc, opts, Matcher(patterns, fixed, extended, "i" in opts, "w" in opts, "x" in opts))
    recursive = "r" in opts or "R" in opts
    files = operands or (["."] if recursive else ["-"])
    run.prefix = "H" in opts or ("h" not in opts and (len(operands) > 1 or (recursive and bool(operands))))
    for f in files:
        if run.done:
            break
        run.search_operand(f, recursive)
    if run.done:
        return 0
    if run.error:
        return 2
    found = run.listed_any if "L" in opts else run.matched_any
    return 0 if found else 1


class Search:
    """One grep run over its files: output options, and what has been found so far."""

    def __init__(self, proc: Process, opts, matcher: Matcher):
        self.proc = proc
        self.opts = opts
        self.matcher = matcher
        self.invert = "v" in opts
        self.max_count = parse_int(opts.value("m")) if "m" in opts else None
        context = parse_int(opts.value("C")) if "C" in opts else 0
        self.after = parse_int(opts.value("A")) if "A" in opts else context
        self.before = parse_int(opts.value("B")) if "B" in opts else context
        self.listed_any = False  # -L: a file was named
        self.prefix = False
        self.matched_any = False
        self.error = False
        self.done = False  # -q found a match
        self.printed_group = False

    def search_operand(self, name: str, recursive: bool) -> None:
        proc = self.proc
        if name != "-":
            try:
                path = proc.abspath(name)
                s = proc.fs.stat(path)
            except OSError as e:
                self._file_error(name, e)
                return
            if st.S_ISDIR(s.st_mode):
                if recursive:
                    self._search_tree(name, path)
                return
        if name == "-" and "z" not in self.opts:
            self.search_lines(name, (line.rstrip(b"\n") for line in lines_of(proc, "-")))
            return
        try:
            data = read_operand(proc, name)
        except OSError as e:
            self._file_error(name, e)
            return
        self.search_data(name, data)

    def _search_tree(self, name: str, path: str) -> None:
        follow = "R" in self.opts
        for child in self.proc.fs.listdir(path):
            child_name = f"{name.rstrip('/')}/{child}"
            child_path = f"{path.rstrip('/')}/{child}"
            try:
                s = self.proc.fs.stat(child_path) if follow else self.proc.fs.lstat(child_path)
            except OSError:
                continue
            if st.S_ISDIR(s.st_mode):
                self._search_tree(child_name, child_path)
            elif st.S_ISREG(s.st_mode):
                try:
                    self.search_data(child_name, self.proc.fs.read_bytes(child_path))
                except OSError as e:
                    self._file_error(child_name, e)
            if self.done:
                return

    def _file_error(self, name: str, err: OSError) -> None:
        if "s" not in self.opts:
            perror(self.proc, name, err)
        self.error = True

    def search_data(self, name: str, data: bytes) -> None:
        sep = b"\0" if "z" in self.opts else b"\n"
        lines = data.split(sep)
        if lines and lines[-1] == b"":
            lines.pop()
        self.search_lines(name, iter(lines))

    def search_lines(self, name: str, lines) -> None:
        """Match each line as it comes (stdin may be a pipe that is still being written)."""
        opts, out = self.opts, self.proc.out
        shown = "(standard input)" if name == "-" else name
        sep = b"\0" if "z" in opts else b"\n"
        before: collections.deque = collections.deque(maxlen=self.before or None)
        count = 0
        last_printed = -1
        pending_after = 0
        for i, line in enumerate(lines):
            hit = self.matcher.matches(line) != self.invert
            if not hit:
                if pending_after and "c" not in opts:
                    self._line(shown, i, line, b"-", sep)
                    last_printed = i
                    pending_after -= 1
                elif self.before:
                    before.append((i, line))
                continue
            count += 1
            self.matched_any = True
            if "q" in opts:
                self.done = True
                return
            if "l" in opts or "L" in opts:
                break
            if "c" not in opts:
                context = [(j, text) for j, text in before if j > last_printed]
                first = context[0][0] if context else i
                if (self.before or self.after) and self.printed_group and first > last_printed + 1:
                    out(b"--\n")
                for j, text in context:
                    self._line(shown, j, text, b"-", sep)
                before.clear()
                if "o" in opts and not self.invert:
                    for piece in self.matcher.spans(line):
                        self._line(shown, i, piece, b":", sep)
                else:
                    self._line(shown, i, line, b":", sep)
                self.printed_group = True
                last_printed = i
                pending_after = self.after
            if self.max_count is not None and count >= self.max_count:
                break
        if "l" in opts or "L" in opts:
            if bool(count) == ("l" in opts):
                out(shown + "\n")
                self.listed_any = True
        elif "c" in opts:
            out((f"{shown}:" if self.prefix else "") + f"{count}\n")

    def _line(self, name: str, index: int, text: bytes, mark: bytes, sep: bytes) -> None:
        head = b""
        if self.prefix:
            head += name.encode() + mark
        if "n" in self.opts:
            head += str(index + 1).encode() + mark
        self.proc.out(head + text + sep)
