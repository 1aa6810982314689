"""File modes as chmod, mkdir -m and install read them: octal (`755`) or symbolic (`u+x,go-w`).

Symbolic clauses are `[ugoa]*[+-=][rwxXst]*` (or a copy from u, g or o: `g=u`), applied one after
another to the current mode. With no `ugoa`, the umask limits what + and = grant, as POSIX says
(`chmod +w` under umask 022 makes a file writable by its owner only).
"""
from __future__ import annotations

import stat as st

_WHO = {"u": 0o4700, "g": 0o2070, "o": 0o1007, "a": 0o7777}
_PERM = {"r": 0o444, "w": 0o222, "x": 0o111, "s": 0o6000, "t": 0o1000}


def parse_mode(text: str, current: int, umask: int = 0o022) -> int | None:
    """The new permission bits (0..0o7777), or None when `text` is not a valid mode."""
    if text and all(c in "01234567" for c in text):
        value = int(text, 8)
        return value if value <= 0o7777 else None
    mode = current & 0o7777
    for clause in text.split(","):
        mode = _apply_clause(clause, mode, st.S_ISDIR(current), umask)
        if mode is None:
            return None
    return mode


def _apply_clause(clause: str, mode: int, is_dir: bool, umask: int) -> int | None:
    i = 0
    who = 0
    while i < len(clause) and clause[i] in _WHO:
        who |= _WHO[clause[i]]
        i += 1
    limit = 0o7777 if who else ~umask & 0o7777
    if not who:
        who = 0o7777
    if i == len(clause):
        return None
    while i < len(clause):
        op = clause[i]
        if op not in "+-=":
            return None
        i += 1
        perms = 0
        if i < len(clause) and clause[i] in "ugo":
            perms = _copy_from(mode, clause[i])
            i += 1
        else:
            while i < len(clause) and clause[i] in "rwxXst":
                ch = clause[i]
                if ch == "X":
                    if is_dir or mode & 0o111:
                        perms |= 0o111
                else:
                    perms |= _PERM[ch]
                i += 1
        bits = perms & who
        if op == "+":
            mode |= bits & limit
        elif op == "-":
            mode &= ~bits
        else:
            mode = (mode & ~who) | (bits & limit)
    return mode


def _copy_from(mode: int, source: str) -> int:
    """`g=u`: the source class's rwx bits, repeated for every class."""
    shift = {"u": 6, "g": 3, "o": 0}[source]
    rwx = (mode >> shift) & 7
    return rwx * 0o111

