"""Installed tools dockyard does not simulate: they answer `--version`, and say what they are otherwise.

`apt-get install -y git` or `apk add gcc` installs programs a course checks (`git --version`,
`gcc --version`) but rarely runs in earnest. Each answers its version question with the installed
package's version, as the real tool prints it; any other use says plainly that dockyard does not
simulate the program yet (status 127), instead of pretending to work. `tini` and `su-exec`, the
init and privilege-dropping wrappers images use as entrypoints, do run their command.
"""
from __future__ import annotations

import re

from ....catalog.packages import alpine, debian
from ...exec import ExecError, execute
from ...process import Process
from .target import RootTarget

NOT_SIMULATED = 127
VERSION_ARGS = {"--version", "-v", "-V", "version", "-version"}


# Debian packages whose version a tool reports, where it is not the package installing the program
VERSION_FROM = {"gcc": "gcc-12", "g++": "g++-12"}


def _provides(pkg, program: str) -> bool:
    """Whether `pkg` installs `program`, directly or as a versioned name (gcc-12, vim.basic)."""
    return any(re.sub(r"(\.[a-z0-9]+|-\d+)$", "", path.rsplit("/", 1)[-1]) == program or
               path.rsplit("/", 1)[-1] == program for path, _ in pkg.programs)


def _installed_version(proc: Process, program: str) -> tuple[str, str]:
    """(distro, version) of the package that installed `program`, from dpkg's or apk's database."""
    from . import apkfiles, debfiles
    target = RootTarget(proc.fs)
    status = debfiles.parse_status(target.read(debfiles.STATUS).decode(errors="replace"))
    if status:
        if VERSION_FROM.get(program) in status:
            return "debian", status[VERSION_FROM[program]]["Version"]
        for name, pkg in debian().items():
            if name in status and _provides(pkg, program):
                return "debian", status[name]["Version"]
    installed = apkfiles.parse_installed(target.read(apkfiles.INSTALLED).decode(errors="replace"))
    for name, pkg in alpine().items():
        if name in installed and _provides(pkg, program):
            return "alpine", installed[name]["V"]
    return "", ""


def _upstream(version: str) -> str:
    version = version.split(":", 1)[-1]
    for sep in ("-", "+", "~"):
        version = version.split(sep)[0]
    return version


def version_text(program: str, distro: str, version: str) -> tuple[str, str]:
    """(stdout, stderr) of `program --version` for the installed package version."""
    up = _upstream(version)
    vendor = "Alpine" if distro == "alpine" else "Debian"
    if program == "git":
        return f"git version {up}\n", ""
    if program in ("gcc", "g++"):
        base = up.split("_")[0]
        label = f"{vendor} {version.split(':')[-1]}" if distro != "alpine" else f"Alpine {version.rsplit('-r', 1)[0]}"
        return (f"{program} ({label}) {base}\nCopyright (C) 2022 Free Software Foundation, Inc.\n"
                "This is free software; see the source for copying conditions.  There is NO\n"
                "warranty; not even for MERCHANTABILITY or "
                "FITNESS FOR A PARTICULAR PURPOSE.\n\n"), ""
    if program == "make":
        return (f"GNU Make {up}\nBuilt for x86_64-pc-linux-gnu\nCopyright (C) 1988-2020 Free Software Foundation, "
                "Inc.\nLicense GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\nThis is free "
                "software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent "
                "permitted by law.\n"), ""
    if program == "perl":
        major, minor, patch = (up.split(".") + ["0", "0"])[:3]
        return (f"\nThis is perl {major}, version {minor}, subversion {patch} (v{up}) built for "
                "x86_64-linux-gnu-thread-multi\n"), ""
    if program == "jq":
        return f"jq-{up}\n", ""
    if program == "openssl":
        return f"OpenSSL {up} 3 Sep 2024 (Library: OpenSSL {up} 3 Sep 2024)\n", ""
    if program == "psql":
        return f"psql (PostgreSQL) {up} ({vendor} {version})\n", ""
    if program == "redis-cli":
        return f"redis-cli {up}\n", ""
    if program == "java":
        build = version.replace("-", "-Debian-", 1)
        return "", (f'openjdk version "{up}" 2024-10-15\nOpenJDK Runtime Environment (build {build})\n'
                    f"OpenJDK 64-Bit Server VM (build {build}, mixed mode, sharing)\n")
    if program in ("ssh", "scp"):
        revision = version.split("-", 1)[-1] if "-" in version else ""
        return "", f"OpenSSH_{up} {vendor}-{revision}, OpenSSL 3.0.15 3 Sep 2024\n"
    if program == "nano":
        return f" GNU nano, version {up}\n (C) 2023 the Free Software Foundation and various contributors\n", ""
    if program == "sqlite3":
        return f"{up} 2022-12-28 14:03:47\n", ""
    if program == "tini":
        return f"tini version {up}\n", ""
    return f"{program} {up}\n", ""


