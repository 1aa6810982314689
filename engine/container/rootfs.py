"""A container's root filesystem: its image's tree, its own copy-on-write layer, and its mounts.

Every file operation a simulated program makes goes through `RootFS`, and this is where the
guarantee lives that nothing in a container reaches the host: paths are resolved here, component
by component, in the container's namespace. `..` never climbs above `/`; a symlink's target,
absolute or relative, is resolved again inside the container; and a bind mount or volume is
entered only at its mount point, with the host's own symlinks read and resolved by us, never
followed by the host. Errors are OSError with the errno a Linux kernel would give, so programs
print the messages busybox prints.
"""
from __future__ import annotations

import errno
import os
import stat as st
import time
from dataclasses import dataclass

from ..layer.tree import Device, Dir, File, Node, S_IFDIR, S_IFLNK, S_IFREG, Symlink, Writer, split

MAX_SYMLINKS = 40


@dataclass(frozen=True)
class Stat:
    st_mode: int
    st_size: int
    st_uid: int = 0
    st_gid: int = 0
    st_mtime: float = 0.0
    st_nlink: int = 1
    st_ino: int = 0
    st_rdev: tuple[int, int] = (0, 0)


def _err(code: int, path: str) -> OSError:
    return OSError(code, os.strerror(code), path)


def _now() -> float:
    return time.time()


# ---------------------------------------------------------------- backends
class Backend:
    """Storage below a mount point. `parts` are path components relative to the mount, already resolved."""

    readonly = False

    def stat(self, parts: list[str]) -> Stat | None: ...
    def readlink(self, parts: list[str]) -> str | None: ...
    def read(self, parts: list[str]) -> bytes: ...
    def write(self, parts: list[str], data: bytes, append: bool, mode: int, uid: int, gid: int) -> None: ...
    def listdir(self, parts: list[str]) -> list[str]: ...
    def mkdir(self, parts: list[str], mode: int, uid: int, gid: int) -> None: ...
    def unlink(self, parts: list[str]) -> None: ...
    def rmdir(self, parts: list[str]) -> None: ...
    def rename(self, src: list[str], dst: list[str]) -> None: ...
    def symlink(self, target: str, parts: list[str], uid: int, gid: int) -> None: ...
    def chmod(self, parts: list[str], mode: int) -> None: ...
    def chown(self, parts: list[str], uid: int, gid: int) -> None: ...
    def utime(self, parts: list[str], mtime: float) -> None: ...
    def mknod(self, parts: list[str], mode: int, rdev: tuple[int, int]) -> None:
        raise _err(errno.EPERM, "/".join(parts))


def _stat_of(node: Node) -> Stat:
    nlink = 2 + sum(1 for c in node.children.values() if isinstance(c, Dir)) if isinstance(node, Dir) else 1
    rdev = node.rdev if isinstance(node, Device) else (0, 0)
    return Stat(node.mode, node.size, node.uid, node.gid, node.mtime, nlink, id(node) & 0xFFFFFFFF, rdev)


