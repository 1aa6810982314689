"""cp and mv, with busybox's rules for where things land.

`cp SRC DEST` copies onto DEST unless DEST is a directory (or SRC is a directory being copied to
a new name with -r); otherwise, and with several sources, each goes to DEST/basename(SRC). Both
ends are container paths, so a symlink that points at `/etc/passwd` is the container's file, and
nothing here can reach outside the container.
"""
from __future__ import annotations

import errno
import stat as st
from dataclasses import dataclass, field

from ....container.rootfs import Stat
from ...process import Process
from .common import Fatal, ask, error, strerror
from .options import UsageError, parse

NOT_DIR_COMPONENT = "Path has non-directory component"


@dataclass
class CopyFlags:
    recursive: bool = False
    follow_all: bool = False  # -L
    follow_operands: bool = False  # -H, or any cp without -r/-d/-P/-a
    preserve: bool = False  # -p
    force: bool = False
    no_clobber: bool = False
    interactive: bool = False
    symlinks: bool = False  # -s: make symlinks instead of copies
    hardlinks: bool = False  # -l
    update: bool = False
    verbose: bool = False
    created_dirs: set[str] = field(default_factory=set)


def _probe(proc: Process, name: str, follow: bool) -> Stat | None:
    """Like busybox's cp_mv_stat: None if absent; OSError (worded by the caller) otherwise.
    A trailing slash always follows a symlink, as the kernel's path lookup does."""
    try:
        path = proc.abspath(name)
        s = proc.fs.stat(path) if follow or name.endswith("/") else proc.fs.lstat(path)
        if name.endswith("/") and not st.S_ISDIR(s.st_mode):
            raise OSError(errno.ENOTDIR, "", name)
        return s
    except OSError as e:
        if e.errno == errno.ENOENT:
            return None
        raise


def _stat_error(name: str, err: OSError) -> str:
    reason = NOT_DIR_COMPONENT if err.errno == errno.ENOTDIR else strerror(err)
    return f"can't stat '{name}': {reason}"


def _last_component(name: str) -> str:
    return name.rstrip("/").rsplit("/", 1)[-1] or "/"


# ---------------------------------------------------------------- cp
def cp(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "aRrdPLHpfinlsTut:v",
                        {"archive": "a", "recursive": "R", "force": "f", "interactive": "i",
                         "no-clobber": "n", "dereference": "L", "preserve": "p", "verbose": "v",
                         "target-directory=": "t", "no-target-directory": "T", "update": "u",
                         "parents": "parents"})
    target = opts.value("t")
    if target is not None:
        names.append(target)
    if len(names) < 2:
        raise UsageError()
    keep_links = any(o in opts for o in "adPRr")
    flags = CopyFlags(
        recursive=any(o in opts for o in "aRr"),
        follow_all="L" in opts,
        follow_operands="H" in opts or not keep_links,
        preserve="a" in opts or "p" in opts,
        force="f" in opts,
        no_clobber=opts.last_of("n", "i", "f") == "n",
        interactive=opts.last_of("n", "i", "f") == "i",
        symlinks="s" in opts,
        hardlinks="l" in opts,
        update="u" in opts,
        verbose="v" in opts,
    )
    *sources, last = names
    if len(sources) == 1:
        try:
            s = _probe(proc, sources[0], flags.follow_operands or flags.follow_all)
            if s is None:
                raise OSError(errno.ENOENT, "", sources[0])
        except OSError as e:
            raise Fatal(_stat_error(sources[0], e)) from None
        try:
            d = _probe(proc, last, True)
        except OSError as e:
            raise Fatal(_stat_error(last, e)) from None
        src_dir = st.S_ISDIR(s.st_mode)
        dst_dir = d is not None and st.S_ISDIR(d.st_mode)
        if "T" in opts and not src_dir and dst_dir:
            raise Fatal(f"'{last}' is a directory")
        if not (src_dir or dst_dir) or (flags.recursive and src_dir and d is None) or "T" in opts:
            return 0 if copy_tree(proc, sources[0], last, flags, top=True) else 1
    status = 0
    for source in sources:
        dest = f"{last.rstrip('/')}/{_last_component(source)}"
        if not copy_tree(proc, source, dest, flags, top=True):
            status = 1
    return status


