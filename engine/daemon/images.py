"""Image verbs: list, inspect, history, tag, delete (with Docker's conflict rules), prune, pull from the
bundled catalog, commit — and the backend the builder steps through."""
from __future__ import annotations

import collections
import json
from dataclasses import replace
import tarfile
import threading
import time

from .. import catalog
from ..container.shapes import config_json
from ..errors import Conflict, InvalidParameter, NotFound
from ..image.image import ImageConfig, scratch
from ..image.reference import parse_normalized
from ..image.runconfig import ContainerConfig
from ..layer.tar import apply_tar, diff_tar, tree_tar
from ..layer.tree import Dir, changes
from ..version import ENGINE_VERSION as VERSION

TREE_CACHE = 64


class ImageDeleteConflict(Conflict):
    def __init__(self, image_id: str, message: str, hard: bool, used: bool = False):
        force = "cannot be forced" if hard else "must be forced"
        super().__init__(f"conflict: unable to delete {image_id[7:19]} ({force}) - {message}")
        self.hard, self.used = hard, used


class ImageOps:
    """Mixed into Daemon. Needs: self.images (ImageStore), self.containers, self.events."""

    def _init_images(self) -> None:
        self._trees: collections.OrderedDict[str, Dir] = collections.OrderedDict()
        self._tree_lock = threading.Lock()
        for name in catalog.PRELOADED:
            try:
                self.images.lookup(name)
            except NotFound:
                self._install_bundled(catalog.CATALOG[name]())

    # ------------------------------------------------------------------ lookup
    def image_record(self, ref: str):
        return self.images.get(self.images.lookup(ref))

    def image_config(self, image_id: str) -> dict:
        return json.loads(self.images.config_bytes(image_id)) if image_id else {}

    def image_tree(self, image_id: str) -> Dir:
        """The merged filesystem of an image's layers (cached by top layer; never mutated)."""
        if not image_id:
            return Dir()
        return self.layer_tree(self.images.get(image_id).chain_id)

    def layer_tree(self, top: str | None) -> Dir:
        """The merged filesystem of a layer chain, from its top layer's chain ID."""
        if top is None:
            return Dir()
        with self._tree_lock:
            tree = self._trees.get(top)
            if tree is not None:
                self._trees.move_to_end(top)
                return tree
        chain = self.images.layers.chain(top)
        tree = Dir()
        for layer in chain:
            cached = self._trees.get(layer.chain_id)
            if cached is not None:
                tree = cached
                continue
            with self.images.layers.open_diff(layer.chain_id) as f:
                tree = apply_tar(tree, f)
            self._remember_tree(layer.chain_id, tree)
        return tree

    def _remember_tree(self, chain_id: str, tree: Dir) -> None:
        with self._tree_lock:
            self._trees[chain_id] = tree
            self._trees.move_to_end(chain_id)
            while len(self._trees) > TREE_CACHE:
                self._trees.popitem(last=False)

    # ------------------------------------------------------------------ bundled images ("pull")
    def _install_bundled(self, image: catalog.BundledImage, tag: str = "latest") -> str:
        """Store a bundled image and set the one tag that was pulled (as a pull of `repo:tag` does)."""
        parent_chain = None
        tree = Dir()
        diff_ids = []
        with self.db.transaction():
            for step in image.steps:
                if step.tree is None:
                    continue
                data = tree_tar(step.tree)
                layer = self.images.layers.register(data, parent_chain)
                parent_chain = layer.chain_id
                diff_ids.append(layer.diff_id)
                tree = apply_tar(tree, data)
            history = image.history()
            config = {"architecture": "amd64", "config": config_json(image.config),
                      "created": image.created, "history": history, "os": "linux",
                      "rootfs": {"type": "layers", "diff_ids": diff_ids}}
            cfg = ImageConfig.from_json(json.dumps(config))
            image_id = self.images.create(cfg.to_json())
            self.images.tag(image_id, f"{image.repository}:{tag}")
        if parent_chain:
            self._remember_tree(parent_chain, tree)
        return image_id

    def image_pull(self, from_image: str, tag: str = ""):
        """POST /images/create: yield jsonmessages as a pull from Docker Hub prints them."""
        ref = parse_normalized(from_image + (":" + tag if tag and not tag.startswith("sha256:") else ""))
        if tag.startswith("sha256:"):
            ref = replace(ref, tag="", digest=tag)
        ref = ref.with_default_tag()
        if self.pulls_from_registry(ref):
            yield from self.pull_from_registry(ref)
            return
        ref = ref if ref.tag else replace(ref, digest="").with_default_tag()
        repo = ref.familiar_name()
        bundled = catalog.find(repo, ref.tag)
        if bundled is not None:
            # moby names the tag only once the registry has answered with a manifest
            yield {"status": f"Pulling from {ref.path}", "id": ref.tag}
        if bundled is None:
            if catalog.CATALOG.get(repo) is not None and ref.domain == "docker.io":
                raise NotFound(f"manifest for {ref.familiar()} not found: manifest unknown: manifest unknown")
            raise NotFound(f"pull access denied for {repo}, repository does not exist or may require "
                           f"'docker login': denied: requested access to the resource is denied")
        try:
            existing = self.images.lookup(ref.familiar())
        except NotFound:
            existing = None
        if existing is not None:
            yield {"status": f"Digest: sha256:{existing[7:]}"}
            yield {"status": f"Status: Image is up to date for {ref.familiar()}"}
            return
        from .distribution import bundled_pull_progress
        held_before = set(self.images.layers.all())
        image_id = self._install_bundled(bundled, ref.tag)
        top = self.images.get(image_id).chain_id
        layers = self.images.layers.chain(top) if top else []
        yield from bundled_pull_progress([layer.diff_id for layer in layers],
                                         present=sum(layer.chain_id in held_before for layer in layers))
        yield {"status": f"Digest: sha256:{image_id[7:]}"}
        yield {"status": f"Status: Downloaded newer image for {ref.familiar()}"}
        self.events.emit("image", "pull", ref.familiar(), {"name": ref.familiar()})

    def get_image(self, ref: str, emit) -> tuple[str, dict]:
        """FROM's image: local, or pulled from the catalog with the pull printed into the build."""
        try:
            image_id = self.images.lookup(ref)
        except NotFound:
            r = parse_normalized(ref).with_default_tag()
            for msg in self.image_pull(r.familiar_name(), r.tag):
                if msg.get("progress") or "aux" in msg:
                    continue  # progress bars are a terminal's business
                emit((msg["id"] + ": " if msg.get("id") else "") + msg["status"] + "\n")
            image_id = self.images.lookup(ref)
        return image_id, self.image_config(image_id)

    # ------------------------------------------------------------------ builder backend
    def cache_children(self, image_id: str):
        out = []
        if not image_id:
            return out
        for child in self.images.children(image_id):
            cfg = self.image_config(child)
            out.append((child, self.images.get(child).config.created_ns(), cfg.get("container_config") or {}))
        return out

    def commit_step(self, parent_id: str, tree, config: dict, container_config: dict, container_id: str = "",
                    author: str = "", comment: str = "") -> str:
        """Store a new image: the parent's layers plus the change from `tree = (base, new)` (None: no change)."""
        parent_cfg = ImageConfig.from_json(self.images.config_bytes(parent_id)) if parent_id else scratch()
        parent_chain = self.images.get(parent_id).chain_id if parent_id else None
        diff_id = None
        new_tree = None
        with self.db.transaction():
            if tree is not None:
                base, new_tree = tree
                if changes(base, new_tree):
                    layer = self.images.layers.register(diff_tar(base, new_tree), parent_chain)
                    diff_id = layer.diff_id
            child = parent_cfg.new_child(diff_id=diff_id, container_config=ContainerConfig.from_json_object(
                container_config), config=ContainerConfig.from_json_object(config), docker_version=VERSION,
                container_id=container_id, author=author, comment=comment)
            child.comment = comment  # `docker commit -m`: the image's Comment as well as its history's
            image_id = self.images.create(child.to_json(), parent=parent_id or None)
        if diff_id is not None and new_tree is not None:
            top = self.images.get(image_id).chain_id
            if top:
                self._remember_tree(top, new_tree)
        return image_id

    def new_container_id(self) -> str:
        from ..container.config import new_id
        return new_id()

    # ------------------------------------------------------------------ listing and inspecting
    def _containers_using(self, image_id: str) -> list:
        return [c for c in self.containers.values() if c.image_id == image_id]

    def image_list(self, all_: bool = False, filters: dict | None = None, shared_size: bool = False) -> list[dict]:
        filters = filters or {}
        rows = self.images.list(with_shared_size=shared_size)
        by_id = {r.id: r for r in rows}
        out = []
        for r in rows:
            if not all_ and not r.repo_tags and r.has_children:
                continue
            if "dangling" in filters:
                want = filters["dangling"][0].lower() in ("true", "1")
                if r.dangling != want:
                    continue
            tags = list(r.repo_tags)
            if "reference" in filters:
                tags = [t for t in tags if any(_ref_match(t, p) for p in filters["reference"])]
                if not tags:
                    continue
            if "label" in filters and not _labels_match(r.labels or {}, filters["label"]):
                continue
            if "before" in filters or "since" in filters:
                pivot_key = "before" if "before" in filters else "since"
                pivot = by_id.get(self.images.lookup(filters[pivot_key][0]))
                if pivot is None or (pivot_key == "before" and r.created_ns >= pivot.created_ns) or (
                        pivot_key == "since" and r.created_ns <= pivot.created_ns):
                    continue
            if not all_ and not tags and r.has_children:
                continue
            out.append({"Containers": len(self._containers_using(r.id)) if shared_size else -1,
                        "Created": r.created, "Id": r.id, "Labels": r.labels, "ParentId": r.parent_id,
                        "RepoDigests": r.repo_digests or ([] if r.repo_tags else ["<none>@<none>"]),
                        "RepoTags": tags or (None if "reference" in filters else ["<none>:<none>"]),
                        "SharedSize": r.shared_size, "Size": r.size, "VirtualSize": r.virtual_size})
        for row in out:
            if row["RepoTags"] == ["<none>:<none>"]:
                row["RepoTags"] = []
            if row["RepoDigests"] == ["<none>@<none>"]:
                row["RepoDigests"] = []
        return out

    def image_inspect(self, ref: str) -> dict:
        img = self.image_record(ref)
        cfg = self.image_config(img.id)
        refs = self.images.references(img.id)
        return {
            "Id": img.id,
            "RepoTags": [r.familiar() for r in refs if r.tag],
            "RepoDigests": [r.familiar() for r in refs if r.digest],
            "Parent": img.parent or "", "Comment": cfg.get("comment", ""), "Created": cfg.get("created"),
            "Container": cfg.get("container", ""), "ContainerConfig": config_json(cfg.get("container_config")),
            "DockerVersion": cfg.get("docker_version", ""), "Author": cfg.get("author", ""),
            "Config": config_json(cfg.get("config")), "Architecture": cfg.get("architecture", "amd64"),
            "Os": cfg.get("os", "linux"), "Size": img.size, "VirtualSize": img.size,
            "GraphDriver": {"Data": None, "Name": "dockyard"},
            "RootFS": {"Type": "layers", "Layers": (cfg.get("rootfs") or {}).get("diff_ids") or []},
            "Metadata": {"LastTagTime": img.last_tag_time},
        }

    def image_history(self, ref: str) -> list[dict]:
        """Newest first; rows of images in the local parent chain carry their ID, the rest `<missing>`."""
        img = self.image_record(ref)
        cfg = self.image_config(img.id)
        history = cfg.get("history") or []
        rows = []
        layer_i = 0
        sizes = self._layer_sizes(img.chain_id)
        for h in history:
            size = 0
            if not h.get("empty_layer"):
                size = sizes[layer_i] if layer_i < len(sizes) else 0
                layer_i += 1
            rows.append({"Comment": h.get("comment", ""), "Created": _epoch(h.get("created", "")),
                         "CreatedBy": h.get("created_by", ""), "Id": "<missing>", "Size": size, "Tags": None})
        rows.reverse()
        image_id = img.id
        for row in rows:
            if image_id is None:
                break
            row["Id"] = image_id
            refs = self.images.references(image_id)
            row["Tags"] = [r.familiar() for r in refs if r.tag] or None
            parent = self.images.parent(image_id)
            image_id = parent
        return rows

    def _layer_sizes(self, top: str | None) -> list[int]:
        if not top:
            return []
        return [layer.diff_size for layer in self.images.layers.chain(top)]

    # ------------------------------------------------------------------ tags and deletion
    def image_tag(self, ref: str, repo: str, tag: str | None) -> None:
        image_id = self.images.lookup(ref)
        text = repo + (":" + tag if tag else "")
        try:
            target = parse_normalized(text)
        except InvalidParameter as e:
            raise InvalidParameter(f'Error parsing reference: "{text}" is not a valid repository/tag: {e}') from None
        if target.digest:
            raise InvalidParameter("refusing to create a tag with a digest reference")
        self.images.tag(image_id, target)
        self.events.emit("image", "tag", image_id, {"name": target.with_default_tag().familiar()})

    def image_delete(self, ref: str, force: bool = False, prune: bool = True) -> list[dict]:
        image_id = self.images.lookup(ref)
        records: list[dict] = []
        refs = self.images.references(image_id)
        removed_repo_ref = False
        if not _is_id_prefix(image_id, ref):
            if not force and _single_reference(refs):
                users = self._containers_using(image_id)
                if users:
                    raise Conflict(f'conflict: unable to remove repository reference "{ref}" (must force) - '
                                   f"container {users[0].id[:12]} is using its referenced image {image_id[7:19]}")
            parsed = parse_normalized(ref)
            parsed = parsed if parsed.digest else parsed.with_default_tag()
            self.images.untag(parsed)
            records.append({"Untagged": parsed.familiar()})
            self.events.emit("image", "untag", image_id, {"name": parsed.familiar()})
            refs = self.images.references(image_id)
            if not parsed.digest and not any(r.tag and r.name() == parsed.name() for r in refs):
                for r in [r for r in refs if r.digest and r.name() == parsed.name()]:
                    self.images.untag(r)
                    records.append({"Untagged": r.familiar()})
                refs = self.images.references(image_id)
            if refs:
                return records
            removed_repo_ref = True
        elif _single_reference(refs):
            for r in refs:
                self.images.untag(r)
                records.append({"Untagged": r.familiar()})
                self.events.emit("image", "untag", image_id, {"name": r.familiar()})
        self._delete_helper(image_id, records, force, prune, quiet=removed_repo_ref)
        return records

    def _delete_conflict(self, image_id: str, force: bool) -> ImageDeleteConflict | None:
        if self.images.children(image_id):
            return ImageDeleteConflict(image_id, "image has dependent child images", hard=True)
        running = [c for c in self._containers_using(image_id) if c.state.running]
        if running:
            return ImageDeleteConflict(image_id, f"image is being used by running container {running[0].id[:12]}",
                                       hard=True, used=True)
        if force:
            return None
        if self.images.references(image_id):
            return ImageDeleteConflict(image_id, "image is referenced in multiple repositories", hard=False)
        stopped = [c for c in self._containers_using(image_id) if not c.state.running]
        if stopped:
            return ImageDeleteConflict(image_id, f"image is being used by stopped container {stopped[0].id[:12]}",
                                       hard=False, used=True)
        return None

    def _delete_helper(self, image_id: str, records: list, force: bool, prune: bool, quiet: bool) -> None:
        conflict = self._delete_conflict(image_id, force)
        if conflict is not None:
            dangling = not self.images.references(image_id) and not self.images.children(image_id)
            if quiet and (not dangling or conflict.used):
                return
            raise conflict
        parent = self.images.parent(image_id)
        for r in self.images.references(image_id):
            self.images.untag(r)
            records.append({"Untagged": r.familiar()})
        top = self.images.get(image_id).chain_id
        removed_layers = self.images.delete(image_id)
        with self._tree_lock:
            if top in self._trees and top in removed_layers:
                del self._trees[top]
        self.events.emit("image", "delete", image_id, {"name": image_id})
        records.append({"Deleted": image_id})
        records.extend({"Deleted": chain} for chain in removed_layers)
        if prune and parent:
            self._delete_helper(parent, records, False, True, True)

    def image_prune(self, filters: dict | None = None) -> dict:
        filters = filters or {}
        dangling_only = (filters.get("dangling") or ["true"])[0].lower() in ("true", "1")
        deleted: list[dict] = []
        layer_sizes = {chain: layer.diff_size for chain, layer in self.images.layers.all().items()}
        for r in self.images.list():
            if dangling_only and not r.dangling:
                continue
            if not dangling_only and self._containers_using(r.id):
                continue
            if "label" in filters and not _labels_match(r.labels or {}, filters["label"]):
                continue
            try:
                records: list[dict] = []
                if r.repo_tags:
                    for t in r.repo_tags:
                        records += self.image_delete(t, force=False)
                    if not any("Deleted" in x for x in records):
                        continue
                else:
                    self._delete_helper(r.id, records, False, True, False)
                deleted += records
            except (Conflict, NotFound):
                continue
        # what was freed is the data of the layers that went with the images
        space = sum(layer_sizes.get(item.get("Deleted", ""), 0) for item in deleted)
        return {"ImagesDeleted": deleted or None, "SpaceReclaimed": space}

    # ------------------------------------------------------------------ commit
    def container_commit(self, ref: str, repo: str = "", tag: str = "", comment: str = "", author: str = "",
                         changes_: list[str] | None = None, config: dict | None = None, pause: bool = True) -> str:
        from ..container.rootfs import freeze
        c = self.get_container(ref)
        base = self.container_base(c)
        fs = c.load_rootfs(base)
        new_config = dict(c.config)
        for k, v in (config or {}).items():
            if v not in (None, "", [], {}):
                new_config[k] = v
        if changes_:
            new_config = self._apply_changes(new_config, changes_)
        freeze(fs)
        image_id = self.commit_step(parent_id=c.image_id, tree=(c.rootfs.image_tree, fs.tree), config=new_config,
                                    container_config=c.config, container_id=c.id, author=author, comment=comment)
        if repo:
            self.image_tag(image_id, repo, tag or None)
        self.events.emit("container", "commit", c.id, {"name": c.name})
        return image_id

    def image_import(self, data: bytes, source: str, repo: str = "", tag: str = "", message: str = "",
                     changes_: list[str] | None = None) -> str:
        """POST /images/create?fromSrc=: one layer from a filesystem tar (plain or compressed), an
        image with no parent and an empty config but for `changes_` (moby ImportImage)."""
        from ..image.image import History, RootFS
        from ..image.gojson import format_time
        target = None
        if repo:
            target = parse_normalized(repo)
            if target.digest:
                raise InvalidParameter("cannot import digest reference")
            if tag:
                target = parse_normalized(f"{target.name()}:{tag}")
        config = self._apply_changes({}, changes_) if changes_ else {}
        message = message or f"Imported from {source}"
        try:
            tree = apply_tar(Dir(), _decompressed(data))
        except tarfile.TarError:  # what Go's tar reader says, from moby's untar process
            why = "unexpected EOF" if len(data) < 512 else "archive/tar: invalid tar header"
            raise InvalidParameter(f"Error processing tar file(exit status 1): {why}") from None
        created = format_time(time.time_ns())
        with self.db.transaction():
            layer = self.images.layers.register(diff_tar(Dir(), tree), None)
            image = ImageConfig(architecture="amd64", config=ContainerConfig.from_json_object(config),
                                created=created, docker_version=VERSION, os="linux", comment=message,
                                rootfs=RootFS(diff_ids=[layer.diff_id]),
                                history=[History(created=created, comment=message)])
            image_id = self.images.create(image.to_json(), parent=None)
        if target is not None:
            self.image_tag(image_id, target.name(), target.tag)
        self.events.emit("image", "import", image_id, {"name": image_id})
        return image_id

    def _apply_changes(self, config: dict, changes_: list[str]) -> dict:
        """`docker commit -c` / `import -c`: the changes, read as one Dockerfile, dispatched onto the
        config by the builder with its commits turned off (moby BuildFromConfig)."""
        from ..builder import dispatchers
        from ..builder.builder import BuildArgs, StageState
        from ..dockerfile import instructions as ins
        from ..dockerfile.parser import parse
        from ..dockerfile.shlex import process_word
        from ..errors import EngineError
        try:
            result = parse("\n".join(changes_), heredocs=False)
            nodes = result.ast.children
            for node in nodes:  # every change is checked before any is applied
                if node.value not in COMMIT_CHANGES:
                    raise InvalidParameter(f"{node.value} is not a valid change command")
            state = StageState(run_config=dict(config), build_args=BuildArgs({}))
            applier = _ChangesOnly(result.escape_token)
            for node in nodes:
                cmd = ins.parse_instruction(node)
                env = applier.expansion_env(state)
                if hasattr(cmd, "expand"):
                    cmd = cmd.expand(lambda w: process_word(w, env, applier.escape_token))  # noqa: B023
                dispatchers.DISPATCH[type(cmd)](applier, state, cmd)  # type: ignore[arg-type]
        except EngineError as e:
            raise InvalidParameter(str(e)) from None
        return state.run_config


