"""`bash` and `dash` of the Debian and Ubuntu images, run by dockyard's POSIX shell.

The shell interpreter is busybox ash's (`userland.sh`); these entry points give it the names
Debian's shells have, answer `bash --version`, and give an interactive bash the prompt Debian's
/etc/bash.bashrc sets (`root@3f4e8a2c1b9d:/# `).
"""
from __future__ import annotations

import dataclasses

from ...process import Process

DEBIAN_PS1 = "${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ "
BASH_VERSIONS = {"5.2.15": 2022, "5.2.21": 2022, "5.1": 2020, "5.0": 2019, "4.4": 2016, "4.3": 2013}


def bash(proc: Process) -> int:
    from ...sh import main as sh_main
    if proc.argv[1:2] == ["--version"]:
        proc.out(_version(proc))
        return 0
    interactive = len(proc.argv) == 1 and proc.stdin.isatty() and proc.stdout.isatty()
    if (interactive or "-i" in proc.argv[1:]) and "PS1" not in proc.env:
        proc = dataclasses.replace(proc, env=dict(proc.env, PS1=DEBIAN_PS1))
    return sh_main(proc)


def dash(proc: Process) -> int:
    from ...sh import main as sh_main
    return sh_main(proc)


def _version(proc: Process) -> str:
    from .versions import installed_version
    version = installed_version(proc, "bash")
    if version == "unknown":
        version = "5.2.15"
    full = version if version.count(".") >= 2 else f"{version}.0"
    year = BASH_VERSIONS.get(version, BASH_VERSIONS.get(".".join(version.split(".")[:2]), 2022))
    return (f"GNU bash, version {full}(1)-release (x86_64-pc-linux-gnu)\nCopyright (C) {year} Free Software "
            "Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\n"
            "This is free software; you are free to change and redistribute it.\n"
            "There is NO WARRANTY, to the extent permitted by law.\n")
