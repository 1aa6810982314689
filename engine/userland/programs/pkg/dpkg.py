"""`dpkg` and `dpkg-query`: questions about installed packages, answered from dpkg's database.

`-l` lists packages in dpkg's table, `-s` prints a package's status stanza, `-L` its files,
`-S` which package owns a path, `--print-architecture` the machine's (node's Dockerfile asks);
`dpkg-query -W -f` formats fields. Installing a .deb by hand (`dpkg -i`) is not simulated.
"""
from __future__ import annotations

import fnmatch
import re

from ...process import Process
from . import debfiles
from .target import RootTarget

VERSION = "1.21.22"
HEADER = ("Desired=Unknown/Install/Remove/Purge/Hold\n"
          "| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n"
          "|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n")


def _status(proc: Process) -> dict[str, dict[str, str]]:
    return debfiles.parse_status(RootTarget(proc.fs).read(debfiles.STATUS).decode(errors="replace"))


def dpkg(proc: Process) -> int:
    args = proc.argv[1:]
    if not args:
        proc.err("dpkg: error: need an action option\n\nType dpkg --help for help about installing and "
                 "deinstalling packages [*];\nUse 'apt' or 'aptitude' for user-friendly package management;\n"
                 "Type dpkg -Dhelp for a list of dpkg debug flag values;\nType dpkg --force-help for a list of "
                 "forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\nOptions marked "
                 "[*] produce a lot of output - pipe it through 'less' or 'more' !\n")
        return 2
    action, rest = args[0], args[1:]
    if action == "--print-architecture":
        proc.out("amd64\n")
        return 0
    if action == "--version":
        proc.out(f"Debian 'dpkg' package management program version {VERSION} (amd64).\n")
        return 0
    if action in ("-l", "--list"):
        return list_packages(proc, rest, "dpkg")
    if action in ("-s", "--status"):
        return show_status(proc, rest, "dpkg")
    if action in ("-L", "--listfiles"):
        return list_files(proc, rest, "dpkg")
    if action in ("-S", "--search"):
        return search(proc, rest, "dpkg")
    if action in ("-i", "--install", "--unpack", "-r", "--remove", "-P", "--purge", "--configure"):
        proc.err(f"dpkg: error: {action} is not simulated by dockyard; use apt-get\n")
        return 2
    proc.err(f"dpkg: error: unknown option {action}\n\nType dpkg --help for help about installing and deinstalling "
             "packages [*];\n")
    return 2


def dpkg_query(proc: Process) -> int:
    args = proc.argv[1:]
    fmt = "${binary:Package}\t${Version}\n"
    names: list[str] = []
    action = ""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-f", "--showformat"):
            fmt = args[i + 1] if i + 1 < len(args) else fmt
            i += 1
        elif arg.startswith("--showformat="):
            fmt = arg.split("=", 1)[1]
        elif arg.startswith("-f") and len(arg) > 2:
            fmt = arg[3:] if arg[2] == "=" else arg[2:]  # -f='${Version}' reaches dpkg as -f=${Version}
        elif arg in ("-W", "--show", "-l", "--list", "-s", "--status", "-L", "--listfiles", "-S", "--search"):
            action = arg
        else:
            names.append(arg)
        i += 1
    if action in ("-l", "--list"):
        return list_packages(proc, names, "dpkg-query")
    if action in ("-s", "--status"):
        return show_status(proc, names, "dpkg-query")
    if action in ("-L", "--listfiles"):
        return list_files(proc, names, "dpkg-query")
    if action in ("-S", "--search"):
        return search(proc, names, "dpkg-query")
    if action not in ("-W", "--show"):
        proc.err("dpkg-query: error: need an action option\n")
        return 2
    status = _status(proc)
    missing = False
    for name in names or sorted(status):
        matches = [n for n in sorted(status) if fnmatch.fnmatchcase(n, name)]
        if not matches:
            proc.err(f"dpkg-query: no packages found matching {name}\n")
            missing = True
        for match in matches:
            proc.out(_format(fmt, status[match]))
    return 1 if missing else 0


def _format(fmt: str, fields: dict[str, str]) -> str:
    def field(m: re.Match) -> str:
        key = m.group(1).split(";")[0]
        if key == "binary:Package":
            return fields.get("Package", "")
        if key == "db:Status-Abbrev":
            return "ii "
        return fields.get(key, "")
    text = re.sub(r"\$\{([^}]+)\}", field, fmt)
    return text.encode().decode("unicode_escape") if "\\" in text else text


def list_packages(proc: Process, patterns: list[str], prog: str) -> int:
    status = _status(proc)
    names = sorted(status)
    if patterns:
        names = [n for n in names if any(fnmatch.fnmatchcase(n, p) for p in patterns)]
        if not names:
            for pattern in patterns:
                proc.err(f"{prog}: no packages found matching {pattern}\n")
            return 1
    rows = [(status[n]["Package"], status[n].get("Version", ""), status[n].get("Architecture", "amd64"),
             status[n].get("Description", "").split("\n")[0]) for n in names]
    name_w = max([len(r[0]) for r in rows] + [14])
    ver_w = max([len(r[1]) for r in rows] + [12])
    arch_w = max([len(r[2]) for r in rows] + [12])
    out = [HEADER, f"||/ {'Name':<{name_w}} {'Version':<{ver_w}} {'Architecture':<{arch_w}} Description\n",
           f"+++-{'=' * name_w}-{'=' * ver_w}-{'=' * arch_w}-{'=' * 40}\n"]
    out += [f"ii  {n:<{name_w}} {v:<{ver_w}} {a:<{arch_w}} {d}\n" for n, v, a, d in rows]
    proc.out("".join(out))
    return 0


def show_status(proc: Process, names: list[str], prog: str) -> int:
    status = _status(proc)
    failed = False
    for name in names:
        fields = status.get(name)
        if fields is None:
            proc.err(f"{prog}: package '{name}' is not installed and no information is available\n"
                     "Use dpkg --info (= dpkg-deb --info) to examine archive files.\n")
            failed = True
            continue
        proc.out("".join(f"{k}: {v}\n" for k, v in fields.items()) + "\n")
    return 1 if failed else 0


def list_files(proc: Process, names: list[str], prog: str) -> int:
    target = RootTarget(proc.fs)
    status = _status(proc)
    failed = False
    for name in names:
        if name not in status:
            proc.err(f"{prog}: package '{name}' is not installed\nUse dpkg --contents (= dpkg-deb --contents) to "
                     "list archive files contents.\n")
            failed = True
            continue
        proc.out(target.read(f"{debfiles.INFO}/{name}.list").decode())
    return 1 if failed else 0


def search(proc: Process, patterns: list[str], prog: str) -> int:
    target = RootTarget(proc.fs)
    found = False
    for name in sorted(_status(proc)):
        for path in target.read(f"{debfiles.INFO}/{name}.list").decode().split():
            if any(fnmatch.fnmatchcase(path, p if "*" in p or p.startswith("/") else f"*{p}*") for p in patterns):
                proc.out(f"{name}: {path}\n")
                found = True
    if not found:
        for pattern in patterns:
            proc.err(f"{prog}: no path found matching pattern *{pattern}*\n")
    return 0 if found else 1
