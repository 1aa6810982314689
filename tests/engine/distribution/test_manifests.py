"""An image as a registry holds it: what `docker push` sends and `docker pull` stores back.

- the config blob is the image's config byte for byte, so its digest is the image ID;
- layers are the stored tar diffs, gzip-compressed the same way every time;
- the manifest is schema2 as distribution marshals it, three-space indented, in Go's field order;
- a pulled manifest's layers and config make the same image again.
"""
import gzip
import hashlib
import json

import pytest

from dockyard.engine.daemon import Daemon
from dockyard.engine.distribution import manifests
from dockyard.engine.errors import InvalidParameter


@pytest.fixture
def daemon(tmp_path):
    d = Daemon(tmp_path / "home")
    yield d
    d.shutdown()


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def test_the_config_blob_is_the_image_config_so_its_digest_is_the_image_id(daemon):
    image_id = daemon.images.lookup("busybox")
    blobs = manifests.image_blobs(daemon.images, image_id)
    assert blobs.config == daemon.images.config_bytes(image_id)
    assert sha256(blobs.config) == image_id


def test_layers_are_the_tar_diffs_gzip_compressed_identically_each_time(daemon):
    image_id = daemon.images.lookup("busybox")
    first = manifests.image_blobs(daemon.images, image_id)
    second = manifests.image_blobs(daemon.images, image_id)
    assert [layer.data for layer in first.layers] == [layer.data for layer in second.layers]
    assert first.manifest_digest == second.manifest_digest
    config = json.loads(first.config)
    for layer, diff_id in zip(first.layers, config["rootfs"]["diff_ids"]):
        assert layer.data[:2] == b"\x1f\x8b"
        assert sha256(gzip.decompress(layer.data)) == diff_id == layer.diff_id


def test_the_manifest_is_schema2_indented_with_three_spaces_in_go_field_order(daemon):
    image_id = daemon.images.lookup("busybox")
    blobs = manifests.image_blobs(daemon.images, image_id)
    layer = blobs.layers[0].descriptor
    assert blobs.manifest.decode() == (
        '{\n'
        '   "schemaVersion": 2,\n'
        '   "mediaType": "application/vnd.docker.distribution.manifest.v2+json",\n'
        '   "config": {\n'
        '      "mediaType": "application/vnd.docker.container.image.v1+json",\n'
        f'      "size": {len(blobs.config)},\n'
        f'      "digest": "{image_id}"\n'
        '   },\n'
        '   "layers": [\n'
        '      {\n'
        '         "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",\n'
        f'         "size": {layer.size},\n'
        f'         "digest": "{layer.digest}"\n'
        '      }\n'
        '   ]\n'
        '}')
    assert blobs.manifest_digest == sha256(blobs.manifest)


def test_a_manifest_read_back_names_the_config_and_the_layers(daemon):
    blobs = manifests.image_blobs(daemon.images, daemon.images.lookup("busybox"))
    parsed = manifests.parse_manifest(blobs.manifest, manifests.MEDIA_TYPE_MANIFEST)
    assert parsed.config.digest == sha256(blobs.config)
    assert [d.digest for d in parsed.layers] == [layer.descriptor.digest for layer in blobs.layers]


def test_a_manifest_list_without_a_linux_amd64_entry_is_refused():
    index = json.dumps({"schemaVersion": 2, "mediaType": manifests.MEDIA_TYPE_MANIFEST_LIST, "manifests": []})
    with pytest.raises(InvalidParameter, match="no matching manifest for linux/amd64"):
        manifests.parse_manifest(index.encode(), manifests.MEDIA_TYPE_MANIFEST_LIST)


def test_pulled_blobs_make_the_same_image_in_another_engine(daemon, tmp_path):
    image_id = daemon.images.lookup("busybox")
    blobs = manifests.image_blobs(daemon.images, image_id)
    other = Daemon(tmp_path / "other")
    try:
        other.image_delete("busybox")
        assert not other.images.exists(image_id)
        fetched = []

        def layer_tar(index):
            fetched.append(index)
            return manifests.decompress_layer(blobs.layers[index].data)
        assert manifests.store_image(other.images, blobs.config, layer_tar) == image_id
        assert fetched == list(range(len(blobs.layers)))
        assert manifests.image_blobs(other.images, image_id).manifest == blobs.manifest
    finally:
        other.shutdown()


def test_layers_already_held_are_not_fetched_again(daemon):
    image_id = daemon.images.lookup("busybox")
    blobs = manifests.image_blobs(daemon.images, image_id)
    config = json.loads(blobs.config)
    config["config"]["Labels"] = {"copy": "yes"}
    changed = json.dumps(config).encode()

    def no_fetch(index):
        raise AssertionError(f"layer {index} fetched although it is held")
    assert manifests.store_image(daemon.images, changed, no_fetch) == sha256(changed)


def test_a_layer_that_is_not_the_config_s_diff_is_refused(daemon, tmp_path):
    blobs = manifests.image_blobs(daemon.images, daemon.images.lookup("busybox"))
    other = Daemon(tmp_path / "other")
    try:
        other.image_delete("busybox")
        with pytest.raises(InvalidParameter, match="layers from manifest don't match image configuration"):
            manifests.store_image(other.images, blobs.config, lambda index: bytes(1024))
    finally:
        other.shutdown()
