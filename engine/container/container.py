"""A container: its configuration, its state, its writable layer and its output.

Persisted as Docker does, one folder per container (`containers/<id>/`): `config.v2.json` (the
record, written atomically), `<id>-json.log` (its output) and `rw.tar` (its writable layer as a
layer tar, written whenever a process in it ends, so a restarted engine finds the files again).
"""
from __future__ import annotations

import json
import os
import threading
import time

from ..events import Broadcast
from ..layer.tar import apply_tar, diff_tar
from ..layer.tree import Dir
from .logs import LogWriter
from .rootfs import RootFS
from .state import State, rfc3339


class Container:
    def __init__(self, id: str, name: str, image_id: str, config: dict, host_config: dict, created: float | None = None,
                 path: str = "", args: list[str] | None = None, state: State | None = None, root: str = ""):
        self.id = id
        self.name = name  # without the leading "/"
        self.image_id = image_id
        self.layer_chain: str | None = None  # the image's top layer, which the container holds (its RW layer's parent)
        self.config = config  # the API's Config object (Image, Cmd, Entrypoint, Env, WorkingDir, ...)
        self.host_config = host_config
        self.created = created if created is not None else time.time()
        self.path = path
        self.args = args or []
        self.state = state or State()
        self.dir = os.path.join(root, id) if root else ""
        self.mounts: list[dict] = []
        self.network: dict = {}
        self.restart_count = 0
        self.manually_stopped = False  # docker stop/kill: `unless-stopped` stays down, restarts don't apply
        # runtime only
        self.rootfs: RootFS | None = None
        self.output = Broadcast()
        self.exited = threading.Event()
        self.removed = threading.Event()
        self.lock = threading.RLock()
        self.exit_count = 0  # exits since the engine loaded it: a wait for the next exit counts from its request
        self.exit_changed = threading.Condition(self.lock)
        self.signals = None
        self.stdin_writer = None
        self.stdin_pipe = None  # input written by an attached client before the process started
        self.log: LogWriter | None = None

    # -- files
    @property
    def log_path(self) -> str:
        return os.path.join(self.dir, f"{self.id}-json.log")

    @property
    def rw_path(self) -> str:
        return os.path.join(self.dir, "rw.tar")

    def load_rootfs(self, image_tree: Dir) -> RootFS:
        """The container's filesystem: its image's tree with its saved writable layer on top."""
        if self.rootfs is None:
            tree = image_tree
            if os.path.exists(self.rw_path):
                with open(self.rw_path, "rb") as f:
                    tree = apply_tar(image_tree, f)
            self.rootfs = RootFS(image_tree, tree)
        return self.rootfs

    def save_rootfs(self) -> None:
        """Persist the writable layer (after a process ends, a cp, an exec)."""
        if self.rootfs is None or not self.dir:
            return
        if self.rootfs.tree is self.rootfs.image_tree:
            if os.path.exists(self.rw_path):
                os.unlink(self.rw_path)
            return
        _atomic_write(self.rw_path, diff_tar(self.rootfs.image_tree, self.rootfs.tree))

    def to_record(self) -> dict:
        return {"ID": self.id, "Name": self.name, "Image": self.image_id, "Config": self.config,
                "HostConfig": self.host_config, "Created": self.created, "Path": self.path, "Args": self.args,
                "State": self.state.to_record(), "Mounts": self.mounts, "Network": self.network,
                "RestartCount": self.restart_count, "ManuallyStopped": self.manually_stopped,
                "LayerChain": self.layer_chain}

    @classmethod
    def from_record(cls, rec: dict, root: str) -> "Container":
        c = cls(rec["ID"], rec["Name"], rec["Image"], rec["Config"], rec["HostConfig"], rec["Created"], rec["Path"],
                rec["Args"], State.from_record(rec["State"]), root)
        c.mounts = rec.get("Mounts", [])
        c.network = rec.get("Network", {})
        c.restart_count = rec.get("RestartCount", 0)
        c.manually_stopped = rec.get("ManuallyStopped", False)
        c.layer_chain = rec.get("LayerChain")
        return c

    def save(self) -> None:
        if not self.dir:
            return
        os.makedirs(self.dir, exist_ok=True)
        _atomic_write(os.path.join(self.dir, "config.v2.json"), json.dumps(self.to_record()).encode())

    @property
    def created_iso(self) -> str:
        return rfc3339(self.created)

    @property
    def command_line(self) -> str:
        """The COMMAND column: path and args, args with spaces single-quoted (moby container/view.go)."""
        parts = [self.path] + [f"'{a}'" if " " in a else a for a in self.args]
        return " ".join(parts)


def _atomic_write(path: str, data: bytes) -> None:
    tmp = f"{path}.tmp{os.getpid()}.{threading.get_ident()}"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_all(root: str) -> list[Container]:
    out = []
    if not os.path.isdir(root):
        return out
    for cid in os.listdir(root):
        p = os.path.join(root, cid, "config.v2.json")
        try:
            with open(p, "rb") as f:
                out.append(Container.from_record(json.loads(f.read()), root))
        except (OSError, ValueError, KeyError):
            continue  # a container whose record never finished being written was never created
    return out
