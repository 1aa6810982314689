"""Users and groups as the container knows them: its own /etc/passwd and /etc/group.

Every name an applet prints or accepts (`ls -l`, `id`, `chown app:app`, `whoami`) comes from the
container's files, never the host's, so an image that adds a user sees it and others do not.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...process import Process


@dataclass(frozen=True)
class User:
    name: str
    uid: int
    gid: int
    home: str
    shell: str


@dataclass(frozen=True)
class Group:
    name: str
    gid: int
    members: tuple[str, ...]


def _records(proc: Process, path: str) -> list[list[str]]:
    try:
        text = proc.fs.read_bytes(path).decode("utf-8", "replace")
    except OSError:
        return []
    return [line.split(":") for line in text.splitlines() if line and not line.startswith("#")]


def users(proc: Process) -> list[User]:
    out = []
    for f in _records(proc, "/etc/passwd"):
        if len(f) >= 7 and f[2].isdigit() and f[3].isdigit():
            out.append(User(f[0], int(f[2]), int(f[3]), f[5], f[6]))
    return out


def groups(proc: Process) -> list[Group]:
    out = []
    for f in _records(proc, "/etc/group"):
        if len(f) >= 4 and f[2].isdigit():
            out.append(Group(f[0], int(f[2]), tuple(m for m in f[3].split(",") if m)))
    return out


def user_by_uid(proc: Process, uid: int) -> User | None:
    return next((u for u in users(proc) if u.uid == uid), None)


def user_by_name(proc: Process, name: str) -> User | None:
    return next((u for u in users(proc) if u.name == name), None)


def group_by_gid(proc: Process, gid: int) -> Group | None:
    return next((g for g in groups(proc) if g.gid == gid), None)


def group_by_name(proc: Process, name: str) -> Group | None:
    return next((g for g in groups(proc) if g.name == name), None)


class NameCache:
    """uid/gid -> name for listing many files (`ls -l`, `tar -tv`, `find -user`): files read once."""

    def __init__(self, proc: Process):
        self._users = {u.uid: u.name for u in reversed(users(proc))}
        self._groups = {g.gid: g.name for g in reversed(groups(proc))}

    def user(self, uid: int) -> str | None:
        return self._users.get(uid)

    def group(self, gid: int) -> str | None:
        return self._groups.get(gid)
