"""sed: the stream editor, as busybox 1.35 implements it.

A script (from -e, -f or the first operand) is parsed once into `Command`s; `Editor` then runs the
cycle for each input line: read into the pattern space, run the commands whose addresses select
the line, print the pattern space unless -n, then whatever `a` and `r` queued. A last line
without a newline is printed without one, as busybox does. With -i each file is edited on its own
and rewritten through the container's filesystem.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...process import Process
from .common import Fatal, lines_of, perror, read_operand, strerror
from .options import UsageError, parse
from .regex import RegexError, compile_posix

# `l` is accepted and, in this busybox build, prints nothing.
SUPPORTED = set("=dDgGhHlnNpPqx{}aicbtT:rwsy#")


class Quit(Exception):
    """`q`: stop after this cycle's output."""


@dataclass
class Address:
    kind: str  # "line", "last", "regex", "relative" (+N, only as the end of a range)
    line: int = 0
    regex: re.Pattern | None = None  # None with kind "regex": the last regex used


@dataclass
class Command:
    name: str
    addr1: Address | None = None
    addr2: Address | None = None
    negate: bool = False
    text: bytes = b""  # a, i, c text; b, t, T, : label; r, w file name
    regex: re.Pattern | None = None  # s (None: the last regex used)
    replacement: list = field(default_factory=list)  # s: bytes pieces and group numbers
    global_: bool = False
    occurrence: int = 1
    print_: bool = False
    write_to: bytes = b""
    table: bytes = b""  # y
    block_end: int = 0  # {: index of the matching }
    # range state
    active: bool = False
    end_line: int = 0


