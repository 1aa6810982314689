"""ls: list directory contents, in busybox 1.35's formats.

Output is one name per line unless stdout is a terminal (then columns as wide as $COLUMNS, 80 by
default), as `docker run busybox ls` and `docker run -t busybox ls` show. Operands that are files
are listed first, then each directory under a `DIR:` heading when there is more than one operand.
"""
from __future__ import annotations

import re
import stat as st
import time
from dataclasses import dataclass

from ....container.rootfs import Stat
from ...process import Process
from .accounts import NameCache
from .common import human_size, perror, stat_path
from .fsinfo import apparent_size, blocks_1k, mode_string, utc
from .numbers import parse_int
from .options import Options, parse

SPEC = "1AaCxdLHRFplinshrSXvctuw:"
LONG = {"full-time": "full-time", "group-directories-first": "group-directories-first", "color=?": "color"}
_ESCAPES = re.compile("\x1b\\[[0-9;]*m")
HALF_YEAR = 365 * 24 * 3600 // 2
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass
class Entry:
    name: str  # as displayed: the operand itself, or the name inside its directory
    path: str  # absolute container path
    stat: Stat
    link_target: str | None = None
    listed: bool = False  # named on the command line (so shown in error paths as typed)


class Listing:
    """One run of ls: its options, and where its output goes."""

    def __init__(self, proc: Process, opts: Options):
        self.proc = proc
        self.opts = opts
        self.long = "l" in opts or "n" in opts
        # Columns on a terminal, or when asked for with -C/-x; one name per line otherwise.
        layout = opts.last_of("1", "C", "x")
        self.columns = not self.long and (layout in ("C", "x") or (layout is None and proc.stdout.isatty()))
        self.width = parse_int(opts.value("w") or proc.env.get("COLUMNS") or "80")
        self.color = _wants_color(opts.value("color") if "color" in opts else "never", proc)
        self.names = NameCache(proc) if self.long and "n" not in opts else None
        self.now = time.time()
        self.status = 0

    # -- gathering
    def stat_entry(self, name: str, path: str | None, follow: bool, shown: str | None = None) -> Entry | None:
        """The entry for `path` (by default, the operand `name`'s), or None after reporting it as
        `shown` (the path as typed)."""
        try:
            path = path or self.proc.abspath(name)
            s = stat_path(self.proc.fs, path, follow)
        except OSError as e:
            perror(self.proc, shown or name, e)
            self.status = 1
            return None
        target = None
        if st.S_ISLNK(s.st_mode):
            try:
                target = self.proc.fs.readlink(path)
            except OSError:
                target = ""
        return Entry(name, path, s, target)

    def children(self, directory: Entry) -> list[Entry]:
        try:
            names = self.proc.fs.listdir(directory.path)
        except OSError as e:
            perror(self.proc, directory.name, e)
            self.status = 1
            return []
        if "a" not in self.opts and "A" not in self.opts:
            names = [n for n in names if not n.startswith(".")]
        if "a" in self.opts:  # -a wins over -A, whatever their order
            names = [".", ".."] + names
        base = directory.path.rstrip("/")
        shown = "" if directory.name == "." and not directory.listed else directory.name.rstrip("/") + "/"
        entries = []
        for n in names:
            e = self.stat_entry(n, f"{base}/{n}", "L" in self.opts or n in (".", ".."), shown + n)
            if e:
                entries.append(e)
        return entries

    def sort(self, entries: list[Entry]) -> list[Entry]:
        opts = self.opts
        if "S" in opts:
            entries = sorted(entries, key=lambda e: (-apparent_size(e.stat), e.name))
        elif "t" in opts:
            entries = sorted(entries, key=lambda e: (-e.stat.st_mtime, e.name))
        else:
            entries = sorted(entries, key=lambda e: e.name.encode())
        if "group-directories-first" in opts:
            entries = sorted(entries, key=lambda e: not st.S_ISDIR(e.stat.st_mode))
        return entries[::-1] if "r" in opts else entries

    # -- printing
    def show(self, entries: list[Entry]) -> None:
        if self.long or not self.columns:
            for e in entries:
                self.proc.out(self.line(e) + "\n")
        else:
            self.proc.out(self.in_columns(entries))

    def line(self, e: Entry) -> str:
        opts, s = self.opts, e.stat
        parts = []
        if "i" in opts:
            parts.append("%7d " % s.st_ino)
        if "s" in opts:
            parts.append("%6d " % blocks_1k(s))
        if self.long:
            parts.append(f"{mode_string(s.st_mode)} {s.st_nlink:4d} {self.owner(s)} {self.size(s)} {self.date(s)} ")
        parts.append(self.colored(e) + self.indicator(e))
        if self.long and e.link_target is not None:
            parts.append(" -> " + e.link_target)
        return "".join(parts)

    def owner(self, s: Stat) -> str:
        user = (self.names.user(s.st_uid) if self.names else None) or str(s.st_uid)
        group = (self.names.group(s.st_gid) if self.names else None) or str(s.st_gid)
        return f"{user[:8]:<8} {group[:8]:<8}"

    def size(self, s: Stat) -> str:
        if st.S_ISCHR(s.st_mode) or st.S_ISBLK(s.st_mode):
            return "%4d,%4d" % s.st_rdev
        if "h" in self.opts:
            return "%7s" % human_size(apparent_size(s))
        return "%9d" % apparent_size(s)

    def date(self, s: Stat) -> str:
        t = utc(s.st_mtime)
        if "full-time" in self.opts:
            return time.strftime("%Y-%m-%d %H:%M:%S +0000", t)
        age = self.now - s.st_mtime
        day = f"{MONTHS[t.tm_mon - 1]} {t.tm_mday:2d}"
        if -15 * 60 < age < HALF_YEAR:
            return f"{day} {t.tm_hour:02d}:{t.tm_min:02d}"
        return f"{day}  {t.tm_year}"

    def colored(self, e: Entry) -> str:
        if not self.color:
            return e.name
        return f"\x1b[{_color_of(e.stat.st_mode)}m{e.name}\x1b[m"

    def indicator(self, e: Entry) -> str:
        mode = e.stat.st_mode
        if "F" in self.opts:
            if st.S_ISLNK(mode):
                return "" if self.long else "@"
            if st.S_ISDIR(mode):
                return "/"
            if st.S_ISFIFO(mode):
                return "|"
            if st.S_ISSOCK(mode):
                return "="
            return "*" if mode & 0o111 and st.S_ISREG(mode) else ""
        if "p" in self.opts and st.S_ISDIR(mode):
            return "/"
        return ""

    def in_columns(self, entries: list[Entry]) -> str:
        """Columns of equal width (longest entry + 2), filled down each column (across with -x)."""
        if not entries:
            return ""
        cells = [self.line(e) for e in entries]
        widths = [len(_ESCAPES.sub("", c)) for c in cells]
        # busybox budgets 8 columns for an inode and 5 (not 7) for a block count
        col_width = max(len(e.name) + len(self.indicator(e)) for e in entries) + 2
        col_width += (8 if "i" in self.opts else 0) + (5 if "s" in self.opts else 0)
        ncols = max(1, self.width // col_width)
        nrows = -(-len(cells) // ncols)
        across = self.opts.last_of("C", "x") == "x"
        out = []
        for row in range(nrows):
            line, used = "", 0
            for col in range(ncols):
                i = row * ncols + col if across else col * nrows + row
                if i < len(cells):
                    line += " " * max(col * col_width - used, 0) + cells[i]
                    used = col * col_width + widths[i]
            out.append(line + "\n")
        return "".join(out)

    def total(self, entries: list[Entry]) -> str:
        blocks = sum(blocks_1k(e.stat) for e in entries)
        if "h" in self.opts:
            return "total %-7s\n" % human_size(blocks * 1024, fraction=False)
        return f"total {blocks}\n"


def ls(proc: Process) -> int:
    opts, operands = parse(proc.argv[1:], SPEC, LONG)
    listing = Listing(proc, opts)
    show_dirs_as_files = "d" in opts
    # A symlink named on the command line is followed, unless what is shown is the link itself.
    follow_operands = "L" in opts or "H" in opts or not (listing.long or any(o in opts for o in "Fsi"))
    files: list[Entry] = []
    dirs: list[Entry] = []
    for name in operands or ["."]:
        e = listing.stat_entry(name, None, follow_operands)
        if e is None:
            continue
        e.listed = True
        if st.S_ISDIR(e.stat.st_mode) and not show_dirs_as_files:
            dirs.append(e)
        else:
            files.append(e)
    files = listing.sort(files)
    dirs = listing.sort(dirs)
    listing.show(files)
    headed = len(operands) > 1 or "R" in opts
    for i, d in enumerate(dirs):
        _list_dir(listing, d, headed, first=not files and i == 0)
    return listing.status


def _wants_color(when: str | None, proc: Process) -> bool:
    """--color alone or =always colours; =auto only on a terminal; busybox's default is never."""
    if when in (None, "always", "yes", "force"):
        return True
    if when in ("auto", "tty", "if-tty"):
        return proc.stdout.isatty()
    return False


def _color_of(mode: int) -> str:
    """busybox's colours: directories blue, links cyan, executables green, devices magenta."""
    if st.S_ISDIR(mode):
        return "1;34"
    if st.S_ISLNK(mode):
        return "1;36"
    if st.S_ISFIFO(mode):
        return "0;35"
    if st.S_ISCHR(mode) or st.S_ISBLK(mode) or st.S_ISSOCK(mode):
        return "1;35"
    if mode & 0o111:
        return "1;32"
    return "0;0"


def _list_dir(listing: Listing, d: Entry, headed: bool, first: bool) -> None:
    proc, opts = listing.proc, listing.opts
    if headed:
        proc.out(("" if first else "\n") + f"{d.name}:\n")
    entries = listing.sort(listing.children(d))
    if listing.long or "s" in opts:
        proc.out(listing.total(entries))
    listing.show(entries)
    if "R" in opts:
        for e in entries:
            if st.S_ISDIR(e.stat.st_mode) and e.name not in (".", ".."):
                sub = Entry(f"{d.name.rstrip('/')}/{e.name}", e.path, e.stat)
                _list_dir(listing, sub, True, first=False)
