"""The standard library the simulated Python offers: pure modules as they are, the rest rebuilt on
the container (os reads its RootFS, time.sleep waits on the process's signals, socket answers with
the container's hostname). A module outside this table is an honest `Unsupported` error.
"""
from __future__ import annotations

import collections
import datetime
import json
import math
import posixpath
import random
import re
import stat
import string
import time
import types

from ..busybox import machine
from .pyinterp import Namespace, Unsupported

PURE_MODULES = {"math": math, "random": random, "json": json, "re": re, "string": string, "datetime": datetime}


def public(module) -> dict:
    """A module's public names, without the modules it imported (json's `codecs` could open host files)."""
    return {name: value for name, value in vars(module).items()
            if not name.startswith("_") and not isinstance(value, types.ModuleType)}


def make_module(name: str, host) -> Namespace | None:
    """The simulated module `name`, or None when the standard library has no such module."""
    if name in PURE_MODULES:
        return Namespace(name, public(PURE_MODULES[name]))
    maker = _MAKERS.get(name)
    if maker is not None:
        return Namespace(name, maker(host))
    import sys
    if name.split(".")[0] in sys.stdlib_module_names:
        raise Unsupported(f"the {name} module")
    return None


def _os(host) -> dict:
    proc = host.proc
    fs = proc.fs

    def listdir(path="."):
        return sorted(fs.listdir(proc.abspath(path)))

    def makedirs(path, mode=0o777, exist_ok=False):
        fs.mkdir(proc.abspath(path), mode & ~proc.umask, uid=proc.uid, gid=proc.gid, parents=True, exist_ok=exist_ok)

    def mkdir(path, mode=0o777):
        fs.mkdir(proc.abspath(path), mode & ~proc.umask, uid=proc.uid, gid=proc.gid)

    def remove(path):
        fs.unlink(proc.abspath(path))

    return {"environ": host.environ, "getenv": lambda key, default=None: host.environ.get(key, default),
            "getcwd": lambda: proc.cwd, "listdir": listdir, "makedirs": makedirs, "mkdir": mkdir,
            "remove": remove, "unlink": remove, "getpid": lambda: host.pid, "getuid": lambda: proc.uid,
            "getgid": lambda: proc.gid, "cpu_count": lambda: machine.CPUS, "sep": "/", "linesep": "\n",
            "name": "posix", "path": Namespace("posixpath", _os_path(host))}


def _os_path(host) -> dict:
    proc = host.proc
    fs = proc.fs

    def kind(path, test):
        try:
            return test(fs.stat(proc.abspath(path)).st_mode)
        except OSError:
            return False

    def getsize(path):
        return fs.stat(proc.abspath(path)).st_size

    pure = {n: getattr(posixpath, n) for n in ("join", "basename", "dirname", "split", "splitext", "normpath",
                                               "isabs", "sep")}
    return {**pure, "exists": lambda p: kind(p, lambda m: True), "isfile": lambda p: kind(p, stat.S_ISREG),
            "isdir": lambda p: kind(p, stat.S_ISDIR), "abspath": lambda p: posixpath.normpath(proc.abspath(p)),
            "getsize": getsize}


def _sys(host) -> dict:
    return {"argv": host.argv, "exit": host.exit, "stdout": host.stdout, "stderr": host.stderr,
            "stdin": host.stdin, "version": host.version_banner, "platform": "linux",
            "version_info": tuple(int(p) for p in host.version.split(".")) + ("final", 0),
            "path": host.sys_path, "executable": "/usr/local/bin/python", "maxsize": 2 ** 63 - 1,
            "byteorder": "little", "getrecursionlimit": lambda: 1000}


def _time(host) -> dict:
    def sleep(seconds):
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        host.sleep(seconds)

    return {"time": time.time, "sleep": sleep, "monotonic": time.monotonic, "perf_counter": time.perf_counter,
            "strftime": lambda fmt, t=None: time.strftime(fmt, t or time.gmtime()), "gmtime": time.gmtime,
            "localtime": lambda t=None: time.gmtime(t), "ctime": lambda t=None: time.asctime(time.gmtime(t)),
            "time_ns": time.time_ns}


def _socket(host) -> dict:
    def gethostbyname(name):
        from ....network import http
        try:
            return http.resolve(host.proc, name).address
        except http.BadAddress:
            raise OSError(-2, "Name or service not known") from None

    return {"gethostname": lambda: host.proc.host.hostname, "gethostbyname": gethostbyname}


def _platform(host) -> dict:
    return {"system": lambda: machine.SYSNAME, "machine": lambda: machine.MACHINE,
            "node": lambda: host.proc.host.hostname, "release": lambda: machine.KERNEL_RELEASE,
            "python_version": lambda: host.version}


def _collections(host) -> dict:
    return {"Counter": collections.Counter, "defaultdict": collections.defaultdict,
            "OrderedDict": collections.OrderedDict, "deque": collections.deque}


_MAKERS = {"os": _os, "os.path": _os_path, "sys": _sys, "time": _time, "socket": _socket, "platform": _platform,
           "collections": _collections}