# ---------------------------------------------------------------- parsing
class Parser:
    def __init__(self, script: bytes, extended: bool):
        self.s = script
        self.i = 0
        self.extended = extended
        self.commands: list[Command] = []
        self.blocks: list[int] = []

    def parse(self) -> list[Command]:
        s = self.s
        while True:
            self._skip(b" \t\n;")
            if self.i >= len(s):
                break
            if s[self.i:self.i + 1] == b"#":
                self._to_line_end()
                continue
            cmd = Command("")
            cmd.addr1 = self._address()
            if cmd.addr1 is not None and s[self.i:self.i + 1] == b",":
                self.i += 1
                self._skip(b" \t")
                cmd.addr2 = self._address(second=True)
                if cmd.addr2 is None:
                    raise Fatal("unexpected ','")
            self._skip(b" \t")
            while s[self.i:self.i + 1] == b"!":
                cmd.negate = True
                self.i += 1
                self._skip(b" \t")
            if self.i >= len(s) or s[self.i:self.i + 1] in b"\n;":
                raise Fatal("missing command")
            cmd.name = chr(s[self.i])
            self.i += 1
            self._arguments(cmd)
        for start in self.blocks:  # an unclosed { runs to the end of the script
            self.commands[start].block_end = len(self.commands)
        return self.commands

    def _skip(self, chars: bytes) -> None:
        while self.i < len(self.s) and self.s[self.i] in chars:
            self.i += 1

    def _to_line_end(self) -> bytes:
        end = self.s.find(b"\n", self.i)
        end = len(self.s) if end < 0 else end
        text = self.s[self.i:end]
        self.i = end
        return text

    def _address(self, second: bool = False) -> Address | None:
        s = self.s
        c = s[self.i:self.i + 1]
        if c.isdigit():
            m = re.compile(rb"\d+").match(s, self.i)
            self.i = m.end()
            number = int(m.group(0))
            return Address("line", number)  # line 0 never matches: `0,/re/` selects nothing here
        if c == b"$":
            self.i += 1
            return Address("last")
        if c == b"+" and second:
            m = re.compile(rb"\+(\d+)").match(s, self.i)
            if m:
                self.i = m.end()
                return Address("relative", int(m.group(1)))
        if c in (b"/", b"\\"):
            if c == b"\\":
                self.i += 1
            delim = s[self.i:self.i + 1]
            self.i += 1
            return Address("regex", regex=self._compile(self._delimited(delim)))
        return None

    def _delimited(self, delim: bytes, in_regex: bool = True) -> bytes:
        """Text up to an unescaped `delim` (skipping bracket expressions in a regex); `\\delim`
        stands for the delimiter itself."""
        s = self.s
        out = bytearray()
        while True:
            if self.i >= len(s):
                raise Fatal(f"unmatched '{delim.decode('latin-1')}'")
            c = s[self.i:self.i + 1]
            if c == b"\\" and self.i + 1 < len(s):
                nxt = s[self.i + 1:self.i + 2]
                out += nxt if nxt == delim else c + nxt
                self.i += 2
                continue
            if c == delim:
                self.i += 1
                return bytes(out)
            if c == b"[" and in_regex:
                end = self._bracket_end(self.i)
                out += s[self.i:end]
                self.i = end
                continue
            out += c
            self.i += 1

    def _bracket_end(self, start: int) -> int:
        s = self.s
        j = start + 1
        if s[j:j + 1] == b"^":
            j += 1
        if s[j:j + 1] == b"]":
            j += 1
        while j < len(s) and s[j:j + 1] != b"]":
            if s[j:j + 2] in (b"[:", b"[=", b"[."):
                close = s.find(s[j + 1:j + 2] + b"]", j + 2)
                j = close + 2 if close >= 0 else j + 1
                continue
            j += 1
        return min(j + 1, len(s)) if j < len(s) else len(s) + 1

    def _compile(self, pattern: bytes, ignore_case: bool = False) -> re.Pattern | None:
        if pattern == b"":
            return None
        try:
            return compile_posix(pattern, self.extended, ignore_case, newline_escape=True)
        except RegexError as e:
            raise Fatal(f"bad regex '{pattern.decode('utf-8', 'surrogateescape')}': {e}") from None

    def _arguments(self, cmd: Command) -> None:
        name = cmd.name
        index = len(self.commands)
        self.commands.append(cmd)
        if name not in SUPPORTED:
            raise Fatal(f"unsupported command {name}")
        if name == "{":
            self.blocks.append(index)
        elif name == "}":
            if self.blocks:
                self.commands[self.blocks.pop()].block_end = index
        elif name in "aic":
            cmd.text = self._text()
        elif name in "btT:":
            self._skip(b" \t")
            m = re.compile(rb"[^;\n]*").match(self.s, self.i)
            self.i = m.end()
            cmd.text = m.group(0).strip()
            if name == ":" and not cmd.text:
                raise Fatal("\":\" lacks a label")
        elif name in "rw":
            self._skip(b" \t")
            cmd.text = self._to_line_end()
        elif name == "#":
            self._to_line_end()
        elif name == "s":
            self._substitution(cmd)
        elif name == "y":
            self._transliteration(cmd)

    def _text(self) -> bytes:
        """The text of a, i and c: `a\\` then lines, or GNU's one-line `a text`."""
        s = self.s
        self._skip(b" \t")
        if s[self.i:self.i + 1] == b"\\":
            self.i += 1
            if s[self.i:self.i + 1] == b"\n":
                self.i += 1
        out = bytearray()
        while self.i < len(s):
            c = s[self.i:self.i + 1]
            if c == b"\\" and self.i + 1 < len(s):
                out += s[self.i + 1:self.i + 2]
                self.i += 2
                continue
            if c == b"\n":
                break
            out += c
            self.i += 1
        return bytes(out)

    def _substitution(self, cmd: Command) -> None:
        delim = self.s[self.i:self.i + 1]
        if not delim or delim in b"\n\\":
            raise Fatal("unmatched 's'" if not delim else "bad format in substitution expression")
        self.i += 1
        pattern = self._delimited(delim)
        replacement = self._delimited(delim, in_regex=False)
        ignore_case = False
        while self.i < len(self.s):
            c = self.s[self.i:self.i + 1]
            if c == b"g":
                cmd.global_ = True
            elif c == b"p":
                cmd.print_ = True
            elif c in (b"i", b"I"):
                ignore_case = True
            elif c.isdigit():
                m = re.compile(rb"\d+").match(self.s, self.i)
                cmd.occurrence = int(m.group(0))
                self.i = m.end()
                continue
            elif c == b"w":
                self.i += 1
                self._skip(b" \t")
                cmd.write_to = self._to_line_end()
                break
            elif c in b" \t\n;}#":
                break
            else:
                raise Fatal("bad option in substitution expression")
            self.i += 1
        cmd.regex = self._compile(pattern, ignore_case)
        cmd.replacement = _parse_replacement(replacement)

    def _transliteration(self, cmd: Command) -> None:
        delim = self.s[self.i:self.i + 1]
        self.i += 1
        source = _unescape(self._delimited(delim, in_regex=False))
        dest = _unescape(self._delimited(delim, in_regex=False))
        table = bytearray(range(256))
        for a, b in zip(source, dest):
            table[a] = b
        cmd.table = bytes(table)


