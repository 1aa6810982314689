"""Registries: push, pull from a registry, `docker login` (POST /auth) and `docker search`.

The jsonmessages are moby's (distribution/push_v2.go, pull_v2.go, xfer/): a push says which
repository it refers to, then per layer, top first, `Preparing`, `Pushing` progress and `Pushed` or
`Layer already exists`, then `<tag>: digest: <digest> size: <n>` and the push result as aux. A pull
says `<tag>: Pulling from <path>` only once the registry has answered with a manifest, so a
missing repository is an error response rather than a stream.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from functools import cached_property

from .. import catalog
from ..errors import EngineError, InvalidParameter, NotFound, System
from ..image.reference import Reference, parse_normalized
from ..distribution import manifests
from ..distribution.client import (DOCKER_HUB, RegistryClient, RegistryError, RegistryUnreachable,
                                   registry_error, transport_for)
from ..distribution.hub import Hub, is_hub_address

# moby's xfer managers: uploads and downloads beyond these wait their turn
MAX_CONCURRENT_UPLOADS = 5
MAX_CONCURRENT_DOWNLOADS = 3
PROGRESS_STEP = 512 * 1024  # progress.Reader updates every 512 kB at most
SEARCH_FILTERS = {"is-automated", "is-official", "stars"}
DEFAULT_SEARCH_LIMIT = 25


class PullNotFound(NotFound):
    """moby's notFoundError: the registry has no such repository or manifest."""


