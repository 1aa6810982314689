"""The image store: tags, dangling images, lookup rules, parents and children, sizes, deletion."""
import hashlib
import io
import itertools
import tarfile
import time

import pytest

from dockyard.engine.errors import Conflict, InvalidParameter, NotFound
from dockyard.engine.image.errors import ImageHasChildren, ImageNotFound, ReferenceNotFound
from dockyard.engine.image.gojson import format_time
from dockyard.engine.image.image import History, InvalidImageConfig, scratch
from dockyard.engine.image.reference import InvalidReference, parse_normalized
from dockyard.engine.image.runconfig import ContainerConfig
from dockyard.engine.image.store import ImageStore, open_image_store
from dockyard.engine.layer.store import LayerNotFound

_clock = itertools.count(1_700_000_000)


def tar_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def build(store: ImageStore, parent: str | None = None, files: dict[str, bytes] | None = None,
          labels: dict[str, str] | None = None, step: str = "step") -> str:
    """One classic-builder step on `parent`: an image with a layer of `files` (none: a metadata step)."""
    base = store.get(parent).config if parent else scratch()
    created = format_time(next(_clock) * 1_000_000_000)  # one second apart: listing order is by creation
    with store.db.transaction():
        diff_id = None
        if files is not None:
            diff_id = store.layers.register(tar_of(files), base.chain_id()).diff_id
        config = base.new_child(
            diff_id=diff_id, container_config=ContainerConfig(cmd=["/bin/sh", "-c", step]),
            config=ContainerConfig(cmd=["sh"], labels=labels), docker_version="20.10.24", created=created)
        return store.create(config.to_json(), parent)


@pytest.fixture
def store(tmp_path):
    return open_image_store(tmp_path / "store")


def test_create_stores_the_config_as_given(store):
    image_id = build(store, files={"bin/sh": b"x" * 100})
    image = store.get(image_id)
    assert image_id == "sha256:" + hashlib.sha256(store.config_bytes(image_id)).hexdigest()
    assert image.size == 100 and image.parent is None
    assert image.chain_id == image.config.chain_id()
    assert image.last_tag_time == "0001-01-01T00:00:00Z"
    assert store.create(store.config_bytes(image_id)) == image_id  # idempotent


def test_create_refuses_configs_docker_refuses(store):
    missing_layer = scratch().new_child(diff_id="sha256:" + "1" * 64, container_config=ContainerConfig(),
                                        config=ContainerConfig(), docker_version="20.10.24")
    with pytest.raises(LayerNotFound, match="failed to get layer sha256:1{64}: layer does not exist"):
        store.create(missing_layer.to_json())
    lying = scratch()
    lying.history = [History(created_by="RUN x")]  # claims a layer the rootfs does not have
    with pytest.raises(InvalidImageConfig, match="^too many non-empty layers in History section$"):
        store.create(lying.to_json())
    with pytest.raises(ImageNotFound):
        store.create(scratch().to_json(), parent="sha256:" + "2" * 64)
    assert store.list() == []
    assert list(store.blobs.digests()) == []


def test_tags_move_and_leave_dangling_images(store):
    v1 = build(store, files={"v": b"1"})
    v2 = build(store, files={"v": b"2"})
    assert store.tag(v1, "app") is None
    assert store.tag(v1, "app:v1") is None
    assert [r.familiar() for r in store.references(v1)] == ["app:latest", "app:v1"]
    assert store.tag(v2, "app:latest") == v1  # the tag moved
    assert store.lookup("app") == v2
    by_id = {row.id: row for row in store.list()}
    assert by_id[v1].repo_tags == ["app:v1"] and not by_id[v1].dangling
    store.untag("app:v1")
    by_id = {row.id: row for row in store.list()}
    assert by_id[v1].repo_tags == [] and by_id[v1].dangling
    assert by_id[v2].repo_tags == ["app:latest"]
    with pytest.raises(ReferenceNotFound, match="^reference does not exist$"):
        store.untag("app:v1")


def test_tagging_rules(store):
    image_id = build(store, files={"f": b""})
    with pytest.raises(InvalidParameter, match="^refusing to create a tag with a digest reference$"):
        store.tag(image_id, "app@sha256:" + "a" * 64)
    with pytest.raises(InvalidParameter, match="^refusing to create an ambiguous tag using digest algorithm as name$"):
        store.tag(image_id, "sha256:abc")
    with pytest.raises(InvalidReference):
        store.tag(image_id, "Bad")
    with pytest.raises(ImageNotFound):
        store.tag("sha256:" + "0" * 64, "app")
    store.tag(image_id, parse_normalized("localhost:5000/team/app:1"))
    assert store.list()[0].repo_tags == ["localhost:5000/team/app:1"]
    assert store.get(image_id).last_tag_time != "0001-01-01T00:00:00Z"