def _unescape(text: bytes) -> bytes:
    return text.replace(b"\\n", b"\n").replace(b"\\\\", b"\\")


def _parse_replacement(text: bytes) -> list:
    """`&` and `\\N` become group numbers; `\\n`, `\\t` and escaped characters become bytes."""
    parts: list = []
    literal = bytearray()
    i = 0
    while i < len(text):
        c = text[i:i + 1]
        if c == b"&":
            parts += [bytes(literal), 0]
            literal.clear()
        elif c == b"\\" and i + 1 < len(text):
            nxt = text[i + 1:i + 2]
            i += 1
            if nxt.isdigit():
                parts += [bytes(literal), int(nxt)]
                literal.clear()
            else:
                literal += {b"n": b"\n", b"t": b"\t"}.get(nxt, nxt)
        else:
            literal += c
        i += 1
    parts.append(bytes(literal))
    return [p for p in parts if p != b""]


def substitute(rx: re.Pattern, replacement: list, text: bytes, occurrence: int, global_: bool) -> bytes | None:
    """The text with the chosen matches replaced, or None if nothing was. As in busybox, an
    empty match right where the previous match ended does not count (`s/b*/X/g` on abc: XaXcX)."""
    out = []
    done = 0  # text[:done] has been copied or replaced
    pos = 0
    prev_end = -1
    count = 0
    changed = False
    if global_:
        occurrence = 1  # busybox ignores N when g is given: s/a/X/2g replaces every a
    while pos <= len(text):
        m = rx.search(text, pos)
        if m is None:
            break
        start, end = m.span()
        if start == end == prev_end:
            pos = start + 1
            continue
        count += 1
        if count >= occurrence:
            out.append(text[done:start])
            out.append(b"".join(p if isinstance(p, bytes) else (m.group(p) or b"") if p <= (rx.groups or 0)
                                else b"" for p in replacement))
            done = end
            changed = True
            if not global_:
                break
        prev_end = end
        pos = end if end > start else end + 1
    if not changed:
        return None
    out.append(text[done:])
    return b"".join(out)


# ---------------------------------------------------------------- running
class Input:
    """The lines of the input files in turn, read one ahead so that `$` is known. Stdin is read
    line by line, so `tail -f log | sed ...` edits as the log grows."""

    def __init__(self, editor: "Editor", names: list[str]):
        self.editor = editor
        self.lines = self._all_lines(names)
        self.ahead: bytes | None = None
        self.line_number = 0

    def _all_lines(self, names: list[str]):
        proc = self.editor.proc
        for name in names:
            if name == "-":
                yield from lines_of(proc, "-")
                continue
            try:
                data = read_operand(proc, name)
            except OSError as e:
                perror(proc, name, e)
                self.editor.status = 1
                continue
            yield from data.splitlines(keepends=True)

    def _peek(self) -> bytes | None:
        if self.ahead is None:
            self.ahead = next(self.lines, None)
        return self.ahead

    def read(self) -> tuple[bytes, bool] | None:
        """(line without newline, whether it had one), or None at the end."""
        line = self._peek()
        if line is None:
            return None
        self.ahead = None
        self.line_number += 1
        return (line[:-1], True) if line.endswith(b"\n") else (line, False)

    def at_last(self) -> bool:
        return self._peek() is None


