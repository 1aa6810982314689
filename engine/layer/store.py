"""Registered layers: tar diffs stored once as blobs, chained by chain ID, kept alive by holders.

As in moby's `layer/` package:

* a layer's **diff ID** is the sha256 of its uncompressed tar, and the tar is stored as the blob
  with that digest — so layers with the same content share one blob whatever their parents;
* its **chain ID** names the layer *with everything below it*: the first layer's chain ID is its
  diff ID, every other one is `sha256(parent_chain_id + " " + diff_id)`;
* its **size** is what overlay2 reports after applying the tar (`pkg/directory.Size` over the
  layer's diff directory): the sum of the sizes of its non-directory entries — a regular file's
  length, a symlink's target length, 0 for whiteouts (character devices on overlay2), devices and
  FIFOs — each hard-linked inode counted once, so a hard link adds nothing;
* a chain is at most 125 layers deep (`max depth exceeded`).

Reference counting is kept as rows rather than counters: a layer is alive while it has a
*holder* or a child layer. A holder is any string naming who uses the layer: an image holds its
top layer under its own ID; other users prefix their kind (`container:<id>`) so names never
collide. Releasing the last holder removes the layer and then walks down its parents, removing
each one nothing else keeps.
Because holders are rows written in the same transaction as the object that holds them, a crash
can never leave a count out of step. A layer registered and not yet held (a build step between
`register` and `ImageStore.create`) is collected by `sweep` at the next open; do both in one
transaction to make the pair atomic.
"""
from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import InvalidParameter, NotFound
from ..store import gc
from ..store.blobs import BlobStore
from ..store.db import Database, register_blob_roots, register_schema

# The diff ID of an empty layer: the digest of an empty tar as Go writes it (two 512-byte zero
# blocks). Build steps that change nothing produce it and are recorded as `empty_layer` history.
# Python's tarfile pads an empty archive to 10240 bytes, a different digest: map "no changes" here.
EMPTY_TAR = bytes(1024)
EMPTY_LAYER_DIFF_ID = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
MAX_DEPTH = 125

SCHEMA = """
CREATE TABLE IF NOT EXISTS layers (
    chain_id  TEXT PRIMARY KEY,
    diff_id   TEXT NOT NULL,                        -- sha256 of the tar, which is stored as that blob
    parent    TEXT REFERENCES layers(chain_id),     -- chain ID of the layer below, NULL at the bottom
    diff_size INTEGER NOT NULL,                     -- this layer's own size
    size      INTEGER NOT NULL,                     -- diff_size plus everything below
    depth     INTEGER NOT NULL                      -- 1 at the bottom
);
CREATE INDEX IF NOT EXISTS layers_by_parent ON layers(parent);
CREATE INDEX IF NOT EXISTS layers_by_diff_id ON layers(diff_id);
CREATE TABLE IF NOT EXISTS layer_holders (
    chain_id TEXT NOT NULL REFERENCES layers(chain_id),
    holder   TEXT NOT NULL,                         -- who keeps the layer: an image ID, a container ID
    PRIMARY KEY (chain_id, holder)
);
"""
register_schema("layers", SCHEMA)
register_blob_roots("layers", "SELECT diff_id AS digest FROM layers")


class LayerNotFound(NotFound):
    def __init__(self, message: str = "layer does not exist"):
        super().__init__(message)


class MaxDepthExceeded(InvalidParameter):
    def __init__(self):
        super().__init__("max depth exceeded")


class InvalidLayerTar(InvalidParameter):
    """The diff is not a tar archive (Go's archive/tar wording)."""

    def __init__(self):
        super().__init__("archive/tar: invalid tar header")


@dataclass(frozen=True)
class Layer:
    chain_id: str
    diff_id: str
    parent: str | None
    diff_size: int
    size: int
    depth: int


def chain_id(parent: str | None, diff_id: str) -> str:
    """The chain ID of the layer `diff_id` on top of the chain `parent`."""
    if not parent:
        return diff_id
    return "sha256:" + hashlib.sha256(f"{parent} {diff_id}".encode()).hexdigest()


def create_chain_id(diff_ids: Iterable[str]) -> str | None:
    """The chain ID of a whole rootfs (an image config's `rootfs.diff_ids`); None when it has no layers."""
    top: str | None = None
    for diff_id in diff_ids:
        top = chain_id(top, diff_id)
    return top


def tar_diff_size(path: str | os.PathLike) -> int:
    """Docker's size of a layer whose tar diff is at `path` (see the module docstring)."""
    import tarfile  # only needed when a new diff arrives; keeps engine start-up light

    if os.path.getsize(path) == 0:
        return 0  # Go's tar reader takes an empty stream as an empty archive
    sizes: dict[str, int] = {}
    try:
        with tarfile.open(path, mode="r:") as tf:
            for member in tf:
                name = posixpath.normpath(member.name).lstrip("/")  # "./etc/x" and "etc/x" are one path
                head, _, base = name.rpartition("/")
                if base.startswith(".wh."):
                    if base != ".wh..wh..opq":  # the opaque marker is an xattr on overlay2
                        whited_out = f"{head}/{base[4:]}" if head else base[4:]
                        sizes[whited_out] = 0
                    continue
                if member.issym():
                    sizes[name] = len(os.fsencode(member.linkname))
                elif member.isreg():
                    sizes[name] = member.size
                else:  # directories, hard links (an inode already counted), devices, FIFOs
                    sizes[name] = 0
    except tarfile.TarError:
        raise InvalidLayerTar() from None
    return sum(sizes.values())