def copy_tree(proc: Process, source: str, dest: str, flags: CopyFlags, top: bool = False) -> bool:
    """Copy `source` (a path as typed) to `dest`; False after printing why not."""
    follow = flags.follow_all or (top and flags.follow_operands)
    try:
        s = _probe(proc, source, follow)
        if s is None:
            raise OSError(errno.ENOENT, "", source)
    except OSError as e:
        error(proc, f"can't stat '{source}': {strerror(e)}")
        return False
    try:
        d = _probe(proc, dest, False)
        src_path, dst_path = proc.abspath(source), proc.abspath(dest)
    except OSError as e:
        what = "stat" if dest else "create directory" if st.S_ISDIR(s.st_mode) else "create"
        error(proc, f"can't {what} '{dest}': {strerror(e)}")
        return False
    if d is not None and proc.fs.realpath(src_path) == proc.fs.realpath(dst_path) and \
            (not st.S_ISLNK(s.st_mode) or st.S_ISLNK(d.st_mode)):
        error(proc, f"'{source}' and '{dest}' are the same file")
        return False
    if flags.symlinks:
        return _link_in_place(proc, dest, d, lambda: proc.fs.symlink(source, dst_path, proc.uid, proc.gid))
    if st.S_ISDIR(s.st_mode):
        return _copy_dir(proc, source, dest, s, d, flags)
    if flags.hardlinks:
        return _link_in_place(proc, dest, d, lambda: copy_file_as_link(proc, src_path, dst_path), hard=True)
    if d is not None:
        if flags.no_clobber:
            return True
        if flags.interactive:
            if not ask(proc, f"overwrite '{dest}'"):
                return True
        if flags.update and d.st_mtime >= s.st_mtime:
            return True
    if st.S_ISLNK(s.st_mode):
        ok = _copy_symlink(proc, source, dest, d)
    elif st.S_ISREG(s.st_mode):
        ok = _copy_regular(proc, source, dest, s, d, flags)
    else:
        ok = _copy_special(proc, dest, s, d)
    if ok and flags.verbose:
        proc.out(f"'{source}' -> '{dest}'\n")
    return ok


def _copy_dir(proc: Process, source: str, dest: str, s: Stat, d: Stat | None, flags: CopyFlags) -> bool:
    if not flags.recursive:
        error(proc, f"omitting directory '{source}'")
        return False
    src_path, dst_path = proc.abspath(source), proc.abspath(dest)
    if proc.fs.realpath(src_path) in flags.created_dirs:
        error(proc, f"recursion detected, omitting directory '{source}'")
        return False
    if d is not None and not st.S_ISDIR(d.st_mode):
        error(proc, f"target '{dest}' is not a directory")
        return False
    if d is None:
        try:
            proc.fs.mkdir(dst_path, (s.st_mode | 0o700) & 0o7777 & ~proc.umask, proc.uid, proc.gid)
        except OSError as e:
            error(proc, f"can't create directory '{dest}': {strerror(e)}")
            return False
        flags.created_dirs.add(proc.fs.realpath(dst_path))
    ok = True
    for name in proc.fs.listdir(src_path):
        ok = copy_tree(proc, f"{source.rstrip('/')}/{name}", f"{dest.rstrip('/')}/{name}", flags) and ok
    mode = s.st_mode & 0o7777 if flags.preserve else (s.st_mode & 0o7777 & ~proc.umask)
    if d is None or flags.preserve:
        proc.fs.chmod(dst_path, mode)
    if flags.preserve:
        _preserve(proc, dst_path, s)
    if flags.verbose:
        proc.out(f"'{source}' -> '{dest}'\n")
    return ok


def _copy_regular(proc: Process, source: str, dest: str, s: Stat, d: Stat | None, flags: CopyFlags) -> bool:
    src_path, dst_path = proc.abspath(source), proc.abspath(dest)
    try:
        data = proc.fs.read_bytes(src_path)
    except OSError as e:
        error(proc, f"can't open '{source}': {strerror(e)}")
        return False
    try:
        if d is None and dest.endswith("/"):
            raise OSError(errno.EISDIR, "", dest)  # what open(O_CREAT) says of a name ending in /
        if d is not None and (st.S_ISLNK(d.st_mode) or not st.S_ISREG(d.st_mode)):
            proc.fs.unlink(dst_path)
        proc.fs.write_bytes(dst_path, data, mode=s.st_mode & 0o7777 & ~proc.umask, uid=proc.uid, gid=proc.gid)
    except OSError as e:
        if flags.force and d is not None:
            try:
                proc.fs.unlink(dst_path)
                proc.fs.write_bytes(dst_path, data, mode=s.st_mode & 0o7777 & ~proc.umask)
            except OSError as e2:
                error(proc, f"can't create '{dest}': {strerror(e2)}")
                return False
        else:
            error(proc, f"can't create '{dest}': {strerror(e)}")
            return False
    if flags.preserve:
        proc.fs.chmod(dst_path, s.st_mode & 0o7777)
        _preserve(proc, dst_path, s)
    return True


