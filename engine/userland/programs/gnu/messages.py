"""busybox's messages, as GNU coreutils (and Debian's grep, sed, tar, mawk) word them.

The GNU tools of the Debian and Ubuntu images run busybox's applets; where the two differ in
what they print for the same failure, these rules rewrite busybox's line into GNU's, and may
change the exit status with it (GNU `ls` exits 2 when an operand cannot be accessed).
Each rule was observed side by side: busybox 1.35 and GNU coreutils 9.1 in the C locale.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...process import Output


@dataclass(frozen=True)
class Rule:
    pattern: str
    replacement: str
    status: int | None = None  # the exit status GNU uses instead, when it differs


ERR = r"(No such file or directory|Permission denied|Not a directory|Is a directory|File exists|Directory not empty)"
RULES: dict[str, list[Rule]] = {
    "cat": [Rule(rf"^cat: can't open '(.*)': {ERR}$", r"cat: \1: \2")],
    "ls": [Rule(rf"^ls: (.*): {ERR}$", r"ls: cannot access '\1': \2", 2)],
    "rm": [Rule(rf"^rm: can't remove '(.*)': {ERR}$", r"rm: cannot remove '\1': \2"),
           Rule(r"^rm: '(.*)' is a directory$", r"rm: cannot remove '\1': Is a directory")],
    "mkdir": [Rule(r"^mkdir: can't create directory '(.*)': (.*)$", r"mkdir: cannot create directory '\1': \2")],
    "cp": [Rule(r"^cp: can't stat '(.*)': (.*)$", r"cp: cannot stat '\1': \2"),
           Rule(r"^cp: can't create '(.*)': (.*)$", r"cp: cannot create regular file '\1': \2"),
           Rule(r"^cp: omitting directory '(.*)'$", r"cp: -r not specified; omitting directory '\1'")],
    "mv": [Rule(r"^mv: can't rename '(.*)': (.*)$", r"mv: cannot stat '\1': \2")],
    "head": [Rule(rf"^head: (.*): {ERR}$", r"head: cannot open '\1' for reading: \2"),
             Rule(r"^head: invalid number '(.*)'$", r"head: invalid number of lines: '\1'")],
    "tail": [Rule(rf"^tail: can't open '(.*)': {ERR}$", r"tail: cannot open '\1' for reading: \2"),
             Rule(r"^tail: no files$", "")],
    "touch": [Rule(rf"^touch: (.*): {ERR}$", r"touch: cannot touch '\1': \2")],
    "chmod": [Rule(rf"^chmod: (.*): {ERR}$", r"chmod: cannot access '\1': \2")],
    "chown": [Rule(rf"^chown: (.*): {ERR}$", r"chown: cannot access '\1': \2"),
              Rule(r"^chown: unknown user (.*)$", r"chown: invalid user: '\1'")],
    "chgrp": [Rule(rf"^chgrp: (.*): {ERR}$", r"chgrp: cannot access '\1': \2")],
    "sort": [Rule(rf"^sort: (.*): {ERR}$", r"sort: cannot read: \1: \2")],
    "rmdir": [Rule(r"^rmdir: '(.*)': (.*)$", r"rmdir: failed to remove '\1': \2")],
    "stat": [Rule(r"^stat: can't stat '(.*)': (.*)$", r"stat: cannot statx '\1': \2")],
    "du": [Rule(rf"^du: (.*): {ERR}$", r"du: cannot access '\1': \2")],
    "find": [Rule(rf"^find: (.*): {ERR}$", r"find: '\1': \2")],
    "tac": [Rule(rf"^tac: (.*): {ERR}$", r"tac: failed to open '\1' for reading: \2")],
    "sed": [Rule(r"^sed: (.*): No such file or directory$", r"sed: can't read \1: No such file or directory", 2)],
    "awk": [Rule(rf"^awk: (.*): {ERR}$", r"awk: cannot open \1 (\2)", 2)],
    "tar": [Rule(r"^tar: can't open '(.*)': (.*)$", "tar: \\1: Cannot open: \\2\ntar: Error is not recoverable: "
                                                     "exiting now", 2)],
    "env": [Rule(r"^env: can't execute '(.*)': (.*)$", r"env: '\1': \2")],
    "id": [Rule(r"^id: unknown user (.*)$", r"id: '\1': no such user")],
    "sleep": [Rule(r"^sleep: invalid number '(.*)'$", "sleep: invalid time interval '\\1'\nTry 'sleep --help' for "
                                                      "more information.")],
    "ln": [Rule(r"^ln: (.*): File exists$", r"ln: failed to create symbolic link '\1': File exists")],
}
# busybox's "X: can't open 'F': E" is GNU's "X: F: E" for the tools not listed above
GENERIC = [Rule(r"^(\w+): can't open '(.*)': (.*)$", r"\1: \2: \3")]
USAGE_STATUS = {"ls": 2, "sort": 2, "grep": 2, "egrep": 2, "fgrep": 2, "sed": 1, "diff": 2, "cmp": 2}
MISSING_OPERAND = {"cp": "missing file operand", "mv": "missing file operand", "ln": "missing file operand"}


class Translating(Output):
    """stderr of a busybox applet, rewritten line by line into the GNU tool's wording."""

    def __init__(self, stream: Output, name: str):
        self.stream = stream
        self.rules = RULES.get(name, []) + GENERIC
        self.pending = b""
        self.status: int | None = None

    def write(self, data: bytes) -> None:
        self.pending += data
        while b"\n" in self.pending:
            line, self.pending = self.pending.split(b"\n", 1)
            self._emit(line.decode("utf-8", "surrogateescape"))

    def flush(self) -> None:
        if self.pending:
            line, self.pending = self.pending.decode("utf-8", "surrogateescape"), b""
            self.stream.write(self.translate(line).encode("utf-8", "surrogateescape"))

    def _emit(self, line: str) -> None:
        text = self.translate(line)
        if text or not line:
            self.stream.write((text + "\n").encode("utf-8", "surrogateescape"))

    def translate(self, line: str) -> str:
        for rule in self.rules:
            text, count = re.subn(rule.pattern, rule.replacement, line)
            if count:
                if rule.status is not None:
                    self.status = rule.status
                return text
        return line

    def isatty(self) -> bool:
        return self.stream.isatty()


def usage_error(name: str, message: str) -> str:
    """GNU's report of a bad command line: the problem, then where to look."""
    problem = message or MISSING_OPERAND.get(name, "missing operand")
    return f"{name}: {problem}\nTry '{name} --help' for more information.\n"
