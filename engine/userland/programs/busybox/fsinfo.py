"""How files look to the tools that describe them (ls, du, stat, find, tar): modes, sizes, blocks, dates.

The container's filesystem keeps no allocation data, so space is counted as an ext4/overlay disk
would: a directory occupies one 4 KiB block and shows size 4096, a regular file whole 4 KiB blocks,
a symlink or device none. Dates are shown in UTC, the zone of a container without /etc/localtime.
"""
from __future__ import annotations

import stat as st
import time

from ....container.rootfs import Stat

BLOCK = 4096
DIR_SIZE = 4096

_TYPE_CHARS = [(st.S_ISDIR, "d"), (st.S_ISLNK, "l"), (st.S_ISCHR, "c"), (st.S_ISBLK, "b"),
               (st.S_ISFIFO, "p"), (st.S_ISSOCK, "s")]


def apparent_size(s: Stat) -> int:
    if st.S_ISDIR(s.st_mode) and s.st_size == 0:
        return DIR_SIZE
    return s.st_size


def blocks_1k(s: Stat) -> int:
    """Disk usage in 1 KiB units (what `ls -s` and `du` print)."""
    if st.S_ISDIR(s.st_mode):
        return BLOCK // 1024
    if st.S_ISREG(s.st_mode):
        return -(-s.st_size // BLOCK) * (BLOCK // 1024)
    return 0


def mode_string(mode: int) -> str:
    """`-rwxr-xr-x`, with s/S, t/T for setuid, setgid and sticky bits."""
    kind = next((ch for test, ch in _TYPE_CHARS if test(mode)), "-")
    chars = [kind]
    for who, special, special_ch in ((6, st.S_ISUID, "s"), (3, st.S_ISGID, "s"), (0, st.S_ISVTX, "t")):
        bits = (mode >> who) & 7
        chars.append("r" if bits & 4 else "-")
        chars.append("w" if bits & 2 else "-")
        if mode & special:
            chars.append(special_ch if bits & 1 else special_ch.upper())
        else:
            chars.append("x" if bits & 1 else "-")
    return "".join(chars)


def file_type(mode: int) -> str:
    """The words `stat` and `find -printf %y`-like tools use for a file's type."""
    if st.S_ISREG(mode):
        return "regular file"
    if st.S_ISDIR(mode):
        return "directory"
    if st.S_ISLNK(mode):
        return "symbolic link"
    if st.S_ISCHR(mode):
        return "character special file"
    if st.S_ISBLK(mode):
        return "block special file"
    if st.S_ISFIFO(mode):
        return "fifo"
    if st.S_ISSOCK(mode):
        return "socket"
    return "weird file"


def utc(t: float) -> time.struct_time:
    """The broken-down UTC time, named "UTC" (not Python's "GMT") for strftime's %Z."""
    return time.struct_time(tuple(time.gmtime(int(t)))[:9] + ("UTC", 0))
