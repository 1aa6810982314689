"""Accounts on Debian and Ubuntu: useradd, groupadd, usermod, userdel, groupdel, and Debian's adduser.

Dockerfiles create their service user with these (`useradd -m app`, `groupadd -r app && useradd
-r -g app app`, `adduser --disabled-password --gecos "" app`). They edit /etc/passwd, /etc/group,
/etc/shadow and /etc/gshadow as shadow-utils 4.13 does, pick IDs from the same ranges (users from
1000, system accounts down from 999), create the home from /etc/skel on request, and fail with
shadow-utils' messages and exit codes.
"""
from __future__ import annotations

import time

from ...process import Process
from ..pkg.target import RootTarget

PASSWD, GROUP, SHADOW, GSHADOW = "/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow"
E_USAGE, E_BAD_ARG, E_NOTFOUND, E_NAME_IN_USE, E_GRP_UPDATE = 2, 3, 6, 9, 10


class Accounts:
    """The account files, read once and written back together."""

    def __init__(self, proc: Process):
        self.target = RootTarget(proc.fs)
        self.files = {path: self._lines(path) for path in (PASSWD, GROUP, SHADOW, GSHADOW)}

    def _lines(self, path: str) -> list[list[str]]:
        return [line.split(":") for line in self.target.read(path).decode(errors="replace").splitlines() if line]

    def find(self, path: str, key: str, by: int = 0) -> list[str] | None:
        return next((fields for fields in self.files[path] if len(fields) > by and fields[by] == key), None)

    def user(self, name: str) -> list[str] | None:
        return self.find(PASSWD, name)

    def group(self, name: str) -> list[str] | None:
        return self.find(GROUP, name) or (self.find(GROUP, name, 2) if name.isdigit() else None)

    def free_id(self, path: str, system: bool) -> int:
        used = {int(f[2]) for f in self.files[path] if len(f) > 2 and f[2].isdigit()}
        if system:
            return next(i for i in range(999, 99, -1) if i not in used)
        return next(i for i in range(1000, 60000) if i not in used)

    def add(self, path: str, fields: list[str]) -> None:
        if path in (SHADOW, GSHADOW) and not self.target.exists(path):
            return
        self.files[path].append(fields)

    def remove(self, path: str, name: str) -> None:
        self.files[path] = [f for f in self.files[path] if f[0] != name]

    def save(self) -> None:
        for path, lines in self.files.items():
            if self.target.exists(path) or path in (PASSWD, GROUP):
                mode = 0o640 if path in (SHADOW, GSHADOW) else 0o644
                self.target.file(path, "".join(":".join(f) + "\n" for f in lines), mode)


