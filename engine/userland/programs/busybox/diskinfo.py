"""How much, where and what: du, df, stat and mount.

Space is counted as fsinfo counts it (4 KiB blocks); the disks and mounts are those of `mounts`.
"""
from __future__ import annotations

import stat as st
import time

from ....container.rootfs import Stat
from ...process import Process
from . import accounts, machine
from .common import Fatal, error, human_size, perror, strerror
from .fsinfo import BLOCK, apparent_size, blocks_1k, file_type, mode_string, utc
from .mounts import mount_of, mount_table
from .numbers import parse_int
from .options import UsageError, parse

DEVICE = 0x2E  # the overlay filesystem's device number, as `stat` shows it in a container


# ---------------------------------------------------------------- du
class DiskUsage:
    def __init__(self, proc: Process, opts):
        self.proc = proc
        self.opts = opts
        self.max_depth = parse_int(opts.value("d")) if "d" in opts else None
        if "s" in opts:
            self.max_depth = 0
        self.seen: set[str] = set()
        self.status = 0

    def size(self, s: Stat) -> int:
        return apparent_size(s) if "b" in self.opts else blocks_1k(s)

    def show(self, amount: int, name: str) -> None:
        opts = self.opts
        if "h" in opts:
            text = human_size(amount, 1 if "b" in opts else 1024)
        elif "b" in opts:
            text = str(amount)
        elif "m" in opts:
            text = str(-(-amount // 1024))
        else:
            text = str(amount)
        self.proc.out(f"{text}\t{name}\n")

    def walk(self, name: str, path: str, depth: int, follow: bool) -> int:
        fs = self.proc.fs
        try:
            s = fs.stat(path) if follow else fs.lstat(path)
        except OSError as e:
            perror(self.proc, name, e)
            self.status = 1
            return 0
        if st.S_ISDIR(s.st_mode):
            real = fs.realpath(path)
            if real in self.seen:  # counted already (the same directory named twice)
                return 0
            self.seen.add(real)
        total = self.size(s)
        if st.S_ISDIR(s.st_mode):
            for child in fs.listdir(path):
                total += self.walk(f"{name.rstrip('/')}/{child}", f"{path.rstrip('/')}/{child}", depth + 1,
                                   "L" in self.opts)
            if self.max_depth is None or depth <= self.max_depth:
                self.show(total, name)
        elif "a" in self.opts and (self.max_depth is None or depth <= self.max_depth) or depth == 0:
            self.show(total, name)
        return total


def du(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "aHkLlsxd:hcmb")
    usage = DiskUsage(proc, opts)
    grand = 0
    for name in names or ["."]:
        try:
            path = proc.abspath(name)
        except OSError as e:
            perror(proc, name, e)
            usage.status = 1
            continue
        grand += usage.walk(name, path, 0, "H" in opts or "L" in opts)
    if "c" in opts:
        usage.show(grand, "total")
    return usage.status


# ---------------------------------------------------------------- df
def df(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "PkmhTaiB:t:")
    chosen = []
    status = 0
    if names:
        for name in names:
            try:
                proc.fs.stat(proc.abspath(name))
            except OSError:
                error(proc, f"{name}: can't find mount point")
                status = 1
                continue
            chosen.append(mount_of(proc, proc.fs.realpath(proc.abspath(name))))
    else:
        chosen = [m for m in mount_table(proc) if m.total_kb or "a" in opts]
    if "t" in opts:
        chosen = [m for m in chosen if m.fstype == opts.value("t")]
    unit = 1024 * 1024 if "m" in opts else parse_int(opts.value("B")) if "B" in opts else 1024
    if "h" in opts:
        blocks_head = "     Size"
    elif "P" in opts and unit == 1024:
        blocks_head = "1024-blocks"
    else:
        blocks_head = f"{human_size(unit, fraction=False)}-blocks"
    lines = ["Filesystem           " + ("Type       " if "T" in opts else "") + f"{blocks_head:<15}"
             + "Used Available " + ("Capacity" if "P" in opts else "Use%") + " Mounted on\n"]
    for m in chosen:
        used_and_free = m.used_kb + m.available_kb
        percent = -(-m.used_kb * 100 // used_and_free) if used_and_free else 0
        if "h" in opts:
            cells = [human_size(v, 1024) for v in (m.total_kb, m.used_kb, m.available_kb)]
        else:
            cells = [str(v * 1024 // unit) for v in (m.total_kb, m.used_kb, m.available_kb)]
        kind = f" {m.fstype:<10}" if "T" in opts else ""
        lines.append(f"{m.device:<20}{kind} {cells[0]:>9} {cells[1]:>9} {cells[2]:>9} {percent:3d}% {m.point}\n")
    proc.out("".join(lines))
    return status


# ---------------------------------------------------------------- mount
def mount(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "o:t:rwanfvsiO:")
    if names:
        # A container has no CAP_SYS_ADMIN: the kernel refuses every mount with EPERM.
        raise Fatal("permission denied (are you root?)", status=255)
    wanted = opts.value("t")
    for m in mount_table(proc):
        if wanted is None or m.fstype == wanted:
            proc.out(f"{m.device} on {m.point} type {m.fstype} ({m.options})\n")
    return 0


# ---------------------------------------------------------------- stat
def stat(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "c:fLt")
    if not names:
        raise UsageError()
    status = 0
    for name in names:
        if "f" in opts:
            proc.out(_filesystem_status(name, opts.value("c"), "t" in opts))
            continue
        try:
            path = proc.abspath(name)
            s = proc.fs.stat(path) if "L" in opts else proc.fs.lstat(path)
        except OSError as e:
            error(proc, f"can't stat '{name}': {strerror(e)}")
            status = 1
            continue
        info = FileInfo(proc, name, path, s)
        if "c" in opts:
            proc.out(info.format(opts.value("c") or "") + "\n")
        elif "t" in opts:
            proc.out(info.format("%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %o") + "\n")
        else:
            proc.out(info.describe())
    return status


class FileInfo:
    """One file's `stat` fields, by format letter."""

    def __init__(self, proc: Process, name: str, path: str, s: Stat):
        self.proc, self.name, self.path, self.s = proc, name, path, s

    def _time(self) -> str:
        """All three times are the modification time: the container filesystem keeps only that."""
        t = self.s.st_mtime
        nanos = min(int(round((t - int(t)) * 1e9)), 999_999_999)
        return time.strftime("%Y-%m-%d %H:%M:%S", utc(t)) + f".{nanos:09d} +0000"

    def _user(self) -> str:
        user = accounts.user_by_uid(self.proc, self.s.st_uid)
        return user.name if user else "UNKNOWN"

    def _group(self) -> str:
        group = accounts.group_by_gid(self.proc, self.s.st_gid)
        return group.name if group else "UNKNOWN"

    def _quoted_name(self) -> str:
        if st.S_ISLNK(self.s.st_mode):
            return f"'{self.name}' -> '{self.proc.fs.readlink(self.path)}'"
        return self.name

    def _type(self) -> str:
        if st.S_ISREG(self.s.st_mode) and self.s.st_size == 0:
            return "regular empty file"
        return file_type(self.s.st_mode)

    def field(self, letter: str) -> str:
        s = self.s
        values = {
            "a": lambda: f"{s.st_mode & 0o7777:o}", "A": lambda: mode_string(s.st_mode),
            "b": lambda: str(blocks_1k(s) * 2), "B": lambda: "512", "d": lambda: str(DEVICE),
            "D": lambda: f"{DEVICE:x}", "f": lambda: f"{s.st_mode:x}", "F": self._type,
            "g": lambda: str(s.st_gid), "G": self._group, "h": lambda: str(s.st_nlink),
            "i": lambda: str(s.st_ino), "n": lambda: self.name, "N": self._quoted_name,
            "o": lambda: str(BLOCK), "s": lambda: str(apparent_size(s)),
            "t": lambda: f"{s.st_rdev[0]:x}", "T": lambda: f"{s.st_rdev[1]:x}",
            "u": lambda: str(s.st_uid), "U": self._user,
            "x": self._time, "y": self._time, "z": self._time,
            "X": lambda: str(int(s.st_mtime)), "Y": lambda: str(int(s.st_mtime)), "Z": lambda: str(int(s.st_mtime)),
        }
        make = values.get(letter)
        return make() if make else letter

    def format(self, fmt: str) -> str:
        out = []
        i = 0
        while i < len(fmt):
            if fmt[i] == "%" and i + 1 < len(fmt):
                out.append("%" if fmt[i + 1] == "%" else self.field(fmt[i + 1]))
                i += 2
            else:
                out.append(fmt[i])
                i += 1
        return "".join(out)

    def describe(self) -> str:
        s = self.s
        name = self._quoted_name() if st.S_ISLNK(s.st_mode) else self.name
        if st.S_ISCHR(s.st_mode) or st.S_ISBLK(s.st_mode):
            links = f"Links: {s.st_nlink:<5} Device type: {s.st_rdev[0]:x},{s.st_rdev[1]:x}"
        else:
            links = f"Links: {s.st_nlink}"
        time_text = self._time()
        return (f"  File: {name}\n"
                f"  Size: {apparent_size(s):<10}\tBlocks: {blocks_1k(s) * 2:<10} IO Block: {BLOCK:<6} {self._type()}\n"
                f"Device: {DEVICE:x}h/{DEVICE}d\tInode: {s.st_ino:<10}  {links}\n"
                f"Access: ({s.st_mode & 0o7777:04o}/{mode_string(s.st_mode)})  "
                f"Uid: ({s.st_uid:5d}/{self._user():>8})   Gid: ({s.st_gid:5d}/{self._group():>8})\n"
                f"Access: {time_text}\nModify: {time_text}\nChange: {time_text}\n")


def _filesystem_status(name: str, fmt: str | None, terse: bool) -> str:
    """stat -f: the overlay filesystem every container path is on (busybox calls it ext2/ext3)."""
    blocks = machine.DISK_TOTAL_KB // 4
    free = machine.DISK_AVAILABLE_KB // 4
    fields = {"n": name, "i": "0", "l": "255", "t": "ef53", "T": "ext2/ext3", "s": "4096", "S": "4096",
              "b": str(blocks), "f": str(free), "a": str(free), "c": "3907584", "d": "3543321"}
    if fmt is not None:
        out, i = [], 0
        while i < len(fmt):
            if fmt[i] == "%" and i + 1 < len(fmt):
                out.append(fields.get(fmt[i + 1], fmt[i + 1]) if fmt[i + 1] != "%" else "%")
                i += 2
            else:
                out.append(fmt[i])
                i += 1
        return "".join(out) + "\n"
    if terse:
        return f"{name} 0 255 ef53 4096 4096 {blocks} {free} {free} 3907584 3543321\n"
    return (f"  File: \"{name}\"\n    ID: 0        Namelen: 255     Type: ext2/ext3\n"
            f"Block size: 4096      \nBlocks: Total: {blocks:<10} Free: {free:<10} Available: {free}\n"
            f"Inodes: Total: 3907584    Free: 3543321\n")
