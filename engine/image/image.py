"""Image configs: the JSON document an image *is* (moby `image/image.go`), and its ID.

An image ID is `sha256:` + the sha256 of the config bytes, so the store keeps those bytes exactly
as they came (a bundled image's real config gives the real ID). Configs this engine writes are
serialised as Docker 20.10 does: top-level keys sorted (moby's `Image.MarshalJSON` re-marshals
through a map), nested structs in Go field order, `container_config` always present.

The top level, as `docker image inspect` shows it through `types.ImageInspect`:
`architecture, author, comment, config, container, container_config, created, docker_version,
history, os, os.features, os.version, parent, rootfs, variant`.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

from ..layer.store import EMPTY_LAYER_DIFF_ID, create_chain_id
from ..store.blobs import digest_of
from .gojson import (BOOL, STRINGS, STRUCT, STRUCTS, ZERO_TIME, GoJSONError, decode_struct, dumps, encode_struct,
                     format_time, go_field, parse_time)
from .runconfig import ContainerConfig

TYPE_LAYERS = "layers"
DEFAULT_ARCHITECTURE = "amd64"  # what an image without one runs as (moby: the daemon's GOARCH)
DEFAULT_OS = "linux"


class InvalidImageConfig(GoJSONError):
    """A config document the image store refuses, with moby's message."""


@dataclass
class History:
    """One step of how the image was made; `empty_layer` steps (metadata only) add no layer."""

    GO_TYPE = "image.History"

    created: str = go_field("created", ZERO_TIME)
    author: str = go_field("author", "", omitempty=True)
    created_by: str = go_field("created_by", "", omitempty=True)
    comment: str = go_field("comment", "", omitempty=True)
    empty_layer: bool = go_field("empty_layer", False, kind=BOOL, omitempty=True)


@dataclass
class RootFS:
    GO_TYPE = "image.RootFS"

    type: str = go_field("type", TYPE_LAYERS)
    diff_ids: list[str] = go_field("diff_ids", kind=STRINGS, omitempty=True, default_factory=list)

    def chain_id(self) -> str | None:
        """The chain ID of the top layer (the key of the layer store); None without layers."""
        return create_chain_id(self.diff_ids or [])


@dataclass
class ImageConfig:
    """The image config. Fields are declared in the order Docker writes them (sorted JSON keys)."""

    GO_TYPE = "image.Image"

    architecture: str = go_field("architecture", "", omitempty=True)
    author: str = go_field("author", "", omitempty=True)
    comment: str = go_field("comment", "", omitempty=True)
    config: ContainerConfig | None = go_field("config", kind=STRUCT, struct=ContainerConfig, omitempty=True)
    container: str = go_field("container", "", omitempty=True)
    container_config: ContainerConfig = go_field("container_config", kind=STRUCT, struct=ContainerConfig,
                                                 pointer=False, default_factory=ContainerConfig)
    created: str = go_field("created", ZERO_TIME)
    docker_version: str = go_field("docker_version", "", omitempty=True)
    history: list[History] = go_field("history", kind=STRUCTS, struct=History, omitempty=True,
                                      default_factory=list)
    os: str = go_field("os", "", omitempty=True)
    os_features: list[str] | None = go_field("os.features", kind=STRINGS, omitempty=True)
    os_version: str = go_field("os.version", "", omitempty=True)
    parent: str = go_field("parent", "", omitempty=True)  # legacy: the classic builder keeps parents as metadata
    rootfs: RootFS | None = go_field("rootfs", kind=STRUCT, struct=RootFS, omitempty=True)
    variant: str = go_field("variant", "", omitempty=True)

    # ------------------------------------------------------------------ JSON
    def to_json(self) -> bytes:
        """The bytes Docker 20.10 writes for this config (their sha256 is the image ID)."""
        return dumps(dict(sorted(encode_struct(self).items()))).encode()

    @classmethod
    def from_json(cls, data: bytes | str) -> ImageConfig:
        """Decode a stored or received config, refusing what moby's image store refuses."""
        try:
            raw = json.loads(data)
        except (ValueError, RecursionError) as e:  # UnicodeDecodeError is a ValueError
            raise InvalidImageConfig(f"invalid image JSON: {e}") from None
        config = decode_struct(cls, raw)
        if config.rootfs is None:
            raise InvalidImageConfig("invalid image JSON, no RootFS key")
        parse_time(config.created)
        return config

    # ------------------------------------------------------------------ derived facts
    def chain_id(self) -> str | None:
        return self.rootfs.chain_id() if self.rootfs else None

    def created_ns(self) -> int:
        return parse_time(self.created)

    def labels(self) -> dict[str, str]:
        return dict(self.config.labels or {}) if self.config else {}

    def layer_history_count(self) -> int:
        """How many history entries claim a layer (must not exceed the layers in rootfs)."""
        return sum(1 for h in self.history if not h.empty_layer)

    def new_child(self, *, diff_id: str | None, container_config: ContainerConfig, config: ContainerConfig,
                  docker_version: str, container_id: str = "", author: str = "", comment: str = "",
                  created: str | None = None, os: str | None = None) -> ImageConfig:
        """The config of an image made on top of this one (moby `NewChildImage`): a build step or a commit.

        `diff_id` is the step's layer; None or the empty layer records an `empty_layer` history entry
        and leaves rootfs as it was. History's `created_by` is the step's command line.
        """
        is_empty = diff_id is None or diff_id == EMPTY_LAYER_DIFF_ID
        base = self.rootfs or RootFS()
        rootfs = RootFS(base.type, list(base.diff_ids or []) + ([] if is_empty else [diff_id]))
        created = created or format_time(time.time_ns())
        step = History(created=created, author=author, created_by=" ".join(container_config.cmd or []),
                       comment=comment, empty_layer=is_empty)
        return ImageConfig(
            architecture=self.architecture or DEFAULT_ARCHITECTURE, author=author, config=config,
            container=container_id, container_config=container_config, created=created,
            docker_version=docker_version, history=[*self.history, step], os=os or self.os or DEFAULT_OS,
            os_features=self.os_features, os_version=self.os_version, rootfs=rootfs, variant=self.variant)


def image_id(config: bytes) -> str:
    """An image's ID: the digest of its config bytes."""
    return digest_of(config)


def scratch() -> ImageConfig:
    """The empty base of `FROM scratch`: no layers, no history."""
    return ImageConfig(os=DEFAULT_OS, rootfs=RootFS())