class Editor:
    def __init__(self, proc: Process, commands: list[Command], quiet: bool):
        self.proc = proc
        self.commands = commands
        self.quiet = quiet
        self.status = 0
        self.output = bytearray()  # with -i: the file's new content
        self.to_buffer = False
        self.pending_newline = False
        self.last_regex: re.Pattern | None = None
        self.hold = b""
        self.queued: list[bytes] = []  # a text and r files, printed at the end of the cycle
        self.written: dict[bytes, bytearray] = {}
        for cmd in commands:
            for target in (cmd.text if cmd.name == "w" else b"", cmd.write_to):
                if target:
                    self.written.setdefault(target, bytearray())

    # -- output
    def emit(self, text: bytes, newline: bool = True) -> None:
        piece = (b"\n" if self.pending_newline else b"") + text
        self.pending_newline = not newline
        piece += b"\n" if newline else b""
        if self.to_buffer:
            self.output += piece
        else:
            self.proc.out(piece)

    def flush_queue(self) -> None:
        for text in self.queued:
            self.emit(text)
        self.queued.clear()

    # -- addresses
    def _matches(self, addr: Address, line_number: int, space: bytes, last: bool) -> bool:
        if addr.kind == "line":
            return line_number == addr.line
        if addr.kind == "last":
            return last
        if addr.kind == "regex":
            rx = addr.regex or self.last_regex
            if rx is None:
                raise Fatal("no previous regexp")
            self.last_regex = rx
            return rx.search(space) is not None
        return False

    def selected(self, cmd: Command, n: int, space: bytes, last: bool) -> bool:
        if cmd.addr1 is None:
            hit = True
        elif cmd.addr2 is None:
            hit = self._matches(cmd.addr1, n, space, last)
        else:
            hit = self._in_range(cmd, n, space, last)
        return hit != cmd.negate

    def _in_range(self, cmd: Command, n: int, space: bytes, last: bool) -> bool:
        a2 = cmd.addr2
        if not cmd.active:
            if not self._matches(cmd.addr1, n, space, last):
                return False
            cmd.active = True
            cmd.end_line = n + a2.line if a2.kind == "relative" else -1
            if (a2.kind == "line" and a2.line <= n) or (a2.kind == "relative" and a2.line == 0) or \
                    (a2.kind == "last" and last):
                cmd.active = False
            return True
        if a2.kind == "line":
            done = n >= a2.line
        elif a2.kind == "relative":
            done = n >= cmd.end_line
        elif a2.kind == "last":
            done = last
        else:
            done = self._matches(a2, n, space, last)
        if done:
            cmd.active = False
        return True

    # -- the cycle
    def run(self, source: Input) -> bool:
        """Edit every line of `source`; False if `q` ended the run early."""
        labels = {c.text: i for i, c in enumerate(self.commands) if c.name == ":"}
        for c in self.commands:
            if c.name in "btT" and c.text and c.text not in labels:
                raise Fatal(f"can't find label for jump to '{c.text.decode('utf-8', 'surrogateescape')}'")
        while True:
            got = source.read()
            if got is None:
                return True
            space, had_newline = got
            try:
                self.cycle(source, labels, space, had_newline)
            except Quit:
                return False

    def cycle(self, source: Input, labels: dict, space: bytes, had_newline: bool) -> None:
        """One or more passes over the script for a line (D restarts without reading)."""
        restart = True
        while restart:
            restart = False
            replaced = False
            autoprint = not self.quiet
            pc = 0
            commands = self.commands
            while pc < len(commands):
                self.proc.signals.check()
                cmd = commands[pc]
                pc += 1
                if not self.selected(cmd, source.line_number, space, source.at_last()):
                    if cmd.name == "{":
                        pc = cmd.block_end + 1
                    continue
                name = cmd.name
                if name == "s":
                    rx = cmd.regex or self.last_regex
                    if rx is None:
                        raise Fatal("no previous regexp")
                    self.last_regex = rx
                    new = substitute(rx, cmd.replacement, space, cmd.occurrence, cmd.global_)
                    if new is not None:
                        space, replaced = new, True
                        if cmd.print_:
                            self.emit(space)
                        if cmd.write_to:
                            self.written[cmd.write_to] += space + b"\n"
                elif name == "p":
                    self.emit(space)
                elif name == "P":
                    self.emit(space.split(b"\n", 1)[0])
                elif name == "d":
                    autoprint = False
                    break
                elif name == "D":
                    if b"\n" not in space:
                        autoprint = False
                        break
                    space = space.split(b"\n", 1)[1]
                    self.flush_queue()
                    restart = True
                    break
                elif name == "=":
                    self.emit(str(source.line_number).encode())
                elif name == "a":
                    self.queued.append(cmd.text)
                elif name == "i":
                    self.emit(cmd.text)
                elif name == "c":
                    autoprint = False
                    if not (cmd.addr2 and not cmd.negate and cmd.active):  # a range: once, at its end
                        self.emit(cmd.text)
                    break
                elif name == "r":
                    try:
                        self.queued.append(self.proc.fs.read_bytes(self.proc.abspath(cmd.text.decode())).rstrip(b"\n"))
                    except OSError:
                        pass  # sed r of a missing file reads nothing
                elif name == "w":
                    self.written[cmd.text] += space + b"\n"
                elif name == "y":
                    space = space.translate(cmd.table)
                elif name == "h":
                    self.hold = space
                elif name == "H":
                    self.hold += b"\n" + space
                elif name == "g":
                    space = self.hold
                elif name == "G":
                    space += b"\n" + self.hold
                elif name == "x":
                    space, self.hold = self.hold, space
                elif name in "nN":
                    if source.at_last():
                        break  # no next line: the cycle ends here, printing as usual
                    if name == "n" and not self.quiet:
                        self.emit(space, had_newline)
                    self.flush_queue()
                    line, had_newline = source.read()
                    space = line if name == "n" else space + b"\n" + line
                elif name == "q":
                    if not self.quiet:
                        self.emit(space, had_newline)
                    self.flush_queue()
                    raise Quit()
                elif name in "btT":
                    jump = name == "b" or (name == "t" and replaced) or (name == "T" and not replaced)
                    if name != "b":
                        replaced = False
                    if jump:
                        pc = labels[cmd.text] if cmd.text else len(commands)
        if autoprint:
            self.emit(space, had_newline)
        self.flush_queue()