class TreeBackend(Backend):
    """The container's own layered filesystem (image tree + copy-on-write changes)."""

    def __init__(self, writer: Writer, readonly: bool = False):
        self.w = writer
        self.readonly = readonly  # `docker run --read-only`: the container's own layer takes no writes

    def _ro(self, parts: list[str]) -> None:
        if self.readonly:
            raise _err(errno.EROFS, "/" + "/".join(parts))

    def _node(self, parts: list[str]) -> Node | None:
        node: Node = self.w.root
        for name in parts:
            if not isinstance(node, Dir):
                return None
            node = node.children.get(name)  # type: ignore[assignment]
            if node is None:
                return None
        return node

    def _parent(self, parts: list[str]) -> Dir:
        parent = self._node(parts[:-1])
        if parent is None:
            raise _err(errno.ENOENT, "/" + "/".join(parts))
        if not isinstance(parent, Dir):
            raise _err(errno.ENOTDIR, "/" + "/".join(parts))
        return self.w.own_dir_at(parts[:-1])

    def stat(self, parts):
        node = self._node(parts)
        return _stat_of(node) if node is not None else None

    def readlink(self, parts):
        node = self._node(parts)
        return node.target if isinstance(node, Symlink) else None

    def read(self, parts):
        node = self._node(parts)
        if node is None:
            raise _err(errno.ENOENT, "/" + "/".join(parts))
        if isinstance(node, Dir):
            raise _err(errno.EISDIR, "/" + "/".join(parts))
        if isinstance(node, File):
            return node.read()
        return b""

    def write(self, parts, data, append, mode, uid, gid):
        self._ro(parts)
        parent = self._parent(parts)
        old = parent.children.get(parts[-1])
        if isinstance(old, Dir):
            raise _err(errno.EISDIR, "/" + "/".join(parts))
        if isinstance(old, File):
            content = old.read() + data if append else data
            new = File(content, old.mode, old.uid, old.gid, _now(), owner=self.w)
        else:
            new = File(data, S_IFREG | (mode & 0o7777), uid, gid, _now(), owner=self.w)
        parent.children[parts[-1]] = new
        parent.mtime = _now()

    def listdir(self, parts):
        node = self._node(parts)
        if not isinstance(node, Dir):
            raise _err(errno.ENOTDIR if node is not None else errno.ENOENT, "/" + "/".join(parts))
        return sorted(node.children)

    def mkdir(self, parts, mode, uid, gid):
        self._ro(parts)
        parent = self._parent(parts)
        if parts[-1] in parent.children:
            raise _err(errno.EEXIST, "/" + "/".join(parts))
        parent.children[parts[-1]] = Dir(S_IFDIR | (mode & 0o7777), uid, gid, _now(), owner=self.w)
        parent.mtime = _now()

    def unlink(self, parts):
        self._ro(parts)
        parent = self._parent(parts)
        node = parent.children.get(parts[-1])
        if node is None:
            raise _err(errno.ENOENT, "/" + "/".join(parts))
        if isinstance(node, Dir):
            raise _err(errno.EISDIR, "/" + "/".join(parts))
        del parent.children[parts[-1]]
        parent.mtime = _now()

    def rmdir(self, parts):
        self._ro(parts)
        parent = self._parent(parts)
        node = parent.children.get(parts[-1])
        if node is None:
            raise _err(errno.ENOENT, "/" + "/".join(parts))
        if not isinstance(node, Dir):
            raise _err(errno.ENOTDIR, "/" + "/".join(parts))
        if node.children:
            raise _err(errno.ENOTEMPTY, "/" + "/".join(parts))
        del parent.children[parts[-1]]
        parent.mtime = _now()

    def rename(self, src, dst):
        self._ro(dst)
        node = self._node(src)
        if node is None:
            raise _err(errno.ENOENT, "/" + "/".join(src))
        if dst[: len(src)] == src and len(dst) > len(src):
            raise _err(errno.EINVAL, "/" + "/".join(dst))
        dparent = self._parent(dst)
        old = dparent.children.get(dst[-1])
        if isinstance(old, Dir) and not isinstance(node, Dir):
            raise _err(errno.EISDIR, "/" + "/".join(dst))
        if isinstance(old, Dir) and old.children:
            raise _err(errno.ENOTEMPTY, "/" + "/".join(dst))
        sparent = self._parent(src)
        del sparent.children[src[-1]]
        dparent = self._parent(dst)
        dparent.children[dst[-1]] = node
        sparent.mtime = dparent.mtime = _now()

    def symlink(self, target, parts, uid, gid):
        self._ro(parts)
        parent = self._parent(parts)
        if parts[-1] in parent.children:
            raise _err(errno.EEXIST, "/" + "/".join(parts))
        parent.children[parts[-1]] = Symlink(target, S_IFLNK | 0o777, uid, gid, _now(), owner=self.w)

    def _owned(self, parts) -> Node:
        node = self._node(parts)
        if node is None:
            raise _err(errno.ENOENT, "/" + "/".join(parts))
        if not parts:
            return self.w.own_root()
        if isinstance(node, Dir):
            return self.w.own_dir_at(parts)
        parent = self.w.own_dir_at(parts[:-1])
        if node.owner is not self.w:
            node = node.copy(owner=self.w)
            parent.children[parts[-1]] = node
        return node

    def chmod(self, parts, mode):
        self._ro(parts)
        node = self._owned(parts)
        node.mode = st.S_IFMT(node.mode) | (mode & 0o7777)

    def chown(self, parts, uid, gid):
        self._ro(parts)
        node = self._owned(parts)
        node.uid, node.gid = uid, gid

    def utime(self, parts, mtime):
        self._ro(parts)
        self._owned(parts).mtime = mtime

    def mknod(self, parts, mode, rdev):
        parent = self._parent(parts)
        parent.children[parts[-1]] = Device(mode, rdev, owner=self.w)


