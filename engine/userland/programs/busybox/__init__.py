"""The busybox multi-call binary: one program, many applets, chosen by the name it is run as.

`/bin/ls -> busybox` runs the `ls` applet; `busybox ls` does the same; `busybox` alone prints its
banner and the applets it contains. An applet the image has a link for but dockyard does not
implement yet says so honestly (status 127) instead of pretending to work.
"""
from __future__ import annotations

import dataclasses
import errno
import importlib

from ...process import BrokenPipe, Process
from .applets import APPLETS
from .common import LINUX_STRERROR, Fatal
from .options import UsageError

BANNER = "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary."
# Applets that take `--help` as an ordinary argument (POSIX says `echo --help` prints it).
NO_HELP = {"echo", "true", "false", "test"}
NOT_FOUND = 127
LIST_WIDTH = 79
# What an applet exits with when it dies of an error or a bad command line (libbb's
# xfunc_error_retval): 1, except where POSIX reserves 1 for an answer ("no match", "unsorted").
FAILURE_STATUS = {"sort": 2, "grep": 2, "egrep": 2, "fgrep": 2, "expr": 2}


def main(proc: Process) -> int:
    if proc.prog == "busybox":
        return _multicall(proc)
    return run(proc)


def run(proc: Process) -> int:
    """Run the applet named by argv[0]; its exit status (usage errors: 1, a broken pipe: 141)."""
    name = proc.prog
    target = APPLETS.get(name)
    if target is None:
        if name in _catalog_applets():
            proc.err(f"{name}: applet not supported in dockyard yet\n")
        else:
            proc.err(f"{name}: applet not found\n")
        return NOT_FOUND
    if len(proc.argv) == 2 and proc.argv[1] == "--help" and name not in NO_HELP:
        proc.err(usage_text(name))
        return 0
    module, _, attr = target.partition(":")
    # applets implemented outside this package are named absolutely (`dockyard.engine...:main`)
    fn = getattr(importlib.import_module(module if module.startswith("dockyard.") else f"{__name__}.{module}"),
                 attr)
    try:
        return fn(AppletProcess.of(proc))
    except UsageError as e:
        if e.message:
            proc.err(f"{name}: {e.message}\n")
        proc.err(usage_text(name))
        return FAILURE_STATUS.get(name, 1)
    except Fatal as e:
        proc.err(f"{name}: {e.message}\n")
        return e.status if e.status is not None else FAILURE_STATUS.get(name, 1)
    except BrokenPipe:
        return 128 + 13  # killed by SIGPIPE, as a shell reports it


class AppletProcess(Process):
    """The process as an applet sees it: a path operand that is empty names no file (ENOENT, as
    the kernel answers `cat ''`), where Process.abspath would give the working directory."""

    @classmethod
    def of(cls, proc: Process) -> "AppletProcess":
        return cls(**{f.name: getattr(proc, f.name) for f in dataclasses.fields(proc)})

    def abspath(self, path: str) -> str:
        if path == "":
            raise FileNotFoundError(errno.ENOENT, LINUX_STRERROR[errno.ENOENT], path)
        return super().abspath(path)


def usage_text(name: str) -> str:
    from .usage import USAGE

    body = USAGE.get(name)
    return f"{BANNER}\n\n" + (f"Usage: {body}\n" if body else "No help available\n")


def _catalog_applets() -> list[str]:
    from ....catalog.busybox import APPLETS as LINKED

    return LINKED


def _multicall(proc: Process) -> int:
    args = proc.argv[1:]
    if not args or args[0] == "--help":
        proc.out(_banner())
        return 0
    if args[0] == "--list":
        proc.out("".join(f"{a}\n" for a in _all_names()))
        return 0
    return run(dataclasses.replace(proc, argv=args))


def _all_names() -> list[str]:
    return sorted({*_catalog_applets(), "busybox"})


def _banner() -> str:
    head = (f"{BANNER}\n"
            "BusyBox is copyrighted by many authors between 1998-2015.\n"
            "Licensed under GPLv2. See source distribution for detailed\n"
            "copyright notices.\n\n"
            "Usage: busybox [function [arguments]...]\n"
            "   or: busybox --list[-full]\n"
            "   or: busybox --install [-s] [DIR]\n"
            "   or: function [arguments]...\n\n"
            "\tBusyBox is a multi-call binary that combines many common Unix\n"
            "\tutilities into a single executable.  The shell in this build\n"
            "\tis configured to run built-in utilities without $PATH search.\n"
            "\tYou don't need to install a link to busybox for each utility.\n"
            "\tTo run external program, use full path (/sbin/ip instead of ip).\n\n"
            "Currently defined functions:\n")
    return head + _wrapped_list(_all_names()) + "\n"


def _wrapped_list(names: list[str]) -> str:
    """Names joined by ', ' in tab-indented lines. busybox counts the tab as 6 columns and the
    ', ' after each name, and starts a new line before a name that would reach column 79."""
    out: list[str] = []
    col = 0
    for name in names:
        step = len(name) + 2
        if col and col + step >= LIST_WIDTH:
            out.append(",\n")
            col = 0
        out.append(", " if col else "\t")
        col = (col or 6) + step
        out.append(name)
    return "".join(out)
