"""What the catalog and package-manager tests share: containers of the bundled images, and a shell.

`container("debian:latest")` is a fresh RootFS of the image, its layers stored and read back as
the engine stores them (layer tars, compact generated files). `sh(fs, script)` runs a script
with the image's environment through the simulated /bin/sh, as a Dockerfile's RUN would, with
every program this piece provides registered.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dockyard.engine.catalog import find
from dockyard.engine.container.rootfs import RootFS
from dockyard.engine.layer.tar import apply_tar, tree_tar
from dockyard.engine.layer.tree import Dir, walk
from dockyard.engine.userland import exec as userland_exec
from dockyard.engine.userland.process import BufferOutput, BytesInput, Process
from dockyard.engine.userland.programs.pkg import PROGRAMS

userland_exec.REGISTRY.update({k: v for k, v in PROGRAMS.items() if k not in userland_exec.REGISTRY})


def image_tree(reference: str) -> tuple[Dir, dict]:
    """The image's merged tree (built once per image) and its config."""
    repository, _, tag = reference.partition(":")
    return _image_tree(repository, tag or "latest")


@lru_cache(maxsize=None)
def _image_tree(repository: str, tag: str) -> tuple[Dir, dict]:
    image = find(repository, tag)
    assert image is not None, (repository, tag)
    tree = Dir()
    for layer, _ in image.layers():
        tree = apply_tar(tree, tree_tar(layer))
    return tree, image.config


def container(reference: str) -> RootFS:
    return RootFS(image_tree(reference)[0])


def environment(reference: str) -> dict[str, str]:
    config = image_tree(reference)[1]
    return dict(item.split("=", 1) for item in config.get("Env", []))


@dataclass
class Result:
    out: str
    err: str
    status: int


class Terminal(BufferOutput):
    def isatty(self) -> bool:
        return True


def sh(fs: RootFS, script: str, reference: str = "debian:latest", cwd: str = "/", uid: int = 0,
       stdin: bytes = b"", env: dict | None = None, tty: bool = False) -> Result:
    out, err = (Terminal(), Terminal()) if tty else (BufferOutput(), BufferOutput())
    proc = Process(fs, ["/bin/sh", "-c", script], env=dict(environment(reference), HOME="/root", **(env or {})),
                   cwd=cwd, uid=uid, gid=uid, stdout=out, stderr=err, stdin=BytesInput(stdin))
    status = userland_exec.execute(proc)
    return Result(out.getvalue().decode(), err.getvalue().decode(), status)


def tree_size(tree: Dir) -> int:
    """What Docker counts as a layer's size: the bytes of its non-directory entries."""
    return sum(node.size for _, node in walk(tree) if not node.is_dir())


def added_bytes(before: Dir, after: Dir) -> int:
    """The weight of what changed between two trees (a RUN step's layer)."""
    from dockyard.engine.layer.tree import ADDED, CHANGED, changes
    return sum(node.size for kind, _, node in changes(before, after)
               if kind in (ADDED, CHANGED) and node is not None and not node.is_dir())
