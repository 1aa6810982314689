"""Volume verbs, and how a container's volumes and bind mounts are set up, mounted and released."""
from __future__ import annotations

import os
import stat as st

from ..container.rootfs import FileBackend, HostBackend, RootFS
from ..errors import InvalidParameter
from ..layer.tree import split


def parse_bind(spec: str) -> tuple[str, str, str]:
    """`src:dst[:mode]` as `-v` takes it: (source, destination, mode)."""
    parts = spec.split(":")
    if len(parts) == 1:
        return "", parts[0], ""
    if len(parts) == 2:
        return parts[0], parts[1], ""
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    raise InvalidParameter(f"invalid volume specification: '{spec}'")


_MODES = {"rw": "rw", "ro": "rw", "z": "label", "Z": "label", "nocopy": "copy", "private": "propagation",
          "rprivate": "propagation", "shared": "propagation", "rshared": "propagation", "slave": "propagation",
          "rslave": "propagation", "consistent": "consistency", "cached": "consistency", "delegated": "consistency"}


def _valid_mode(mode: str) -> bool:
    """ValidMountMode: known words, at most one of each kind (`ro,rw` is not a mode)."""
    if not mode:
        return True
    kinds = [_MODES.get(word) for word in mode.split(",")]
    return None not in kinds and len(kinds) == len(set(kinds))


def _mount_config_error(mount_type: str, why: str) -> str:
    return f'invalid mount config for type "{mount_type}": {why}'


def _check_target(mount_type: str, target: str) -> None:
    if not target:
        raise InvalidParameter(_mount_config_error(mount_type, "field Target must not be empty"))
    if target == "/":
        raise InvalidParameter(_mount_config_error(mount_type, "invalid specification: destination can't be '/'"))
    if not target.startswith("/"):
        raise InvalidParameter(_mount_config_error(
            mount_type, f"invalid mount path: '{target}' mount path must be absolute"))


def validate_mount(m: dict) -> None:
    """A HostConfig.Mounts entry as moby's validateMountConfig checks it at create."""
    kind = m.get("Type") or ""
    _check_target(kind, m.get("Target") or "")
    source = m.get("Source") or ""
    if kind == "bind":
        if not source:
            raise InvalidParameter(_mount_config_error(kind, "field Source must not be empty"))
        if not source.startswith("/"):
            raise InvalidParameter(_mount_config_error(
                kind, f"invalid mount path: '{source}' mount path must be absolute"))
        if not os.path.exists(source):
            raise InvalidParameter(_mount_config_error(kind, f"bind source path does not exist: {source}"))
    elif kind == "volume":
        if not source and m.get("ReadOnly"):
            raise InvalidParameter(_mount_config_error(
                kind, "must not set ReadOnly mode when using anonymous volumes"))
    elif kind == "tmpfs":
        if source:
            raise InvalidParameter(_mount_config_error(kind, "field Source must not be specified"))
    else:
        raise InvalidParameter(_mount_config_error(kind, "mount type unknown"))


def validate_bind(spec: str) -> None:
    """A `-v` spec as moby's ParseMountRaw checks it at create."""
    parts = spec.split(":")
    if len(parts) > 3 or (len(parts) == 2 and _valid_mode(parts[1])):
        raise InvalidParameter(f"invalid volume specification: '{spec}'")
    source, target, mode = parse_bind(spec)
    if not _valid_mode(mode):
        raise InvalidParameter(f"invalid mode: {mode}")
    kind = "bind" if source.startswith("/") else "volume"
    try:
        _check_target(kind, target)
        if kind == "volume" and not source and mode and "ro" in mode.split(","):
            raise InvalidParameter(_mount_config_error(
                kind, "must not set ReadOnly mode when using anonymous volumes"))
    except InvalidParameter as e:
        raise InvalidParameter(f"invalid volume specification: '{spec}': {e}") from None