class HostBackend(Backend):
    """A bind mount or a volume: a real host directory, entered only through resolved components."""

    def __init__(self, host_path: str, readonly: bool = False):
        self.host = os.path.abspath(host_path)
        self.readonly = readonly

    def _p(self, parts: list[str]) -> str:
        return os.path.join(self.host, *parts)

    def _ro(self, parts):
        if self.readonly:
            raise _err(errno.EROFS, "/" + "/".join(parts))

    def stat(self, parts):
        try:
            s = os.lstat(self._p(parts))
        except OSError:
            return None
        return Stat(s.st_mode, s.st_size, s.st_uid, s.st_gid, s.st_mtime, s.st_nlink, s.st_ino)

    def readlink(self, parts):
        p = self._p(parts)
        return os.readlink(p) if os.path.islink(p) else None

    def read(self, parts):
        p = self._p(parts)
        if os.path.islink(p):  # never let the host follow a link: the caller resolves links
            raise _err(errno.ELOOP, p)
        with open(p, "rb") as f:
            return f.read()

    def write(self, parts, data, append, mode, uid, gid):
        self._ro(parts)
        p = self._p(parts)
        if os.path.islink(p):
            raise _err(errno.ELOOP, p)
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(p, flags, mode & 0o777)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def listdir(self, parts):
        return sorted(os.listdir(self._p(parts)))

    def mkdir(self, parts, mode, uid, gid):
        self._ro(parts)
        os.mkdir(self._p(parts), mode & 0o777)

    def unlink(self, parts):
        self._ro(parts)
        os.unlink(self._p(parts))

    def rmdir(self, parts):
        self._ro(parts)
        os.rmdir(self._p(parts))

    def rename(self, src, dst):
        self._ro(src)
        os.rename(self._p(src), self._p(dst))

    def symlink(self, target, parts, uid, gid):
        self._ro(parts)
        os.symlink(target, self._p(parts))

    def chmod(self, parts, mode):
        self._ro(parts)
        if not os.path.islink(self._p(parts)):
            os.chmod(self._p(parts), mode & 0o7777)

    def chown(self, parts, uid, gid):
        self._ro(parts)  # ownership on the host stays the user's: nothing here runs as root

    def utime(self, parts, mtime):
        self._ro(parts)
        if not os.path.islink(self._p(parts)):
            os.utime(self._p(parts), (mtime, mtime))


class FileBackend(Backend):
    """A single file mounted over a path (/etc/hostname, /etc/hosts, /etc/resolv.conf)."""

    def __init__(self, data: bytes, mode: int = 0o644):
        self.data = data
        self.mode = mode
        self.mtime = _now()

    def stat(self, parts):
        return Stat(S_IFREG | self.mode, len(self.data), st_mtime=self.mtime) if not parts else None

    def readlink(self, parts):
        return None

    def read(self, parts):
        return self.data

    def write(self, parts, data, append, mode, uid, gid):
        self.data = self.data + data if append else data
        self.mtime = _now()

    def listdir(self, parts):
        raise _err(errno.ENOTDIR, "")

    def chmod(self, parts, mode):
        self.mode = mode & 0o7777

    def chown(self, parts, uid, gid):
        pass

    def utime(self, parts, mtime):
        self.mtime = mtime


