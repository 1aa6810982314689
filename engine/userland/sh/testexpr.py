"""`test`, `[` and `[[` as busybox implements them (the shell builtin and the applet share this).

The grammar is POSIX's (with its special cases for one to four arguments) plus busybox's
`[[ ]]`: `==`/`!=` match a shell pattern, `=~` an extended regex, `&&`/`||` join expressions.
Errors print `<prog>: <operand>: <message>` and give status 2.
"""
from __future__ import annotations

import re
import stat as st

from ..process import Process
from . import pattern

UNARY_FILE = {"-r", "-w", "-x", "-e", "-f", "-d", "-c", "-b", "-p", "-u", "-g", "-k", "-s", "-h", "-O", "-G",
              "-L", "-S"}
UNARY = UNARY_FILE | {"-t", "-z", "-n"}
INT_OPS = {"-eq", "-ne", "-ge", "-gt", "-le", "-lt"}
STR_OPS = {"=", "==", "!=", "<", ">"}
FILE_OPS = {"-nt", "-ot", "-ef"}
BINARY = INT_OPS | STR_OPS | FILE_OPS | {"=~"}
INT_MAX = (1 << 63) - 1


class _Syntax(Exception):
    """Ends the evaluation with status 2 (after a message, unless message is None)."""

    def __init__(self, message: str | None):
        super().__init__(message)
        self.message = message


def test(proc: Process, name: str | None = None) -> int:
    """Run test/[/[[ with proc.argv[1:]; `name` is how it was invoked (default: argv[0])."""
    invoked = name or proc.prog
    args = list(proc.argv[1:])
    if invoked == "[":
        if not args or args[-1] != "]":
            proc.err(f"{proc.prog}: missing ]\n")
            return 2
        args.pop()
    elif invoked == "[[":
        if not args or args[-1] != "]]":
            proc.err(f"{proc.prog}: missing ]]\n")
            return 2
        args.pop()
    try:
        return _Test(proc, args, bash=invoked == "[[").run()
    except _Syntax as e:
        if e.message is not None:
            proc.err(f"{proc.prog}: {e.message}\n")
        return 2


