"""The GNU userland of the Debian and Ubuntu images: coreutils, grep, sed, tar, findutils, mawk, procps…

Every such program in those images is one simulated executable, `gnu`, that runs as the tool its
name says (`/usr/bin/cat` runs cat). The work is done by the busybox applet of the same name;
what differs is what a learner sees: GNU's error messages and exit statuses (`messages`), GNU's
`--version`, and GNU's way of reporting a bad command line ("Try 'ls --help' for more
information."). A tool with no busybox applet says it is not supported yet.
"""
from __future__ import annotations

import dataclasses
import importlib

from ...exec import program
from ...process import BrokenPipe, BufferOutput, Process
from ..busybox.applets import APPLETS
from ..busybox.common import Fatal
from ..busybox.options import UsageError
from .lsformat import realign
from .messages import USAGE_STATUS, Translating, usage_error

NOT_SUPPORTED = 127
# Debian names for tools busybox has under another name (and the extra arguments they imply)
ALIASES: dict[str, tuple[str, list[str]]] = {
    "mawk": ("awk", []), "gawk": ("awk", []), "vim": ("vi", []), "vim.basic": ("vi", []), "vim.tiny": ("vi", []),
    "view": ("vi", ["-R"]), "nc.openbsd": ("nc", []), "netcat": ("nc", []), "dir": ("ls", ["-C"]),
    "vdir": ("ls", ["-l"]), "gunzip": ("gunzip", []), "zcat": ("zcat", []),
}
# Tools that take --help and --version as ordinary arguments
PLAIN_ARGUMENTS = frozenset({"echo", "true", "false", "test", "[", "printf"})
# Tools implemented here rather than by busybox
OWN = {"useradd": "accounts:useradd", "groupadd": "accounts:groupadd", "userdel": "accounts:userdel",
       "groupdel": "accounts:groupdel", "usermod": "accounts:usermod", "adduser": "accounts:adduser",
       "addgroup": "accounts:addgroup", "deluser": "accounts:userdel"}


def main(proc: Process) -> int:
    name = proc.prog
    applet, extra = ALIASES.get(name, (name, []))
    if name in OWN:
        module, _, attr = OWN[name].partition(":")
        return getattr(importlib.import_module(f"{__name__}.{module}"), attr)(proc)
    args = proc.argv[1:]
    if args[:1] == ["--version"] and name not in PLAIN_ARGUMENTS - {"printf"}:
        from .versions import version_text
        proc.out(version_text(proc, name))
        return 0
    target = APPLETS.get(applet)
    if target is None:
        return _elsewhere(proc, name)
    stderr = Translating(proc.stderr, name)
    long_listing = applet == "ls" and _long_format(extra + args)
    stdout = BufferOutput() if long_listing else proc.stdout
    run = dataclasses.replace(proc, argv=[applet] + extra + args, stderr=stderr, stdout=stdout)
    module, _, attr = target.partition(":")
    fn = getattr(importlib.import_module(f"..busybox.{module}", __name__), attr)
    try:
        status = fn(run)
    except UsageError as e:
        stderr.flush()
        proc.err(usage_error(name, e.message))
        return USAGE_STATUS.get(name, 1)
    except Fatal as e:
        stderr.write(f"{name}: {e.message}\n".encode())
        status = e.status if e.status is not None else USAGE_STATUS.get(name, 1)
    except BrokenPipe:
        return 128 + 13
    finally:
        if long_listing:
            proc.out(realign(stdout.getvalue().decode("utf-8", "surrogateescape")))
    stderr.flush()
    return stderr.status if status and stderr.status is not None else status


def _long_format(args: list[str]) -> bool:
    """Whether ls prints long entries (-l, -n, -g, -o), whose columns GNU sizes differently."""
    for arg in args:
        if arg == "--":
            break
        if arg.startswith("-") and not arg.startswith("--") and set(arg[1:]) & set("lngo"):
            return True
    return False


def _elsewhere(proc: Process, name: str) -> int:
    """A tool busybox lacks may be simulated on its own (wget, curl, ping): run that; else say so."""
    fn = program(name) if name != "gnu" else None
    if fn is None:
        proc.err(f"{name}: not supported in dockyard yet\n")
        return NOT_SUPPORTED
    return fn(proc)
