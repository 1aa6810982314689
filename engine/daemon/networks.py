"""Network verbs, and a container's place on its networks (simulated addresses, name resolution)."""
from __future__ import annotations

from ..errors import Forbidden, InvalidParameter


class NetworkOps:
    """Mixed into Daemon. Needs: self.networks (NetworkStore), self.containers, self.events."""

    def _network_names(self, c) -> list[str]:
        mode = c.host_config.get("NetworkMode") or "default"
        names = ["bridge" if mode == "default" else mode]
        names += [n for n in (c.network.get("Extra") or []) if n not in names]
        return names

    def setup_network(self, c) -> None:
        """Record the container's endpoints; addresses are given while it runs, as Docker does."""
        mode = c.host_config.get("NetworkMode") or "default"
        if mode.startswith("container:"):
            return
        name = "bridge" if mode == "default" else mode
        self.networks.get(name)  # an unknown network is an error of create
        c.network = {"Networks": [name]}

    def connect_endpoints(self, c) -> None:
        """Give the container an address on each of its networks (on start)."""
        endpoints = {}
        for name in c.network.get("Networks", []):
            n = self.networks.get(name)
            ip = n.endpoints.get(c.id) or n.allocate()
            if n.subnet:
                n.endpoints[c.id] = ip
            endpoints[n.name] = {"NetworkID": n.id, "IPAddress": ip, "Gateway": n.gateway,
                                 "IPPrefixLen": 16 if n.subnet else 0, "MacAddress": _mac(ip) if ip else "",
                                 "Aliases": [c.name, c.id[:12]] if n.name not in ("bridge", "host", "none") else None}
        c.network["Endpoints"] = endpoints
        first = next(iter(endpoints.values()), {})
        c.network["IPAddress"] = first.get("IPAddress", "") if "bridge" in endpoints else ""

    def disconnect_endpoints(self, c) -> None:
        for name in c.network.get("Networks", []):
            try:
                self.networks.get(name).endpoints.pop(c.id, None)
            except Exception:
                pass
        c.network["Endpoints"] = {}
        c.network["IPAddress"] = ""

    def release_network(self, c) -> None:
        self.disconnect_endpoints(c)

    def resolve_name(self, c, host: str) -> str | None:
        """The address of container `host` as seen from `c`: by name or alias on a shared user network."""
        mine = set(c.network.get("Networks", []))
        for other in self.containers.values():
            if not other.state.running:
                continue
            for name, ep in (other.network.get("Endpoints") or {}).items():
                if name in mine and name not in ("bridge", "host", "none") and host in (other.name, other.id[:12]):
                    return ep.get("IPAddress")
        return None

    # -- verbs
    def network_create(self, name: str, driver: str = "bridge", labels: dict | None = None, internal: bool = False,
                       subnet: str | None = None) -> dict:
        if not name:
            raise InvalidParameter("network name cannot be empty")
        n = self.networks.create(name, driver or "bridge", labels, internal, subnet)
        self.events.emit("network", "create", n.id, {"name": n.name, "type": n.driver})
        return {"Id": n.id, "Warning": ""}

    def network_list(self, filters: dict | None = None) -> list[dict]:
        filters = filters or {}
        out = []
        for n in self.networks.networks.values():
            if "name" in filters and not any(f in n.name for f in filters["name"]):
                continue
            if "driver" in filters and n.driver not in filters["driver"]:
                continue
            if "id" in filters and not any(n.id.startswith(f) for f in filters["id"]):
                continue
            out.append(n.to_api())
        return out

    def network_inspect(self, ref: str) -> dict:
        n = self.networks.get(ref)
        members = {}
        for cid, ip in n.endpoints.items():
            c = self.containers.get(cid)
            if c is not None:
                members[cid] = {"Name": c.name, "EndpointID": cid[::-1], "MacAddress": _mac(ip),
                                "IPv4Address": f"{ip}/16" if ip else "", "IPv6Address": ""}
        return n.to_api(members)

    def network_remove(self, ref: str) -> None:
        n = self.networks.get(ref)
        users = [c for c in self.containers.values() if n.name in c.network.get("Networks", [])]
        if users and n.name not in ("bridge", "host", "none"):
            raise Forbidden(f"error while removing network: network {n.name} id {n.id} has active endpoints")
        self.networks.remove(n)
        self.events.emit("network", "destroy", n.id, {"name": n.name, "type": n.driver})

    def network_connect(self, ref: str, container: str) -> None:
        n = self.networks.get(ref)
        c = self.get_container(container)
        nets = c.network.setdefault("Networks", [])
        if n.name in nets:
            raise Forbidden(f"endpoint with name {c.name} already exists in network {n.name}")
        nets.append(n.name)
        if c.state.running:
            self.connect_endpoints(c)
        c.save()
        self.events.emit("network", "connect", n.id, {"name": n.name, "container": c.id})

    def network_disconnect(self, ref: str, container: str, force: bool = False) -> None:
        n = self.networks.get(ref)
        c = self.get_container(container)
        nets = c.network.get("Networks", [])
        if n.name not in nets:
            raise Forbidden(f"container {c.id} is not connected to network {n.name}")
        nets.remove(n.name)
        n.endpoints.pop(c.id, None)
        (c.network.get("Endpoints") or {}).pop(n.name, None)
        c.save()
        self.events.emit("network", "disconnect", n.id, {"name": n.name, "container": c.id})

    def network_prune(self, filters: dict | None = None) -> dict:
        deleted = []
        for n in list(self.networks.networks.values()):
            if n.name in ("bridge", "host", "none"):
                continue
            if any(n.name in c.network.get("Networks", []) for c in self.containers.values()):
                continue
            self.networks.remove(n)
            deleted.append(n.name)
        return {"NetworksDeleted": deleted or None}


def _mac(ip: str) -> str:
    """Docker derives a container's MAC from its IPv4 address: 02:42 + the four octets."""
    try:
        return "02:42:" + ":".join(f"{int(o):02x}" for o in ip.split("."))
    except ValueError:
        return ""
