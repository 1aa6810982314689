"""Making, naming and removing files: mkdir, rmdir, rm, touch, ln, unlink, pwd, basename, dirname,
readlink, realpath, mktemp.

Everything goes through the container's RootFS; paths in messages are printed as the user typed
them, as busybox does.
"""
from __future__ import annotations

import errno
import random
import stat as st
import string
import time

from ...process import Process
from .common import Fatal, ask, error, perror, stat_path, strerror
from .copy import copy_file_as_link
from .dates import parse_date
from .modes import parse_mode
from .options import UsageError, parse


def _exists(proc: Process, path: str, follow: bool = False) -> bool:
    try:
        stat_path(proc.fs, path, follow)
        return True
    except OSError:
        return False


# ---------------------------------------------------------------- mkdir, rmdir
def mkdir(proc: Process) -> int:
    opts, dirs = parse(proc.argv[1:], "m:pv", {"mode=": "m", "parents": "p", "verbose": "v"})
    if not dirs:
        raise UsageError()
    mode = 0o777 & ~proc.umask
    if "m" in opts:
        parsed = parse_mode(opts.value("m") or "", st.S_IFDIR | 0o777, 0)
        if parsed is None:
            raise Fatal(f"invalid mode '{opts.value('m')}'")
        mode = parsed
    status = 0
    for name in dirs:
        steps = _parent_steps(name) if "p" in opts else [name]
        for i, step in enumerate(steps):
            last = i == len(steps) - 1
            try:
                path = proc.abspath(step)
                if "p" in opts and _exists(proc, path.rstrip("/") or "/", follow=True):
                    if not proc.fs.is_dir(path):
                        raise OSError(errno.ENOTDIR, "", step)
                    continue
                proc.fs.mkdir(path, mode if last else 0o777 & ~proc.umask, proc.uid, proc.gid)
                if last and "m" in opts:
                    proc.fs.chmod(path, mode)
                if "v" in opts:
                    proc.out(f"created directory: '{step}'\n")
            except OSError as e:
                error(proc, f"can't create directory '{step}': {strerror(e)}")
                status = 1
                break
    return status


def _parent_steps(name: str) -> list[str]:
    """'a/b/c' -> ['a/', 'a/b/', 'a/b/c']: each prefix mkdir -p creates, written as busybox writes it."""
    parts = name.split("/")
    steps = []
    for i in range(1, len(parts) + 1):
        prefix = "/".join(parts[:i])
        if parts[i - 1] in ("", ".") and i < len(parts):
            continue
        steps.append(prefix + ("/" if i < len(parts) else ""))
    return steps


def rmdir(proc: Process) -> int:
    opts, dirs = parse(proc.argv[1:], "pv", {"parents": "p", "ignore-fail-on-non-empty": "i"})
    if not dirs:
        raise UsageError()
    status = 0
    for name in dirs:
        target = name.rstrip("/") or name[:1]
        while True:
            try:
                path = proc.abspath(target)
                if proc.fs.realpath(path) == "/":
                    raise OSError(errno.EBUSY, "", target)  # the root is always in use
                proc.fs.rmdir(path)
            except OSError as e:
                if not ("i" in opts and e.errno == errno.ENOTEMPTY):
                    error(proc, f"'{target}': {strerror(e)}")
                    status = 1
                break
            if "p" not in opts or "/" not in target.strip("/"):
                break
            target = target.rsplit("/", 1)[0].rstrip("/") or "/"
    return status


# ---------------------------------------------------------------- rm, unlink
def rm(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "fiRrv", {"force": "f", "interactive": "i", "recursive": "r",
                                                  "verbose": "v"})
    force = opts.last_of("f", "i") == "f"
    interactive = opts.last_of("f", "i") == "i"
    if not names:
        if force:
            return 0
        raise UsageError()
    status = 0
    for name in names:
        base = name.rstrip("/").rsplit("/", 1)[-1]
        if base in (".", ".."):
            error(proc, "can't remove '.' or '..'")
            status = 1
            continue
        if not _remove(proc, name, "r" in opts or "R" in opts, force, interactive, "v" in opts):
            status = 1
    return status


