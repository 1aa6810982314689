"""System verbs: /info facts, /system/df, container listing and inspection, archives (cp), diff, top, stats."""
from __future__ import annotations

import io
import os
import stat as st
import tarfile
import time

from ..container.rootfs import RootFS
from ..container.shapes import config_json, host_config_json
from ..container.state import rfc3339
from ..errors import Conflict, InvalidParameter, NotFound, System
from ..layer.tree import ADDED, CHANGED, DELETED, changes


class SystemOps:
    """Mixed into Daemon."""

    def system_info(self) -> dict:
        running = sum(1 for c in self.containers.values() if c.state.running and not c.state.paused)
        paused = sum(1 for c in self.containers.values() if c.state.paused)
        return {"ID": self._engine_id(), "Containers": len(self.containers), "ContainersRunning": running,
                "ContainersPaused": paused, "ContainersStopped": len(self.containers) - running - paused,
                "Images": len(self.images.list()), "Driver": "dockyard", "DriverStatus": [["Backing", "memory"]],
                "DockerRootDir": self.home}

    def _engine_id(self) -> str:
        path = os.path.join(self.home, "engine-id")
        try:
            with open(path) as f:
                return f.read().strip()
        except OSError:
            import uuid
            ident = str(uuid.uuid4()).upper()
            with open(path, "w") as f:
                f.write(ident)
            return ident

    # ------------------------------------------------------------------ containers: list and inspect
    def container_list(self, all_: bool = False, limit: int = -1, size: bool = False, filters=None) -> list[dict]:
        filters = filters or {}
        rows = sorted(self.containers.values(), key=lambda c: c.created, reverse=True)
        out = []
        resolved: dict[str, str] = {}  # one image lookup per reference, not per container
        for c in rows:
            if not all_ and limit <= 0 and not c.state.running and not _has(filters, "status") and not _has(
                    filters, "exited"):
                continue
            if not _container_matches(self, c, filters):
                continue
            out.append(self.container_summary(c, size, resolved))
            if 0 < limit <= len(out):
                break
        return out

    def _image_display(self, c, resolved: dict[str, str] | None = None) -> str:
        """Config.Image, unless it no longer names the container's image (then the image ID)."""
        ref = c.config.get("Image") or ""
        if not ref:
            return c.image_id
        resolved = {} if resolved is None else resolved
        if ref not in resolved:
            try:
                resolved[ref] = self.images.lookup(ref)
            except Exception:
                resolved[ref] = ""
        return ref if resolved[ref] == c.image_id else c.image_id

    def container_summary(self, c, size: bool = False, resolved: dict[str, str] | None = None) -> dict:
        ports = []
        for key in (c.config.get("ExposedPorts") or {}):
            port, _, proto = key.partition("/")
            mapped = (c.network.get("Ports") or {}).get(key) if c.state.running else None
            if mapped:
                for m in mapped:
                    ports.append({"IP": m.get("HostIp") or "0.0.0.0", "PrivatePort": int(port),
                                  "PublicPort": int(m.get("HostPort")), "Type": proto})
            else:
                ports.append({"PrivatePort": int(port), "Type": proto})
        row = {"Id": c.id, "Names": ["/" + c.name], "Image": self._image_display(c, resolved), "ImageID": c.image_id,
               "Command": c.command_line, "Created": int(c.created), "Ports": ports,
               "Labels": c.config.get("Labels") or {}, "State": c.state.status, "Status": c.state.describe(),
               "HostConfig": {"NetworkMode": c.host_config.get("NetworkMode") or "default"},
               "NetworkSettings": {"Networks": self._endpoints_api(c)},
               "Mounts": [self._mount_point(m) for m in c.mounts]}
        if size:
            row["SizeRw"] = self._size_rw(c)
            row["SizeRootFs"] = row["SizeRw"] + self.images.get(c.image_id).size
        return row

    def _endpoints_api(self, c) -> dict:
        out = {}
        for name in c.network.get("Networks", []):
            ep = (c.network.get("Endpoints") or {}).get(name, {})
            try:
                net_id = self.networks.get(name).id
            except NotFound:
                net_id = ""
            out[name] = {"IPAMConfig": None, "Links": None, "Aliases": ep.get("Aliases"), "NetworkID": net_id,
                         "EndpointID": (c.id[::-1] if ep else ""), "Gateway": ep.get("Gateway", ""),
                         "IPAddress": ep.get("IPAddress", ""), "IPPrefixLen": ep.get("IPPrefixLen", 0),
                         "IPv6Gateway": "", "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
                         "MacAddress": ep.get("MacAddress", ""), "DriverOpts": None}
        return out

    @staticmethod
    def _mount_point(m: dict) -> dict:
        out = {"Type": m["Type"]}
        if m.get("Name"):
            out["Name"] = m["Name"]
        out.update({"Source": m.get("Source", ""), "Destination": m["Destination"]})
        if m.get("Driver"):
            out["Driver"] = m["Driver"]
        out.update({"Mode": m.get("Mode", ""), "RW": m.get("RW", True), "Propagation": m.get("Propagation", "")})
        return out

    def _size_rw(self, c) -> int:
        fs = c.load_rootfs(self.container_base(c))
        return sum(node.size for kind, _, node in changes(fs.image_tree, fs.tree)
                   if kind != DELETED and node is not None and not node.is_dir())

    def container_inspect(self, ref: str, size: bool = False) -> dict:
        c = self.get_container(ref)
        hc = host_config_json(c.host_config)
        out = {
            "Id": c.id, "Created": rfc3339(c.created), "Path": c.path, "Args": c.args,
            "State": c.state.to_api(), "Image": c.image_id,
            "ResolvConfPath": os.path.join(c.dir, "resolv.conf"), "HostnamePath": os.path.join(c.dir, "hostname"),
            "HostsPath": os.path.join(c.dir, "hosts"), "LogPath": c.log_path, "Name": "/" + c.name,
            "RestartCount": c.restart_count, "Driver": "dockyard", "Platform": "linux", "MountLabel": "",
            "ProcessLabel": "", "AppArmorProfile": "", "ExecIDs": [e.id for e in self.execs.values()
                                                                   if e.container is c and e.running] or None,
            "HostConfig": hc, "GraphDriver": {"Data": None, "Name": "dockyard"},
            "Mounts": [self._mount_point(m) for m in c.mounts], "Config": config_json(c.config),
            "NetworkSettings": self._network_settings(c),
        }
        if size:
            out["SizeRw"] = self._size_rw(c)
            out["SizeRootFs"] = out["SizeRw"] + self.images.get(c.image_id).size
        return out

    def _network_settings(self, c) -> dict:
        endpoints = self._endpoints_api(c)
        bridge = endpoints.get("bridge", {})
        ports = {}
        for key in (c.config.get("ExposedPorts") or {}):
            ports[key] = (c.network.get("Ports") or {}).get(key) if c.state.running else None
        return {"Bridge": "", "SandboxID": c.id[::-1] if c.state.running else "", "HairpinMode": False,
                "LinkLocalIPv6Address": "", "LinkLocalIPv6PrefixLen": 0, "Ports": ports,
                "SandboxKey": f"/var/run/docker/netns/{c.id[:12]}" if c.state.running else "",
                "SecondaryIPAddresses": None, "SecondaryIPv6Addresses": None,
                "EndpointID": bridge.get("EndpointID", ""), "Gateway": bridge.get("Gateway", ""),
                "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0, "IPAddress": bridge.get("IPAddress", ""),
                "IPPrefixLen": bridge.get("IPPrefixLen", 0), "IPv6Gateway": "",
                "MacAddress": bridge.get("MacAddress", ""), "Networks": endpoints}

    def container_prune(self, filters=None) -> dict:
        deleted, space = [], 0
        for c in list(self.containers.values()):
            if c.state.running:
                continue
            if filters and "label" in filters and not all(
                    (kv.partition("=")[0] in (c.config.get("Labels") or {})) for kv in filters["label"]):
                continue
            space += self._size_rw(c)
            self._remove(c, remove_volumes=False)
            deleted.append(c.id)
        return {"ContainersDeleted": deleted or None, "SpaceReclaimed": space}

    # ------------------------------------------------------------------ diff, archive, top, stats
    def container_changes(self, ref: str) -> list[dict]:
        c = self.get_container(ref)
        fs = c.load_rootfs(self.container_base(c))
        kinds = {CHANGED: 0, ADDED: 1, DELETED: 2}
        return [{"Kind": kinds[kind], "Path": path} for kind, path, _ in changes(fs.image_tree, fs.tree)]

    def _container_fs(self, ref: str) -> tuple[object, RootFS]:
        c = self.get_container(ref)
        fs = c.load_rootfs(self.container_base(c))
        self.mount_all(c, fs)
        return c, fs

    def archive_stat(self, ref: str, path: str) -> dict:
        c, fs = self._container_fs(ref)
        try:
            s = fs.lstat(_abs(path, c))
        except OSError:
            raise NotFound(f"Could not find the file {path} in container {ref}") from None
        link = ""
        if st.S_ISLNK(s.st_mode):
            link = fs.readlink(_abs(path, c))
        return {"name": os.path.basename(path.rstrip("/")) or "/", "size": s.st_size,
                "mode": _go_mode(s.st_mode), "mtime": rfc3339(s.st_mtime), "linkTarget": link}

    def archive_get(self, ref: str, path: str) -> tuple[bytes, dict]:
        """GET /containers/{id}/archive: the path as a tar, named by its base name (docker cp from)."""
        c, fs = self._container_fs(ref)
        stat = self.archive_stat(ref, path)
        full = _abs(path, c)
        buf = io.BytesIO()
        base = stat["name"]
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
            self._add_to_tar(tf, fs, fs.realpath(full) if path.endswith("/.") else full, base)
        return buf.getvalue(), stat

    def _add_to_tar(self, tf, fs: RootFS, cpath: str, arcname: str) -> None:
        s = fs.lstat(cpath)
        ti = tarfile.TarInfo(arcname)
        ti.mode, ti.uid, ti.gid, ti.mtime = st.S_IMODE(s.st_mode), s.st_uid, s.st_gid, int(s.st_mtime)
        if st.S_ISDIR(s.st_mode):
            ti.type = tarfile.DIRTYPE
            tf.addfile(ti)
            for name in fs.listdir(cpath):
                self._add_to_tar(tf, fs, cpath.rstrip("/") + "/" + name, arcname + "/" + name)
        elif st.S_ISLNK(s.st_mode):
            ti.type, ti.linkname = tarfile.SYMTYPE, fs.readlink(cpath)
            tf.addfile(ti)
        elif st.S_ISREG(s.st_mode):
            data = fs.read_bytes(cpath)
            ti.size = len(data)
            tf.addfile(ti, io.BytesIO(data))

    def archive_put(self, ref: str, path: str, data: bytes, no_overwrite_dir_non_dir: bool = False,
                    copy_uid_gid: bool = False) -> None:
        """PUT /containers/{id}/archive: extract a tar into a directory of the container (docker cp to).

        Entries belong to the container's root unless `copy_uid_gid` (docker cp -a) keeps the tar's
        owners; with `no_overwrite_dir_non_dir` (what docker cp asks) a directory is never replaced by
        a file nor a file by a directory."""
        c, fs = self._container_fs(ref)
        dest = _abs(path, c)
        if not fs.is_dir(dest):
            if fs.exists(dest):
                raise InvalidParameter("extraction point is not a directory")
            raise NotFound(f"Could not find the file {path} in container {ref}")
        dest = fs.realpath(dest)
        if c.host_config.get("ReadonlyRootfs") and not any(
                dest == m["Destination"] or dest.startswith(m["Destination"].rstrip("/") + "/")
                for m in c.mounts if m.get("RW", True)):
            raise System("container rootfs is marked read-only")
        dirs = []
        try:
            with tarfile.open(fileobj=io.BytesIO(data)) as tf:
                for ti in tf:
                    parts = [p for p in ti.name.split("/") if p not in ("", ".")]
                    if ".." in parts:
                        continue  # an entry that climbs out of the destination is dropped
                    target = dest.rstrip("/") + "/" + "/".join(parts) if parts else dest
                    uid, gid = (ti.uid, ti.gid) if copy_uid_gid else (0, 0)
                    if fs.exists(target, follow=False):
                        is_dir = fs.is_dir(target) and not st.S_ISLNK(fs.lstat(target).st_mode)
                        if no_overwrite_dir_non_dir and is_dir and not ti.isdir():
                            raise System(f'cannot overwrite directory "{target}" with non-directory "{dest}"')
                        if no_overwrite_dir_non_dir and not is_dir and ti.isdir():
                            raise System(f'cannot overwrite non-directory "{target}" with directory "{dest}"')
                        if not (is_dir and ti.isdir()):
                            _remove_all(fs, target)
                    elif not fs.is_dir(target.rsplit("/", 1)[0] or "/"):
                        fs.mkdir(target.rsplit("/", 1)[0], 0o755, parents=True, exist_ok=True)
                    if ti.isdir():
                        if not fs.exists(target):
                            fs.mkdir(target, ti.mode & 0o7777, uid, gid)
                        dirs.append((target, ti, uid, gid))
                    elif ti.issym():
                        fs.symlink(ti.linkname, target, uid, gid)
                    elif ti.islnk():
                        source = dest.rstrip("/") + "/" + ti.linkname.strip("/")
                        fs.write_bytes(target, fs.read_bytes(source), mode=ti.mode & 0o7777, uid=uid, gid=gid)
                    elif ti.isfile():
                        f = tf.extractfile(ti)
                        fs.write_bytes(target, f.read() if f else b"", mode=ti.mode & 0o7777, uid=uid, gid=gid)
                        fs.chmod(target, ti.mode & 0o7777)
                        fs.chown(target, uid, gid)
                        fs.utime(target, float(ti.mtime))
        except tarfile.TarError as e:
            raise InvalidParameter(f"Error processing tar file({e})") from None
        for target, ti, uid, gid in reversed(dirs):  # last: what was written into them changed their times
            fs.chmod(target, ti.mode & 0o7777)
            fs.chown(target, uid, gid)
            fs.utime(target, float(ti.mtime))
        c.save_rootfs()

    def container_export(self, ref: str) -> bytes:
        from ..layer.tar import tree_tar
        c = self.get_container(ref)
        fs = c.load_rootfs(self.container_base(c))
        return tree_tar(fs.tree)

    def container_top(self, ref: str, ps_args: str = "") -> dict:
        c = self.get_container(ref)
        if not c.state.running:
            raise Conflict(f"Container {c.id} is not running")
        started = time.strftime("%H:%M", time.localtime(c.state.started_at))
        rows = [["root", str(c.state.pid), "1", "0", started, "?", "00:00:00", c.command_line]]
        for e in self.execs.values():
            if e.container is c and e.running:
                rows.append(["root", str(e.pid), str(c.state.pid), "0", started, "?", "00:00:00",
                             " ".join(e.config.get("Cmd") or [])])
        return {"Titles": ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"], "Processes": rows}

    def container_stats(self, ref: str) -> dict:
        c = self.get_container(ref)
        mem = 1 << 20 if c.state.running else 0
        now = rfc3339(time.time())
        return {"read": now, "preread": now, "id": c.id, "name": "/" + c.name,
                "pids_stats": {"current": 1 if c.state.running else 0},
                "memory_stats": {"usage": mem, "limit": 8 << 30, "stats": {}},
                "cpu_stats": {"cpu_usage": {"total_usage": 0}, "system_cpu_usage": 0, "online_cpus": os.cpu_count()},
                "precpu_stats": {"cpu_usage": {"total_usage": 0}, "system_cpu_usage": 0},
                "networks": {"eth0": {"rx_bytes": 0, "tx_bytes": 0}}, "blkio_stats": {}}

    # ------------------------------------------------------------------ disk usage
    def system_df(self) -> dict:
        images = self.image_list(all_=True, shared_size=True)
        layers_size = sum(layer.diff_size for layer in self.images.layers.all().values())
        containers = [self.container_summary(c, size=True) for c in self.containers.values()]
        volumes = []
        for v in self.volumes.volumes.values():
            d = v.to_api()
            d["UsageData"] = {"Size": self.volumes.size(v), "RefCount": len(self.volume_users(v.name))}
            volumes.append(d)
        return {"LayersSize": layers_size, "Images": images, "Containers": containers, "Volumes": volumes,
                "BuildCache": []}


def _remove_all(fs: RootFS, path: str) -> None:
    """os.RemoveAll inside the container's filesystem."""
    if fs.is_dir(path) and not st.S_ISLNK(fs.lstat(path).st_mode):
        for name in fs.listdir(path):
            _remove_all(fs, path.rstrip("/") + "/" + name)
        fs.rmdir(path)
    else:
        fs.unlink(path)


def _abs(path: str, c) -> str:
    if path.startswith("/"):
        return path
    return (c.config.get("WorkingDir") or "/").rstrip("/") + "/" + path


def _go_mode(mode: int) -> int:
    """os.FileMode bits as Go encodes them in the X-Docker-Container-Path-Stat header."""
    out = st.S_IMODE(mode) & 0o777
    if st.S_ISDIR(mode):
        out |= 1 << 31
    if st.S_ISLNK(mode):
        out |= 1 << 27
    return out


def _has(filters, key: str) -> bool:
    return bool(filters) and key in filters


def _container_matches(daemon, c, filters) -> bool:
    if not filters:
        return True
    for key, values in filters.items():
        if key == "name" and not any(_re_search(v, c.name) for v in values):
            return False
        if key == "id" and not any(c.id.startswith(v) for v in values):
            return False
        if key == "status" and c.state.status not in values:
            return False
        if key == "exited" and (c.state.status != "exited" or str(c.state.exit_code) not in values):
            return False
        if key == "label":
            labels = c.config.get("Labels") or {}
            for v in values:
                k, eq, val = v.partition("=")
                if k not in labels or (eq and labels[k] != val):
                    return False
        if key == "ancestor" and not any(_is_ancestor(daemon, c, v) for v in values):
            return False
        if key == "volume" and not any(any(m.get("Name") == v or m["Destination"] == v for m in c.mounts)
                                       for v in values):
            return False
        if key == "network" and not any(v in c.network.get("Networks", []) for v in values):
            return False
    return True


def _re_search(pattern: str, text: str) -> bool:
    import re
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return pattern in text


def _is_ancestor(daemon, c, ref: str) -> bool:
    try:
        image_id = daemon.images.lookup(ref)
    except Exception:
        return False
    cur = c.image_id
    while cur:
        if cur == image_id:
            return True
        cur = daemon.images.parent(cur)
    return False

