"""The fields `--format` templates see for each listed object, computed as docker/cli's formatter contexts do.

A view wraps one Engine API JSON object and exposes docker's field names (`.ID`, `.Names`,
`.Status`, `.Size`, ...) as properties, so `docker ps --format '{{.Names}}'` and the default tables
read the same values. Each view class carries the header names of its table.
"""
from __future__ import annotations

import time

from .formatter.table import SubContext
from .formatter.units import ellipsis, go_quote, human_duration, human_size_precision


def _since(ts: float, now: float | None = None) -> str:
    return human_duration((now or time.time()) - ts) + " ago"


def _iso_to_epoch(s: str) -> float:
    import calendar
    if not s or s.startswith("0001-"):
        return 0.0
    base, _, frac = s.rstrip("Z").partition(".")
    frac = frac.split("+")[0].split("-")[0]
    return calendar.timegm(time.strptime(base[:19], "%Y-%m-%dT%H:%M:%S")) + float("0." + (frac or "0"))


def _local_time(ts: float) -> str:
    """Go's `time.Unix(ts).String()` in the local zone: `2026-11-22 05:34:40 +0000 UTC`."""
    t = time.localtime(ts)
    return time.strftime("%Y-%m-%d %H:%M:%S %z ", t) + (time.strftime("%Z", t) or "UTC")


def familiar_image(image: str) -> str:
    """`docker.io/library/nginx:latest` → `nginx:latest`; digests dropped, tags kept (ps's IMAGE column)."""
    if image.startswith("sha256:"):
        return image[7:19]
    name = image.split("@", 1)[0]
    if name.startswith("docker.io/"):
        name = name[len("docker.io/"):]
        if name.startswith("library/") and "/" not in name[len("library/"):]:
            name = name[len("library/"):]
    return name


def _field(key: str) -> property:
    """A template field that is the API object's own value (`.Name`, `.Driver`, `.Scope`)."""
    return property(lambda self: self._o.get(key, ""))


class View(SubContext):
    HEADERS: dict[str, str] = {}

    @property
    def Labels(self):
        """All labels as `k=v,k=v`, the way docker's contexts print them."""
        labels = self._o.get("Labels") or {}
        return ",".join(f"{k}={v}" for k, v in labels.items())

    def Label(self, name):
        return (self._o.get("Labels") or {}).get(name, "")

    def __init__(self, obj: dict, trunc: bool = True, now: float | None = None):
        self._o = obj
        self._trunc = trunc
        self._now = now or time.time()


class ContainerView(View):
    go_type = "*formatter.ContainerContext"
    HEADERS = {"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "CreatedAt": "CREATED AT",
               "RunningFor": "CREATED", "Ports": "PORTS", "State": "STATE", "Status": "STATUS", "Size": "SIZE",
               "Names": "NAMES", "Labels": "LABELS", "Label": "LABEL", "Mounts": "MOUNTS",
               "Networks": "NETWORKS", "LocalVolumes": "LOCAL VOLUMES", "Platform": "PLATFORM"}

    @property
    def ID(self):
        return self._o["Id"][:12] if self._trunc else self._o["Id"]

    @property
    def Names(self):
        names = [n.lstrip("/") for n in self._o.get("Names") or []]
        if self._trunc:
            for n in names:
                if "/" not in n:
                    return n
            return names[0] if names else ""
        return ",".join(names)

    @property
    def Image(self):
        img = self._o.get("Image") or ""
        if not img:
            return "<no image>"
        if self._trunc and img.startswith("sha256:"):
            return img[7:19]
        return familiar_image(img) if self._trunc else img

    @property
    def Command(self):
        cmd = self._o.get("Command") or ""
        return go_quote(ellipsis(cmd, 20) if self._trunc else cmd)

    @property
    def CreatedAt(self):
        return _local_time(self._o.get("Created", 0))

    @property
    def RunningFor(self):
        return _since(self._o.get("Created", 0), self._now)

    @property
    def Ports(self):
        return displayable_ports(self._o.get("Ports") or [])

    @property
    def State(self):
        return self._o.get("State", "")

    @property
    def Status(self):
        return self._o.get("Status", "")

    @property
    def Size(self):
        srw, sroot = self._o.get("SizeRw") or 0, self._o.get("SizeRootFs") or 0
        out = human_size_precision(srw, 3)
        if sroot > 0:
            out += f" (virtual {human_size_precision(sroot, 3)})"
        return out

    @property
    def Mounts(self):
        out = []
        for m in self._o.get("Mounts") or []:
            name = m.get("Name") or m.get("Source", "")
            if self._trunc:
                name = ellipsis(name, 15)
            out.append(name)
        return ",".join(out)

    @property
    def Networks(self):
        nets = (self._o.get("NetworkSettings") or {}).get("Networks") or {}
        return ",".join(sorted(nets))

    @property
    def LocalVolumes(self):
        return str(sum(1 for m in self._o.get("Mounts") or [] if m.get("Driver") == "local"))


