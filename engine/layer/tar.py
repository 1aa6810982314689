"""Layers as Docker stores them: tar diffs with `.wh.` whiteouts, read into and out of trees.

A layer tar lists what a layer adds or changes, and marks deletions with a whiteout entry
`.wh.<name>` beside the deleted name; a directory whose lower contents are hidden carries the
opaque marker `.wh..wh..opq`. This is the OCI/Docker layer format, so a layer written here is a
layer a real Docker can load.
"""
from __future__ import annotations

import io
import tarfile

from .tree import (ADDED, CHANGED, DELETED, Device, Dir, File, Node, S_IFDIR, S_IFLNK, S_IFREG, Symlink, Writer,
                   changes, is_opaque_replacement, lookup, split, walk)

WHITEOUT_PREFIX = ".wh."
OPAQUE = ".wh..wh..opq"


def apply_tar(root: Dir, data) -> Dir:
    """Return a new tree: `root` with the layer tar `data` (bytes or a binary file) applied on top."""
    fileobj = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    w = Writer(root)
    hardlinks: list[tuple[list[str], list[str]]] = []
    with tarfile.open(fileobj=fileobj, mode="r|") as tf:
        for ti in tf:
            parts = split(ti.name)
            if not parts:
                # the root entry "./" carries the root's own metadata
                r = w.own_root()
                r.mode, r.uid, r.gid, r.mtime = S_IFDIR | (ti.mode & 0o7777), ti.uid, ti.gid, float(ti.mtime)
                continue
            base = parts[-1]
            if base == OPAQUE:
                d = _ensure_dir(w, parts[:-1])
                d.children.clear()
                continue
            if base.startswith(WHITEOUT_PREFIX):
                target = parts[:-1] + [base[len(WHITEOUT_PREFIX):]]
                _ensure_dir(w, target[:-1]).children.pop(target[-1], None)
                continue
            if ti.islnk():
                hardlinks.append((parts, split(ti.linkname)))
                continue
            node = _node_from_tarinfo(ti, tf)
            parent = _ensure_dir(w, parts[:-1])
            old = parent.children.get(base)
            if isinstance(node, Dir) and isinstance(old, Dir):
                # a directory entry over an existing directory changes its metadata, keeps its contents
                d = w.own_dir_at(parts)
                d.mode, d.uid, d.gid, d.mtime = node.mode, node.uid, node.gid, node.mtime
            else:
                parent.children[base] = node
    for parts, target in hardlinks:
        src = lookup(w.root, target)
        if src is not None:
            w.set(parts, src.copy())
    return w.root


def _ensure_dir(w: Writer, parts: list[str]) -> Dir:
    d = w.own_root()
    for name in parts:
        child = d.children.get(name)
        if not isinstance(child, Dir):
            child = Dir(owner=w)
            d.children[name] = child
        elif child.owner is not w:
            child = child.copy(owner=w)
            d.children[name] = child
        d = child
    return d


def _node_from_tarinfo(ti: tarfile.TarInfo, tf: tarfile.TarFile) -> Node:
    perm = ti.mode & 0o7777
    if ti.isdir():
        return Dir(S_IFDIR | perm, ti.uid, ti.gid, float(ti.mtime))
    if ti.issym():
        return Symlink(ti.linkname, S_IFLNK | 0o777, ti.uid, ti.gid, float(ti.mtime))
    if ti.ischr() or ti.isblk() or ti.isfifo():
        kind = {tarfile.CHRTYPE: 0o020000, tarfile.BLKTYPE: 0o060000, tarfile.FIFOTYPE: 0o010000}[ti.type]
        return Device(kind | perm, (ti.devmajor, ti.devminor), ti.uid, ti.gid, float(ti.mtime))
    f = tf.extractfile(ti)
    data = f.read() if f is not None else b""
    return File(data, S_IFREG | perm, ti.uid, ti.gid, float(ti.mtime))


def tarinfo_for(path: str, node: Node) -> tarfile.TarInfo:
    ti = tarfile.TarInfo(path)
    ti.mode = node.perm
    ti.uid, ti.gid = node.uid, node.gid
    ti.mtime = int(node.mtime)
    ti.uname = ti.gname = ""
    if isinstance(node, Dir):
        ti.type = tarfile.DIRTYPE
    elif isinstance(node, Symlink):
        ti.type, ti.linkname = tarfile.SYMTYPE, node.target
    elif isinstance(node, Device):
        ti.type = {0o020000: tarfile.CHRTYPE, 0o060000: tarfile.BLKTYPE}.get(node.kind, tarfile.FIFOTYPE)
        ti.devmajor, ti.devminor = node.rdev
    else:
        ti.type, ti.size = tarfile.REGTYPE, node.size
    return ti


def _add(tf: tarfile.TarFile, path: str, node: Node) -> None:
    ti = tarinfo_for(path, node)
    if isinstance(node, File):
        tf.addfile(ti, io.BytesIO(node.read()))
    else:
        tf.addfile(ti)


def diff_tar(base: Dir, new: Dir) -> bytes:
    """The layer tar that turns `base` into `new` (what `docker commit` and each build step store)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for kind, path, node in changes(base, new):
            rel = path.lstrip("/")
            if kind == DELETED:
                head, _, name = rel.rpartition("/")
                wh = f"{head}/{WHITEOUT_PREFIX}{name}" if head else WHITEOUT_PREFIX + name
                ti = tarfile.TarInfo(wh)
                ti.mode = 0o644
                tf.addfile(ti)
                continue
            assert node is not None
            _add(tf, rel, node)
            if kind == CHANGED and isinstance(node, Dir) and is_opaque_replacement(base, new, split(path)):
                ti = tarfile.TarInfo(f"{rel}/{OPAQUE}")
                ti.mode = 0o644
                tf.addfile(ti)
    return buf.getvalue()


def tree_tar(root: Dir, paths_under: str = "") -> bytes:
    """A whole tree as one tar (docker export; the bundled images' base layers)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for path, node in walk(root, paths_under):
            _add(tf, path.lstrip("/"), node)
    return buf.getvalue()


__all__ = ["apply_tar", "diff_tar", "tree_tar", "tarinfo_for", "WHITEOUT_PREFIX", "OPAQUE", "ADDED", "CHANGED",
           "DELETED"]