class LayerStore:
    def __init__(self, blobs: BlobStore, db: Database):
        self._blobs = blobs
        self._db = db
        db.ensure_schemas()

    # ------------------------------------------------------------------ registering
    def register(self, tar: bytes | Iterable[bytes], parent: str | None = None) -> Layer:
        """Store a tar diff on top of the chain `parent` (None for a bottom layer) and return its layer.

        Registering a layer that exists returns it unchanged. The new layer has no holder yet.
        """
        chunks = [bytes(tar)] if isinstance(tar, (bytes, bytearray, memoryview)) else tar
        with self._blobs.stage(chunks) as staged:
            diff_id = staged.digest
            new_id = chain_id(parent, diff_id)
            known_size = self._db.scalar("SELECT diff_size FROM layers WHERE diff_id = ? LIMIT 1", (diff_id,))
            diff_size = tar_diff_size(staged.path) if known_size is None else known_size
            with self._db.transaction():
                existing = self._find(new_id)
                if existing is not None:
                    return existing
                below = self.get(parent) if parent else None
                if below is not None and below.depth >= MAX_DEPTH:
                    raise MaxDepthExceeded()
                self._blobs.commit(staged)
                self._db.execute(
                    "INSERT INTO layers (chain_id, diff_id, parent, diff_size, size, depth) VALUES (?, ?, ?, ?, ?, ?)",
                    (new_id, diff_id, parent, diff_size,
                     diff_size + (below.size if below else 0), (below.depth if below else 0) + 1))
                return self.get(new_id)

    # ------------------------------------------------------------------ reading
    def get(self, chain_id: str) -> Layer:
        layer = self._find(chain_id)
        if layer is None:
            raise LayerNotFound()
        return layer

    def has(self, chain_id: str) -> bool:
        return self._find(chain_id) is not None

    def _find(self, chain_id: str) -> Layer | None:
        row = self._db.query_one(
            "SELECT chain_id, diff_id, parent, diff_size, size, depth FROM layers WHERE chain_id = ?", (chain_id,))
        return Layer(*row) if row else None

    def chain(self, chain_id: str) -> list[Layer]:
        """The layers of a chain, bottom first: what a container's root filesystem is built from."""
        rows = self._db.query(
            """WITH RECURSIVE chain(chain_id, diff_id, parent, diff_size, size, depth) AS (
                   SELECT chain_id, diff_id, parent, diff_size, size, depth FROM layers WHERE chain_id = ?
                   UNION ALL
                   SELECT l.chain_id, l.diff_id, l.parent, l.diff_size, l.size, l.depth
                   FROM layers l JOIN chain c ON l.chain_id = c.parent)
               SELECT * FROM chain ORDER BY depth""", (chain_id,))
        if not rows:
            raise LayerNotFound()
        return [Layer(*row) for row in rows]

    def all(self) -> dict[str, Layer]:
        """Every layer by chain ID (for shared sizes, `docker system df`)."""
        rows = self._db.query("SELECT chain_id, diff_id, parent, diff_size, size, depth FROM layers")
        return {row[0]: Layer(*row) for row in rows}

    def open_diff(self, chain_id: str) -> BinaryIO:
        """The layer's tar diff, for building a root filesystem or `docker save`."""
        return self._blobs.open(self.get(chain_id).diff_id)

    def all_holds(self) -> list[tuple[str, str]]:
        """Every (chain ID, holder) hold."""
        return [(row[0], row[1]) for row in self._db.query("SELECT chain_id, holder FROM layer_holders")]

    def holders(self, chain_id: str) -> list[str]:
        return [row[0] for row in self._db.query(
            "SELECT holder FROM layer_holders WHERE chain_id = ? ORDER BY holder", (chain_id,))]

    # ------------------------------------------------------------------ reference counting
    def acquire(self, chain_id: str, holder: str) -> Layer:
        """Record that `holder` uses the chain `chain_id`; acquiring twice is one hold."""
        with self._db.transaction():
            layer = self.get(chain_id)
            self._db.execute("INSERT OR IGNORE INTO layer_holders (chain_id, holder) VALUES (?, ?)",
                             (chain_id, holder))
            return layer

    def release(self, chain_id: str, holder: str) -> list[str]:
        """Drop `holder`'s hold; returns the chain IDs removed because nothing keeps them any more, top first."""
        with self._db.transaction():
            deleted = self._db.execute("DELETE FROM layer_holders WHERE chain_id = ? AND holder = ?",
                                       (chain_id, holder)).rowcount
            if not deleted:
                raise LayerNotFound("layer not retained")
            return self._remove_unused_from(chain_id)

    def sweep(self) -> list[str]:
        """Remove every layer with no holder and no child: what a crash between `register` and use leaves."""
        removed: list[str] = []
        with self._db.transaction():
            for (leaf,) in self._db.query(
                    """SELECT chain_id FROM layers l
                       WHERE NOT EXISTS (SELECT 1 FROM layer_holders h WHERE h.chain_id = l.chain_id)
                         AND NOT EXISTS (SELECT 1 FROM layers c WHERE c.parent = l.chain_id)"""):
                removed += self._remove_unused_from(leaf)
        return removed

    def _remove_unused_from(self, chain_id: str | None) -> list[str]:
        removed: list[str] = []
        while chain_id is not None:
            if self._db.query_one(
                    """SELECT 1 WHERE EXISTS (SELECT 1 FROM layer_holders WHERE chain_id = ?1)
                                   OR EXISTS (SELECT 1 FROM layers WHERE parent = ?1)""", (chain_id,)):
                break
            layer = self.get(chain_id)
            self._db.execute("DELETE FROM layers WHERE chain_id = ?", (chain_id,))
            gc.release_blob(self._db, self._blobs, layer.diff_id)
            removed.append(chain_id)
            chain_id = layer.parent
        return removed
