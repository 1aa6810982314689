"""The metadata database: registered schemas, one transaction per verb, safe from many threads."""
import threading

import pytest

from dockyard.engine.store import db as dbmod
from dockyard.engine.store.db import Database, register_schema

COUNTERS = "CREATE TABLE IF NOT EXISTS test_counters (name TEXT PRIMARY KEY, n INTEGER);"


@pytest.fixture(autouse=True)
def counters_schema(monkeypatch):
    # registered for these tests only: the registry is process-wide
    monkeypatch.setattr(dbmod, "_SCHEMAS", dict(dbmod._SCHEMAS))
    register_schema("test_counters", COUNTERS)


@pytest.fixture
def db(tmp_path):
    with Database(tmp_path / "metadata.db") as database:
        yield database


def count(db, name="c"):
    return db.scalar("SELECT n FROM test_counters WHERE name = ?", (name,))


def test_registered_schemas_are_applied_on_open(db):
    assert db.query("SELECT name FROM sqlite_master WHERE name = 'test_counters'") == [("test_counters",)]


def test_a_schema_registered_after_open_is_applied_by_ensure_schemas(db):
    register_schema("test_late", "CREATE TABLE IF NOT EXISTS test_late (x INTEGER);")
    db.ensure_schemas()
    assert db.query("SELECT count(*) FROM test_late") == [(0,)]


def test_durability_settings(db):
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert db.scalar("PRAGMA synchronous") == 2  # FULL
    assert db.scalar("PRAGMA foreign_keys") == 1


def test_commit_and_rollback(db):
    with db.transaction():
        db.execute("INSERT INTO test_counters VALUES ('c', 1)")
    assert count(db) == 1
    with pytest.raises(RuntimeError):
        with db.transaction():
            db.execute("UPDATE test_counters SET n = 2")
            raise RuntimeError("the verb failed")
    assert count(db) == 1


def test_nested_transactions_are_savepoints(db):
    with db.transaction():
        db.execute("INSERT INTO test_counters VALUES ('c', 1)")
        with pytest.raises(ValueError):
            with db.transaction():
                db.execute("UPDATE test_counters SET n = 99")
                raise ValueError
        assert count(db) == 1  # only the inner block was undone
        with db.transaction():
            db.execute("UPDATE test_counters SET n = 2")
    assert count(db) == 2


def test_after_commit_runs_only_after_the_outermost_commit(db):
    ran = []
    with db.transaction():
        db.after_commit(lambda: ran.append("outer"))
        with db.transaction():
            db.after_commit(lambda: ran.append("inner"))
        with pytest.raises(KeyError):
            with db.transaction():
                db.after_commit(lambda: ran.append("rolled back"))
                raise KeyError
        assert ran == []
    assert ran == ["outer", "inner"]
    with pytest.raises(KeyError):
        with db.transaction():
            db.after_commit(lambda: ran.append("never"))
            raise KeyError
    assert ran == ["outer", "inner"]


def test_after_commit_needs_a_transaction(db):
    with pytest.raises(RuntimeError):
        db.after_commit(lambda: None)


def test_many_threads_one_database(db):
    with db.transaction():
        db.execute("INSERT INTO test_counters VALUES ('c', 0)")

    def work():
        for _ in range(50):
            with db.transaction():
                n = count(db)
                db.execute("UPDATE test_counters SET n = ?", (n + 1,))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert count(db) == 400  # no lost update: a read-modify-write inside a transaction is atomic


def test_readers_never_see_another_threads_uncommitted_rows(db):
    inside, release = threading.Event(), threading.Event()

    def writer():
        with db.transaction():
            db.execute("INSERT INTO test_counters VALUES ('w', 1)")
            inside.set()
            release.wait(5)
            db.execute("UPDATE test_counters SET n = 2 WHERE name = 'w'")

    t = threading.Thread(target=writer)
    t.start()
    inside.wait(5)
    seen = []
    reader = threading.Thread(target=lambda: seen.append(count(db, "w")))
    reader.start()
    reader.join(0.2)
    assert reader.is_alive()  # the reader waits for the transaction
    release.set()
    t.join()
    reader.join()
    assert seen == [2]


def test_reopening_keeps_data(tmp_path):
    with Database(tmp_path / "m.db") as first:
        with first.transaction():
            first.execute("INSERT INTO test_counters VALUES ('c', 7)")
    with Database(tmp_path / "m.db") as second:
        assert count(second) == 7
