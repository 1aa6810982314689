"""Layers: tar diffs stored once, chain IDs as moby computes them, Docker's layer sizes, holders."""
import hashlib
import io
import tarfile

import pytest

from dockyard.engine.errors import InvalidParameter, NotFound
from dockyard.engine.layer.store import (EMPTY_LAYER_DIFF_ID, EMPTY_TAR, MAX_DEPTH, InvalidLayerTar, LayerNotFound,
                                         LayerStore, MaxDepthExceeded, chain_id, create_chain_id)
from dockyard.engine.store.blobs import BlobStore
from dockyard.engine.store.db import Database
from dockyard.engine.store.gc import collect_garbage


def tar_of(*entries) -> bytes:
    """entries: (name, content) for files, or (name, TarInfo-attribute dict) for other kinds."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for name, spec in entries:
            info = tarfile.TarInfo(name)
            if isinstance(spec, bytes):
                info.size = len(spec)
                tf.addfile(info, io.BytesIO(spec))
            else:
                for attr, value in spec.items():
                    setattr(info, attr, value)
                tf.addfile(info)
    return buf.getvalue()


DIR = {"type": tarfile.DIRTYPE, "mode": 0o755}


@pytest.fixture
def blobs(tmp_path):
    return BlobStore(tmp_path / "blobs")


@pytest.fixture
def db(tmp_path):
    with Database(tmp_path / "metadata.db") as database:
        yield database


@pytest.fixture
def layers(blobs, db):
    return LayerStore(blobs, db)


def test_the_empty_layer_is_an_empty_go_tar():
    assert "sha256:" + hashlib.sha256(EMPTY_TAR).hexdigest() == EMPTY_LAYER_DIFF_ID


def test_chain_ids_as_moby_computes_them():
    a, b, c = ("sha256:" + ch * 64 for ch in "abc")
    assert chain_id(None, a) == a  # the bottom layer's chain ID is its diff ID
    ab = "sha256:" + hashlib.sha256(f"{a} {b}".encode()).hexdigest()
    assert chain_id(a, b) == ab
    assert create_chain_id([a, b, c]) == chain_id(ab, c)
    assert create_chain_id([]) is None


# Docker's layer size: what overlay2's directory.Size finds after applying the diff.
SIZES = [
    ("a regular file counts its bytes", [("etc/motd", b"hello\n")], 6),
    ("directories count nothing", [("app", DIR), ("app/x", b"12345")], 5),
    ("a symlink counts its target's length", [("bin/sh", {"type": tarfile.SYMTYPE, "linkname": "busybox"})], 7),
    ("a hard link is the same inode", [("a", b"1234"), ("b", {"type": tarfile.LNKTYPE, "linkname": "a"})], 4),
    ("a whiteout is a 0/0 device", [(".wh.gone", b""), ("dir/.wh.old", b"")], 0),
    ("the opaque marker is an xattr", [("dir", DIR), ("dir/.wh..wh..opq", b""), ("dir/new", b"xy")], 2),
    ("a whiteout replaces an entry of the same tar", [("tmp/f", b"12345"), ("tmp/.wh.f", b"")], 0),
    ("a later entry replaces an earlier one", [("f", b"12345"), ("f", b"12")], 2),
    ("devices and FIFOs have no size", [("dev/null", {"type": tarfile.CHRTYPE, "devmajor": 1, "devminor": 3}),
                                        ("run/p", {"type": tarfile.FIFOTYPE})], 0),
    ("an empty tar is an empty layer", [], 0),
]


@pytest.mark.parametrize("entries,size", [row[1:] for row in SIZES], ids=[row[0] for row in SIZES])
def test_layer_sizes(layers, entries, size):
    layer = layers.register(tar_of(*entries))
    assert layer.diff_size == size
    assert layer.size == size


def test_an_empty_stream_and_the_empty_tar_are_valid_layers(layers):
    assert layers.register(b"").diff_size == 0
    assert layers.register(EMPTY_TAR).diff_id == EMPTY_LAYER_DIFF_ID


def test_garbage_is_not_a_layer(layers, blobs):
    with pytest.raises(InvalidLayerTar, match="^archive/tar: invalid tar header$") as caught:
        layers.register(b"this is not a tar archive" * 50)
    assert isinstance(caught.value, InvalidParameter)
    assert list(blobs.digests()) == []


def test_register_computes_ids_and_accumulates_sizes(layers, blobs):
    base_tar, top_tar = tar_of(("bin/busybox", b"b" * 100)), tar_of(("app/x", b"x" * 10))
    base = layers.register(base_tar)
    top = layers.register(iter([top_tar[:100], top_tar[100:]]), parent=base.chain_id)
    assert base.diff_id == base.chain_id == "sha256:" + hashlib.sha256(base_tar).hexdigest()
    assert top.diff_id == "sha256:" + hashlib.sha256(top_tar).hexdigest()
    assert top.chain_id == chain_id(base.chain_id, top.diff_id)
    assert (top.parent, top.diff_size, top.size, top.depth) == (base.chain_id, 10, 110, 2)
    assert layers.chain(top.chain_id) == [base, top]
    with layers.open_diff(top.chain_id) as f:
        assert f.read() == top_tar


def test_the_same_content_is_stored_once(layers, blobs):
    shared = tar_of(("etc/config", b"same"))
    a = layers.register(tar_of(("a", b"1")))
    b = layers.register(tar_of(("b", b"2")))
    on_a = layers.register(shared, parent=a.chain_id)
    on_b = layers.register(shared, parent=b.chain_id)
    assert on_a.diff_id == on_b.diff_id and on_a.chain_id != on_b.chain_id
    assert layers.register(shared, parent=a.chain_id) == on_a  # registering again returns the layer
    assert len(list(blobs.digests())) == 3


def test_an_unknown_parent(layers):
    with pytest.raises(LayerNotFound, match="^layer does not exist$") as caught:
        layers.register(tar_of(("f", b"1")), parent="sha256:" + "9" * 64)
    assert isinstance(caught.value, NotFound)


def test_a_chain_is_at_most_125_layers(layers):
    top = None
    for i in range(MAX_DEPTH):
        top = layers.register(tar_of((f"f{i}", b"")), parent=top and top.chain_id)
    assert top.depth == 125
    with pytest.raises(MaxDepthExceeded, match="^max depth exceeded$"):
        layers.register(tar_of(("one-more", b"")), parent=top.chain_id)


def test_holders_keep_layers_and_release_walks_down(layers, blobs):
    base = layers.register(tar_of(("base", b"0")))
    left = layers.register(tar_of(("left", b"1")), parent=base.chain_id)
    right = layers.register(tar_of(("right", b"2")), parent=base.chain_id)
    layers.acquire(left.chain_id, "image-a")
    layers.acquire(left.chain_id, "image-b")
    layers.acquire(left.chain_id, "image-b")  # holding twice is one hold
    layers.acquire(right.chain_id, "container-1")
    assert layers.holders(left.chain_id) == ["image-a", "image-b"]

    assert layers.release(left.chain_id, "image-a") == []
    assert layers.release(left.chain_id, "image-b") == [left.chain_id]  # base still has a child
    assert not blobs.has(left.diff_id) and blobs.has(base.diff_id)
    assert layers.release(right.chain_id, "container-1") == [right.chain_id, base.chain_id]  # top first
    assert list(blobs.digests()) == []
    with pytest.raises(LayerNotFound, match="^layer not retained$"):
        layers.release(right.chain_id, "container-1")


def test_a_blob_shared_by_two_chains_stays_until_both_go(layers, blobs):
    shared = tar_of(("same", b"content"))
    one, two = layers.register(tar_of(("1", b""))), layers.register(tar_of(("2", b"")))
    on_one = layers.register(shared, parent=one.chain_id)
    on_two = layers.register(shared, parent=two.chain_id)
    layers.acquire(on_one.chain_id, "x")
    layers.acquire(on_two.chain_id, "y")
    layers.release(on_one.chain_id, "x")
    assert blobs.has(on_two.diff_id)
    layers.release(on_two.chain_id, "y")
    assert not blobs.has(on_two.diff_id)


def test_blobs_are_deleted_only_after_commit(layers, blobs, db):
    layer = layers.register(tar_of(("f", b"1")))
    layers.acquire(layer.chain_id, "img")
    with pytest.raises(RuntimeError):
        with db.transaction():
            layers.release(layer.chain_id, "img")
            raise RuntimeError("the verb failed after releasing")
    assert layers.get(layer.chain_id) == layer and blobs.has(layer.diff_id)
    with db.transaction():
        layers.release(layer.chain_id, "img")
        assert blobs.has(layer.diff_id)  # still there until the commit
        again = layers.register(tar_of(("f", b"1")))  # ... and re-registered in the same transaction
        layers.acquire(again.chain_id, "other")
    assert blobs.has(layer.diff_id)  # so it survives


def test_sweep_removes_layers_nobody_holds(layers, blobs, db):
    held = layers.register(tar_of(("held", b"1")))
    layers.acquire(held.chain_id, "img")
    loose = layers.register(tar_of(("loose", b"2")), parent=held.chain_id)
    loose_top = layers.register(tar_of(("loose2", b"3")), parent=loose.chain_id)
    assert sorted(layers.sweep()) == sorted([loose.chain_id, loose_top.chain_id])
    assert set(layers.all()) == {held.chain_id}
    collect_garbage(db, blobs)
    assert list(blobs.digests()) == [held.diff_id]