def _remove(proc: Process, name: str, recursive: bool, force: bool, interactive: bool, verbose: bool) -> bool:
    try:
        path = proc.abspath(name)
        s = proc.fs.lstat(path)
    except OSError as e:
        if force and e.errno == errno.ENOENT:
            return True
        error(proc, f"can't remove '{name}': {strerror(e)}")
        return False
    if st.S_ISDIR(s.st_mode):
        if not recursive:
            error(proc, f"'{name}' is a directory")
            return False
        if interactive and not ask(proc, f"descend into directory '{name}'"):
            return True
        ok = True
        for child in proc.fs.listdir(path):
            ok = _remove(proc, f"{name.rstrip('/')}/{child}", recursive, force, interactive, verbose) and ok
        if interactive and not ask(proc, f"remove directory '{name}'"):
            return ok
        try:
            proc.fs.rmdir(path)
        except OSError as e:
            error(proc, f"can't remove '{name}': {strerror(e)}")
            return False
        if verbose:
            proc.out(f"removed directory: '{name}'\n")
        return ok
    if interactive and not ask(proc, f"remove '{name}'"):
        return True
    try:
        proc.fs.unlink(path)
    except OSError as e:
        error(proc, f"can't remove '{name}': {strerror(e)}")
        return False
    if verbose:
        proc.out(f"removed '{name}'\n")
    return True


def rm_tree(proc: Process, name: str) -> bool:
    """rm -rf NAME (mv uses it to finish a move across mounts)."""
    return _remove(proc, name, recursive=True, force=True, interactive=False, verbose=False)


def unlink(proc: Process) -> int:
    _, names = parse(proc.argv[1:], "")
    if len(names) != 1:
        raise UsageError()
    try:
        path = proc.abspath(names[0])
        if st.S_ISDIR(proc.fs.lstat(path).st_mode):
            raise OSError(errno.EISDIR, "", names[0])
        proc.fs.unlink(path)
    except OSError as e:
        raise Fatal(f"can't remove file '{names[0]}': {strerror(e)}") from None
    return 0


# ---------------------------------------------------------------- touch
def touch(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "cd:t:r:hamf", {"no-create": "c", "date=": "d", "reference=": "r"})
    if not names:
        raise UsageError()
    when = None
    if "r" in opts:
        try:
            when = proc.fs.stat(proc.abspath(opts.value("r") or "")).st_mtime
        except OSError as e:
            raise Fatal(f"{opts.value('r')}: {strerror(e)}") from None
    for flag in ("d", "t"):
        if flag in opts:
            try:
                when = parse_date(opts.value(flag) or "", time.time())
            except ValueError:
                raise Fatal(f"invalid date '{opts.value(flag)}'") from None
    status = 0
    for name in names:
        try:
            path = proc.abspath(name)
            if not _exists(proc, path, follow=True):
                if "c" in opts:
                    continue
                proc.fs.write_bytes(path, b"", mode=0o666 & ~proc.umask, uid=proc.uid, gid=proc.gid)
            proc.fs.utime(path, when)
        except OSError as e:
            perror(proc, name, e)
            status = 1
    return status


# ---------------------------------------------------------------- ln
def ln(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "sfnbS:vT", {"symbolic": "s", "force": "f", "no-dereference": "n",
                                                    "verbose": "v"})
    if not names:
        raise UsageError()
    if len(names) == 1:
        names.append(".")
    *targets, last = names
    into_dir = "T" not in opts and bool(last) and _is_dir(proc, proc.abspath(last), follow="n" not in opts)
    status = 0
    for target in targets:
        link_name = f"{last.rstrip('/')}/{target.rstrip('/').rsplit('/', 1)[-1]}" if into_dir else last
        if not _make_link(proc, opts, target, link_name):
            status = 1
        elif "v" in opts:
            proc.out(f"'{link_name}' -> '{target}'\n")
    return status