class _Test:
    def __init__(self, proc: Process, args: list[str], bash: bool):
        self.proc = proc
        self.args = args
        self.bash = bash
        self.pos = 0

    # -- operators as this flavour of test sees them
    def op(self, i: int) -> str | None:
        """The operator at args[i] ('' for an operand, None past the end)."""
        if i >= len(self.args):
            return None
        s = self.args[i]
        if s in ("-a", "-o"):
            return "" if self.bash else s
        if s in ("&&", "||"):
            return ("-a" if s == "&&" else "-o") if self.bash else ""
        if s == "=~" and not self.bash:
            return ""
        if s in UNARY or s in BINARY or s in ("!", "(", ")"):
            return s
        return ""

    def run(self) -> int:
        """POSIX's special cases for up to four arguments first (as busybox orders them), then
        the general grammar, which always starts again from the first argument."""
        args = self.args
        first, negate = 0, 0
        while True:
            n = len(args) - first
            if n == 0:
                return 1 ^ negate
            if n == 1:
                return (1 if args[first] == "" else 0) ^ negate
            if n == 3 and self.op(first + 1) in BINARY:
                return (0 if self.binary(first) else 1) ^ negate
            if n == 4 and args[first] == "(" and args[first + 3] == ")":
                del args[first + 3]  # busybox drops the ')' and goes on without it
                first += 1
            if args[first] != "!":
                break
            first += 1
            negate ^= 1
        result = self.or_expr()
        if self.pos < len(args):
            raise _Syntax(f"{args[self.pos]}: unknown operand")
        return 0 if result else 1

    def or_expr(self) -> bool:
        result = self.and_expr()
        while self.op(self.pos) == "-o":
            self.pos += 1
            right = self.and_expr()
            result = result or right
        return result

    def and_expr(self) -> bool:
        result = self.not_expr()
        while self.op(self.pos) == "-a":
            self.pos += 1
            right = self.not_expr()
            result = result and right
        return result

    def not_expr(self) -> bool:
        if self.op(self.pos) == "!":
            self.pos += 1
            if self.op(self.pos) is None:
                return True  # `[ ! ]` and `[ a -a ! ]` are valid
            return not self.not_expr()
        return self.primary()

    def primary(self) -> bool:
        args, i = self.args, self.pos
        kind = self.op(i)
        if kind is None:
            raise _Syntax("argument expected")
        if kind == "(":
            self.pos += 1
            result = self.or_expr()
            if self.op(self.pos) != ")":
                raise _Syntax("closing paren expected")
            self.pos += 1
            return result
        if i + 2 < len(args) and self.op(i + 1) in BINARY:
            self.pos = i + 3
            return self.binary(i)
        if kind in UNARY:
            if i + 1 >= len(args):
                self.pos = i + 1
                return args[i] != ""
            operand = args[i + 1]
            self.pos = i + 2
            if kind == "-z":
                return operand == ""
            if kind == "-n":
                return operand != ""
            if kind == "-t":
                return self.isatty(_number(operand))
            return self.file_test(kind, operand)
        if self.op(i + 1) in BINARY:
            self.pos = i + 2
            raise _Syntax(f"{args[i + 1]}: argument expected")
        self.pos = i + 1
        return args[i] != ""

    def binary(self, i: int) -> bool:
        left, op, right = self.args[i], self.args[i + 1], self.args[i + 2]
        if op in INT_OPS:
            a, b = _number(left), _number(right)
            return {"-eq": a == b, "-ne": a != b, "-ge": a >= b, "-gt": a > b, "-le": a <= b, "-lt": a < b}[op]
        if self.bash and op in ("=", "==", "!="):
            matched = pattern.matches(((right, False),), left)
            return matched if op != "!=" else not matched
        if op == "=~":
            try:
                return re.search(right, left) is not None
            except re.error:
                raise _Syntax(None) from None
        if op in STR_OPS:
            a, b = left.encode("utf-8", "surrogateescape"), right.encode("utf-8", "surrogateescape")
            return {"=": a == b, "==": a == b, "!=": a != b, "<": a < b, ">": a > b}[op]
        try:
            s1, s2 = self.proc.fs.stat(self.proc.abspath(left)), self.proc.fs.stat(self.proc.abspath(right))
        except OSError:
            return False
        if op == "-nt":
            return s1.st_mtime > s2.st_mtime
        if op == "-ot":
            return s1.st_mtime < s2.st_mtime
        return s1.st_ino == s2.st_ino and self.proc.fs.realpath(self.proc.abspath(left)) == \
            self.proc.fs.realpath(self.proc.abspath(right))

    def isatty(self, fd: int) -> bool:
        stream = {0: self.proc.stdin, 1: self.proc.stdout, 2: self.proc.stderr}.get(fd)
        return bool(stream is not None and stream.isatty())

    def file_test(self, op: str, name: str) -> bool:
        fs, path = self.proc.fs, self.proc.abspath(name)
        try:
            s = fs.lstat(path) if op in ("-h", "-L") else fs.stat(path)
        except OSError:
            return False
        mode = s.st_mode
        if op in ("-h", "-L"):
            return st.S_ISLNK(mode)
        if op == "-e":
            return True
        if op in ("-r", "-w", "-x"):
            return self.access(s, {"-r": 4, "-w": 2, "-x": 1}[op])
        kinds = {"-f": st.S_IFREG, "-d": st.S_IFDIR, "-c": st.S_IFCHR, "-b": st.S_IFBLK, "-p": st.S_IFIFO,
                 "-S": st.S_IFSOCK}
        if op in kinds:
            return st.S_IFMT(mode) == kinds[op]
        bits = {"-u": st.S_ISUID, "-g": st.S_ISGID, "-k": st.S_ISVTX}
        if op in bits:
            return bool(mode & bits[op])
        if op == "-s":
            return s.st_size > 0
        if op == "-O":
            return s.st_uid == self.proc.uid
        return s.st_gid == self.proc.gid  # -G

    def access(self, s, want: int) -> bool:
        """access(2) with the effective ids; root may read and write anything, and execute
        anything with an execute bit."""
        proc = self.proc
        if proc.uid == 0:
            if want != 1:
                return True
            return bool(s.st_mode & 0o111)
        if s.st_uid == proc.uid:
            want <<= 6
        elif s.st_gid == proc.gid or s.st_gid in proc.groups:
            want <<= 3
        return bool(s.st_mode & want)


def _number(text: str) -> int:
    """strtoll in base 10 with the surrounding blanks test allows, or a syntax error."""
    m = re.fullmatch(r"[ \t\n\r\f\v]*([+-]?\d+)[ \t\n\r\f\v]*", text)
    if m is None:
        raise _Syntax(f"{text}: bad number")
    value = int(m.group(1))
    if not -INT_MAX - 1 <= value <= INT_MAX:
        raise _Syntax(f"{text}: out of range")
    return value