def main(proc: Process) -> int:
    program = proc.prog.split(".")[0]
    args = proc.argv[1:]
    if program == "tini":
        return tini(proc)
    if program == "su-exec":
        return su_exec(proc)
    if args[:1] and args[0] in VERSION_ARGS:
        if program == "corepack":
            return _corepack_version(proc)
        distro, version = _installed_version(proc, program)
        if version:
            out, err = version_text(program, distro, version)
            proc.out(out)
            proc.err(err)
            return 0
    proc.err(f"{proc.prog}: this program is installed, but dockyard does not simulate it yet\n")
    return NOT_SIMULATED


def _corepack_version(proc: Process) -> int:
    """corepack ships inside Node.js, not as a package: its version is in its package.json."""
    import json
    raw = RootTarget(proc.fs).read("/usr/local/lib/node_modules/corepack/package.json") or b"{}"
    proc.out(json.loads(raw).get("version", "0.29.4") + "\n")
    return 0


def tini(proc: Process) -> int:
    """tini [-s] [-g] [--] PROGRAM [ARGS]: runs the program as its child and passes on its status."""
    args = proc.argv[1:]
    if args[:1] in (["--version"], ["-v"]):
        proc.out("tini version 0.19.0\n")
        return 0
    while args and args[0].startswith("-") and args[0] != "--":
        args = args[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        proc.err("tini (tini version 0.19.0)\nUsage: tini [OPTIONS] PROGRAM -- [ARGS] | --version\n")
        return 1
    return _run(proc, proc.child(args), "tini")


def su_exec(proc: Process) -> int:
    """su-exec USER[:GROUP] COMMAND [ARGS]: runs the command as that user (numeric or from /etc/passwd)."""
    if len(proc.argv) < 3:
        proc.err("Usage: su-exec user-spec command [args]\n")
        return 1
    user, _, group = proc.argv[1].partition(":")
    uid, gid = _lookup(proc, user, group)
    if uid is None:
        proc.err(f"su-exec: getpwnam({user}): Success\n")
        return 1
    return _run(proc, proc.child(proc.argv[2:], uid=uid, gid=gid if gid is not None else uid), "su-exec")


def _lookup(proc: Process, user: str, group: str) -> tuple[int | None, int | None]:
    if user.isdigit():
        return int(user), int(group) if group.isdigit() else None
    for line in RootTarget(proc.fs).read("/etc/passwd").decode(errors="replace").splitlines():
        fields = line.split(":")
        if len(fields) > 3 and fields[0] == user:
            return int(fields[2]), int(fields[3])
    return None, None


def _run(proc: Process, child: Process, name: str) -> int:
    try:
        return execute(child)
    except ExecError as e:
        proc.err(f"[FATAL tini (7)] exec {child.argv[0]} failed: {e.strerror}\n" if name == "tini" else
                 f"{name}: {child.argv[0]}: {e.strerror}\n")
        return 127 if e.errno == 2 else 126
