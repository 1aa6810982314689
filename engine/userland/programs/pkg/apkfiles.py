"""Alpine packages on disk: the files a package installs, and apk's database of them.

Shared by the catalog (the packages of `alpine` images) and by `apk` in a container:
/lib/apk/db/installed holds one stanza per package (`P:` name, `V:` version, `I:` installed size,
`D:` dependencies, then `F:` directories and `R:` files), /etc/apk/world the packages asked for.
"""
from __future__ import annotations

import re

from ....catalog.packages import Package

INSTALLED = "/lib/apk/db/installed"
WORLD = "/etc/apk/world"
REPOSITORIES = "/etc/apk/repositories"
CACHE = "/var/cache/apk"
ARCH = "x86_64"
PROGRAM_SHARE = 0.8


def install(target, pkg: Package, scale: float = 1.0) -> list[str]:
    """Write `pkg`'s files into `target` (a catalog Layout or a container's RootTarget); the paths written."""
    written: list[str] = []
    size = int(pkg.size * scale)
    programs = pkg.programs
    program_size = int(size * PROGRAM_SHARE / len(programs)) if programs else 0
    for path, program in programs:
        target.binary(path, program, max(program_size, 1024))
        written.append(path)
    rest = size - program_size * len(programs)
    if rest > 0:
        bulk = _bulk_path(pkg)
        target.bulk(bulk, rest)
        written.append(bulk)
    return written


def _bulk_path(pkg: Package) -> str:
    match = re.fullmatch(r"lib(.+?)(\d*)", pkg.name.removesuffix("-libs"))
    if pkg.name.startswith("lib") or pkg.name.endswith("-libs"):
        base = match.group(1) if match else pkg.name
        return f"/usr/lib/lib{base}.so.{(match.group(2) if match else '') or '1'}"
    return f"/usr/share/{pkg.name}/{pkg.name}.dat"


def stanza(pkg: Package, files: list[str]) -> str:
    lines = [f"P:{pkg.name}", f"V:{pkg.version}", f"A:{ARCH}", f"S:{pkg.download}", f"I:{pkg.size}"]
    if pkg.summary:
        lines.append(f"T:{pkg.summary}")
    if pkg.depends:
        lines.append("D:" + " ".join(pkg.depends))
    directory = None
    for path in sorted(files):
        head, _, name = path.lstrip("/").rpartition("/")
        if head != directory:
            lines.append(f"F:{head}")
            directory = head
        lines.append(f"R:{name}")
    return "\n".join(lines) + "\n\n"


def parse_installed(text: str) -> dict[str, dict[str, str]]:
    """{package: {"V": version, "I": size, ...}} (single-valued fields; files are left out)."""
    out: dict[str, dict[str, str]] = {}
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        for line in block.splitlines():
            key, sep, value = line.partition(":")
            if sep and key not in ("F", "R") and key not in fields:
                fields[key] = value
        if "P" in fields:
            out[fields["P"]] = fields
    return out


def files_of(text: str, name: str) -> list[str]:
    """The paths the stanza of package `name` lists."""
    for block in text.split("\n\n"):
        if f"P:{name}\n" not in block + "\n":
            continue
        out, directory = [], ""
        for line in block.splitlines():
            if line.startswith("F:"):
                directory = line[2:]
            elif line.startswith("R:"):
                out.append(f"/{directory}/{line[2:]}" if directory else f"/{line[2:]}")
        return out
    return []


def remove_stanza(text: str, name: str) -> str:
    return "".join(block + "\n\n" for block in text.split("\n\n")
                   if block.strip() and f"P:{name}\n" not in block + "\n")