def _copy_symlink(proc: Process, source: str, dest: str, d: Stat | None) -> bool:
    target = proc.fs.readlink(proc.abspath(source))
    return _link_in_place(proc, dest, d, lambda: proc.fs.symlink(target, proc.abspath(dest), proc.uid, proc.gid))


def _copy_special(proc: Process, dest: str, s: Stat, d: Stat | None) -> bool:
    """Devices and FIFOs are made anew (mknod), as cp -r does."""
    try:
        if d is not None:
            proc.fs.unlink(proc.abspath(dest))
        proc.fs.mknod(proc.abspath(dest), s.st_mode, s.st_rdev)
    except OSError as e:
        error(proc, f"can't create '{dest}': {strerror(e)}")
        return False
    return True


def _link_in_place(proc: Process, dest: str, d: Stat | None, make, hard: bool = False) -> bool:
    """Replace whatever is at `dest` with the link `make` creates."""
    try:
        if d is not None:
            proc.fs.unlink(proc.abspath(dest))
        make()
    except OSError as e:
        error(proc, f"can't create {'link' if hard else 'symlink'} '{dest}': {strerror(e)}")
        return False
    return True


def _preserve(proc: Process, path: str, s: Stat) -> None:
    proc.fs.utime(path, s.st_mtime)
    if proc.uid == 0:
        proc.fs.chown(path, s.st_uid, s.st_gid)


def copy_file_as_link(proc: Process, src_path: str, dst_path: str) -> None:
    """A hard link, as near as the container filesystem allows: it keeps no link counts, so the new
    name gets its own copy of the content, mode, owner and time (later writes are not shared)."""
    s = proc.fs.stat(src_path)
    if st.S_ISDIR(s.st_mode):
        raise OSError(errno.EPERM, "", src_path)
    if proc.fs.exists(dst_path, follow=False):
        raise OSError(errno.EEXIST, "", dst_path)
    proc.fs.write_bytes(dst_path, proc.fs.read_bytes(src_path), mode=s.st_mode & 0o7777, uid=s.st_uid,
                        gid=s.st_gid)
    proc.fs.utime(dst_path, s.st_mtime)


# ---------------------------------------------------------------- mv
def mv(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "finTt:vu", {"force": "f", "interactive": "i", "no-clobber": "n",
                                                    "target-directory=": "t", "no-target-directory": "T",
                                                    "verbose": "v"})
    target = opts.value("t")
    if target is not None:
        names.append(target)
    if len(names) < 2:
        raise UsageError()
    *sources, last = names
    last_is_dir = bool(last) and proc.fs.is_dir(proc.abspath(last))
    if "T" in opts and last_is_dir:
        raise Fatal(f"'{last}' is a directory")
    mode = opts.last_of("f", "i", "n")
    status = 0
    for source in sources:
        dest = f"{last.rstrip('/')}/{_last_component(source)}" if last_is_dir and "T" not in opts else last
        if not _move(proc, source, dest, mode, "v" in opts):
            status = 1
    return status


def _move(proc: Process, source: str, dest: str, mode: str | None, verbose: bool) -> bool:
    try:
        src_path, dst_path = proc.abspath(source), proc.abspath(dest)
    except OSError as e:
        error(proc, f"can't rename '{source}': {strerror(e)}")
        return False
    if dest.endswith("/") and not proc.fs.is_dir(src_path):
        error(proc, f"can't rename '{source}': {strerror(OSError(errno.ENOTDIR, ''))}")
        return False
    if proc.fs.exists(dst_path, follow=False):
        if mode == "n":
            return True
        if mode == "i":
            if not ask(proc, f"overwrite '{dest}'"):
                return True
    try:
        if "/" in (proc.fs.realpath(src_path), proc.fs.realpath(dst_path)):
            raise OSError(errno.EBUSY, "", source)  # the root is always in use
        proc.fs.rename(src_path, dst_path)
    except OSError as e:
        if e.errno != errno.EXDEV:
            error(proc, f"can't rename '{source}': {strerror(e)}")
            return False
        # Across mounts (a volume, a bind mount): copy, then remove the original.
        flags = CopyFlags(recursive=True, preserve=True, force=True)
        if not copy_tree(proc, source, dest, flags, top=True):
            return False
        from .fileutils import rm_tree

        if not rm_tree(proc, source):
            return False
    if verbose:
        proc.out(f"'{source}' -> '{dest}'\n")
    return True
