"""GNU `ls -l` columns: each as wide as its widest entry, where busybox pads to fixed widths.

busybox prints `-rw-r--r--    1 root     root             0 Nov 22 06:45 a`; GNU coreutils
sizes every column of one listing to its contents: `-rw-r--r-- 1 root root    0 Nov 22 06:45 a`
(link counts and sizes right-aligned, owner and group left-aligned, a device's "major, minor"
aligned as two numbers). Lines that are not long-format entries ("total 4", "dir:", blank)
pass through and separate one listing from the next.
"""
from __future__ import annotations

import re

ENTRY = re.compile(r"^([-dlcbps][-rwxsStT]{9}[.+@]?)\s+(\d+)\s+(?:(\S+)\s+)?(\S+)\s+(\d+,\s*\d+|\d+)\s+"
                   r"(\w{3} [ \d]\d (?: \d{4}|\d\d:\d\d)) (.*)$")


def realign(text: str) -> str:
    out: list[str] = []
    block: list[re.Match] = []
    for line in text.split("\n"):
        match = ENTRY.match(line)
        if match:
            block.append(match)
            continue
        out += _format(block)
        block = []
        out.append(line)
    out += _format(block)
    return "\n".join(out)


def _format(block: list[re.Match]) -> list[str]:
    if not block:
        return []
    rows = [m.groups() for m in block]
    links = max(len(r[1]) for r in rows)
    owner = max(len(r[2] or "") for r in rows)
    group = max(len(r[3]) for r in rows)
    devices = [r[4] for r in rows if "," in r[4]]
    major = max((len(d.split(",")[0]) for d in devices), default=0)
    minor = max((len(d.split(",")[1].strip()) for d in devices), default=0)
    size = max([len(r[4]) for r in rows if "," not in r[4]] + ([major + 2 + minor] if devices else []))
    lines = []
    for perms, nlink, user, grp, amount, date, name in rows:
        if "," in amount:
            hi, lo = (part.strip() for part in amount.split(","))
            amount = f"{hi:>{major}}, {lo:>{minor}}".rjust(size)
        owner_col = f" {user:<{owner}}" if user is not None else ""
        lines.append(f"{perms} {nlink:>{links}}{owner_col} {grp:<{group}} {amount:>{size}} {date} {name}")
    return lines
