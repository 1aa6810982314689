"""A container's filesystem, written the way a bundled image's layer is built.

Package managers install the same files into a running container that the catalog writes into
an image (`catalog.layout.Layout`): real small files, simulated programs, and declared-size
bulk. `RootTarget` offers Layout's methods over a `RootFS`, so one description of a package's
files serves both. A program or bulk file is placed as a generated node, so installing numpy
costs kilobytes of memory; behind a bind mount, where files are real, its bytes are written.
"""
from __future__ import annotations

import posixpath
import stat as st
import time

from ....container.rootfs import RootFS, TreeBackend
from ....layer.tree import File
from ...exec import make_binary


class RootTarget:
    def __init__(self, fs: RootFS):
        self.fs = fs
        self.mtime = time.time()

    def dir(self, path: str, mode: int = 0o755) -> "RootTarget":
        self.fs.mkdir(path, mode, parents=True, exist_ok=True)
        return self

    def file(self, path: str, data: bytes | str, mode: int = 0o644) -> "RootTarget":
        self._prepare(path)
        self.fs.write_bytes(path, data.encode() if isinstance(data, str) else data, mode=mode)
        self.fs.chmod(path, mode)
        return self

    def binary(self, path: str, program: str, size: int, mode: int = 0o755) -> "RootTarget":
        return self._place(path, make_binary(program, size, mode, self.mtime))

    def bulk(self, path: str, size: int, mode: int = 0o644) -> "RootTarget":
        return self._place(path, File(None, st.S_IFREG | mode, 0, 0, self.mtime, size=size, generator="bulk:" + path))

    def link(self, path: str, target: str) -> "RootTarget":
        self._prepare(path)
        self.fs.symlink(target, path)
        return self

    # -- reading and removing, for the managers' own databases
    def read(self, path: str, default: bytes = b"") -> bytes:
        try:
            return self.fs.read_bytes(path)
        except OSError:
            return default

    def exists(self, path: str) -> bool:
        return self.fs.exists(path, follow=False)

    def remove(self, path: str) -> None:
        """rm -rf: the path and, for a directory, everything below it."""
        try:
            mode = self.fs.lstat(path).st_mode
        except OSError:
            return
        if st.S_ISDIR(mode):
            for name in self.fs.listdir(path):
                self.remove(f"{path.rstrip('/')}/{name}")
            self.fs.rmdir(path)
        else:
            self.fs.unlink(path)

    def _prepare(self, path: str) -> None:
        """Make the parent directory exist and the path itself free (files are replaced, as dpkg does)."""
        self.dir(posixpath.dirname(path) or "/")
        try:
            mode = self.fs.lstat(path).st_mode
        except OSError:
            return
        if not st.S_ISDIR(mode):
            self.fs.unlink(path)

    def _place(self, path: str, node: File) -> "RootTarget":
        self._prepare(path)
        parts = self.fs.resolve(path, follow=False)
        backend, rel = self.fs._backend(parts)
        if isinstance(backend, TreeBackend) and rel:
            backend._parent(rel).children[rel[-1]] = node
        else:
            self.fs.write_bytes(path, node.read(), mode=st.S_IMODE(node.mode))
        return self