def _make_link(proc: Process, opts, target: str, link_name: str) -> bool:
    if "s" not in opts:
        try:
            proc.fs.stat(proc.abspath(target))  # a hard link needs an existing target
        except OSError as e:
            perror(proc, target, e)
            return False
    try:
        link_path = proc.abspath(link_name)
        if _exists(proc, link_path):
            if "b" in opts:
                proc.fs.rename(link_path, link_path + (opts.value("S") or "~"))
            elif "f" in opts:
                if st.S_ISDIR(proc.fs.lstat(link_path).st_mode):  # -f never removes a directory
                    if "s" in opts:
                        error(proc, f"'{link_name}' is a directory")
                        return False
                    raise FileExistsError(errno.EEXIST, "", link_name)
                proc.fs.unlink(link_path)
        if "s" in opts:
            proc.fs.symlink(target, link_path, proc.uid, proc.gid)
        else:
            copy_file_as_link(proc, proc.abspath(target), link_path)
    except OSError as e:
        perror(proc, link_name, e)
        return False
    return True


def _is_dir(proc: Process, path: str, follow: bool) -> bool:
    try:
        s = proc.fs.stat(path) if follow else proc.fs.lstat(path)
    except OSError:
        return False
    return st.S_ISDIR(s.st_mode)


# ---------------------------------------------------------------- names
def pwd(proc: Process) -> int:
    parse(proc.argv[1:], "LP")
    proc.out(proc.cwd + "\n")
    return 0


def basename(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "as:", stop_at_operand=True)
    suffix = opts.value("s")
    if "a" in opts or suffix is not None:
        if not names:
            raise UsageError()
    elif len(names) == 2:
        names, suffix = names[:1], names[1]
    elif len(names) != 1:
        raise UsageError()
    for name in names:
        base = name.rstrip("/").rsplit("/", 1)[-1] or ("/" if name.startswith("/") else "")
        if suffix and base != suffix and base.endswith(suffix):
            base = base[: -len(suffix)]
        proc.out(base + "\n")
    return 0


def dirname(proc: Process) -> int:
    _, names = parse(proc.argv[1:], "", stop_at_operand=True)
    if len(names) != 1:
        raise UsageError()
    proc.out(_dirname(names[0]) + "\n")
    return 0


def _dirname(path: str) -> str:
    trimmed = path.rstrip("/")
    if not trimmed:
        return "/" if path else "."
    if "/" not in trimmed:
        return "."
    head = trimmed.rsplit("/", 1)[0].rstrip("/")
    return head or "/"


def readlink(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "fnsvq")
    if len(names) != 1:
        raise UsageError()
    name = names[0]
    try:
        text = proc.fs.realpath(proc.abspath(name)) if "f" in opts else proc.fs.readlink(proc.abspath(name))
    except OSError as e:
        if "v" in opts and "f" not in opts:
            reason = "not a symlink" if e.errno == errno.EINVAL else strerror(e)
            error(proc, f"{name}: cannot read link: {reason}")
        return 1
    proc.out(text + ("" if "n" in opts else "\n"))
    return 0


def realpath(proc: Process) -> int:
    """Every link resolved; only the last component may be missing."""
    _, names = parse(proc.argv[1:], "")
    if not names:
        raise UsageError()
    status = 0
    for name in names:
        try:
            proc.out(proc.fs.realpath(proc.abspath(name)) + "\n")
        except OSError as e:
            perror(proc, name, e)
            status = 1
    return status


# ---------------------------------------------------------------- mktemp
def mktemp(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "dqtp:u")
    if len(names) > 1:
        raise UsageError()
    template = names[0] if names else "tmp.XXXXXX"
    base = opts.value("p") or proc.env.get("TMPDIR") or "/tmp"
    if not names or "t" in opts or "p" in opts:
        template = f"{base.rstrip('/')}/{template}"
    stem = template.rstrip("X")
    xs = len(template) - len(stem)
    if xs < 6:
        if "q" not in opts:
            error(proc, "(null): Invalid argument")
        return 1
    rng = random.SystemRandom()
    alphabet = string.ascii_letters + string.digits
    for _ in range(100):
        name = stem + "".join(rng.choice(alphabet) for _ in range(xs))
        path = proc.abspath(name)
        if _exists(proc, path):
            continue
        if "u" not in opts:
            try:
                if "d" in opts:
                    proc.fs.mkdir(path, 0o700, proc.uid, proc.gid)
                else:
                    proc.fs.write_bytes(path, b"", mode=0o600, uid=proc.uid, gid=proc.gid)
            except OSError as e:
                if "q" not in opts:
                    error(proc, f"(null): {strerror(e)}")
                return 1
        proc.out(name + "\n")
        return 0
    return 1
