"""Distribution's on-disk layout: what `find /var/lib/registry` shows in a real registry."""
import hashlib

import pytest

from dockyard.engine.distribution.storage import HostFiles, RegistryStorage

V2 = "var/lib/registry/docker/registry/v2"
MANIFEST = b'{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}'


def sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@pytest.fixture
def storage(tmp_path):
    return RegistryStorage(HostFiles(tmp_path))


def test_a_blob_is_stored_once_by_digest_and_linked_into_repositories(storage, tmp_path):
    digest = storage.write_blob(b"layer")
    assert digest == sha(b"layer")
    hexa = digest[7:]
    assert (tmp_path / V2 / "blobs/sha256" / hexa[:2] / hexa / "data").read_bytes() == b"layer"
    assert not storage.repository_has_blob("app", digest)
    storage.link_blob("app", digest)
    assert (tmp_path / V2 / "repositories/app/_layers/sha256" / hexa / "link").read_text() == digest
    assert storage.repository_has_blob("app", digest)
    assert (storage.blob_size(digest), storage.read_blob(digest)) == (5, b"layer")


def test_a_missing_blob(storage):
    assert storage.blob_size(sha(b"none")) is None
    with pytest.raises(OSError):
        storage.read_blob(sha(b"none"))


def test_manifests_and_tags_use_revision_and_tag_links(storage, tmp_path):
    digest = storage.put_manifest("team/app", "v1", MANIFEST, "application/vnd.docker.distribution.manifest.v2+json")
    repo = tmp_path / V2 / "repositories/team/app/_manifests"
    assert (repo / "revisions/sha256" / digest[7:] / "link").read_text() == digest
    assert (repo / "tags/v1/current/link").read_text() == digest
    assert (repo / "tags/v1/index/sha256" / digest[7:] / "link").read_text() == digest
    assert storage.get_manifest("team/app", "v1") == (
        MANIFEST, "application/vnd.docker.distribution.manifest.v2+json", digest)
    assert storage.get_manifest("team/app", digest)[2] == digest
    assert storage.get_manifest("team/app", "v2") is None
    assert storage.get_manifest("other", digest) is None  # a manifest belongs to the repositories that hold it
    assert storage.tags("team/app") == ["v1"]
    assert storage.tags("nothing") is None


def test_the_catalog_lists_repositories_with_layers_in_path_order(storage):
    for repo in ("b", "a/c", "a", "a-b"):
        storage.link_blob(repo, storage.write_blob(repo.encode()))
    assert storage.repositories() == ["a", "a/c", "a-b", "b"]


def test_deleting_a_manifest_removes_its_revision_and_its_tags(storage):
    digest = storage.put_manifest("app", "v1", MANIFEST, "")
    storage.put_manifest("app", "latest", MANIFEST, "")
    assert storage.delete_manifest("app", digest)
    assert storage.get_manifest("app", digest) is None
    assert storage.tags("app") == []
    assert storage.read_blob(digest) == MANIFEST  # the blob waits for the garbage collector
    assert not storage.delete_manifest("app", digest)


def test_an_upload_becomes_a_blob_only_with_its_digest(storage, tmp_path):
    upload = storage.start_upload("app")
    folder = tmp_path / V2 / "repositories/app/_uploads" / upload
    assert (folder / "startedat").read_text().endswith("Z")
    assert storage.append_upload("app", upload, b"da") == 2
    assert storage.append_upload("app", upload, b"ta") == 4
    assert (folder / "data").read_bytes() == b"data"
    assert storage.commit_upload("app", upload, sha(b"data")) == sha(b"data")
    assert not folder.exists()
    assert storage.repository_has_blob("app", sha(b"data"))

    upload = storage.start_upload("app")
    storage.append_upload("app", upload, b"other")
    assert storage.commit_upload("app", upload, sha(b"not this")) is None
    assert storage.blob_size(sha(b"other")) is None  # content that did not match is never stored
    assert storage.upload_size("app", upload) is None


def test_a_mount_links_another_repository_s_blob(storage):
    digest = storage.write_blob(b"shared")
    assert not storage.mount_blob("dst", digest, "src")
    storage.link_blob("src", digest)
    assert storage.mount_blob("dst", digest, "src")
    assert storage.repository_has_blob("dst", digest)


def test_host_files_never_leave_their_root(tmp_path):
    files = HostFiles(tmp_path / "root")
    files.write_bytes("/../../escape", b"x")
    assert (tmp_path / "root/escape").read_bytes() == b"x"
    assert not (tmp_path / "escape").exists()
    (tmp_path / "root").joinpath("link").symlink_to(tmp_path)
    with pytest.raises(PermissionError):
        files.read_bytes("/link/anything")


def test_invalid_names_never_become_paths(storage):
    with pytest.raises(ValueError):
        storage.link_blob("../x", sha(b"x"))
    assert storage.tags("UPPER") is None