def _days() -> str:
    return str(int(time.time() // 86400))


def _options(proc: Process, with_value: str) -> tuple[dict[str, str], list[str]]:
    """Short and long options: flags map to "", options in `with_value` take the next word."""
    opts: dict[str, str] = {}
    words: list[str] = []
    args = iter(proc.argv[1:])
    for arg in args:
        if arg.startswith("--"):
            key, eq, value = arg[2:].partition("=")
            opts[key] = value if eq else (next(args, "") if key in with_value.split(",") else "")
        elif arg.startswith("-") and len(arg) > 1:
            letters = arg[1:]
            for i, letter in enumerate(letters):
                if letter in with_value.split(","):
                    opts[letter] = letters[i + 1:] or next(args, "")
                    break
                opts[letter] = ""
        else:
            words.append(arg)
    return opts, words


def _need_root(proc: Process) -> bool:
    if proc.uid == 0:
        return True
    proc.err(f"{proc.prog}: Permission denied.\n{proc.prog}: cannot lock /etc/passwd; try again later.\n")
    return False


def _home(proc: Process, accounts: Accounts, home: str, uid: int, gid: int) -> None:
    fs = proc.fs
    if fs.exists(home):
        proc.err(f"{proc.prog}: warning: the home directory {home} already exists.\n"
                 f"{proc.prog}: Not copying any file from skel directory into it.\n")
        return
    fs.mkdir(home, 0o755, parents=True)
    fs.chown(home, uid, gid)
    try:
        names = fs.listdir("/etc/skel")
    except OSError:
        names = []
    for name in names:
        data = fs.read_bytes(f"/etc/skel/{name}")
        fs.write_bytes(f"{home}/{name}", data, mode=0o644)
        fs.chown(f"{home}/{name}", uid, gid)


def useradd(proc: Process) -> int:
    opts, words = _options(proc, "u,g,G,s,d,c,home-dir,shell,uid,gid,groups,comment,k,K,e,f,p")
    if len(words) != 1:
        proc.err("Usage: useradd [options] LOGIN\n       useradd -D\n       useradd -D [options]\n")
        return E_USAGE
    if not _need_root(proc):
        return 1
    name = words[0]
    accounts = Accounts(proc)
    if accounts.user(name):
        proc.err(f"useradd: user '{name}' already exists\n")
        return E_NAME_IN_USE
    system = "r" in opts or "system" in opts
    group_name = opts.get("g") or opts.get("gid")
    if group_name:
        group = accounts.group(group_name)
        if group is None:
            proc.err(f"useradd: group '{group_name}' does not exist\n")
            return E_NOTFOUND
        gid = int(group[2])
    elif accounts.group(name) is not None and "N" not in opts:
        proc.err(f"useradd: group {name} exists - if you want to add this user to that group, use -g.\n")
        return E_NAME_IN_USE
    else:
        gid = accounts.free_id(GROUP, system)
        accounts.add(GROUP, [name, "x", str(gid), ""])
        accounts.add(GSHADOW, [name, "!", "", ""])
    uid_text = opts.get("u") or opts.get("uid")
    uid = int(uid_text) if uid_text else accounts.free_id(PASSWD, system)
    if uid_text and accounts.find(PASSWD, uid_text, 2) and "o" not in opts:
        proc.err(f"useradd: UID {uid} is not unique\n")
        return 4
    for extra in filter(None, (opts.get("G") or opts.get("groups") or "").split(",")):
        group = accounts.group(extra)
        if group is None:
            proc.err(f"useradd: group '{extra}' does not exist\n")
            return E_NOTFOUND
        group[3] = ",".join(filter(None, group[3].split(",") + [name])) if len(group) > 3 else name
    home = opts.get("d") or opts.get("home-dir") or f"/home/{name}"
    shell = opts.get("s") or opts.get("shell") or "/bin/sh"
    accounts.add(PASSWD, [name, "x", str(uid), str(gid), opts.get("c") or opts.get("comment") or "", home, shell])
    accounts.add(SHADOW, [name, "!", _days(), "0", "99999", "7", "", "", ""])
    accounts.save()
    if ("m" in opts or "create-home" in opts) and "M" not in opts:
        _home(proc, accounts, home, uid, gid)
    return 0


def groupadd(proc: Process) -> int:
    opts, words = _options(proc, "g,gid,K,p")
    if len(words) != 1:
        proc.err("Usage: groupadd [options] GROUP\n")
        return E_USAGE
    if not _need_root(proc):
        return 1
    name = words[0]
    accounts = Accounts(proc)
    if accounts.group(name):
        if "f" in opts or "force" in opts:
            return 0
        proc.err(f"groupadd: group '{name}' already exists\n")
        return E_NAME_IN_USE
    gid_text = opts.get("g") or opts.get("gid")
    gid = int(gid_text) if gid_text else accounts.free_id(GROUP, "r" in opts or "system" in opts)
    if gid_text and accounts.find(GROUP, gid_text, 2):
        proc.err(f"groupadd: GID '{gid}' already exists\n")
        return 4
    accounts.add(GROUP, [name, "x", str(gid), ""])
    accounts.add(GSHADOW, [name, "!", "", ""])
    accounts.save()
    return 0


def userdel(proc: Process) -> int:
    opts, words = _options(proc, "R")
    if len(words) != 1:
        proc.err("Usage: userdel [options] LOGIN\n")
        return E_USAGE
    if not _need_root(proc):
        return 1
    name = words[0]
    accounts = Accounts(proc)
    user = accounts.user(name)
    if user is None:
        proc.err(f"userdel: user '{name}' does not exist\n")
        return E_NOTFOUND
    for path in (PASSWD, SHADOW):
        accounts.remove(path, name)
    own_group = accounts.group(name)
    if own_group is not None and own_group[2] == user[3]:
        accounts.remove(GROUP, name)
        accounts.remove(GSHADOW, name)
    for group in accounts.files[GROUP]:
        if len(group) > 3:
            group[3] = ",".join(m for m in group[3].split(",") if m and m != name)
    accounts.save()
    if "r" in opts or "remove" in opts:
        proc.err(f"userdel: {name} mail spool (/var/mail/{name}) not found\n")
        accounts.target.remove(user[5])
    return 0


def groupdel(proc: Process) -> int:
    _, words = _options(proc, "")
    if len(words) != 1:
        proc.err("Usage: groupdel [options] GROUP\n")
        return E_USAGE
    if not _need_root(proc):
        return 1
    accounts = Accounts(proc)
    if accounts.group(words[0]) is None:
        proc.err(f"groupdel: group '{words[0]}' does not exist\n")
        return E_NOTFOUND
    accounts.remove(GROUP, words[0])
    accounts.remove(GSHADOW, words[0])
    accounts.save()
    return 0


def usermod(proc: Process) -> int:
    opts, words = _options(proc, "G,g,s,d,u,c,l,groups,shell,home,uid")
    if len(words) != 1:
        proc.err("Usage: usermod [options] LOGIN\n")
        return E_USAGE
    if not _need_root(proc):
        return 1
    accounts = Accounts(proc)
    user = accounts.user(words[0])
    if user is None:
        proc.err(f"usermod: user '{words[0]}' does not exist\n")
        return E_NOTFOUND
    groups = opts.get("G") or opts.get("groups")
    if groups is not None:
        for group in accounts.files[GROUP]:
            members = [m for m in (group[3].split(",") if len(group) > 3 else []) if m]
            if group[0] in groups.split(","):
                members = members if user[0] in members else members + [user[0]]
            elif "a" not in opts and "append" not in opts:
                members = [m for m in members if m != user[0]]
            while len(group) < 4:
                group.append("")
            group[3] = ",".join(members)
    for key, index in (("s", 6), ("shell", 6), ("d", 5), ("home", 5), ("u", 2), ("uid", 2), ("c", 4)):
        if opts.get(key):
            user[index] = opts[key]
    accounts.save()
    return 0


def adduser(proc: Process) -> int:
    """Debian's adduser: `adduser [--system] [--disabled-password] [--gecos G] [--ingroup G] NAME`."""
    opts, words = _options(proc, "gecos,ingroup,uid,gid,home,shell,firstuid,lastuid,comment")
    if not words or len(words) > 2:
        proc.err("adduser: Only one or two names allowed.\n" if words else
                 "adduser [--uid id] [--firstuid id] [--lastuid id]\n        [--gid id] [--firstgid id] "
                 "[--lastgid id] [--ingroup group]\n        [--add-extra-groups] [--shell shell]\n        "
                 "[--comment comment] [--home dir] [--no-create-home]\n        [--allow-all-names] "
                 "[--allow-bad-names]\n        [--disabled-password] [--disabled-login]\n        [--conf file] "
                 "[--quiet] [--verbose] [--debug]\n        user\n")
        return 1
    if not _need_root(proc):
        return 1
    if len(words) == 2:
        return _add_to_group(proc, words[0], words[1])
    name = words[0]
    accounts = Accounts(proc)
    if accounts.user(name):
        proc.err(f"fatal: The user `{name}' already exists.\n")
        return 1
    system = "system" in opts
    info = "" if "quiet" in opts else "info: "
    say = (lambda text: None) if "quiet" in opts else (lambda text: proc.out(f"{info}{text}\n"))
    say(f"Adding {'system ' if system else ''}user `{name}' ...")
    if not system:
        say("Selecting UID/GID from range 1000 to 59999 ...")
    group_name = opts.get("ingroup") or (name if not system or "group" in opts else "nogroup")
    group = accounts.group(group_name)
    if group is None:
        gid = int(opts["gid"]) if opts.get("gid") else accounts.free_id(GROUP, system)
        say(f"Adding new group `{group_name}' ({gid}) ...")
        accounts.add(GROUP, [group_name, "x", str(gid), ""])
        accounts.add(GSHADOW, [group_name, "!", "", ""])
    else:
        gid = int(group[2])
    uid = int(opts["uid"]) if opts.get("uid") else accounts.free_id(PASSWD, system)
    say(f"Adding new user `{name}' ({uid}) with group `{group_name} ({gid})' ...")
    home = opts.get("home") or (f"/home/{name}" if not system else "/nonexistent")
    shell = opts.get("shell") or ("/usr/sbin/nologin" if system else "/bin/bash")
    gecos = opts.get("gecos", opts.get("comment", ",,,"))
    accounts.add(PASSWD, [name, "x", str(uid), str(gid), gecos, home, shell])
    accounts.add(SHADOW, [name, "!" if "disabled-password" in opts or system else "*", _days(), "0", "99999", "7",
                          "", "", ""])
    accounts.save()
    if not system and "no-create-home" not in opts:
        say(f"Creating home directory `{home}' ...")
        say("Copying files from `/etc/skel' ...")
        _home(proc, accounts, home, uid, gid)
    if not system and not ({"disabled-password", "disabled-login"} & set(opts)):
        proc.out("New password: Retype new password: ")
        proc.err("passwd: Authentication token manipulation error\npasswd: password unchanged\n")
        proc.out("Try again? [y/N] ")
        proc.err(f"fatal: `/usr/bin/passwd {name}' returned error code 10. Exiting.\n")
        return 1
    return 0


def addgroup(proc: Process) -> int:
    """Debian's addgroup: `addgroup [--system] [--gid ID] NAME`."""
    opts, words = _options(proc, "gid")
    if len(words) != 1:
        proc.err("addgroup [--gid id] [--system] group\n")
        return 1
    if not _need_root(proc):
        return 1
    accounts = Accounts(proc)
    if accounts.group(words[0]):
        proc.err(f"fatal: The group `{words[0]}' already exists.\n")
        return 1
    gid = int(opts["gid"]) if opts.get("gid") else accounts.free_id(GROUP, "system" in opts)
    proc.out(f"info: Adding group `{words[0]}' (GID {gid}) ...\n")
    accounts.add(GROUP, [words[0], "x", str(gid), ""])
    accounts.add(GSHADOW, [words[0], "!", "", ""])
    accounts.save()
    return 0


def _add_to_group(proc: Process, user: str, group_name: str) -> int:
    accounts = Accounts(proc)
    group = accounts.group(group_name)
    if accounts.user(user) is None or group is None:
        proc.err(f"fatal: The {'user' if accounts.user(user) is None else 'group'} "
                 f"`{user if accounts.user(user) is None else group_name}' does not exist.\n")
        return 1
    proc.out(f"info: Adding user `{user}' to group `{group_name}' ...\n")
    while len(group) < 4:
        group.append("")
    group[3] = ",".join(filter(None, group[3].split(",") + [user]))
    accounts.save()
    return 0
