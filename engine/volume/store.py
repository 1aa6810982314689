"""Named and anonymous volumes: real directories under `$DOCKYARD_HOME/volumes/<name>/_data`.

A volume's data are ordinary files, so they outlive every container that used them and can be
looked at from the host; its metadata (`meta.json`) is written atomically beside them.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import time

from ..container.state import rfc3339
from ..errors import Conflict, InvalidParameter, NotFound

VALID_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")


class VolumeNotFound(NotFound):
    def __init__(self, name: str):
        super().__init__(f"get {name}: no such volume")


class VolumeInUse(Conflict):
    def __init__(self, name: str, users: list[str]):
        super().__init__(f"remove {name}: volume is in use - [{', '.join(users)}]")


class Volume:
    def __init__(self, name: str, root: str, labels: dict | None = None, options: dict | None = None,
                 created: float | None = None, anonymous: bool = False):
        self.name = name
        self.dir = os.path.join(root, name)
        self.labels = labels or {}
        self.options = options or {}
        self.created = created or time.time()
        self.anonymous = anonymous

    @property
    def data(self) -> str:
        return os.path.join(self.dir, "_data")

    def to_api(self) -> dict:
        return {"CreatedAt": rfc3339(int(self.created)).replace("Z", "Z"), "Driver": "local",
                "Labels": self.labels or None, "Mountpoint": self.data, "Name": self.name,
                "Options": self.options or None, "Scope": "local"}

    def save(self) -> None:
        os.makedirs(self.data, exist_ok=True)
        tmp = os.path.join(self.dir, "meta.json.tmp")
        with open(tmp, "w") as f:
            json.dump({"labels": self.labels, "options": self.options, "created": self.created,
                       "anonymous": self.anonymous}, f)
        os.replace(tmp, os.path.join(self.dir, "meta.json"))


class VolumeStore:
    def __init__(self, root: str):
        self.root = root
        os.makedirs(root, exist_ok=True)
        self.volumes: dict[str, Volume] = {}
        for name in os.listdir(root):
            try:
                with open(os.path.join(root, name, "meta.json")) as f:
                    m = json.load(f)
            except (OSError, ValueError):
                continue
            self.volumes[name] = Volume(name, root, m.get("labels"), m.get("options"), m.get("created"),
                                        m.get("anonymous", False))

    def create(self, name: str | None = None, labels: dict | None = None, options: dict | None = None,
               anonymous: bool = False) -> Volume:
        if not name:
            name = os.urandom(32).hex()
            anonymous = True
        elif not VALID_NAME.match(name):
            raise InvalidParameter(f'create {name}: "{name}" includes invalid characters for a local volume name, '
                                   f"only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host "
                                   f"directory, use absolute path")
        v = self.volumes.get(name)
        if v is not None:
            return v
        v = Volume(name, self.root, labels, options, anonymous=anonymous)
        v.save()
        self.volumes[name] = v
        return v

    def get(self, name: str) -> Volume:
        v = self.volumes.get(name)
        if v is None:
            raise VolumeNotFound(name)
        return v

    def remove(self, name: str, users: list[str], force: bool = False) -> None:
        v = self.get(name)
        if users:
            raise VolumeInUse(name, users)
        del self.volumes[name]
        shutil.rmtree(v.dir, ignore_errors=True)

    def size(self, v: Volume) -> int:
        total = 0
        for dirpath, _dirs, files in os.walk(v.data):
            for f in files:
                try:
                    total += os.lstat(os.path.join(dirpath, f)).st_size
                except OSError:
                    pass
        return total
