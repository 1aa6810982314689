"""The metadata database: one SQLite file, one transaction per engine verb, schemas declared by nouns.

Each noun store declares its tables as `SCHEMA = \"\"\"CREATE TABLE IF NOT EXISTS ...\"\"\"` and
registers it with `register_schema` when its module is imported; `Database` applies every
registered schema when it opens (and `ensure_schemas` applies late registrations), so adding
containers, volumes or networks never touches this file. A noun whose rows name blobs also
registers a query for them (`register_blob_roots`), which is how garbage collection knows what
to keep.

Durability: WAL journal with `synchronous=FULL`. NORMAL would survive a killed process but could
lose the last commits on power loss, and blob deletions run right after a commit (`after_commit`):
a lost commit whose blob deletions had already happened would leave rows naming missing blobs.

Foreign keys are enforced, so a REFERENCES clause is a real guarantee. (Do not point a container's
image column at `images(id)`: `docker rmi -f` removes an image a stopped container still names.)

Threads: one connection shared by every thread, behind one re-entrant lock held for a whole
transaction and for every read. The daemon is one process, transactions are short (no simulated
process ever runs inside one), and with a single connection there is no SQLITE_BUSY to retry,
no reader can see another thread's uncommitted rows, and the blob deletions queued by a
transaction run under the same lock, so no other writer can re-reference a blob between the
commit and its deletion. A connection per thread would allow concurrent reads during a write,
at the price of all three.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_log = logging.getLogger(__name__)
_SCHEMAS: dict[str, str] = {}
_BLOB_ROOTS: dict[str, str] = {}


def register_schema(name: str, ddl: str) -> None:
    """Declare a noun's tables. `ddl` must be idempotent (CREATE ... IF NOT EXISTS)."""
    _SCHEMAS[name] = ddl


def register_blob_roots(name: str, query: str) -> None:
    """Declare which blobs a noun keeps alive: `query` selects one column named `digest`.

    Garbage collection deletes every blob that no registered query names.
    """
    _BLOB_ROOTS[name] = query


def blob_root_queries() -> list[str]:
    return list(_BLOB_ROOTS.values())


class Database:
    """The engine's metadata store. Use `transaction()` for every change, `query()` to read."""

    def __init__(self, path: str | os.PathLike):
        self.path = os.fspath(path)
        self._lock = threading.RLock()
        # isolation_level=None: the sqlite3 module issues no implicit BEGIN; transaction() does.
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.execute("PRAGMA busy_timeout=10000")  # another process (a tool, a test) may hold the file
        self._depth = 0
        self._pending: list[list[Callable[[], None]]] = []
        self._applied: set[str] = set()
        self.ensure_schemas()

    def ensure_schemas(self) -> None:
        """Apply every registered schema not yet applied to this database."""
        with self._lock:
            for name, ddl in list(_SCHEMAS.items()):
                if name in self._applied:
                    continue
                if self._depth:
                    raise RuntimeError(f"schema {name!r} registered too late: not applicable inside a transaction")
                try:
                    self._conn.executescript(f"BEGIN IMMEDIATE;\n{ddl}\n;COMMIT;")
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
                self._applied.add(name)

    # ------------------------------------------------------------------ writing
    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One atomic unit of change. Nested use joins the outer transaction through a savepoint.

        An exception rolls back to where this block began; the outermost block commits, then runs the
        actions queued with `after_commit` (still under the lock).
        """
        with self._lock:
            savepoint = f"sp{self._depth}"
            self._conn.execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {savepoint}")
            self._depth += 1
            self._pending.append([])
            try:
                yield self
            except BaseException:
                self._depth -= 1
                self._pending.pop()
                if self._depth == 0:
                    self._conn.execute("ROLLBACK")
                else:
                    self._conn.execute(f"ROLLBACK TO {savepoint}")
                    self._conn.execute(f"RELEASE {savepoint}")
                raise
            self._depth -= 1
            actions = self._pending.pop()
            if self._depth:
                self._conn.execute(f"RELEASE {savepoint}")
                self._pending[-1].extend(actions)
                return
            try:
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            for action in actions:
                try:
                    action()
                except Exception:  # the commit stands; what the action left undone, gc does at the next open
                    _log.exception("after-commit action failed")

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run `action` once the current transaction has committed; forget it if it rolls back."""
        with self._lock:
            if not self._depth:
                raise RuntimeError("after_commit outside a transaction")
            self._pending[-1].append(action)

    def execute(self, sql: str, params: tuple | dict = ()) -> sqlite3.Cursor:
        """Run one statement inside `transaction()` (read the cursor there too: the lock guards it)."""
        with self._lock:
            return self._conn.execute(sql, params)

    # ------------------------------------------------------------------ reading
    @contextmanager
    def read(self) -> Iterator[Database]:
        """A consistent view across several queries: no transaction can commit while it is held."""
        with self._lock:
            yield self

    def query(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: tuple | dict = ()) -> tuple | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: tuple | dict = ()) -> Any:
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
