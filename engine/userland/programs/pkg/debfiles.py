"""Debian packages on disk: the files a package installs, and dpkg's database of them.

Shared by the catalog (the packages already in `debian` and `ubuntu` images) and by `apt-get`
and `dpkg` in a container, so an image's base packages and the ones a Dockerfile installs look
alike: a stanza in /var/lib/dpkg/status, a file list in /var/lib/dpkg/info/<name>.list, the
package's programs in /usr/bin, its documentation and libraries as declared-size bulk.
"""
from __future__ import annotations

import re

from ....catalog.packages import Package

STATUS = "/var/lib/dpkg/status"
INFO = "/var/lib/dpkg/info"
LIBDIR = "/usr/lib/x86_64-linux-gnu"
PROGRAM_SHARE = 0.8  # of a package's size, what its programs weigh (the rest: libraries, documentation)

# Packages that hold no machine code: apt and dpkg print them with architecture "all".
ARCH_ALL = frozenset("""
    adduser base-passwd ca-certificates debconf debian-archive-keyring git-man krb5-locales libldap-common
    libx11-data media-types netbase ncurses-base perl-modules-5.36 publicsuffix python3-distutils
    python3-lib2to3 python3-pip python3-pip-whl python3-pkg-resources python3-setuptools
    python3-setuptools-whl python3-wheel readline-common tzdata usr-is-merged vim-common vim-runtime
    mercurial-common liberror-perl libalgorithm-diff-perl libalgorithm-merge-perl libdpkg-perl dpkg-dev
    autoconf automake libtool nginx-common apache2-data postgresql-client-common libsemanage-common
    libaudit-common libtirpc-common build-essential sq
""".split())


def arch(pkg: Package) -> str:
    return "all" if pkg.name in ARCH_ALL else "amd64"


def qualified(pkg: Package) -> str:
    """The name dpkg prints: libraries are Multi-Arch: same, so they carry their architecture."""
    return f"{pkg.name}:amd64" if pkg.name.startswith("lib") and arch(pkg) != "all" else pkg.name


def install(target, pkg: Package, scale: float = 1.0) -> list[str]:
    """Write `pkg`'s files into `target` (a catalog Layout or a container's RootTarget).

    Returns the paths written, for the package's file list. `scale` shrinks the bulk so a base
    image adds up to the official image's size.
    """
    written: list[str] = []
    size = int(pkg.size * scale)
    programs = pkg.programs
    program_size = int(size * PROGRAM_SHARE / len(programs)) if programs else 0
    for path, program in programs:
        target.binary(path, program, max(program_size, 1024))
        written.append(path)
        for alias in _aliases(path):
            target.link(alias, path.rsplit("/", 1)[1])
            written.append(alias)
    doc = f"/usr/share/doc/{pkg.name}/copyright"
    target.file(doc, f"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
                     f"Upstream-Name: {pkg.name}\n")
    written.append(doc)
    rest = size - program_size * len(programs)
    if rest > 0:
        bulk = _bulk_path(pkg)
        target.bulk(bulk, rest)
        written.append(bulk)
    return written


def _aliases(path: str) -> list[str]:
    """The names a versioned or flavoured program also answers to: python3.11 as python3, gcc-12
    as gcc, vim.basic as vim and vi, nc.openbsd as nc (links, or alternatives on a real system)."""
    directory, name = path.rsplit("/", 1)
    plain = re.sub(r"(\.[a-z0-9]+|-\d+)$", "", name)
    if not plain or plain == name:
        return []
    return [f"{directory}/{plain}"] + ([f"{directory}/vi"] if plain == "vim" else [])


def _bulk_path(pkg: Package) -> str:
    match = re.fullmatch(r"lib(.+?)-?(\d[\w.]*)", pkg.name)
    if match and arch(pkg) != "all":
        return f"{LIBDIR}/lib{match.group(1)}.so.{match.group(2)}"
    if pkg.programs:
        return f"/usr/share/doc/{pkg.name}/changelog.Debian.gz"
    return f"/usr/share/{pkg.name}/{pkg.name}.dat"


# ---------------------------------------------------------------- /var/lib/dpkg/status
def stanza(pkg: Package, version: str, priority: str = "optional") -> dict[str, str]:
    fields = {"Package": pkg.name, "Status": "install ok installed", "Priority": priority,
              "Installed-Size": str(pkg.size // 1024), "Architecture": arch(pkg), "Version": version}
    if pkg.depends:
        fields["Depends"] = ", ".join(pkg.depends)
    if pkg.recommends:
        fields["Recommends"] = ", ".join(pkg.recommends)
    if pkg.suggests:
        fields["Suggests"] = ", ".join(pkg.suggests)
    fields["Description"] = pkg.summary or f"{pkg.name} package"
    return fields


def parse_status(text: str) -> dict[str, dict[str, str]]:
    """The status file as {package: {field: value}}, in file order."""
    out: dict[str, dict[str, str]] = {}
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith((" ", "\t")) and key:
                fields[key] += "\n" + line
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if "Package" in fields:
            out[fields["Package"]] = fields
    return out


def render_status(entries: dict[str, dict[str, str]]) -> str:
    return "".join("".join(f"{k}: {v}\n" for k, v in fields.items()) + "\n"
                   for _, fields in sorted(entries.items()))


def file_count(entries: dict[str, dict[str, str]]) -> int:
    """What dpkg reports as "files and directories currently installed": about one per 20 KiB."""
    return sum(max(3, int(fields.get("Installed-Size", "0")) // 20) for fields in entries.values())
