"""The build context: the tar the client sends, as a tree, with the content hashes the cache keys use.

The classic builder names what COPY/ADD copied by a hash of it (`COPY file:<hex> in /app`), and
that string is part of the step's cache key: change a file's content or mode and the step misses
the cache; touch it (mtime) and it doesn't. Two hash flavours exist, as in moby:

- context files are hashed as tarsum v1 computes over the client's tar headers: name, mode
  (permission bits only), uid, gid, size, typeflag, linkname, empty uname/gname, devmajor,
  devminor — then the content (moby builder/remotecontext/tarsum.go + pkg/tarsum);
- files copied from another stage or image (`COPY --from`) are hashed from the file's stat as
  the daemon sees it: mode with its type bits and user/group names (remotecontext/filehash.go).

A directory is `dir:` + sha256 of its files' hashes, sorted and joined with commas.
"""
from __future__ import annotations

import hashlib
import io
import stat as st
import tarfile

from ..layer.tree import Dir, File, Node, Symlink, lookup, split, walk


def _header_hash(name: str, mode: int, uid: int, gid: int, size: int, typeflag: str, linkname: str, uname: str,
                 gname: str) -> "hashlib._Hash":
    h = hashlib.sha256()
    for key, value in (("name", name), ("mode", str(mode)), ("uid", str(uid)), ("gid", str(gid)),
                       ("size", str(size)), ("typeflag", typeflag), ("linkname", linkname), ("uname", uname),
                       ("gname", gname), ("devmajor", "0"), ("devminor", "0")):
        h.update(key.encode() + value.encode())
    return h


def _typeflag(node: Node) -> str:
    if isinstance(node, Dir):
        return "5"
    if isinstance(node, Symlink):
        return "2"
    return "0"


def node_hash(relpath: str, node: Node, context_file: bool) -> str:
    """The hex content hash of one node (see the module doc for the two flavours)."""
    is_dir = isinstance(node, Dir)
    name = relpath + "/" if is_dir and not relpath.endswith("/") else relpath
    size = node.size if isinstance(node, File) else 0
    link = node.target if isinstance(node, Symlink) else ""
    if context_file:
        h = _header_hash(name, node.perm, node.uid, node.gid, size, _typeflag(node), link, "", "")
    else:
        uname = "root" if node.uid == 0 else ""
        gname = "root" if node.gid == 0 else ""
        h = _header_hash(name, node.mode, node.uid, node.gid, size, _typeflag(node), link, uname, gname)
    if isinstance(node, File) and node.size:
        h.update(node.read())
    return h.hexdigest()


def source_hash(root: Dir, relpath: str, context_file: bool) -> str:
    """`file:<hex>` for a file or link, `dir:<hex>` for a directory (walking everything below it)."""
    parts = split(relpath)
    node = lookup(root, parts)
    rel = "/".join(parts)
    if not isinstance(node, Dir):
        return "file:" + node_hash(rel, node, context_file)  # type: ignore[arg-type]
    hashes = []
    if parts:  # the walk's root is skipped only when it is the context root itself ("." in moby)
        hashes.append(node_hash(rel, node, context_file))
    prefix = "/" + rel if rel else ""
    for path, child in walk(node, prefix):
        hashes.append(node_hash(path.lstrip("/"), child, context_file))
    return multi_hash("dir", hashes)


def multi_hash(prefix: str, hashes: list[str]) -> str:
    return prefix + ":" + hashlib.sha256(",".join(sorted(hashes)).encode()).hexdigest()


class BuildContext:
    """The context tar, unpacked into a tree. Nothing of it touches the host's disk."""

    def __init__(self, tar_data: bytes):
        from ..layer.tar import apply_tar
        self.size = len(tar_data)
        try:
            self.root = apply_tar(Dir(), io.BytesIO(tar_data)) if tar_data else Dir()
        except (tarfile.TarError, EOFError, OSError) as e:
            from ..errors import InvalidParameter
            raise InvalidParameter(f"failed to read build context: {e}") from None
        self._hashes: dict[str, str] = {}

    def lookup(self, relpath: str) -> Node | None:
        return lookup(self.root, split(relpath))

    def read(self, relpath: str) -> bytes | None:
        node = self.lookup(relpath)
        return node.read() if isinstance(node, File) else None

    def hash(self, relpath: str) -> str:
        key = "/".join(split(relpath))
        h = self._hashes.get(key)
        if h is None:
            h = self._hashes[key] = source_hash(self.root, key, context_file=True)
        return h

    def is_dir(self, relpath: str) -> bool:
        return isinstance(self.lookup(relpath), Dir)

    def names(self, reldir: str) -> list[str]:
        node = self.lookup(reldir)
        return sorted(node.children) if isinstance(node, Dir) else []


def is_regular(node: Node | None) -> bool:
    return node is not None and st.S_ISREG(node.mode)