def test_repository_digests(store):
    image_id, other = build(store, files={"a": b""}), build(store, files={"b": b""})
    digest = "sha256:" + "d" * 64
    store.add_digest(image_id, f"busybox@{digest}")
    store.add_digest(image_id, f"busybox:1.36@{digest}")  # the tag is dropped: a digest wins
    assert store.lookup(f"busybox@{digest}") == image_id
    with pytest.raises(Conflict, match=f"^Cannot overwrite digest {digest}$"):
        store.add_digest(other, f"busybox@{digest}")
    row = next(r for r in store.list() if r.id == image_id)
    assert row.repo_digests == [f"busybox@{digest}"] and row.repo_tags == []
    assert row.dangling  # no tag: `docker images -f dangling=true` lists it


@pytest.fixture
def named(store):
    """Three images with IDs we can take prefixes of, and a tag that looks like a hex prefix."""
    ids = [build(store, files={"n": bytes([i])}, step=str(i)) for i in range(3)]
    store.tag(ids[0], "busybox")
    store.tag(ids[1], "nosuch:2")
    return ids


def test_lookup_by_id_digest_and_prefix(store, named):
    first = named[0]
    hex_id = first.removeprefix("sha256:")
    for typed in (first, hex_id, hex_id[:12], "sha256:" + hex_id[:10], "busybox", "busybox:latest",
                  "docker.io/library/busybox"):
        assert store.lookup(typed) == first, typed


def test_a_tag_wins_over_an_id_prefix(store, named):
    target, other = named[0], named[1]
    prefix = other.removeprefix("sha256:")[:8]
    store.tag(target, prefix)  # a tag spelled like another image's ID prefix
    assert store.lookup(prefix) == target
    store.untag(prefix)
    assert store.lookup(prefix) == other


@pytest.mark.parametrize("typed,message", [
    ("nosuch:1", "No such image: nosuch:1"),
    ("nosuch", "No such image: nosuch:latest"),
    ("deadbeef00", "No such image: deadbeef00:latest"),  # an ID prefix is shown as a name, as Docker does
    ("sha256:deadbeef00", "No such image: sha256:deadbeef00"),
    ("f" * 64, "No such image: sha256:" + "f" * 64),
    ("sha256:" + "f" * 64, "No such image: sha256:" + "f" * 64),
    ("localhost:5000/a/b", "No such image: localhost:5000/a/b:latest"),
])
def test_lookup_failures(store, named, typed, message):
    with pytest.raises(ImageNotFound) as caught:
        store.lookup(typed)
    assert str(caught.value) == message
    assert isinstance(caught.value, NotFound)


def test_an_ambiguous_prefix_finds_nothing(store):
    ids = [build(store, files={"n": str(i).encode()}, step=str(i)) for i in range(40)]
    hexes = sorted(i.removeprefix("sha256:") for i in ids)
    shared = next(a[0] for a, b in zip(hexes, hexes[1:]) if a[0] == b[0])  # 40 IDs: two share a first digit
    with pytest.raises(ImageNotFound, match=f"^No such image: {shared}:latest$"):
        store.lookup(shared)


def test_lookup_rejects_invalid_references(store):
    with pytest.raises(InvalidReference, match=r"repository name \(library/UPPERCASE\) must be lowercase"):
        store.lookup("UPPERCASE")


def test_parents_children_and_deletion(store):
    base = build(store, files={"bin/busybox": b"b" * 1000})
    store.tag(base, "busybox")
    step1 = build(store, base, files={"version": b"v1\n"}, step="echo v1 > /version")
    step2 = build(store, step1, step='#(nop)  CMD ["cat" "/version"]')  # metadata only: same top layer
    store.tag(step2, "trade:v1.1.0")
    assert store.parent(step2) == step1 and store.parent(step1) == base and store.parent(base) is None
    assert store.children(base) == [step1] and store.children(step1) == [step2] and store.children(step2) == []
    assert store.children(None) == [base]  # what `FROM scratch` builds on
    assert store.get(step2).chain_id == store.get(step1).chain_id

    with pytest.raises(ImageHasChildren) as caught:
        store.delete(step1)
    assert str(caught.value) == (f"conflict: unable to delete {step1[7:19]} (cannot be forced) - "
                                 "image has dependent child images")
    assert isinstance(caught.value, Conflict)

    # docker rmi trade:v1.1.0: untag, delete the image, then its now-unused parents
    version_layer = store.get(step1).chain_id
    assert store.delete(step2) == []  # step1 still holds the same layer
    assert store.delete(step1) == [version_layer]  # busybox keeps the layer below
    assert not store.exists(step2) and not store.exists(step1)
    with pytest.raises(ImageNotFound):
        store.lookup("trade:v1.1.0")
    assert [r.repo_tags for r in store.list()] == [["busybox:latest"]]


