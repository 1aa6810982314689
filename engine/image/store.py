"""The image store: configs as blobs, image rows, references (tags and digests), parent links.

It is moby's `image/store.go` and `reference/store.go` in one place, on the metadata database:

* an image is its config blob plus a row holding what listing needs without reading the blob
  (parent, top layer, created, labels) — so `docker images` over a hundred images is two queries;
* an image holds its top layer in the layer store; the layer chain below is kept by the layers;
* a reference is a tag (`busybox:latest`) or a digest (`busybox@sha256:…`) naming one image;
  tagging moves a tag from whatever image had it, which may leave that image dangling;
* `parent` is the classic builder's chain of step images (not part of the config), which the build
  cache walks through `children` and `docker rmi` prunes.

Deciding *whether* an image may be removed (containers using it, several repositories, `-f`) is
the daemon's business; this store only refuses to orphan child images.
"""
from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ..layer.store import LayerNotFound, LayerStore
from ..store import gc
from ..store.blobs import BlobStore
from ..store.db import Database, register_blob_roots, register_schema
from .errors import DigestConflict, ImageHasChildren, ImageNotFound, InvalidTag, ReferenceNotFound
from .gojson import ZERO_TIME, format_time
from .image import ImageConfig, InvalidImageConfig, image_id as config_digest
from .reference import Reference, parse, parse_any, parse_normalized

SCHEMA = """
CREATE TABLE IF NOT EXISTS images (
    id            TEXT PRIMARY KEY,                   -- sha256 of the config, stored as the blob of that digest
    parent        TEXT REFERENCES images(id),         -- the classic builder's parent image (metadata only)
    chain_id      TEXT REFERENCES layers(chain_id),   -- the top layer; NULL for an image without layers
    created_ns    INTEGER NOT NULL,                   -- the config's "created", in Unix nanoseconds
    labels        TEXT,                               -- the config's Labels as JSON; NULL when unset
    last_tag_time INTEGER                             -- when it was last tagged (Metadata.LastTagTime)
);
CREATE INDEX IF NOT EXISTS images_by_parent ON images(parent);
CREATE TABLE IF NOT EXISTS image_references (
    reference TEXT PRIMARY KEY,                       -- canonical: docker.io/library/busybox:latest
    familiar  TEXT NOT NULL,                          -- as Docker shows it: busybox:latest
    kind      TEXT NOT NULL CHECK (kind IN ('tag', 'digest')),
    image_id  TEXT NOT NULL REFERENCES images(id)
);
CREATE INDEX IF NOT EXISTS image_references_by_image ON image_references(image_id);
"""
register_schema("images", SCHEMA)
register_blob_roots("images", "SELECT id AS digest FROM images")

_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class Image:
    """A stored image: its parsed config and what the store knows about it."""

    id: str
    config: ImageConfig
    parent: str | None
    chain_id: str | None
    size: int  # all its layers (Docker's image Size and VirtualSize)
    last_tag_time: str  # RFC 3339; Go's zero time when never tagged


@dataclass(frozen=True)
class ImageSummary:
    """One row of `GET /images/json` (types.ImageSummary) before the daemon filters and formats it."""

    id: str
    parent_id: str  # "" when none, as the API writes it
    repo_tags: list[str]
    repo_digests: list[str]
    created: int  # Unix seconds
    size: int
    virtual_size: int
    shared_size: int  # -1 unless asked for (docker system df)
    labels: dict[str, str] | None
    containers: int  # -1: the daemon counts containers
    has_children: bool
    created_ns: int = 0  # what before= and since= compare (images built in one second are still ordered)

    @property
    def dangling(self) -> bool:
        """Untagged and no child image builds on it: `<none>:<none>` in `docker images`."""
        return not self.repo_tags and not self.has_children


