"""Who may do what to a file: chmod, chown, chgrp.

Owners are named as the container's /etc/passwd and /etc/group name them (`chown app:app`), and
`-R` walks the tree without following symlinks, as busybox does by default.
"""
from __future__ import annotations

import stat as st

from ...process import Process
from . import accounts
from .common import Fatal, perror
from .fsinfo import mode_string
from .modes import parse_mode
from .options import UsageError, parse


def _walk(proc: Process, name: str, recursive: bool):
    """Yield `name` and, with -R, every name below it (symlinks are not entered, not even one
    named on the command line)."""
    yield name
    if not recursive:
        return
    try:
        path = proc.abspath(name)
        s = proc.fs.lstat(path)
    except OSError:
        return
    if st.S_ISDIR(s.st_mode):
        for child in proc.fs.listdir(path):
            child_name = f"{name.rstrip('/')}/{child}"
            if st.S_ISLNK(proc.fs.lstat(proc.abspath(child_name)).st_mode):
                yield child_name
            else:
                yield from _walk(proc, child_name, True)


# ---------------------------------------------------------------- chmod
def chmod(proc: Process) -> int:
    args = proc.argv[1:]
    # `chmod -x file` is a mode, not an option: busybox sets such arguments aside before getopt.
    mode_like = [a for a in args if a[:1] == "-" and len(a) > 1 and all(c in "rwxXst,+-=ugoa" for c in a[1:])]
    opts, operands = parse([a for a in args if a not in mode_like], "Rcvf", {"recursive": "R"})
    if mode_like:
        operands.insert(0, mode_like[0])
    if len(operands) < 2:
        raise UsageError()
    text, names = operands[0], operands[1:]
    status = 0
    for top in names:
        for name in _walk(proc, top, "R" in opts):
            try:
                path = proc.abspath(name)
                s = proc.fs.stat(path)
            except OSError as e:
                if "f" not in opts:
                    perror(proc, name, e)
                status = 1
                continue
            new = parse_mode(text, s.st_mode, proc.umask)
            if new is None:
                raise Fatal(f"invalid mode '{text}'")
            if st.S_ISLNK(proc.fs.lstat(path).st_mode) and name != top:
                continue
            proc.fs.chmod(path, new)
            changed = new != s.st_mode & 0o7777
            if "v" in opts or ("c" in opts and changed):
                proc.out(f"mode of '{name}' changed to {new:04o} ({mode_string(st.S_IFMT(s.st_mode) | new)[1:]})\n")
    return status


# ---------------------------------------------------------------- chown, chgrp
def chown(proc: Process) -> int:
    opts, operands = parse(proc.argv[1:], "RhLHPcvf", {"recursive": "R", "no-dereference": "h"})
    if len(operands) < 2:
        raise UsageError()
    spec, names = operands[0], operands[1:]
    user_part, sep, group_part = spec.partition(":") if ":" in spec else spec.partition(".")
    uid = _user_id(proc, user_part, spec) if user_part else None
    if sep and not group_part and user_part:
        user = accounts.user_by_name(proc, user_part)
        gid = user.gid if user else uid  # `chown app:` means app's login group
    else:
        gid = _group_id(proc, group_part, spec, "chown") if group_part else None
    return _change_owner(proc, opts, names, uid, gid)


def chgrp(proc: Process) -> int:
    opts, operands = parse(proc.argv[1:], "RhLHPcvf", {"recursive": "R", "no-dereference": "h"})
    if len(operands) < 2:
        raise UsageError()
    gid = _group_id(proc, operands[0], operands[0], "chgrp")
    return _change_owner(proc, opts, operands[1:], None, gid)


def _user_id(proc: Process, name: str, spec: str) -> int:
    if name.isdigit():
        return int(name)
    user = accounts.user_by_name(proc, name)
    if user is None:
        raise Fatal(f"unknown user {name}" if spec == name else f"unknown user/group {spec}")
    return user.uid


def _group_id(proc: Process, name: str, spec: str, applet: str) -> int:
    if name.isdigit():
        return int(name)
    group = accounts.group_by_name(proc, name)
    if group is None:
        raise Fatal(f"unknown group {name}" if applet == "chgrp" else f"unknown user/group {spec}")
    return group.gid


def _change_owner(proc: Process, opts, names: list[str], uid: int | None, gid: int | None) -> int:
    status = 0
    follow = "h" not in opts
    for top in names:
        for name in _walk(proc, top, "R" in opts):
            try:
                path = proc.abspath(name)
                s = proc.fs.stat(path) if follow else proc.fs.lstat(path)
                new_uid = s.st_uid if uid is None else uid
                new_gid = s.st_gid if gid is None else gid
                proc.fs.chown(path, new_uid, new_gid, follow=follow)
            except OSError as e:
                if "f" not in opts:
                    perror(proc, name, e)
                status = 1
                continue
            if "v" in opts or ("c" in opts and (new_uid, new_gid) != (s.st_uid, s.st_gid)):
                proc.out(f"changed ownership of '{name}' to {new_uid}:{new_gid}\n")
    return status