def test_deleting_releases_layers_no_other_image_uses(store):
    base = build(store, files={"base": b"0" * 10})
    a = build(store, base, files={"a": b"1"})
    b = build(store, base, files={"b": b"2"})
    a_top, base_top = store.get(a).chain_id, store.get(base).chain_id
    assert store.delete(a) == [a_top]
    blobs_before = set(store.blobs.digests())
    assert a not in blobs_before  # the config blob went with the image
    store.delete(b)
    assert store.delete(base) == [base_top]
    assert list(store.blobs.digests()) == []
    with pytest.raises(ImageNotFound):
        store.delete(base)


def test_shared_layers_are_stored_once(store):
    base = build(store, files={"bin/busybox": b"b" * 5000})
    one = build(store, base, files={"one": b"1"})
    two = build(store, base, files={"two": b"22"})
    layer_blobs = [d for d in store.blobs.digests() if not store.exists(d)]
    assert len(layer_blobs) == 3  # base, one, two: the base is not copied per image
    sizes = {row.id: row for row in store.list(with_shared_size=True)}
    assert (sizes[one].size, sizes[two].size, sizes[base].size) == (5001, 5002, 5000)
    assert sizes[one].shared_size == sizes[two].shared_size == sizes[base].shared_size == 5000
    assert store.list()[0].shared_size == -1  # only computed when asked (docker system df)


def test_list_rows(store):
    old = build(store, files={"x": b"12"}, labels={"maintainer": "me", "a": "1"})
    new = build(store, old, step="#(nop) LABEL")
    store.tag(new, "app:2")
    store.tag(new, "app:1")
    rows = store.list()
    assert [r.id for r in rows] == [new, old]  # newest first
    top, bottom = rows
    assert top.repo_tags == ["app:1", "app:2"] and top.parent_id == old and not top.dangling
    assert bottom.parent_id == "" and bottom.has_children and not bottom.dangling  # an intermediate image
    assert bottom.labels == {"a": "1", "maintainer": "me"}
    assert (bottom.size, bottom.virtual_size, bottom.containers) == (2, 2, -1)
    assert bottom.created == store.get(old).config.created_ns() // 1_000_000_000


def test_reopening_keeps_everything(tmp_path):
    first = open_image_store(tmp_path / "s")
    image_id = build(first, files={"f": b"1"})
    first.tag(image_id, "kept")
    first.db.close()
    again = open_image_store(tmp_path / "s")
    assert again.lookup("kept") == image_id
    assert again.get(image_id).size == 1


def test_opening_collects_what_a_crash_left(tmp_path):
    store = open_image_store(tmp_path / "s")
    kept = build(store, files={"kept": b"1"})
    store.layers.register(tar_of({"registered": b"but never used"}))  # a build step killed before its image
    orphan = store.blobs.put(b"a blob whose transaction never committed")
    (store.blobs.root / "sha256" / ".tmp-1-interrupted").write_bytes(b"half")
    store.db.close()
    reopened = open_image_store(tmp_path / "s")
    assert set(reopened.layers.all()) == {reopened.get(kept).chain_id}
    assert not reopened.blobs.has(orphan)
    assert sorted(reopened.blobs.digests()) == sorted([kept, reopened.get(kept).config.rootfs.diff_ids[0]])


def test_opening_and_listing_100_images_is_fast(tmp_path):
    store = open_image_store(tmp_path / "s")
    parent = None
    for i in range(100):
        parent = build(store, parent if i % 10 else None, files={f"f{i}": b"x" * i}, step=str(i))
        store.tag(parent, f"img{i}")
    store.db.close()
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        reopened = open_image_store(tmp_path / "s")
        rows = reopened.list()
        best = min(best, time.perf_counter() - start)
        reopened.db.close()
    assert len(rows) == 100
    assert best < 0.05, f"open + list took {best * 1000:.1f} ms"
