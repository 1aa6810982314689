"""`--version` of the GNU tools, for the release the container runs.

The version is the installed package's (read from dpkg's status), so a tool says 9.1 on Debian
12 and 9.4 on Ubuntu 24.04. Authors are printed for the tools listed here; for the others the
"Written by" paragraph is left out rather than guessed.
"""
from __future__ import annotations

import re

from ...process import Process
from ..pkg import debfiles

COREUTILS = frozenset("""[ arch b2sum base32 base64 basename basenc cat chcon chgrp chmod chown cksum comm cp csplit cut
    date dd df dir dircolors dirname du echo env expand expr factor false fmt fold groups head hostid id install
    join link ln logname ls md5sum mkdir mkfifo mknod mktemp mv nice nl nohup nproc numfmt od paste pathchk pinky pr
    printenv printf ptx pwd readlink realpath rm rmdir runcon seq sha1sum sha224sum sha256sum sha384sum sha512sum
    shred shuf sleep sort split stat stdbuf stty sum sync tac tail tee test timeout touch tr true truncate tsort tty
    uname unexpand uniq unlink users vdir wc who whoami yes""".split())
PACKAGE_OF = {"grep": "grep", "egrep": "grep", "fgrep": "grep", "sed": "sed", "tar": "tar", "find": "findutils",
              "xargs": "findutils", "gzip": "gzip", "diff": "diffutils", "cmp": "diffutils"}
PROJECT = {"findutils": "findutils", "diffutils": "diffutils"}
AUTHORS = {
    "ls": "Richard M. Stallman and David MacKenzie", "dir": "Richard M. Stallman and David MacKenzie",
    "cat": "Torbjorn Granlund and Richard M. Stallman", "cp": "Torbjorn Granlund, David MacKenzie, and Jim Meyering",
    "mv": "Mike Parker, David MacKenzie, and Jim Meyering", "mkdir": "David MacKenzie", "rmdir": "David MacKenzie",
    "rm": "Paul Rubin, David MacKenzie, Richard M. Stallman,\nand Jim Meyering", "echo": "Brian Fox and Chet Ramey",
    "head": "David MacKenzie and Jim Meyering", "wc": "Paul Rubin and David MacKenzie",
    "tail": "Paul Rubin, David MacKenzie, Ian Lance Taylor,\nand Jim Meyering", "sort": "Mike Haertel and Paul Eggert",
    "pwd": "Jim Meyering", "true": "Jim Meyering", "false": "Jim Meyering", "whoami": "Richard Mlynarik",
    "uname": "David MacKenzie", "date": "David MacKenzie", "chmod": "David MacKenzie and Jim Meyering",
    "sleep": "Jim Meyering and Paul Eggert", "env": "Richard Mlynarik, David MacKenzie, and Assaf Gordon",
    "touch": "Paul Rubin, Arnold Robbins, Jim Kingdon,\nDavid MacKenzie, and Randy Smith",
}
YEARS = {"9.4": 2023, "9.1": 2022, "8.32": 2020, "8.30": 2018, "8.28": 2017, "8.25": 2016, "8.21": 2013,
         "3.8": 2022, "3.11": 2023, "3.7": 2021, "4.9": 2022, "4.8": 2020, "1.34": 2021, "1.35": 2023,
         "4.9.0": 2022, "1.12": 2023, "3.8.1": 2021}
LICENSE = ("License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
           "This is free software: you are free to change and redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law.\n")


def upstream(version: str) -> str:
    """'1:9.1-1' -> '9.1', '4.9-1' -> '4.9', '1.34+dfsg-1.2' -> '1.34'."""
    version = version.split(":", 1)[-1]
    return re.split(r"[-+~]", version)[0]


def installed_version(proc: Process, package: str) -> str:
    from ..pkg.target import RootTarget
    status = debfiles.parse_status(RootTarget(proc.fs).read(debfiles.STATUS).decode(errors="replace"))
    return upstream(status.get(package, {}).get("Version", "")) or "unknown"


def version_text(proc: Process, name: str) -> str:
    package = "coreutils" if name in COREUTILS else PACKAGE_OF.get(name, "")
    if not package:
        return f"{name}: --version is not supported in dockyard yet\n"
    version = installed_version(proc, package)
    project = "coreutils" if package == "coreutils" else PROJECT.get(package, package)
    year = YEARS.get(version, 2022)
    text = f"{name} (GNU {project}) {version}\nCopyright (C) {year} Free Software Foundation, Inc.\n{LICENSE}"
    if name in AUTHORS:
        text += f"\nWritten by {AUTHORS[name]}.\n"
    return text
