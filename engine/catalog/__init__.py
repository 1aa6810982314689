"""The bundled images: what the offline engine can "pull" without a network.

Each entry builds an image's history — its layers (as trees) and its metadata-only steps — and
its config, the way the official image has them. The engine stores them like any pulled image,
so `docker history`, `docker images` and `docker save` tell the same story they would on a real
engine.

`CATALOG` maps a repository to a function from a tag to that tag's image (None for a tag Docker
Hub does not have); calling it without a tag gives `latest`. Modules are imported on first use.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from ..layer.tree import Dir


@dataclass
class Step:
    """One entry of an image's history: a layer (`tree`), or a metadata-only step (`tree=None`)."""

    created_by: str
    tree: Dir | None = None
    created: str = ""  # RFC 3339; the image's `created` when empty
    comment: str = ""


@dataclass
class BundledImage:
    repository: str  # familiar name: busybox, nginx, diamol/ch02-hello-diamol-web
    tags: tuple[str, ...]
    created: str  # RFC 3339, as the official image's config says
    config: dict  # the container config (Env, Cmd, Entrypoint, WorkingDir, ExposedPorts, ...)
    build: Callable[[], list[Step]] = field(repr=False)  # the history, oldest first

    @cached_property
    def steps(self) -> list[Step]:
        return self.build()

    def history(self) -> list[dict]:
        """The config's `history`: one entry per step, `empty_layer` for the metadata-only ones."""
        out = []
        for step in self.steps:
            entry = {"created": step.created or self.created, "created_by": step.created_by}
            if step.comment:
                entry["comment"] = step.comment
            if step.tree is None:
                entry["empty_layer"] = True
            out.append(entry)
        return out

    def layers(self) -> list[tuple[Dir, str]]:
        """(tree, created_by) of every step that has a layer, bottom first."""
        return [(step.tree, step.created_by) for step in self.steps if step.tree is not None]

    @property
    def extra_history(self) -> list[dict]:
        """The metadata-only steps after the last layer (for a consumer that stores layers first)."""
        tail: list[dict] = []
        for entry in reversed(self.history()):
            if not entry.get("empty_layer"):
                break
            tail.insert(0, {k: v for k, v in entry.items() if k not in ("created", "empty_layer")})
        return tail


def file_id(source: str) -> str:
    """The content hash an `ADD file:<hash> in /` history line names, derived from what was added."""
    import hashlib
    return hashlib.sha256(source.encode()).hexdigest()


Lookup = Callable[..., "BundledImage | None"]


def _module_lookup(module: str, repository: str) -> Lookup:
    def lookup(tag: str = "latest") -> BundledImage | None:
        return importlib.import_module(f"{__name__}.{module}").image(repository, tag)
    return lookup


# repository -> the module that builds its images: module.image(repository, tag)
_MODULES = {
    "busybox": "busybox",
    "alpine": "alpine",
    "debian": "debian",
    "ubuntu": "ubuntu",
    "node": "node",
    "python": "python",
    "nginx": "nginx",
    "httpd": "httpd",
    "hello-world": "hello_world",
    "registry": "registry",
    "diamol/base": "diamol",
    "diamol/apache": "diamol",
    "diamol/ch02-hello-diamol-web": "diamol",
    "diamol/ch03-lab": "diamol",
    "diamol/ch06-random-number": "diamol",
    "diamol/registry": "diamol",
}

CATALOG: dict[str, Lookup] = {repo: _module_lookup(module, repo) for repo, module in _MODULES.items()}

# images present in a new engine, as on the machines the course's transcripts were recorded on
PRELOADED = ("busybox",)


def find(repository: str, tag: str) -> BundledImage | None:
    lookup = CATALOG.get(repository)
    return lookup(tag) if lookup is not None else None