class DistributionOps:
    """Mixed into Daemon. Needs: self.home, self.images, self.events."""

    @cached_property
    def hub(self) -> Hub:
        return Hub(os.path.join(self.home, "hub"))

    def _registry(self, ref: Reference) -> RegistryClient:
        return RegistryClient(transport_for(ref.domain, lambda request: self.hub.handler(request)), ref.path)

    # ------------------------------------------------------------------ push
    def image_push(self, name: str, tag: str = "", auth: dict | None = None) -> Iterator[dict]:
        """POST /images/{name}/push: yield the push's jsonmessages; failures are raised (in-band for the route)."""
        ref = parse_normalized(name)
        if tag:
            ref = ref.with_tag(tag)
        yield {"status": f"The push refers to repository [{ref.name()}]"}
        tagged = self._local_tags(ref)
        if not tagged:
            raise NotFound(f"An image does not exist locally with the tag: {ref.familiar_name()}")
        registry = self._registry(ref)
        registry.ping()
        if ref.tag:
            image_id = tagged.get(ref.tag)
            if image_id is None:
                raise System(f"tag does not exist: {ref.familiar()}")
            targets = [(ref, image_id)]
        elif ref.digest:
            raise System("cannot push a digest reference")
        else:
            targets = [(ref.with_tag(t), image_id) for t, image_id in sorted(tagged.items())]
        for target, image_id in targets:
            yield from self._push_tag(registry, target, image_id, auth or {})
        self.events.emit("image", "push", ref.familiar(), {"name": ref.familiar_name()})

    def _local_tags(self, ref: Reference) -> dict[str, str]:
        """tag -> image ID of every local tag of the repository (moby's ReferencesByName)."""
        found = {}
        for row in self.images.list():
            for familiar in row.repo_tags:
                other = parse_normalized(familiar)
                if other.name() == ref.name() and other.tag:
                    found[other.tag] = row.id
        return found

    def _push_tag(self, registry: RegistryClient, ref: Reference, image_id: str, auth: dict) -> Iterator[dict]:
        blobs = manifests.image_blobs(self.images, image_id)
        top_first = list(reversed(blobs.layers))
        for layer in top_first:
            yield _progress("Preparing", layer.diff_id)
        for layer in top_first[MAX_CONCURRENT_UPLOADS:]:
            yield _progress("Waiting", layer.diff_id)
        if ref.domain == DOCKER_HUB:
            # Docker Hub's token service refuses the push scope at the first blob request
            self.hub.check_push(ref.path, auth)
        for layer in top_first:
            descriptor = layer.descriptor
            if registry.blob_exists(descriptor.digest):
                yield _progress("Layer already exists", layer.diff_id)
                continue
            yield from _transfer_progress("Pushing", layer.diff_id, layer.tar_size, layer.diff_size)
            registry.upload_blob(layer.data, descriptor.digest)
            yield _progress("Pushed", layer.diff_id)
        config_digest = manifests.digest_of(blobs.config)
        if not registry.blob_exists(config_digest):
            registry.upload_blob(blobs.config, config_digest)
        registry.put_manifest(ref.tag, blobs.manifest)
        digest, size = blobs.manifest_digest, len(blobs.manifest)
        yield {"status": f"{ref.tag}: digest: {digest} size: {size}"}
        self.images.add_digest(image_id, f"{ref.name()}@{digest}")
        yield {"progressDetail": {}, "aux": {"Tag": ref.tag, "Digest": digest, "Size": size}}

    # ------------------------------------------------------------------ pull
    def pulls_from_registry(self, ref: Reference) -> bool:
        """Whether a pull of `ref` goes to a registry rather than to the bundled catalog."""
        return ref.domain != DOCKER_HUB or catalog.CATALOG.get(ref.familiar_name()) is None

    def pull_from_registry(self, ref: Reference) -> Iterator[dict]:
        """A pull of `ref` (tagged or by digest) from its registry, as pull_v2 reports it."""
        registry = self._registry(ref)
        reference = ref.digest or ref.tag
        try:
            registry.ping()
            if ref.domain == DOCKER_HUB and not self.hub.has_repository(ref.path):
                raise registry_error("DENIED", status=401)
            body, media_type, manifest_digest = registry.get_manifest(reference)
        except RegistryError as e:
            raise _pull_error(e, ref) from None
        manifest = manifests.parse_manifest(body, media_type)
        yield {"status": f"Pulling from {ref.path}", "id": reference}
        image_id = manifest.config.digest
        downloaded = False
        if not self.images.exists(image_id):
            yield from self._download_image(registry, manifest)
            downloaded = True
        yield {"status": f"Digest: {manifest_digest}"}
        try:
            previous = self.images.lookup(ref.familiar()) if ref.tag else None
        except NotFound:
            previous = None
        self.images.add_digest(image_id, f"{ref.name()}@{manifest_digest}")
        if ref.tag and previous != image_id:
            self.images.tag(image_id, ref)
            downloaded = True
        word = "Downloaded newer image" if downloaded else "Image is up to date"
        yield {"status": f"Status: {word} for {ref.familiar()}"}
        self.events.emit("image", "pull", ref.familiar(), {"name": ref.familiar()})

    def _download_image(self, registry: RegistryClient, manifest: manifests.Manifest) -> Iterator[dict]:
        config = registry.get_blob(manifest.config.digest)
        diff_ids = json.loads(config).get("rootfs", {}).get("diff_ids") or []
        if len(diff_ids) != len(manifest.layers):
            raise InvalidParameter("layers from manifest don't match image configuration")
        present = self._layers_present(diff_ids)
        missing = [layer for index, layer in enumerate(manifest.layers) if index >= present]
        for layer in manifest.layers[:present]:
            yield _progress("Already exists", layer.digest)
        for layer in missing:
            yield _progress("Pulling fs layer", layer.digest)
        for layer in missing[MAX_CONCURRENT_DOWNLOADS:]:
            yield _progress("Waiting", layer.digest)
        tars: dict[int, bytes] = {}
        for index, layer in enumerate(manifest.layers[present:], start=present):
            blob = registry.get_blob(layer.digest)
            yield from _transfer_progress("Downloading", layer.digest, len(blob), layer.size)
            yield _progress("Verifying Checksum", layer.digest)
            yield _progress("Download complete", layer.digest)
            tars[index] = manifests.decompress_layer(blob)
            yield from _transfer_progress("Extracting", layer.digest, layer.size, layer.size)
            yield _progress("Pull complete", layer.digest)
        manifests.store_image(self.images, config, lambda index: tars[index])

    def _layers_present(self, diff_ids: list[str]) -> int:
        """How many of the bottom layers the store already holds with the same layers below."""
        from ..layer.store import chain_id
        parent = None
        for count, diff_id in enumerate(diff_ids):
            parent = chain_id(parent, diff_id)
            if not self.images.layers.has(parent):
                return count
        return len(diff_ids)

    # ------------------------------------------------------------------ login
    def registry_login(self, auth: dict) -> dict:
        """POST /auth: Docker Hub's accounts, or a loopback registry's /v2/ answering."""
        server = auth.get("serveraddress") or ""
        if is_hub_address(server):
            self.hub.login(auth.get("username") or "", auth.get("password") or "")
        else:
            domain = server.removeprefix("https://").removeprefix("http://").split("/", 1)[0]
            RegistryClient(transport_for(domain, self.hub.handler), "").ping()
        return {"IdentityToken": "", "Status": "Login Succeeded"}

    # ------------------------------------------------------------------ search
    def image_search(self, term: str, limit: int = DEFAULT_SEARCH_LIMIT, filters: dict | None = None) -> list[dict]:
        """GET /images/search: Docker Hub's answer, filtered as moby filters it."""
        from ..catalog.descriptions import search_entries
        filters = filters or {}
        is_automated = _bool_filter(filters, "is-automated")
        is_official = _bool_filter(filters, "is-official")
        min_stars = 0
        for text in filters.get("stars", []):
            try:
                min_stars = max(min_stars, int(text))
            except ValueError:
                raise InvalidParameter(f"Invalid filter 'stars={text}'") from None
        index, _, remote = term.partition("/") if _names_index(term) else ("docker.io", "", term)
        if index != "docker.io":
            raise self._search_other_index(index)
        if not 1 <= limit <= 100:
            raise InvalidParameter(f"Limit {limit} is outside the range of [1, 100]")
        entries = search_entries(remote, self.hub.repositories())[:limit]
        return [e for e in entries
                if (is_automated is None or e["is_automated"] == is_automated)
                and (is_official is None or e["is_official"] == is_official)
                and e["star_count"] >= min_stars]

    def _search_other_index(self, index: str) -> EngineError:
        """Search is Docker's v1 index API: its ping first, then `/v1/search`, which registry 2 does not serve."""
        from ..network.http import Request as HTTPRequest
        try:
            transport_for(index, self.hub.handler).send(HTTPRequest("GET", "/v1/_ping"))
        except RegistryUnreachable as e:
            return e
        return System("Unexpected status code 404")


