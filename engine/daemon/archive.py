"""docker save / docker load: images as the archive format Docker writes (manifest.json + one
folder per layer), so an image saved here loads into a real Docker and the other way round."""
from __future__ import annotations

import hashlib
import io
import json
import tarfile

from ..errors import InvalidParameter, NotFound
from ..image.image import ImageConfig
from ..image.reference import parse_normalized


def _add(tf: tarfile.TarFile, name: str, data: bytes) -> None:
    ti = tarfile.TarInfo(name)
    ti.size = len(data)
    ti.mode = 0o644
    tf.addfile(ti, io.BytesIO(data))


class ArchiveOps:
    """Mixed into Daemon."""

    def image_save(self, names: list[str]) -> bytes:
        buf = io.BytesIO()
        manifest, repositories = [], {}
        written: set[str] = set()
        with tarfile.open(fileobj=buf, mode="w") as tf:
            for name in names:
                image_id = self.images.lookup(name)
                image = self.images.get(image_id)
                config = self.images.config_bytes(image_id)
                config_name = image_id[7:] + ".json"
                if config_name not in written:
                    _add(tf, config_name, config)
                    written.add(config_name)
                layers = []
                parent = ""
                for layer in self.images.layers.chain(image.chain_id) if image.chain_id else []:
                    with self.images.layers.open_diff(layer.chain_id) as f:
                        data = f.read()  # the layer as stored: its digest is the image's diff ID
                    folder = hashlib.sha256(f"{parent} {layer.diff_id}".encode()).hexdigest()
                    if folder not in written:
                        _add(tf, f"{folder}/VERSION", b"1.0")
                        _add(tf, f"{folder}/json", json.dumps({"id": folder, "parent": parent} if parent else
                                                                {"id": folder}).encode())
                        _add(tf, f"{folder}/layer.tar", data)
                        written.add(folder)
                    layers.append(f"{folder}/layer.tar")
                    parent = folder
                tags = []
                try:
                    ref = parse_normalized(name)
                    if not name.startswith("sha256:") and not ref.digest:
                        tag = ref.with_default_tag()
                        if self.images.lookup(tag.familiar()) == image_id:
                            tags.append(tag.familiar())
                            repositories.setdefault(tag.familiar_name(), {})[tag.tag] = parent
                except InvalidParameter:
                    pass
                manifest.append({"Config": config_name, "RepoTags": tags or None, "Layers": layers})
            _add(tf, "manifest.json", json.dumps(manifest).encode())
            if repositories:
                _add(tf, "repositories", json.dumps(repositories).encode())
        return buf.getvalue()

    def image_load(self, data: bytes):
        """Yield the jsonmessages `docker load` prints: `Loaded image: name:tag` or `Loaded image ID: ...`."""
        try:
            tf = tarfile.open(fileobj=io.BytesIO(data))
        except tarfile.TarError as e:
            raise InvalidParameter(f"Error processing tar file({e})") from None
        with tf:
            members = {m.name.lstrip("./"): m for m in tf.getmembers()}
            if "manifest.json" not in members:
                raise InvalidParameter("open /var/lib/docker/tmp/docker-import/manifest.json: no such file or "
                                       "directory")
            manifest = json.loads(tf.extractfile(members["manifest.json"]).read())
            for entry in manifest:
                config = tf.extractfile(members[entry["Config"]]).read()
                parsed = ImageConfig.from_json(config)
                with self.db.transaction():
                    parent = None
                    for layer_name in entry.get("Layers") or []:
                        member = members.get(layer_name)
                        if member is None:
                            raise NotFound(f"layer {layer_name} is missing from the archive")
                        layer = self.images.layers.register(tf.extractfile(member).read(), parent)
                        parent = layer.chain_id
                    if parent != parsed.chain_id():
                        raise InvalidParameter("invalid manifest, layers length mismatch")
                    image_id = self.images.create(config)
                tags = entry.get("RepoTags") or []
                for tag in tags:
                    previous = self.images.tag(image_id, tag)
                    if previous:
                        yield {"stream": f"The image {tag} already exists, renaming the old one with ID "
                                         f"{previous} to empty string\n"}
                    yield {"stream": f"Loaded image: {tag}\n"}
                if not tags:
                    yield {"stream": f"Loaded image ID: {image_id}\n"}