# what moby's validCommitCommands allows in `docker commit --change` and `docker import --change`
COMMIT_CHANGES = ("cmd", "entrypoint", "healthcheck", "env", "expose", "label", "onbuild", "user", "volume",
                  "workdir")


class _ChangesOnly:
    """The builder as BuildFromConfig runs it: dispatchers change the config, nothing is committed."""

    def __init__(self, escape_token: str):
        self.escape_token = escape_token

    @staticmethod
    def expansion_env(state) -> dict[str, str]:
        return dict(kv.partition("=")[::2] for kv in state.run_config.get("Env") or [])

    def commit_metadata(self, state, comment: str) -> None:
        pass

    def probe(self, state, config) -> bool:
        return True  # disableCommit: WORKDIR sets the config and creates nothing


def _is_id_prefix(image_id: str, ref: str) -> bool:
    return image_id.startswith(ref) or image_id[7:].startswith(ref)


def _single_reference(refs) -> bool:
    """moby isSingleReference: one tag, possibly with digests of the same repository."""
    if len(refs) <= 1:
        return len(refs) == 1
    single = None
    names = set()
    for r in refs:
        if r.digest:
            names.add(r.name())
        elif single is None:
            names.add(r.name())
            single = r
        else:
            return False
    if single is None:
        single = refs[0]
    return len(names) == 1 and single.name() in names


