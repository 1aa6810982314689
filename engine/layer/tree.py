"""Filesystem trees: the contents of layers, images and containers, in memory.

A tree is a graph of nodes rooted at a `Dir`. Trees are *persistent*: an image's tree is never
changed; a container's tree starts as its image's tree and is copied on write, path by path,
so a thousand containers of one image share every node they have not touched. This is overlayfs
done with objects: a cloned directory is a "copied-up" directory, a replaced node is a changed
file, and comparing a tree with its base (`changes`) is what `docker diff` and `docker commit`
read. Nodes in a tree are never mutated unless they are owned by the tree doing the writing
(`Dir.owner is writer`).
"""
from __future__ import annotations

import hashlib
import stat as st

S_IFREG, S_IFDIR, S_IFLNK = st.S_IFREG, st.S_IFDIR, st.S_IFLNK
S_IFCHR, S_IFBLK, S_IFIFO = st.S_IFCHR, st.S_IFBLK, st.S_IFIFO


class Node:
    """One filesystem object. `mode` holds the type bits and the permission bits, as st_mode."""

    __slots__ = ("mode", "uid", "gid", "mtime", "owner")

    def __init__(self, mode: int, uid: int = 0, gid: int = 0, mtime: float = 0.0, owner=None):
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.mtime = mtime
        self.owner = owner

    @property
    def kind(self) -> int:
        return st.S_IFMT(self.mode)

    @property
    def perm(self) -> int:
        return st.S_IMODE(self.mode)

    def is_dir(self) -> bool:
        return False

    def copy(self, owner=None) -> "Node":
        raise NotImplementedError

    @property
    def size(self) -> int:
        return 0


class File(Node):
    """A regular file. Content is either `data`, or `size` bytes generated from `generator`.

    Generated content lets the bundled images carry their true sizes (a 90 MB `node` binary)
    without storing them: the bytes are a deterministic function of the generator key.
    """

    __slots__ = ("data", "_size", "generator")

    def __init__(self, data: bytes | None = b"", mode: int = S_IFREG | 0o644, uid=0, gid=0, mtime=0.0,
                 size: int | None = None, generator: str | None = None, owner=None):
        super().__init__(mode, uid, gid, mtime, owner)
        self.data = data
        self._size = len(data) if data is not None else (size or 0)
        self.generator = generator

    @property
    def size(self) -> int:
        return self._size

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        return generated_bytes(self.generator or "", self._size)

    def copy(self, owner=None) -> "File":
        return File(self.data, self.mode, self.uid, self.gid, self.mtime, self._size, self.generator, owner)


class Symlink(Node):
    __slots__ = ("target",)

    def __init__(self, target: str, mode: int = S_IFLNK | 0o777, uid=0, gid=0, mtime=0.0, owner=None):
        super().__init__(mode, uid, gid, mtime, owner)
        self.target = target

    @property
    def size(self) -> int:
        return len(self.target.encode())

    def copy(self, owner=None) -> "Symlink":
        return Symlink(self.target, self.mode, self.uid, self.gid, self.mtime, owner)


class Device(Node):
    """Character/block devices and FIFOs, kept as metadata (their behaviour lives in rootfs)."""

    __slots__ = ("rdev",)

    def __init__(self, mode: int, rdev: tuple[int, int] = (0, 0), uid=0, gid=0, mtime=0.0, owner=None):
        super().__init__(mode, uid, gid, mtime, owner)
        self.rdev = rdev

    def copy(self, owner=None) -> "Device":
        return Device(self.mode, self.rdev, self.uid, self.gid, self.mtime, owner)


class Dir(Node):
    """A directory. `clone_of` links a copied-up directory to the one it was copied from."""

    __slots__ = ("children", "clone_of")

    def __init__(self, mode: int = S_IFDIR | 0o755, uid=0, gid=0, mtime=0.0, children=None, owner=None,
                 clone_of: "Dir | None" = None):
        super().__init__(mode, uid, gid, mtime, owner)
        self.children: dict[str, Node] = children if children is not None else {}
        self.clone_of = clone_of

    def is_dir(self) -> bool:
        return True

    def copy(self, owner=None) -> "Dir":
        return Dir(self.mode, self.uid, self.gid, self.mtime, dict(self.children), owner, clone_of=self)


ELF_MAGIC = b"\x7fELF\x02\x01\x01\x00"
PROGRAM_MARKER = b"\x00dockyard-program="


def program_header(name: str) -> bytes:
    """The first bytes of a simulated executable: an ELF magic, then the name of the program it runs."""
    return ELF_MAGIC + bytes(8) + PROGRAM_MARKER + name.encode() + b"\x00"


