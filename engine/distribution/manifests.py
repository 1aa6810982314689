"""An image as a registry holds it: gzip-compressed layer blobs, the config blob, a schema2 manifest.

Push: the layers are the tar diffs the layer store keeps (what `docker save` writes), compressed
with gzip's header time set to zero, so pushing the same image twice gives the same blob digests
and the same manifest. The config blob is the image's config exactly as stored, so its digest is
the image ID. The manifest is written as distribution's schema2 package marshals it
(`json.MarshalIndent(m, "", "   ")`): its digest and size are what `docker push` reports.

Pull: a manifest names the config and the layers; the layers are decompressed, registered in the
layer store bottom first and the config stored as the image, as `docker load` does.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import InvalidParameter

MEDIA_TYPE_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
MEDIA_TYPE_CONFIG = "application/vnd.docker.container.image.v1+json"
MEDIA_TYPE_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"
MEDIA_TYPE_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
MEDIA_TYPE_OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MEDIA_TYPE_OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


def digest_of(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Descriptor:
    media_type: str
    size: int
    digest: str

    def to_json(self) -> dict:
        return {"mediaType": self.media_type, "size": self.size, "digest": self.digest}


@dataclass(frozen=True)
class LayerBlob:
    """One layer ready to push: the diff it came from and its compressed form."""

    diff_id: str
    diff_size: int  # the layer's size as Docker counts it (the total of `Pushing` progress)
    tar_size: int  # the bytes read while pushing it (the current of `Pushing` progress)
    data: bytes  # gzip of the tar diff

    @property
    def descriptor(self) -> Descriptor:
        return Descriptor(MEDIA_TYPE_LAYER, len(self.data), digest_of(self.data))


@dataclass(frozen=True)
class ImageBlobs:
    """Everything a push sends for one image."""

    config: bytes
    layers: list[LayerBlob]  # bottom first, as the manifest lists them
    manifest: bytes

    @property
    def manifest_digest(self) -> str:
        return digest_of(self.manifest)


def compress_layer(tar: bytes) -> bytes:
    """gzip with mtime 0 and no file name: the same tar always gives the same blob."""
    return gzip.compress(tar, compresslevel=6, mtime=0)


def decompress_layer(blob: bytes) -> bytes:
    """A layer blob's tar: gzip (any registry's layers) or an uncompressed tar as some registries hold."""
    if blob[:2] != b"\x1f\x8b":
        return blob
    try:
        return gzip.decompress(blob)
    except (OSError, EOFError, zlib.error) as e:
        raise InvalidParameter(f"failed to register layer: {e}") from None


def schema2_manifest(config: Descriptor, layers: list[Descriptor]) -> bytes:
    """The manifest bytes as Docker's distribution marshals them (three-space indent, Go field order)."""
    document = {"schemaVersion": 2, "mediaType": MEDIA_TYPE_MANIFEST, "config": config.to_json(),
                "layers": [layer.to_json() for layer in layers]}
    return json.dumps(document, indent=3).encode()


def image_blobs(images, image_id: str) -> ImageBlobs:
    """The blobs and manifest of a stored image (`images` is the engine's ImageStore)."""
    config = images.config_bytes(image_id)
    top = images.get(image_id).chain_id
    layers = []
    for layer in images.layers.chain(top) if top else []:
        with images.layers.open_diff(layer.chain_id) as f:
            tar = f.read()  # the layer as stored: its digest is the diff ID in the config
        layers.append(LayerBlob(layer.diff_id, layer.diff_size, len(tar), compress_layer(tar)))
    manifest = schema2_manifest(Descriptor(MEDIA_TYPE_CONFIG, len(config), digest_of(config)),
                                [layer.descriptor for layer in layers])
    return ImageBlobs(config, layers, manifest)


@dataclass(frozen=True)
class Manifest:
    """A pulled schema2 manifest: what to fetch."""

    config: Descriptor
    layers: list[Descriptor]


def parse_manifest(body: bytes, media_type: str) -> Manifest:
    """Read a schema2 (or single-platform OCI) manifest; anything else is refused as moby refuses it."""
    try:
        document = json.loads(body)
    except ValueError as e:
        raise InvalidParameter(f"invalid manifest: {e}") from None
    kind = document.get("mediaType") or media_type
    if kind in (MEDIA_TYPE_MANIFEST_LIST, "application/vnd.oci.image.index.v1+json"):
        raise InvalidParameter("no matching manifest for linux/amd64 in the manifest list entries")
    if kind not in (MEDIA_TYPE_MANIFEST, MEDIA_TYPE_OCI_MANIFEST) or document.get("schemaVersion") != 2:
        raise InvalidParameter("unsupported manifest format")

    def descriptor(entry: dict) -> Descriptor:
        return Descriptor(entry.get("mediaType", ""), int(entry.get("size", 0)), entry.get("digest", ""))
    return Manifest(descriptor(document.get("config") or {}), [descriptor(e) for e in document.get("layers") or []])


def store_image(images, config: bytes, layer_tar: Callable[[int], bytes]) -> str:
    """Store a pulled image as `docker load` does: layers registered bottom first, then the config.

    `layer_tar(i)` gives the tar of the config's i-th layer; it is called only for layers the store
    does not hold yet with the same layers below.
    """
    from ..image.image import ImageConfig
    from ..layer.store import chain_id
    diff_ids = list(ImageConfig.from_json(config).rootfs.diff_ids or [])
    with images.db.transaction():
        parent = None
        for index, diff_id in enumerate(diff_ids):
            if images.layers.has(chain_id(parent, diff_id)):
                parent = chain_id(parent, diff_id)
                continue
            layer = images.layers.register(layer_tar(index), parent)
            if layer.diff_id != diff_id:
                raise InvalidParameter("layers from manifest don't match image configuration")
            parent = layer.chain_id
        return images.create(config)