class ImageStore:
    def __init__(self, blobs: BlobStore, db: Database, layers: LayerStore):
        self.blobs = blobs
        self.db = db
        self.layers = layers
        db.ensure_schemas()

    # ------------------------------------------------------------------ creating
    def create(self, config: bytes, parent: str | None = None) -> str:
        """Store an image config and return the image ID. Idempotent: an existing image is left as it is.

        Every layer in the config's rootfs must already be registered (`LayerStore.register`, in the same
        transaction when the layer is new).
        """
        parsed = ImageConfig.from_json(config)
        if parsed.layer_history_count() > len(parsed.rootfs.diff_ids or []):
            raise InvalidImageConfig("too many non-empty layers in History section")
        new_id = config_digest(config)
        top = parsed.chain_id()
        labels = parsed.config.labels if parsed.config else None
        with self.db.transaction():
            if self.exists(new_id):
                return new_id
            if parent is not None and not self.exists(parent):
                raise ImageNotFound(parent)
            if top is not None and not self.layers.has(top):
                raise LayerNotFound(f"failed to get layer {top}: layer does not exist")
            self.blobs.put(config)
            self.db.execute(
                "INSERT INTO images (id, parent, chain_id, created_ns, labels) VALUES (?, ?, ?, ?, ?)",
                (new_id, parent, top, parsed.created_ns(), None if labels is None else json.dumps(labels)))
            if top is not None:
                self.layers.acquire(top, new_id)
        return new_id

    # ------------------------------------------------------------------ reading
    def exists(self, image_id: str) -> bool:
        return self.db.query_one("SELECT 1 FROM images WHERE id = ?", (image_id,)) is not None

    def get(self, image_id: str) -> Image:
        with self.db.read():
            row = self.db.query_one(
                """SELECT i.parent, i.chain_id, COALESCE(l.size, 0), i.last_tag_time
                   FROM images i LEFT JOIN layers l ON l.chain_id = i.chain_id WHERE i.id = ?""", (image_id,))
            if row is None:
                raise ImageNotFound(image_id)
            config = self.blobs.read(image_id)
        parent, top, size, tagged_ns = row
        return Image(image_id, ImageConfig.from_json(config), parent, top, size,
                     ZERO_TIME if tagged_ns is None else format_time(tagged_ns))

    def config_bytes(self, image_id: str) -> bytes:
        """The config exactly as stored (`docker save`, `docker image inspect` raw)."""
        with self.db.read():
            if not self.exists(image_id):
                raise ImageNotFound(image_id)
            return self.blobs.read(image_id)

    def parent(self, image_id: str) -> str | None:
        row = self.db.query_one("SELECT parent FROM images WHERE id = ?", (image_id,))
        if row is None:
            raise ImageNotFound(image_id)
        return row[0]

    def children(self, image_id: str | None) -> list[str]:
        """Images whose parent is `image_id`, oldest first: the classic build cache's candidates.

        `None` stands for `FROM scratch`, which is no image: its children are the images without a parent.
        """
        if image_id is None:
            rows = self.db.query("SELECT id FROM images WHERE parent IS NULL ORDER BY created_ns, rowid")
        else:
            rows = self.db.query("SELECT id FROM images WHERE parent = ? ORDER BY created_ns, rowid", (image_id,))
        return [row[0] for row in rows]

    # ------------------------------------------------------------------ resolving names
    def lookup(self, ref_or_id: str) -> str:
        """The image a user means (moby `GetImage`), as an image ID.

        In order: a full ID or digest (`sha256:<64 hex>` or 64 hex) names the image with that ID; a
        reference names the image it is set on (no tag means `latest`); failing that, the text as typed
        is tried as an unambiguous ID prefix (`5f70`, `sha256:5f70`). So a tag that looks like hex wins
        over an ID prefix. An ambiguous prefix finds nothing, as in Docker.
        """
        ref = parse_any(ref_or_id)
        if not ref.path:
            if self.exists(ref.digest):
                return ref.digest
            raise ImageNotFound(ref.familiar())
        found = self._image_with_reference(ref) or self._search_id(ref_or_id)
        if found is None:
            raise ImageNotFound(ref.with_default_tag().familiar())
        return found

    def _image_with_reference(self, ref: Reference) -> str | None:
        return self.db.scalar("SELECT image_id FROM image_references WHERE reference = ?",
                              (str(_stored_form(ref)),))

    def _search_id(self, term: str) -> str | None:
        """moby's digest-set prefix search: `<hex prefix>` or `sha256:<hex prefix>`, unique or nothing."""
        hex_prefix = term
        if ":" in term:
            algorithm, _, hex_prefix = term.partition(":")
            if algorithm != "sha256":
                return None
        if not hex_prefix or not _HEX.issuperset(hex_prefix):
            return None
        rows = self.db.query("SELECT id FROM images WHERE id >= ? AND id < ? LIMIT 2",
                             (f"sha256:{hex_prefix}", f"sha256:{hex_prefix}g"))
        return rows[0][0] if len(rows) == 1 else None

    # ------------------------------------------------------------------ references
    def tag(self, image_id: str, ref: Reference | str) -> str | None:
        """Set a tag (`latest` if `ref` has none) on an image, moving it if another image had it.

        Returns the image the tag was taken from (it may now be dangling), or None.
        """
        ref = _as_reference(ref)
        if ref.digest:
            raise InvalidTag("refusing to create a tag with a digest reference")
        ref = ref.with_default_tag()
        _refuse_digest_algorithm_name(ref)
        with self.db.transaction():
            if not self.exists(image_id):
                raise ImageNotFound(image_id)
            previous = self._image_with_reference(ref)
            self.db.execute(
                "INSERT OR REPLACE INTO image_references (reference, familiar, kind, image_id) VALUES (?, ?, 'tag', ?)",
                (str(ref), ref.familiar(), image_id))
            self.db.execute("UPDATE images SET last_tag_time = ? WHERE id = ?", (time.time_ns(), image_id))
        return previous if previous != image_id else None

    def add_digest(self, image_id: str, ref: Reference | str) -> None:
        """Record a repository digest (`busybox@sha256:…`), as a pull does. A digest never moves."""
        ref = _as_reference(ref)
        if not ref.digest:
            raise InvalidTag("a repository digest reference needs a digest")
        ref = _stored_form(ref)
        _refuse_digest_algorithm_name(ref)
        with self.db.transaction():
            if not self.exists(image_id):
                raise ImageNotFound(image_id)
            previous = self._image_with_reference(ref)
            if previous == image_id:
                return
            if previous is not None:
                raise DigestConflict(ref.digest)
            self.db.execute(
                "INSERT INTO image_references (reference, familiar, kind, image_id) VALUES (?, ?, 'digest', ?)",
                (str(ref), ref.familiar(), image_id))

    def untag(self, ref: Reference | str) -> str:
        """Remove a tag or digest reference; returns the image it named. The image itself stays."""
        ref = _stored_form(_as_reference(ref))
        with self.db.transaction():
            found = self._image_with_reference(ref)
            if found is None:
                raise ReferenceNotFound()
            self.db.execute("DELETE FROM image_references WHERE reference = ?", (str(ref),))
        return found

    def references(self, image_id: str) -> list[Reference]:
        """Every tag and digest naming the image, sorted by canonical name (moby's order)."""
        return [parse(row[0]) for row in self.db.query(
            "SELECT reference FROM image_references WHERE image_id = ? ORDER BY reference", (image_id,))]

    # ------------------------------------------------------------------ deleting
    def delete(self, image_id: str) -> list[str]:
        """Remove an image (and any reference still naming it); returns the chain IDs of layers removed with it.

        Refused while child images build on it. The config blob goes once the transaction commits.
        """
        with self.db.transaction():
            row = self.db.query_one("SELECT chain_id FROM images WHERE id = ?", (image_id,))
            if row is None:
                raise ImageNotFound(image_id)
            if self.db.query_one("SELECT 1 FROM images WHERE parent = ? LIMIT 1", (image_id,)):
                raise ImageHasChildren(image_id)
            self.db.execute("DELETE FROM image_references WHERE image_id = ?", (image_id,))
            self.db.execute("DELETE FROM images WHERE id = ?", (image_id,))
            gc.release_blob(self.db, self.blobs, image_id)
            top = row[0]
            return self.layers.release(top, image_id) if top else []

    # ------------------------------------------------------------------ listing
    def list(self, with_shared_size: bool = False) -> list[ImageSummary]:
        """Every image, newest first, without reading a blob. Shared sizes count layers used by 2+ images."""
        with self.db.read():
            rows = self.db.query(
                """SELECT i.id, i.parent, i.created_ns, i.labels, COALESCE(l.size, 0), i.chain_id,
                          EXISTS (SELECT 1 FROM images c WHERE c.parent = i.id)
                   FROM images i LEFT JOIN layers l ON l.chain_id = i.chain_id
                   ORDER BY i.created_ns DESC, i.rowid DESC""")
            names = self.db.query("SELECT image_id, familiar, kind FROM image_references ORDER BY reference")
            shared = self._shared_sizes({row[0]: row[5] for row in rows}) if with_shared_size else {}
        tags: dict[str, list[str]] = {}
        digests: dict[str, list[str]] = {}
        for owner, familiar, kind in names:
            (tags if kind == "tag" else digests).setdefault(owner, []).append(familiar)
        return [ImageSummary(id=image_id, parent_id=parent or "", repo_tags=tags.get(image_id, []),
                             repo_digests=digests.get(image_id, []), created=created_ns // 1_000_000_000,
                             size=size, virtual_size=size, shared_size=shared.get(image_id, -1),
                             labels=None if labels is None else json.loads(labels), containers=-1,
                             has_children=bool(has_children), created_ns=created_ns)
                for image_id, parent, created_ns, labels, size, _, has_children in rows]

    def _shared_sizes(self, tops: dict[str, str | None]) -> dict[str, int]:
        layers = self.layers.all()
        chains: dict[str, list[str]] = {}
        for image_id, top in tops.items():
            chain: list[str] = []
            while top is not None:
                chain.append(top)
                top = layers[top].parent
            chains[image_id] = chain
        users = Counter(chain_id for chain in chains.values() for chain_id in chain)
        return {image_id: sum(layers[c].diff_size for c in chain if users[c] > 1) for image_id, chain in chains.items()}


def _as_reference(ref: Reference | str) -> Reference:
    return parse_normalized(ref) if isinstance(ref, str) else ref


def _stored_form(ref: Reference) -> Reference:
    """How a reference is keyed (moby favorDigest + TagNameOnly): a digest wins over a tag; no tag is latest."""
    return replace(ref, tag="") if ref.digest else ref.with_default_tag()


def _refuse_digest_algorithm_name(ref: Reference) -> None:
    if ref.familiar_name() == "sha256":
        raise InvalidTag("refusing to create an ambiguous tag using digest algorithm as name")


def open_image_store(root: str | os.PathLike) -> ImageStore:
    """Open (or create) the engine's store under `root` and collect what an interrupted run left behind.

    Blobs live in `root/blobs`, metadata in `root/metadata.db`; the database is shared by every noun
    (`store.db`). Call it once, before any writer starts, after importing every noun module that
    registers tables or blob roots.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    blobs = BlobStore(root / "blobs")
    db = Database(root / "metadata.db")
    layers = LayerStore(blobs, db)
    images = ImageStore(blobs, db, layers)
    layers.sweep()
    gc.collect_garbage(db, blobs)
    return images