def _ref_match(tag: str, pattern: str) -> bool:
    from fnmatch import fnmatchcase
    repo, _, t = tag.rpartition(":") if ":" in tag.rsplit("/", 1)[-1] else (tag, "", "")
    if ":" in pattern.rsplit("/", 1)[-1]:
        return fnmatchcase(tag, pattern)
    return fnmatchcase(repo, pattern)


def _labels_match(labels: dict, wanted: list[str]) -> bool:
    for w in wanted:
        k, eq, v = w.partition("=")
        if k not in labels or (eq and labels[k] != v):
            return False
    return True


def _epoch(created: str) -> int:
    import calendar
    if not created:
        return 0
    base = created.split(".")[0].rstrip("Z")
    try:
        return calendar.timegm(time.strptime(base[:19], "%Y-%m-%dT%H:%M:%S"))
    except ValueError:
        return 0


def _decompressed(data: bytes) -> bytes:
    """archive.DecompressStream: gzip, bzip2 and xz are recognised by their first bytes."""
    import bz2
    import gzip
    import lzma
    try:
        if data[:2] == b"\x1f\x8b":
            return gzip.decompress(data)
        if data[:3] == b"BZh":
            return bz2.decompress(data)
        if data[:6] == b"\xfd7zXZ\x00":
            return lzma.decompress(data)
    except (OSError, EOFError, ValueError) as e:
        raise InvalidParameter(f"unexpected EOF: {e}") from None
    return data