def displayable_ports(ports: list[dict]) -> str:
    """docker/cli DisplayablePorts: ranges merged, host mappings listed after the exposed-only groups."""
    def key(p):
        ip = p.get("IP") or ""
        return (p.get("PrivatePort", 0), ":" in ip, ip, p.get("PublicPort", 0), p.get("Type", ""))
    groups: dict[str, list[int]] = {}
    order: list[str] = []
    mappings: list[str] = []
    for p in sorted(ports, key=key):
        current = p.get("PrivatePort", 0)
        port_key = p.get("Type", "tcp")
        ip = p.get("IP") or ""
        if ip:
            if p.get("PublicPort") != current:
                host = f"[{ip}]" if ":" in ip else ip
                mappings.append(f"{host}:{p.get('PublicPort')}->{current}/{p.get('Type', 'tcp')}")
                continue
            port_key = f"{ip}/{p.get('Type', 'tcp')}"
        if port_key not in groups:
            groups[port_key] = []
            order.append(port_key)
        groups[port_key].append(current)
    out = []
    for k in order:
        nums = groups[k]
        start = last = nums[0]
        for n in nums[1:] + [None]:  # type: ignore[list-item]
            if n is not None and n == last + 1:
                last = n
                continue
            out.append(_form_group(k, start, last))
            if n is not None:
                start = last = n
    return ", ".join(out + mappings)


def _form_group(key: str, start: int, last: int) -> str:
    parts = key.split("/")
    proto = parts[-1]
    ip = "/".join(parts[:-1]) if len(parts) > 1 else ""
    group = str(start) if start == last else f"{start}-{last}"
    if ip:
        host = f"[{ip}]" if ":" in ip else ip
        group = f"{host}:{group}->{group}"
    return f"{group}/{proto}"


class ImageView(View):
    go_type = "*formatter.ImageContext"
    HEADERS = {"ID": "IMAGE ID", "Repository": "REPOSITORY", "Tag": "TAG", "Digest": "DIGEST",
               "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "Size": "SIZE", "Containers": "CONTAINERS",
               "VirtualSize": "VIRTUAL SIZE", "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE"}

    def __init__(self, obj: dict, repo: str = "<none>", tag: str = "<none>", digest: str = "<none>",
                 trunc: bool = True, now: float | None = None):
        super().__init__(obj, trunc, now)
        self.Repository, self.Tag, self.Digest = repo, tag, digest

    @property
    def ID(self):
        i = self._o["Id"]
        return i[7:19] if self._trunc else i

    @property
    def CreatedSince(self):
        return _since(self._o.get("Created", 0), self._now)

    @property
    def CreatedAt(self):
        return _local_time(self._o.get("Created", 0))

    @property
    def Size(self):
        return human_size_precision(self._o.get("Size", 0), 3)

    VirtualSize = Size

    @property
    def Containers(self):
        n = self._o.get("Containers", -1)
        return "N/A" if n == -1 else str(n)

    @property
    def SharedSize(self):
        n = self._o.get("SharedSize", -1)
        return "N/A" if n == -1 else human_size_precision(n, 3)

    @property
    def UniqueSize(self):
        shared = self._o.get("SharedSize", -1)
        return "N/A" if shared == -1 else human_size_precision(self._o.get("Size", 0) - shared, 3)


class HistoryView(View):
    go_type = "*image.historyContext"
    HEADERS = {"ID": "IMAGE", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "CreatedBy": "CREATED BY",
               "Size": "SIZE", "Comment": "COMMENT"}

    def __init__(self, obj: dict, trunc: bool = True, human: bool = True, now: float | None = None):
        super().__init__(obj, trunc, now)
        self._human = human

    @property
    def ID(self):
        i = self._o.get("Id", "")
        if i == "<missing>" or not self._trunc:
            return i
        return i[7:19] if i.startswith("sha256:") else i[:12]

    @property
    def CreatedAt(self):
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self._o.get("Created", 0))) \
            if time.localtime().tm_gmtoff == 0 else time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(
                self._o.get("Created", 0))) + _offset()

    @property
    def CreatedSince(self):
        if not self._human:
            return self.CreatedAt
        created = self._o.get("Created", 0)
        if created <= 946684800:  # 2000-01-01: docker shows N/A for images without a date
            return "N/A"
        return _since(created, self._now)

    @property
    def CreatedBy(self):
        cb = (self._o.get("CreatedBy") or "").replace("\t", " ")
        return ellipsis(cb, 45) if self._trunc else cb

    @property
    def Size(self):
        n = self._o.get("Size", 0)
        return human_size_precision(n, 3) if self._human else str(n)

    @property
    def Comment(self):
        return self._o.get("Comment", "")


def _offset() -> str:
    off = time.localtime().tm_gmtoff
    sign = "+" if off >= 0 else "-"
    off = abs(off)
    return f"{sign}{off // 3600:02d}:{off % 3600 // 60:02d}"


class VolumeView(View):
    go_type = "*formatter.volumeContext"
    HEADERS = {"Name": "VOLUME NAME", "Driver": "DRIVER", "Scope": "SCOPE", "Mountpoint": "MOUNTPOINT",
               "Labels": "LABELS", "Links": "LINKS", "Size": "SIZE"}
    Name, Driver, Scope, Mountpoint = _field("Name"), _field("Driver"), _field("Scope"), _field("Mountpoint")


class NetworkView(View):
    go_type = "*formatter.networkContext"
    HEADERS = {"ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE", "IPv6": "IPV6",
               "Internal": "INTERNAL", "Labels": "LABELS", "CreatedAt": "CREATED AT"}
    Name, Driver, Scope = _field("Name"), _field("Driver"), _field("Scope")

    @property
    def ID(self):
        return self._o["Id"][:12] if self._trunc else self._o["Id"]

    @property
    def IPv6(self):
        return str(bool(self._o.get("EnableIPv6"))).lower()

    @property
    def Internal(self):
        return str(bool(self._o.get("Internal"))).lower()

    @property
    def CreatedAt(self):
        return _local_time(_iso_to_epoch(self._o.get("Created", "")))
