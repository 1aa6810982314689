"""Blobs addressed by their sha256 digest, each written once and atomically.

A blob is first *staged*: streamed into a temp file beside its final place while it is hashed,
then fsynced. *Committing* it renames the temp file onto `sha256/<hex>` and fsyncs the directory,
so the name appears only once the content is durable; a crash at any point leaves either nothing
or a `.tmp-*` file that `remove_temp_files` collects. Staging and committing are separate so a
large layer is written and hashed outside the metadata lock and only the rename happens inside
the transaction that records it (see `engine/store/__init__.py`).
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import InvalidParameter, NotFound

ALGORITHM = "sha256"
TEMP_PREFIX = ".tmp-"
_DIGEST = re.compile(r"sha256:([0-9a-f]{64})")


class BlobNotFound(NotFound):
    """The content store has no blob with this digest (containerd's wording)."""

    def __init__(self, digest: str):
        super().__init__(f"content digest {digest}: not found")


class InvalidDigest(InvalidParameter):
    def __init__(self, digest: str):
        super().__init__(f"invalid digest {digest!r}: blobs are addressed as sha256:<64 hex>")


def digest_of(data: bytes) -> str:
    """The content address of `data`: "sha256:<hex>"."""
    return f"{ALGORITHM}:{hashlib.sha256(data).hexdigest()}"


@dataclass
class StagedBlob:
    """Content written and fsynced to a temp file, not yet visible under its digest.

    Use as a context manager: leaving the block without `BlobStore.commit` removes the temp file.
    """

    digest: str
    size: int
    path: Path

    def __enter__(self) -> StagedBlob:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


class BlobStore:
    """A directory of immutable blobs named by digest: `<root>/sha256/<hex>`."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self._dir = self.root / ALGORITHM
        self._dir.mkdir(parents=True, exist_ok=True)

    # ------------------------------------------------------------------ naming
    def path(self, digest: str) -> Path:
        """Where the blob lives (whether or not it exists). The digest is validated: no path tricks."""
        m = _DIGEST.fullmatch(digest)
        if m is None:
            raise InvalidDigest(digest)
        return self._dir / m.group(1)

    def has(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def digests(self) -> Iterator[str]:
        """Every committed blob, in no particular order."""
        with os.scandir(self._dir) as entries:
            for entry in entries:
                if not entry.name.startswith(TEMP_PREFIX):
                    yield f"{ALGORITHM}:{entry.name}"

    # ------------------------------------------------------------------ writing
    def put(self, data: bytes) -> str:
        """Store `data` and return its digest; storing content that is already there is a no-op."""
        digest = digest_of(data)
        if not self.has(digest):
            with self.stage([data]) as staged:
                self.commit(staged)
        return digest

    def put_stream(self, chunks: Iterable[bytes]) -> tuple[str, int]:
        """Store the concatenation of `chunks` without holding it in memory: (digest, size)."""
        with self.stage(chunks) as staged:
            self.commit(staged)
            return staged.digest, staged.size

    def stage(self, chunks: Iterable[bytes]) -> StagedBlob:
        """Write `chunks` to a durable temp file, hashing as they come."""
        path = self._dir / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(8)}"
        hasher = hashlib.sha256()
        size = 0
        try:
            with open(path, "xb") as f:
                for chunk in chunks:
                    hasher.update(chunk)
                    f.write(chunk)
                    size += len(chunk)
                f.flush()
                os.fsync(f.fileno())
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return StagedBlob(f"{ALGORITHM}:{hasher.hexdigest()}", size, path)

    def commit(self, staged: StagedBlob) -> str:
        """Make a staged blob visible under its digest (or drop it when that content is already stored)."""
        final = self.path(staged.digest)
        if final.is_file():
            staged.discard()
        else:
            os.replace(staged.path, final)
            self._sync_dir()
        return staged.digest

    def _sync_dir(self) -> None:
        # the rename is durable only once the directory entry is on disk
        fd = os.open(self._dir, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    # ------------------------------------------------------------------ reading
    def open(self, digest: str) -> BinaryIO:
        try:
            return open(self.path(digest), "rb")
        except FileNotFoundError:
            raise BlobNotFound(digest) from None

    def read(self, digest: str) -> bytes:
        with self.open(digest) as f:
            return f.read()

    def size(self, digest: str) -> int:
        try:
            return self.path(digest).stat().st_size
        except FileNotFoundError:
            raise BlobNotFound(digest) from None

    # ------------------------------------------------------------------ removal
    def delete(self, digest: str) -> bool:
        """Remove a blob; False when it was not there. Callers delete only unreferenced blobs (gc.release_blob)."""
        try:
            self.path(digest).unlink()
        except FileNotFoundError:
            return False
        return True

    def remove_temp_files(self) -> int:
        """Remove what interrupted writes left behind. Only safe while no writer is staging (at open)."""
        removed = 0
        with os.scandir(self._dir) as entries:
            for entry in entries:
                if entry.name.startswith(TEMP_PREFIX):
                    Path(entry.path).unlink(missing_ok=True)
                    removed += 1
        return removed