def _names_index(term: str) -> bool:
    """moby's splitReposSearchTerm: a first component with `.` or `:`, or `localhost`, names a registry."""
    first, slash, _ = term.partition("/")
    return bool(slash) and ("." in first or ":" in first or first == "localhost")


def _bool_filter(filters: dict, key: str) -> bool | None:
    values = filters.get(key)
    if not values:
        return None
    if values == ["true"]:
        return True
    if values == ["false"]:
        return False
    raise InvalidParameter(f"Invalid filter '{key}=[{' '.join(values)}]'")


def _pull_error(e: RegistryError, ref: Reference) -> EngineError:
    """moby's TranslatePullError: denied and unknown names or manifests are a 404 with the reference named."""
    code = e.code
    if code == "DENIED":
        return PullNotFound(f"pull access denied for {ref.familiar_name()}, repository does not exist or may "
                            "require 'docker login': denied: requested access to the resource is denied")
    if code == "MANIFEST_UNKNOWN":
        return PullNotFound(f"manifest for {ref.familiar()} not found: {e}")
    if code == "NAME_UNKNOWN":
        return PullNotFound(f"repository {ref.familiar_name()} not found: {e}")
    return System(str(e))


def bundled_pull_progress(layer_ids: list[str], present: int) -> Iterator[dict]:
    """The messages of a pull whose layers need no transfer (a bundled image, installed from the catalog):
    the order moby's download manager reports them in, bottom layer first."""
    missing = layer_ids[present:]
    for layer in layer_ids[:present]:
        yield _progress("Already exists", layer)
    for layer in missing:
        yield _progress("Pulling fs layer", layer)
    for layer in missing[MAX_CONCURRENT_DOWNLOADS:]:
        yield _progress("Waiting", layer)
    for layer in missing:
        yield _progress("Verifying Checksum", layer)
        yield _progress("Download complete", layer)
    for layer in missing:
        yield _progress("Pull complete", layer)


def _short(digest: str) -> str:
    return digest.removeprefix("sha256:")[:12]


def _progress(action: str, digest: str) -> dict:
    return {"status": action, "progressDetail": {}, "id": _short(digest)}


def _transfer_progress(action: str, digest: str, length: int, total: int) -> Iterator[dict]:
    """progress.Reader's updates while `length` bytes go through (every 512 kB, and at the end)."""
    current = 0
    while current < length:
        current = min(length, current + PROGRESS_STEP)
        detail = {"current": current, "total": total} if total > 0 else {"current": current}
        yield {"status": action, "progressDetail": detail, "progress": progress_bar(current, total),
               "id": _short(digest)}


def progress_bar(current: int, total: int) -> str:
    """jsonmessage.JSONProgress.String as dockerd writes it (no terminal: 200 columns, no time left)."""
    if current <= 0 and total <= 0:
        return ""
    if total <= 0:
        return f"{human_size(current):>8}"
    filled = min(50, int(current / total * 100) // 2)
    bar = f"[{'=' * filled}>{' ' * max(0, 50 - filled)}] "
    numbers = f"{human_size(current):>8}" if current > total else f"{human_size(current):>8}/{human_size(total)}"
    return bar + numbers


def human_size(size: float) -> str:
    """go-units HumanSize: decimal units, four significant digits (`1.024kB`)."""
    units = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
    index = 0
    while size >= 1000 and index < len(units) - 1:
        size /= 1000
        index += 1
    return f"{size:.4g}{units[index]}"

