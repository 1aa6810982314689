"""Content-addressed blobs: written once, atomically, named by their sha256."""
import hashlib
import os

import pytest

from dockyard.engine.errors import InvalidParameter, NotFound
from dockyard.engine.store.blobs import BlobNotFound, BlobStore, digest_of


@pytest.fixture
def blobs(tmp_path):
    return BlobStore(tmp_path / "blobs")


def test_put_and_read_back(blobs):
    digest = blobs.put(b"hello")
    assert digest == "sha256:" + hashlib.sha256(b"hello").hexdigest()
    assert blobs.has(digest)
    assert blobs.read(digest) == b"hello"
    assert blobs.size(digest) == 5
    with blobs.open(digest) as f:
        assert f.read() == b"hello"
    assert blobs.path(digest).name == digest.removeprefix("sha256:")


def test_writing_existing_content_is_a_no_op(blobs):
    digest = blobs.put(b"same")
    before = blobs.path(digest).stat()
    assert blobs.put(b"same") == digest
    assert blobs.put_stream([b"sa", b"me"]) == (digest, 4)
    assert blobs.path(digest).stat().st_ino == before.st_ino
    assert list(blobs.digests()) == [digest]


def test_put_stream_hashes_as_it_writes(blobs):
    chunks = [b"a" * 1000, b"b" * 10, b""]
    digest, size = blobs.put_stream(iter(chunks))
    assert (digest, size) == (digest_of(b"".join(chunks)), 1010)
    assert blobs.read(digest) == b"".join(chunks)


def test_a_staged_blob_is_invisible_until_committed(blobs):
    with blobs.stage([b"pending"]) as staged:
        assert staged.digest == digest_of(b"pending") and staged.size == 7
        assert not blobs.has(staged.digest)
        assert list(blobs.digests()) == []
    assert not staged.path.exists()  # leaving the block without commit drops the temp file
    with blobs.stage([b"pending"]) as staged:
        blobs.commit(staged)
    assert blobs.read(staged.digest) == b"pending"


def test_a_failed_stream_leaves_nothing(blobs):
    def chunks():
        yield b"partial"
        raise OSError("source went away")

    with pytest.raises(OSError):
        blobs.put_stream(chunks())
    assert os.listdir(blobs.root / "sha256") == []


def test_temp_files_from_an_interrupted_write_are_removed(blobs):
    (blobs.root / "sha256" / ".tmp-123-abc").write_bytes(b"half a blob")
    digest = blobs.put(b"kept")
    assert blobs.remove_temp_files() == 1
    assert os.listdir(blobs.root / "sha256") == [digest.removeprefix("sha256:")]


def test_delete(blobs):
    digest = blobs.put(b"gone soon")
    assert blobs.delete(digest)
    assert not blobs.has(digest)
    assert not blobs.delete(digest)


def test_missing_blob(blobs):
    missing = digest_of(b"never stored")
    with pytest.raises(BlobNotFound) as caught:
        blobs.read(missing)
    assert str(caught.value) == f"content digest {missing}: not found"
    assert isinstance(caught.value, NotFound)


@pytest.mark.parametrize("digest", ["sha256:../../etc/passwd", "sha256:ABC", "md5:" + "a" * 32, "a" * 64, ""])
def test_digests_are_validated_before_touching_the_filesystem(blobs, digest):
    with pytest.raises(InvalidParameter):
        blobs.path(digest)
