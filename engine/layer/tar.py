"""Layers as Docker stores them: tar diffs with `.wh.` whiteouts, read into and out of trees.

A layer tar lists what a layer adds or changes, and marks deletions with a whiteout entry
`.wh.<name>` beside the deleted name; a directory whose lower contents are hidden carries the
opaque marker `.wh..wh..opq`. This is the OCI/Docker layer format, so a layer written here is a
layer a real Docker can load.

Files whose content is generated rather than stored (`File(None, size=N, generator=key)`: the
bundled images' binaries, installed packages) are written *compactly*: as a GNU sparse file
(PAX format 1.0) that is one hole of N bytes, naming its generator in an extended attribute
record (`SCHILY.xattr.user.dockyard.generator=key`, which tar tools and Docker accept silently).
That is a standard tar a real Docker or GNU tar reads (the file comes out as N zero bytes, and
every tool reports its true size), while the stored blob stays a few hundred bytes, so a 1 GB `node` image
does not write 1 GB. `apply_tar` reads the record back into a generated file; `expand_tar`
writes the full bytes for a consumer that wants them.
"""
from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator

from .tree import (ADDED, CHANGED, DELETED, Device, Dir, File, Node, S_IFDIR, S_IFLNK, S_IFREG, Symlink, Writer,
                   changes, generated_bytes, is_opaque_replacement, lookup, split, walk)

WHITEOUT_PREFIX = ".wh."
OPAQUE = ".wh..wh..opq"

GENERATOR_RECORD = "SCHILY.xattr.user.dockyard.generator"


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
    generator = ti.pax_headers.get(GENERATOR_RECORD)
    if generator is not None and ti.sparse is not None:
        return File(None, S_IFREG | perm, ti.uid, ti.gid, float(ti.mtime), size=ti.size, generator=generator)
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
    if isinstance(node, File) and is_generated(node):
        _add_generated(tf, ti, node)
    elif isinstance(node, File):
        tf.addfile(ti, io.BytesIO(node.read()))
    else:
        tf.addfile(ti)


def is_generated(node: File) -> bool:
    """True for a file whose bytes are generated from a key, which layer tars store compactly."""
    return node.data is None and bool(node.generator) and node.size > 0


def _add_generated(tf: tarfile.TarFile, ti: tarfile.TarInfo, node: File) -> None:
    """Write `node` as a sparse file that is all hole, naming its generator (see the module docstring)."""
    ti.pax_headers = {"GNU.sparse.major": "1", "GNU.sparse.minor": "0", "GNU.sparse.name": ti.name,
                      "GNU.sparse.realsize": str(node.size), GENERATOR_RECORD: node.generator or ""}
    # The data starts with the sparse map: the number of data regions, then each one's offset
    # and length, in decimal lines padded to a block. One empty region at the end, as GNU tar
    # writes for a file ending in a hole, so extracting tools extend the file to its size.
    sparse_map = f"1\n{node.size}\n0\n".encode().ljust(tarfile.BLOCKSIZE, b"\0")
    ti.size = len(sparse_map)
    tf.addfile(ti, io.BytesIO(sparse_map))


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


# ---------------------------------------------------------------- expanding generated files
_CHUNK = 1 << 20  # a multiple of the 4 KiB period of generated content


class _GeneratedReader:
    """The bytes of a generated file, read in pieces without building them all in memory.

    Generated content repeats with a 4 KiB period after its first bytes (a program header), so
    every 1 MiB chunk after the first is the same: two chunks describe the whole file.
    """

    def __init__(self, key: str, size: int):
        head = generated_bytes(key, min(size, 2 * _CHUNK))
        self._first, self._rest = head[:_CHUNK], head[_CHUNK:]
        self.size = size
        self.pos = 0

    def read(self, n: int = -1) -> bytes:
        end = self.size if n is None or n < 0 else min(self.size, self.pos + n)
        out = bytearray()
        while self.pos < end:
            index, offset = divmod(self.pos, _CHUNK)
            source = self._first if index == 0 else self._rest
            piece = source[offset:offset + end - self.pos]
            out += piece
            self.pos += len(piece)
        return bytes(out)


class _Chunks:
    """A write-only file that collects what a streaming tar writer produces, for a generator to hand on."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> list[bytes]:
        parts, self.parts = self.parts, []
        return parts


def expand_tar(data) -> Iterator[bytes]:
    """The layer tar `data` (bytes or a binary file) with every generated file written out in full.

    Streams: memory stays bounded whatever the files' sizes. Other entries pass through unchanged.
    """
    fileobj = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    sink = _Chunks()
    with tarfile.open(fileobj=fileobj, mode="r|") as src:
        dst = tarfile.open(fileobj=sink, mode="w|", format=tarfile.PAX_FORMAT)  # type: ignore[arg-type]
        for ti in src:
            generator = ti.pax_headers.get(GENERATOR_RECORD)
            if generator is not None and ti.sparse is not None:
                out = tarfile.TarInfo(ti.name)
                out.mode, out.uid, out.gid, out.mtime = ti.mode, ti.uid, ti.gid, ti.mtime
                out.uname, out.gname, out.type, out.size = ti.uname, ti.gname, tarfile.REGTYPE, ti.size
                dst.addfile(out, _GeneratedReader(generator, ti.size))  # type: ignore[arg-type]
            elif ti.isreg():
                dst.addfile(ti, src.extractfile(ti))
            else:
                dst.addfile(ti)
            yield from sink.take()
        dst.close()
    yield from sink.take()


__all__ = ["apply_tar", "diff_tar", "tree_tar", "expand_tar", "is_generated", "tarinfo_for", "GENERATOR_RECORD",
           "WHITEOUT_PREFIX", "OPAQUE", "ADDED", "CHANGED", "DELETED"]