class VolumeOps:
    """Mixed into Daemon. Needs: self.volumes (VolumeStore), self.containers, self.events."""

    def volume_users(self, name: str) -> list[str]:
        return [c.id for c in self.containers.values() if any(m.get("Name") == name for m in c.mounts)]

    def volume_create(self, name: str | None = None, labels: dict | None = None, driver_opts: dict | None = None,
                      driver: str = "local") -> dict:
        if driver not in ("", "local"):
            raise InvalidParameter(f"error looking up volume plugin {driver}: plugin \"{driver}\" not found")
        new = not name or name not in self.volumes.volumes
        v = self.volumes.create(name, labels, driver_opts)
        if new:
            self.events.emit("volume", "create", v.name, {"driver": "local"})
        return v.to_api()

    def volume_list(self, filters: dict | None = None) -> dict:
        filters = filters or {}
        out = []
        for v in self.volumes.volumes.values():
            if "name" in filters and not any(n in v.name for n in filters["name"]):
                continue
            if "dangling" in filters:
                want = filters["dangling"][0] in ("true", "1")
                if want == bool(self.volume_users(v.name)):
                    continue
            if "label" in filters and not _labels_match(v.labels, filters["label"]):
                continue
            out.append(v.to_api())
        return {"Volumes": out, "Warnings": None}

    def volume_inspect(self, name: str) -> dict:
        return self.volumes.get(name).to_api()

    def volume_remove(self, name: str, force: bool = False) -> None:
        self.volumes.remove(name, self.volume_users(name), force)
        self.events.emit("volume", "destroy", name, {"driver": "local"})

    def volume_prune(self, filters: dict | None = None) -> dict:
        """Every volume no container uses, named or anonymous (the 20.10 engine's rule: API 1.42
        later made named volumes need `all`)."""
        filters = filters or {}
        deleted, space = [], 0
        for v in list(self.volumes.volumes.values()):
            if self.volume_users(v.name):
                continue
            if "label" in filters and not _labels_match(v.labels, filters["label"]):
                continue
            if "label!" in filters and _labels_match(v.labels, filters["label!"]):
                continue
            space += self.volumes.size(v)
            self.volumes.remove(v.name, [])
            deleted.append(v.name)
        return {"VolumesDeleted": deleted or None, "SpaceReclaimed": space}

    # -- container mounts
    def setup_mounts(self, c) -> None:
        """Resolve -v, --mount and the image's VOLUMEs into the container's Mounts (creating volumes)."""
        mounts: list[dict] = []
        taken: set[str] = set()
        for spec in c.host_config.get("Binds") or []:
            src, dst, mode = parse_bind(spec)
            dst = "/" + "/".join(split(dst))
            rw = "ro" not in mode.split(",")
            if not src:
                mounts.append(self._volume_mount(None, dst, rw, mode))
            elif src.startswith("/"):
                mounts.append({"Type": "bind", "Source": src, "Destination": dst, "Mode": mode, "RW": rw,
                               "Propagation": "rprivate"})
            else:
                mounts.append(self._volume_mount(src, dst, rw, mode))
            taken.add(dst)
        for m in c.host_config.get("Mounts") or []:
            dst = "/" + "/".join(split(m.get("Target", "")))
            rw = not m.get("ReadOnly")
            if m.get("Type") == "bind":
                mounts.append({"Type": "bind", "Source": m.get("Source"), "Destination": dst, "Mode": "", "RW": rw,
                               "Propagation": "rprivate"})
            elif m.get("Type") in ("volume", None):
                mounts.append(self._volume_mount(m.get("Source") or None, dst, rw, ""))
            elif m.get("Type") == "tmpfs":
                mounts.append({"Type": "tmpfs", "Source": "", "Destination": dst, "Mode": "", "RW": rw,
                               "Propagation": ""})
            taken.add(dst)
        for src_id in c.host_config.get("VolumesFrom") or []:
            other_ref, _, mode = src_id.partition(":")
            other = self.get_container(other_ref)
            for m in other.mounts:
                if m["Destination"] not in taken:
                    mounts.append(dict(m, RW=m.get("RW", True) and mode != "ro"))
                    taken.add(m["Destination"])
        for dst in sorted(c.config.get("Volumes") or {}):
            dst = "/" + "/".join(split(dst))
            if dst not in taken:
                mounts.append(self._volume_mount(None, dst, True, ""))
        c.mounts = mounts

    def _volume_mount(self, name: str | None, dst: str, rw: bool, mode: str) -> dict:
        v = self.volumes.create(name)
        return {"Type": "volume", "Name": v.name, "Source": v.data, "Destination": dst, "Driver": "local",
                "Mode": mode, "RW": rw, "Propagation": ""}

    def mount_all(self, c, fs: RootFS) -> None:
        """Mount the container's volumes, binds and Docker's per-container /etc files into its RootFS."""
        if getattr(fs, "mounted", False):
            return
        hostname = c.config.get("Hostname", c.id[:12])
        ip = c.network.get("IPAddress") or ""
        hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
        hosts += "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n"
        if ip:
            hosts += f"{ip}\t{hostname}\n"
        fs.mount("/etc/hostname", FileBackend(hostname.encode() + b"\n"))
        fs.mount("/etc/hosts", FileBackend(hosts.encode()))
        fs.mount("/etc/resolv.conf", FileBackend(b"nameserver 127.0.0.11\noptions ndots:0\n"))
        # --tmpfs mounts are not among the container's Mounts (inspect does not list them)
        tmpfs = [m["Destination"] for m in c.mounts if m["Type"] == "tmpfs"]
        for dst in tmpfs + sorted(c.host_config.get("Tmpfs") or {}):
            tmp = os.path.join(c.dir, "tmpfs", dst.strip("/").replace("/", "_"))
            os.makedirs(tmp, exist_ok=True)
            self._ensure_mountpoint(fs, dst)
            fs.mount(dst, HostBackend(tmp))
        for m in c.mounts:
            if m["Type"] == "tmpfs":
                continue
            src = m["Source"]
            if m["Type"] == "bind" and not os.path.exists(src):
                os.makedirs(src, exist_ok=True)  # Docker creates a missing bind source directory
            if m["Type"] == "volume" and not os.listdir(src):
                self._copy_up(fs, m["Destination"], src)
            self._ensure_mountpoint(fs, m["Destination"])
            fs.mount(m["Destination"], HostBackend(src, readonly=not m.get("RW", True)))
        fs.tree_backend.readonly = bool(c.host_config.get("ReadonlyRootfs"))
        fs.mounted = True  # type: ignore[attr-defined]

    @staticmethod
    def clear_tmpfs(c) -> None:
        """A tmpfs lives in memory: what a run left there is gone when the container starts again."""
        import shutil
        root = os.path.join(c.dir, "tmpfs")
        for name in os.listdir(root) if os.path.isdir(root) else []:
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)
            os.makedirs(os.path.join(root, name))  # the mount stays; only what was in it goes

    @staticmethod
    def _ensure_mountpoint(fs: RootFS, dst: str) -> None:
        try:
            fs.mkdir(dst, parents=True)
        except OSError:
            pass

    @staticmethod
    def _copy_up(fs: RootFS, dst: str, host_dir: str) -> None:
        """A new empty volume mounted over image content starts as a copy of it (Docker's copy-up)."""
        if not fs.is_dir(dst):
            return

        def copy(cpath: str, hpath: str) -> None:
            for name in fs.listdir(cpath):
                cp, hp = f"{cpath.rstrip('/')}/{name}", os.path.join(hpath, name)
                s = fs.lstat(cp)
                if st.S_ISDIR(s.st_mode):
                    os.makedirs(hp, exist_ok=True)
                    copy(cp, hp)
                elif st.S_ISLNK(s.st_mode):
                    os.symlink(fs.readlink(cp), hp)
                elif st.S_ISREG(s.st_mode):
                    with open(hp, "wb") as f:
                        f.write(fs.read_bytes(cp))
                    os.chmod(hp, s.st_mode & 0o777)
        copy(dst, host_dir)

    def release_mounts(self, c, remove_volumes: bool) -> None:
        if not remove_volumes:
            return
        for m in c.mounts:
            if m["Type"] == "volume" and m.get("Name") in self.volumes.volumes:
                v = self.volumes.volumes[m["Name"]]
                if v.anonymous and not [u for u in self.volume_users(v.name) if u != c.id]:
                    self.volumes.remove(v.name, [])


def _labels_match(labels: dict, wanted: list[str]) -> bool:
    for w in wanted:
        k, eq, v = w.partition("=")
        if k not in labels or (eq and labels[k] != v):
            return False
    return True
