"""Blob garbage: which blobs are still named by metadata, and removing the ones that are not.

A blob is alive while any query registered with `db.register_blob_roots` names it. Stores drop a
reference in a transaction and call `release_blob`; the blob is deleted after that transaction
commits, and only if nothing names it by then (the same transaction may have re-referenced it).
`collect_garbage` is the sweep run at open for what a crash left behind.
"""
from __future__ import annotations

from .blobs import BlobStore
from .db import Database, blob_root_queries


def is_referenced(db: Database, digest: str) -> bool:
    for query in blob_root_queries():
        if db.query_one(f"SELECT 1 FROM ({query}) WHERE digest = ? LIMIT 1", (digest,)):
            return True
    return False


def referenced_digests(db: Database) -> set[str]:
    alive: set[str] = set()
    for query in blob_root_queries():
        alive.update(row[0] for row in db.query(query))
    return alive


def release_blob(db: Database, blobs: BlobStore, digest: str) -> None:
    """Delete `digest` once the current transaction commits, unless something references it then."""

    def delete_if_unreferenced() -> None:
        if not is_referenced(db, digest):
            blobs.delete(digest)

    db.after_commit(delete_if_unreferenced)


def collect_garbage(db: Database, blobs: BlobStore) -> int:
    """Remove temp files and unreferenced blobs; returns how many files went.

    Run it only while no writer is active (when the engine opens its store): a blob staged by a
    running writer is not yet referenced by any committed row.
    """
    db.ensure_schemas()  # every registered root query must find its table
    removed = blobs.remove_temp_files()
    alive = referenced_digests(db)
    for digest in list(blobs.digests()):
        if digest not in alive and blobs.delete(digest):
            removed += 1
    return removed