def generated_bytes(key: str, size: int) -> bytes:
    """Deterministic filler for files whose size is declared rather than stored.

    A key `program:<name>` makes a simulated executable: its bytes start with `program_header`.
    """
    if size <= 0:
        return b""
    block = hashlib.sha256(key.encode()).digest() * 128  # 4 KiB
    reps, rest = divmod(size, len(block))
    data = block * reps + block[:rest]
    if key.startswith("program:"):
        head = program_header(key[len("program:"):])
        data = head[:size] + data[len(head):]
    return data


def split(path: str) -> list[str]:
    """'/a/b/../c' -> ['a', 'c'] without touching symlinks (callers resolve those)."""
    out: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if out:
                out.pop()
            continue
        out.append(part)
    return out


def walk(root: Dir, prefix: str = ""):
    """Yield (path, node) for every node below `root`, parents before children, names sorted."""
    for name in sorted(root.children):
        node = root.children[name]
        path = f"{prefix}/{name}"
        yield path, node
        if isinstance(node, Dir):
            yield from walk(node, path)


class Writer:
    """Copy-on-write access to a tree: every node it clones is owned by it and may be changed in place."""

    def __init__(self, root: Dir):
        self.root = root

    def own(self, node: Node) -> Node:
        return node if node.owner is self else node.copy(owner=self)

    def own_root(self) -> Dir:
        self.root = self.own(self.root)  # type: ignore[assignment]
        return self.root

    def own_dir_at(self, parts: list[str]) -> Dir:
        """The directory at `parts` (no symlinks), copied up along the path. KeyError/NotADirectoryError if absent."""
        d = self.own_root()
        for name in parts:
            child = d.children[name]
            if not isinstance(child, Dir):
                raise NotADirectoryError(name)
            if child.owner is not self:
                child = child.copy(owner=self)
                d.children[name] = child
            d = child
        return d

    def set(self, parts: list[str], node: Node) -> None:
        parent = self.own_dir_at(parts[:-1])
        parent.children[parts[-1]] = node

    def remove(self, parts: list[str]) -> None:
        parent = self.own_dir_at(parts[:-1])
        parent.children.pop(parts[-1], None)


def lookup(root: Dir, parts: list[str]) -> Node | None:
    node: Node = root
    for name in parts:
        if not isinstance(node, Dir):
            return None
        nxt = node.children.get(name)
        if nxt is None:
            return None
        node = nxt
    return node


# ---------------------------------------------------------------- changes (docker diff)
ADDED, CHANGED, DELETED = "A", "C", "D"


def changes(base: Dir, new: Dir, prefix: str = "") -> list[tuple[str, str, Node | None]]:
    """What `new` changed relative to `base`, as overlayfs would show it: (kind, path, node).

    A copied-up directory is reported changed, a node present only in `new` added (with its whole
    subtree), a node present only in `base` deleted. A directory that replaced, rather than was
    copied from, the base's directory is reported with its subtree as added ("opaque").
    """
    out: list[tuple[str, str, Node | None]] = []
    _changes(base, new, prefix, out)
    return out


def _changes(base: Dir, new: Dir, prefix: str, out: list) -> None:
    if base is new:
        return
    for name in sorted(set(base.children) | set(new.children)):
        b = base.children.get(name)
        n = new.children.get(name)
        path = f"{prefix}/{name}"
        if b is n:
            continue
        if n is None:
            out.append((DELETED, path, None))
        elif b is None:
            out.append((ADDED, path, n))
            if isinstance(n, Dir):
                _all_added(n, path, out)
        elif isinstance(n, Dir) and isinstance(b, Dir) and _derives_from(n, b):
            out.append((CHANGED, path, n))
            _changes(b, n, path, out)
        else:
            out.append((CHANGED, path, n))
            if isinstance(n, Dir):
                _all_added(n, path, out)


def _derives_from(new: Dir, base: Dir) -> bool:
    d: Dir | None = new
    while d is not None:
        if d is base:
            return True
        d = d.clone_of
    return False


def _all_added(d: Dir, prefix: str, out: list) -> None:
    for path, node in walk(d, prefix):
        out.append((ADDED, path, node))


def is_opaque_replacement(base: Dir, new: Dir, parts: list[str]) -> bool:
    """True when the directory at `parts` in `new` does not derive from the one in `base`."""
    b, n = lookup(base, parts), lookup(new, parts)
    return isinstance(b, Dir) and isinstance(n, Dir) and not _derives_from(n, b)
