"""find: walk directory trees and act on what an expression selects.

The expression is parsed into a tree of tests and actions joined by `!`, `-a` (or nothing) and
`-o`, with parentheses; without an action, `-print` is implied for what the expression selects.
`-exec` runs its command inside the container through `exec.execute`. Symlinks are not followed
unless -L (or -H for the paths named).
"""
from __future__ import annotations

import re
import stat as st
import time
from dataclasses import dataclass
from typing import Callable

from ... import exec as execmod
from ....container.rootfs import Stat
from ...process import Process
from . import accounts
from .common import Fatal, perror, strerror
from .fsinfo import apparent_size
from .modes import parse_mode
from .numbers import parse_int
from .options import UsageError
from .regex import RegexError, compile_posix

TYPES = {"f": st.S_ISREG, "d": st.S_ISDIR, "l": st.S_ISLNK, "b": st.S_ISBLK, "c": st.S_ISCHR,
         "s": st.S_ISSOCK, "p": st.S_ISFIFO}
ACTIONS = {"-print", "-print0", "-exec", "-quit", "-prune"}


@dataclass
class Entry:
    path: str  # as printed
    abspath: str
    stat: Stat
    depth: int


class Quit(Exception):
    pass


Node = Callable[[Entry], bool]


def glob_regex(pattern: str, ignore_case: bool = False) -> re.Pattern:
    """fnmatch(3) without FNM_PATHNAME: `*` and `?` match any character, `/` included;
    `[!x]` and `[^x]` negate; a backslash quotes the next character."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1:i + 2] in ("!", "^") else i + 1)
            if pattern[i + 1:i + 2] in ("!", "^") and pattern[i + 2:i + 3] == "]":
                end = pattern.find("]", i + 3)
            elif pattern[i + 1:i + 2] == "]":
                end = pattern.find("]", i + 2)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:end]
                negate = body[:1] in ("!", "^")
                body = body[1:] if negate else body
                out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\").replace("[", "\\[") + "]")
                i = end + 1
                continue
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


class ExpressionParser:
    """Recursive descent over the expression's words: or := and (-o and)*; and := not ([-a] not)*;
    not := (! | -not) not | primary; primary := ( or ) | test | action."""

    def __init__(self, finder: "Finder", words: list[str]):
        self.f = finder
        self.words = words
        self.i = 0
        self.has_action = False

    def parse(self) -> Node:
        if not self.words:
            return lambda e: True
        node = self._or()
        if self.i < len(self.words):
            word = self.words[self.i]
            raise UsageError(f"unrecognized: {word}")
        return node

    def _peek(self) -> str | None:
        return self.words[self.i] if self.i < len(self.words) else None

    def _or(self) -> Node:
        left = self._and()
        while self._peek() in ("-o", "-or"):
            self.i += 1
            if self._peek() is None:
                break  # busybox ignores a dangling -o
            right = self._and()
            left = (lambda a, b: lambda e: a(e) or b(e))(left, right)
        return left

    def _and(self) -> Node:
        left = self._not()
        while True:
            word = self._peek()
            if word in ("-a", "-and"):
                self.i += 1
            elif word is None or word in ("-o", "-or", ")"):
                return left
            right = self._not()
            left = (lambda a, b: lambda e: a(e) and b(e))(left, right)

    def _not(self) -> Node:
        while self._peek() in ("-a", "-and"):  # a leading -a joins nothing and is ignored
            self.i += 1
        if self._peek() in ("!", "-not"):
            self.i += 1
            inner = self._not()
            return lambda e: not inner(e)
        return self._primary()

    def _primary(self) -> Node:
        word = self._peek()
        if word is None:
            raise UsageError()
        self.i += 1
        if word == "(":
            inner = self._or()
            if self._peek() != ")":
                raise Fatal("unpaired '('")
            self.i += 1
            return inner
        if word in ACTIONS:
            self.has_action = self.has_action or word != "-prune"
        make = self.f.primaries.get(word)
        if make is None:
            raise UsageError(f"unrecognized: {word}")
        return make(self)

    def argument(self, option: str) -> str:
        if self.i >= len(self.words):
            raise Fatal(f"{option} requires an argument")
        self.i += 1
        return self.words[self.i - 1]


class Finder:
    def __init__(self, proc: Process, follow: str):
        self.proc = proc
        self.follow = follow  # "", "H" or "L"
        self.maxdepth = 1 << 30
        self.mindepth = 0
        self.depth_first = False
        self.status = 0
        self.pruned = False
        self.batches: list[tuple[list[str], list[str]]] = []  # -exec ... + : (argv, paths)
        self.now = time.time()
        self.primaries: dict[str, Callable[[ExpressionParser], Node]] = {
            "-name": lambda p: self._name(p, "-name", False), "-iname": lambda p: self._name(p, "-iname", True),
            "-path": lambda p: self._path(p, "-path", False), "-ipath": lambda p: self._path(p, "-ipath", True),
            "-wholename": lambda p: self._path(p, "-wholename", False),
            "-regex": self._regex, "-type": self._type, "-perm": self._perm, "-size": self._size,
            "-mtime": lambda p: self._age(p, "-mtime", 86400), "-mmin": lambda p: self._age(p, "-mmin", 60),
            "-atime": lambda p: self._age(p, "-atime", 86400), "-amin": lambda p: self._age(p, "-amin", 60),
            "-ctime": lambda p: self._age(p, "-ctime", 86400), "-cmin": lambda p: self._age(p, "-cmin", 60),
            "-newer": self._newer, "-user": self._user, "-group": self._group, "-links": self._links,
            "-inum": self._inum, "-samefile": self._samefile,
            "-empty": lambda p: self._empty, "-executable": lambda p: lambda e: bool(e.stat.st_mode & 0o111),
            "-maxdepth": lambda p: self._set_depth(p, "-maxdepth"), "-mindepth": lambda p: self._set_depth(p, "-mindepth"),
            "-depth": lambda p: self._set_flag("depth_first"), "-xdev": lambda p: lambda e: True,
            "-follow": lambda p: self._set_follow(), "-print": lambda p: self._print(b"\n"),
            "-print0": lambda p: self._print(b"\0"), "-prune": lambda p: self._prune, "-quit": lambda p: self._quit,
            "-exec": self._exec, "-true": lambda p: lambda e: True, "-false": lambda p: lambda e: False,
        }

    # -- options that are expressions
    def _set_depth(self, p: ExpressionParser, option: str) -> Node:
        value = parse_int(p.argument(option))
        setattr(self, option[1:], value)
        return lambda e: True

    def _set_flag(self, name: str) -> Node:
        setattr(self, name, True)
        return lambda e: True

    def _set_follow(self) -> Node:
        self.follow = "L"
        return lambda e: True

    # -- tests
    def _name(self, p: ExpressionParser, option: str, ignore_case: bool) -> Node:
        rx = glob_regex(p.argument(option), ignore_case)
        return lambda e: rx.fullmatch(_basename(e.path)) is not None

    def _path(self, p: ExpressionParser, option: str, ignore_case: bool) -> Node:
        rx = glob_regex(p.argument(option), ignore_case)
        return lambda e: rx.fullmatch(e.path) is not None

    def _regex(self, p: ExpressionParser) -> Node:
        pattern = p.argument("-regex")
        try:
            rx = compile_posix(pattern.encode(), extended=False)
        except RegexError as err:
            raise Fatal(f"bad regex '{pattern}': {err}") from None
        return lambda e: rx.fullmatch(e.path.encode()) is not None

    def _type(self, p: ExpressionParser) -> Node:
        kind = p.argument("-type")
        if kind not in TYPES:
            raise Fatal(f"invalid argument '{kind}' to '-type'")
        test = TYPES[kind]
        return lambda e: test(e.stat.st_mode)

    def _perm(self, p: ExpressionParser) -> Node:
        text = p.argument("-perm")
        how = text[0] if text[:1] in ("-", "+", "/") else ""
        mask = parse_mode(text[len(how):], 0, 0)
        if mask is None:
            raise Fatal(f"invalid mode '{text}'")
        if how == "-":
            return lambda e: e.stat.st_mode & mask == mask
        if how in ("+", "/"):
            return lambda e: bool(e.stat.st_mode & mask) or mask == 0
        return lambda e: e.stat.st_mode & 0o7777 == mask

    def _size(self, p: ExpressionParser) -> Node:
        """N units (512-byte blocks unless c, w, k, M or G follows): busybox compares the size in
        bytes with N times the unit, so `-size 1` is exactly 512 bytes."""
        text = p.argument("-size")
        sign = text[0] if text[:1] in ("+", "-") else ""
        body = text[len(sign):]
        unit = {"c": 1, "w": 2, "k": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "b": 512}.get(body[-1:], 0)
        limit = parse_int(body[:-1] if unit else body) * (unit or 512)

        def test(e: Entry) -> bool:
            size = apparent_size(e.stat)
            return size > limit if sign == "+" else size < limit if sign == "-" else size == limit
        return test

    def _numeric(self, text: str, value: int) -> bool:
        sign = text[0] if text[:1] in ("+", "-") else ""
        n = parse_int(text[len(sign):])
        return value > n if sign == "+" else value < n if sign == "-" else value == n

    def _age(self, p: ExpressionParser, option: str, unit: int) -> Node:
        text = p.argument(option)
        self._numeric(text, 0)  # validate now
        return lambda e: self._numeric(text, int((self.now - e.stat.st_mtime) // unit))

    def _links(self, p: ExpressionParser) -> Node:
        text = p.argument("-links")
        self._numeric(text, 0)
        return lambda e: self._numeric(text, e.stat.st_nlink)

    def _inum(self, p: ExpressionParser) -> Node:
        number = parse_int(p.argument("-inum"))
        return lambda e: e.stat.st_ino == number

    def _newer(self, p: ExpressionParser) -> Node:
        name = p.argument("-newer")
        try:
            reference = self.proc.fs.stat(self.proc.abspath(name)).st_mtime
        except OSError as err:
            raise Fatal(f"can't stat '{name}': {strerror(err)}") from None
        return lambda e: e.stat.st_mtime > reference

    def _samefile(self, p: ExpressionParser) -> Node:
        name = p.argument("-samefile")
        try:
            target = self.proc.fs.realpath(self.proc.abspath(name))
        except OSError as err:
            raise Fatal(f"{name}: {strerror(err)}") from None
        return lambda e: self.proc.fs.realpath(e.abspath) == target

    def _user(self, p: ExpressionParser) -> Node:
        name = p.argument("-user")
        user = accounts.user_by_name(self.proc, name)
        if user is None and not name.isdigit():
            raise Fatal(f"unknown user {name}")
        uid = user.uid if user else int(name)
        return lambda e: e.stat.st_uid == uid

    def _group(self, p: ExpressionParser) -> Node:
        name = p.argument("-group")
        group = accounts.group_by_name(self.proc, name)
        if group is None and not name.isdigit():
            raise Fatal(f"unknown group {name}")
        gid = group.gid if group else int(name)
        return lambda e: e.stat.st_gid == gid

    def _empty(self, e: Entry) -> bool:
        if st.S_ISDIR(e.stat.st_mode):
            try:
                return not self.proc.fs.listdir(e.abspath)
            except OSError:
                return False
        return st.S_ISREG(e.stat.st_mode) and e.stat.st_size == 0

    # -- actions
    def _print(self, end: bytes) -> Node:
        def action(e: Entry) -> bool:
            self.proc.out(e.path.encode("utf-8", "surrogateescape") + end)
            return True
        return action

    def _prune(self, e: Entry) -> bool:
        self.pruned = True
        return True

    def _quit(self, e: Entry) -> bool:
        raise Quit()

    def _exec(self, p: ExpressionParser) -> Node:
        argv: list[str] = []
        while True:
            if p.i >= len(p.words):
                raise Fatal("-exec requires an argument")
            word = p.words[p.i]
            p.i += 1
            if word == "+" and argv[-1:] != ["{}"]:
                raise Fatal("only one '{}' allowed for -exec +")
            if word in (";", "+"):
                break
            argv.append(word)
        if not argv:
            raise Fatal("-exec requires an argument")
        if word == "+":
            batch: tuple[list[str], list[str]] = (argv[:-1], [])
            self.batches.append(batch)

            def collect(e: Entry) -> bool:
                batch[1].append(e.path)
                return True
            return collect

        def run_each(e: Entry) -> bool:
            return self.run([a.replace("{}", e.path) for a in argv]) == 0
        return run_each

    def run(self, argv: list[str]) -> int:
        try:
            return execmod.execute(self.proc.child(argv))
        except execmod.ExecError as err:
            self.proc.err(f"find: {argv[0]}: {strerror(err)}\n")
            return 127

    # -- walking
    def walk(self, start: str, test: Node) -> None:
        try:
            path = self.proc.abspath(start)
            s = self.proc.fs.stat(path) if self.follow else self.proc.fs.lstat(path)
        except OSError as err:
            perror(self.proc, start, err)
            self.status = 1
            return
        self._visit(Entry(start, path, s, 0), test)

    def _visit(self, e: Entry, test: Node) -> None:
        self.proc.signals.check()
        self.pruned = False
        if not self.depth_first and e.depth >= self.mindepth:
            test(e)
        if st.S_ISDIR(e.stat.st_mode) and e.depth < self.maxdepth and not (self.pruned and not self.depth_first):
            try:
                names = self.proc.fs.listdir(e.abspath)
            except OSError as err:
                perror(self.proc, e.path, err)
                self.status = 1
                names = []
            for name in names:
                child = f"{e.path}{name}" if e.path.endswith("/") else f"{e.path}/{name}"
                child_abs = f"{e.abspath.rstrip('/')}/{name}"
                try:
                    s = self.proc.fs.stat(child_abs) if self.follow == "L" else self.proc.fs.lstat(child_abs)
                except OSError as err:
                    perror(self.proc, child, err)
                    self.status = 1
                    continue
                self._visit(Entry(child, child_abs, s, e.depth + 1), test)
        if self.depth_first and e.depth >= self.mindepth:
            test(e)

    def flush_batches(self) -> None:
        for argv, paths in self.batches:
            if paths and self.run(argv + paths) != 0:
                self.status = 1
            paths.clear()


def _basename(path: str) -> str:
    stripped = path.rstrip("/")
    return stripped.rsplit("/", 1)[-1] if stripped else "/"


def find(proc: Process) -> int:
    args = proc.argv[1:]
    follow = ""
    while args and args[0] in ("-H", "-L"):
        follow = args.pop(0)[1]
    starts = []
    while args and not (args[0].startswith("-") or args[0] in ("!", "(")):
        starts.append(args.pop(0))
    finder = Finder(proc, follow)
    parser = ExpressionParser(finder, args)
    test = parser.parse()
    if not parser.has_action:
        printer = finder._print(b"\n")
        test = (lambda t: lambda e: t(e) and printer(e))(test)
    try:
        for start in starts or ["."]:
            finder.walk(start, test)
    except Quit:
        pass
    finder.flush_batches()
    return finder.status