def _script(proc: Process, opts, operands: list[str]) -> bytes:
    pieces: list[bytes] = [e.encode("utf-8", "surrogateescape") for e in opts.values("e")]
    for name in opts.values("f"):
        try:
            pieces.append(read_operand(proc, name).rstrip(b"\n"))
        except OSError as e:
            raise Fatal(f"{name}: {strerror(e)}") from None
    if not pieces:
        if not operands:
            raise UsageError()
        pieces.append(operands.pop(0).encode("utf-8", "surrogateescape"))
    return b"\n".join(pieces)


def sed(proc: Process) -> int:
    args = proc.argv[1:]
    if "--version" in args:
        proc.out("This is not GNU sed version 4.0\n")
        return 0
    opts, operands = parse(args, "i::nrEe:f:", {"expression=": "e", "file=": "f", "quiet": "n", "silent": "n",
                                                 "in-place=?": "i", "regexp-extended": "E"})
    script = _script(proc, opts, operands)
    commands = Parser(script, "r" in opts or "E" in opts).parse()
    editor = Editor(proc, commands, "n" in opts)
    if "i" in opts:
        if not operands:
            raise Fatal("-i requires an argument")
        _edit_in_place(editor, operands, opts.value("i"))
    else:
        editor.run(Input(editor, operands or ["-"]))
    _write_files(editor)
    return editor.status


def _edit_in_place(editor: Editor, names: list[str], backup_suffix: str | None) -> None:
    proc = editor.proc
    editor.to_buffer = True
    for name in names:
        try:
            path = proc.abspath(name)
            original = proc.fs.read_bytes(path)
        except OSError as e:
            perror(proc, name, e)
            editor.status = 1
            continue
        editor.output = bytearray()
        editor.pending_newline = False
        finished = editor.run(Input(editor, [name]))
        if backup_suffix:
            proc.fs.write_bytes(path + backup_suffix, original)
        proc.fs.write_bytes(path, bytes(editor.output))
        if not finished:
            break


def _write_files(editor: Editor) -> None:
    proc = editor.proc
    for target, data in editor.written.items():
        name = target.decode("utf-8", "surrogateescape")
        if name == "/dev/stdout":
            proc.out(bytes(data))
        elif name == "/dev/stderr":
            proc.err(bytes(data))
        else:
            proc.fs.write_bytes(proc.abspath(name), bytes(data), uid=proc.uid, gid=proc.gid)