class DeviceBackend(Backend):
    """Docker's /dev: null, zero, full, random and urandom behave; the rest are names."""

    DEVICES = {"null": (1, 3), "zero": (1, 5), "full": (1, 7), "random": (1, 8), "urandom": (1, 9),
               "tty": (5, 0), "console": (136, 0)}
    LINKS = {"stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2",
             "fd": "/proc/self/fd", "ptmx": "pts/ptmx"}
    DIRS = ("pts", "shm", "mqueue")
    READ_LIMIT = 1 << 20  # reads of endless devices return this much; programs take what they need

    def stat(self, parts):
        if not parts:
            return Stat(S_IFDIR | 0o755, 0)
        name = parts[0]
        if len(parts) == 1 and name in self.DEVICES:
            return Stat(st.S_IFCHR | 0o666, 0, st_rdev=self.DEVICES[name])
        if len(parts) == 1 and name in self.LINKS:
            return Stat(S_IFLNK | 0o777, len(self.LINKS[name]))
        if len(parts) == 1 and name in self.DIRS:
            return Stat(S_IFDIR | (0o1777 if name == "shm" else 0o755), 0)
        return None

    def readlink(self, parts):
        return self.LINKS.get(parts[0]) if len(parts) == 1 else None

    def read(self, parts):
        name = parts[0] if parts else ""
        if name in ("zero", "full"):
            return bytes(self.READ_LIMIT)
        if name in ("random", "urandom"):
            return os.urandom(self.READ_LIMIT)
        if name in self.DEVICES:
            return b""
        raise _err(errno.EISDIR if not parts or name in self.DIRS else errno.ENOENT, "/dev/" + name)

    def write(self, parts, data, append, mode, uid, gid):
        name = parts[0] if parts else ""
        if name == "full":
            raise _err(errno.ENOSPC, "/dev/full")
        if name not in self.DEVICES:
            raise _err(errno.EACCES, "/dev/" + name)

    def listdir(self, parts):
        if not parts:
            return sorted([*self.DEVICES, *self.LINKS, *self.DIRS])
        if parts[0] in self.DIRS and len(parts) == 1:
            return []
        raise _err(errno.ENOTDIR, "/dev/" + "/".join(parts))

    def _deny(self, parts, *a):
        raise _err(errno.EPERM, "/dev/" + "/".join(parts))

    mkdir = unlink = rmdir = symlink = chmod = chown = _deny

    def rename(self, src, dst):
        raise _err(errno.EPERM, "/dev/" + "/".join(src))

    def utime(self, parts, mtime):
        pass


# ---------------------------------------------------------------- the filesystem
class RootFS:
    """The filesystem one container's processes see. Paths are absolute container paths."""

    def __init__(self, image_tree: Dir, tree: Dir | None = None):
        self.image_tree = image_tree
        self.writer = Writer(tree if tree is not None else image_tree)
        self.tree_backend = TreeBackend(self.writer)
        self.mounts: dict[tuple[str, ...], Backend] = {}
        self.mount("/dev", DeviceBackend())

    @property
    def tree(self) -> Dir:
        """The container's tree now (compare with `image_tree` for docker diff / commit)."""
        return self.writer.root

    def mount(self, path: str, backend: Backend) -> None:
        self.mounts[tuple(split(path))] = backend

    def unmount(self, path: str) -> None:
        self.mounts.pop(tuple(split(path)), None)

    def mount_points(self) -> list[str]:
        return ["/" + "/".join(k) for k in self.mounts]

    # -- resolution
    def _backend(self, parts: list[str]) -> tuple[Backend, list[str]]:
        """The backend that owns the resolved path `parts`, and the path relative to it."""
        for i in range(len(parts), -1, -1):
            b = self.mounts.get(tuple(parts[:i])) if self.mounts else None
            if b is not None:
                return b, parts[i:]
        return self.tree_backend, parts

    def _stat_parts(self, parts: list[str]) -> Stat | None:
        b, rel = self._backend(parts)
        return b.stat(rel)

    def resolve(self, path: str, follow: bool = True) -> list[str]:
        """Resolve `path` to container path components, following symlinks inside the container.

        The last component may not exist (callers creating it check that its parent does).
        Raises ENOENT/ENOTDIR for a missing or non-directory intermediate component, ELOOP on cycles.
        """
        if not path:
            raise _err(errno.ENOENT, path)
        todo = [p for p in path.split("/") if p not in ("", ".")]
        todo.reverse()
        done: list[str] = []
        links = 0
        while todo:
            name = todo.pop()
            if name == "..":
                if done:
                    done.pop()
                continue
            cand = done + [name]
            s = self._stat_parts(cand)
            last = not todo
            if s is None:
                if last:
                    return cand
                raise _err(errno.ENOENT, path)
            if st.S_ISLNK(s.st_mode) and (follow or not last):
                links += 1
                if links > MAX_SYMLINKS:
                    raise _err(errno.ELOOP, path)
                b, rel = self._backend(cand)
                target = b.readlink(rel) or ""
                more = [p for p in target.split("/") if p not in ("", ".")]
                todo.extend(reversed(more))
                if target.startswith("/"):
                    done = []
                continue
            if (not last or path.endswith("/")) and not st.S_ISDIR(s.st_mode) and not st.S_ISLNK(s.st_mode):
                raise _err(errno.ENOTDIR, path)  # `file/` names a directory that is not there
            done = cand
        return done

    def _at(self, path: str, follow: bool = True) -> tuple[Backend, list[str], list[str]]:
        parts = self.resolve(path, follow)
        b, rel = self._backend(parts)
        return b, rel, parts

    # -- queries
    def stat(self, path: str) -> Stat:
        b, rel, _ = self._at(path)
        s = b.stat(rel)
        if s is None:
            raise _err(errno.ENOENT, path)
        return s

    def lstat(self, path: str) -> Stat:
        b, rel, _ = self._at(path, follow=False)
        s = b.stat(rel)
        if s is None:
            raise _err(errno.ENOENT, path)
        return s

    def exists(self, path: str, follow: bool = True) -> bool:
        try:
            (self.stat if follow else self.lstat)(path)
            return True
        except OSError:
            return False

    def is_dir(self, path: str) -> bool:
        try:
            return st.S_ISDIR(self.stat(path).st_mode)
        except OSError:
            return False

    def is_file(self, path: str) -> bool:
        try:
            return st.S_ISREG(self.stat(path).st_mode)
        except OSError:
            return False

    def realpath(self, path: str) -> str:
        return "/" + "/".join(self.resolve(path))

    def readlink(self, path: str) -> str:
        b, rel, _ = self._at(path, follow=False)
        target = b.readlink(rel)
        if target is None:
            raise _err(errno.EINVAL if b.stat(rel) is not None else errno.ENOENT, path)
        return target

    def read_bytes(self, path: str) -> bytes:
        b, rel, _ = self._at(path)
        s = b.stat(rel)
        if s is None:
            raise _err(errno.ENOENT, path)
        if st.S_ISDIR(s.st_mode):
            raise _err(errno.EISDIR, path)
        return b.read(rel)

    def listdir(self, path: str) -> list[str]:
        b, rel, parts = self._at(path)
        s = b.stat(rel)
        if s is None:
            raise _err(errno.ENOENT, path)
        if not st.S_ISDIR(s.st_mode):
            raise _err(errno.ENOTDIR, path)
        names = set(b.listdir(rel))
        # mount points show in their parent directory even where the tree has no such entry
        for mp in self.mounts:
            if len(mp) == len(parts) + 1 and list(mp[:-1]) == parts:
                names.add(mp[-1])
        return sorted(names)

    # -- changes
    def _parent_ok(self, path: str, parts: list[str]) -> None:
        if not parts:
            raise _err(errno.EEXIST, path)
        ps = self._stat_parts(parts[:-1])
        if ps is None:
            raise _err(errno.ENOENT, path)
        if not st.S_ISDIR(ps.st_mode):
            raise _err(errno.ENOTDIR, path)

    def write_bytes(self, path: str, data: bytes, append: bool = False, mode: int = 0o644, uid: int = 0,
                    gid: int = 0) -> None:
        b, rel, parts = self._at(path)
        if not parts:
            raise _err(errno.EISDIR, path)
        if b.stat(rel) is None:
            self._parent_ok(path, parts)
        b.write(rel, data, append, mode, uid, gid)

    def mkdir(self, path: str, mode: int = 0o755, uid: int = 0, gid: int = 0, parents: bool = False,
              exist_ok: bool = False) -> None:
        if parents:
            cur = ""
            for name in split(path):
                cur += "/" + name
                if not self.exists(cur):
                    self.mkdir(cur, mode, uid, gid)
                elif not self.is_dir(cur):
                    raise _err(errno.ENOTDIR, cur)
            return
        b, rel, parts = self._at(path, follow=False)
        if b.stat(rel) is not None:
            if exist_ok and self.is_dir(path):
                return
            raise _err(errno.EEXIST, path)
        self._parent_ok(path, parts)
        b.mkdir(rel, mode, uid, gid)

    def unlink(self, path: str) -> None:
        b, rel, parts = self._at(path, follow=False)
        if not parts:
            raise _err(errno.EISDIR, path)
        if tuple(parts) in self.mounts:
            raise _err(errno.EBUSY, path)
        if b.stat(rel) is None:
            raise _err(errno.ENOENT, path)
        b.unlink(rel)

    def rmdir(self, path: str) -> None:
        b, rel, parts = self._at(path, follow=False)
        if not parts or tuple(parts) in self.mounts:
            raise _err(errno.EBUSY, path)
        b.rmdir(rel)

    def rename(self, src: str, dst: str) -> None:
        sb, srel, sparts = self._at(src, follow=False)
        db, drel, dparts = self._at(dst, follow=False)
        if sb.stat(srel) is None:
            raise _err(errno.ENOENT, src)
        if not sparts or not dparts:
            raise _err(errno.EBUSY, src)
        if sb is not db or tuple(sparts) in self.mounts:
            raise _err(errno.EXDEV, src)
        if db.stat(drel) is None:
            self._parent_ok(dst, dparts)
        sb.rename(srel, drel)

    def symlink(self, target: str, path: str, uid: int = 0, gid: int = 0) -> None:
        b, rel, parts = self._at(path, follow=False)
        if b.stat(rel) is not None:
            raise _err(errno.EEXIST, path)
        self._parent_ok(path, parts)
        b.symlink(target, rel, uid, gid)

    def chmod(self, path: str, mode: int) -> None:
        b, rel, _ = self._at(path)
        if b.stat(rel) is None:
            raise _err(errno.ENOENT, path)
        b.chmod(rel, mode)

    def chown(self, path: str, uid: int, gid: int, follow: bool = True) -> None:
        b, rel, _ = self._at(path, follow)
        if b.stat(rel) is None:
            raise _err(errno.ENOENT, path)
        b.chown(rel, uid, gid)

    def utime(self, path: str, mtime: float | None = None) -> None:
        b, rel, _ = self._at(path)
        if b.stat(rel) is None:
            raise _err(errno.ENOENT, path)
        b.utime(rel, _now() if mtime is None else mtime)

    def mknod(self, path: str, mode: int, rdev: tuple[int, int] = (0, 0)) -> None:
        b, rel, parts = self._at(path, follow=False)
        self._parent_ok(path, parts)
        b.mknod(rel, mode, rdev)


def freeze(fs: RootFS) -> None:
    """Make the tree `fs` shows now immutable (it becomes an image's): later writes copy again.

    Ownership is what lets a writer change nodes in place; a fresh writer owns nothing.
    """
    fs.writer = Writer(fs.writer.root)
    fs.tree_backend.w = fs.writer
