"""Networks as the engine shows them: `bridge`, `host`, `none` and user-defined bridges.

Addresses are simulated only — they are displayed and resolved between containers inside the
engine, and no packet is ever sent to them. Each bridge network gets a /16 from 172.17.0.0 up, as
Docker's default address pools do, and hands out addresses from .2.
"""
from __future__ import annotations

import ipaddress
import json
import os
import secrets
import time

from ..container.state import rfc3339
from ..errors import Conflict, Forbidden, InvalidParameter, NotFound

PREDEFINED = ("bridge", "host", "none")


class NetworkNotFound(NotFound):
    def __init__(self, ref: str):
        super().__init__(f"network {ref} not found")


class Network:
    def __init__(self, id: str, name: str, driver: str, subnet: str | None, created: float, labels: dict | None = None,
                 internal: bool = False):
        self.id = id
        self.name = name
        self.driver = driver
        self.subnet = subnet
        self.created = created
        self.labels = labels or {}
        self.internal = internal
        self.endpoints: dict[str, str] = {}  # container id -> IPv4 address

    @property
    def gateway(self) -> str:
        return str(ipaddress.ip_network(self.subnet)[1]) if self.subnet else ""

    def allocate(self) -> str:
        if not self.subnet:
            return ""
        used = set(self.endpoints.values())
        net = ipaddress.ip_network(self.subnet)
        # the gateway is .1; addresses are handed out from .2 upwards, the lowest free one first
        for offset in range(2, net.num_addresses - 1):
            host = str(net.network_address + offset)
            if host not in used:
                return host
        raise Conflict(f"no available IPv4 addresses on this network's address pools: {self.name} ({self.id})")

    def to_record(self) -> dict:
        return {"Id": self.id, "Name": self.name, "Driver": self.driver, "Subnet": self.subnet,
                "Created": self.created, "Labels": self.labels, "Internal": self.internal}

    def to_api(self, containers: dict | None = None) -> dict:
        ipam = [{"Subnet": self.subnet, "Gateway": self.gateway}] if self.subnet else []
        return {"Name": self.name, "Id": self.id, "Created": rfc3339(self.created), "Scope": "local",
                "Driver": self.driver, "EnableIPv6": False,
                "IPAM": {"Driver": "default", "Options": None, "Config": ipam}, "Internal": self.internal,
                "Attachable": False, "Ingress": False, "ConfigFrom": {"Network": ""}, "ConfigOnly": False,
                "Containers": containers or {}, "Options": {}, "Labels": self.labels}


class NetworkStore:
    def __init__(self, path: str):
        self.path = path
        self.networks: dict[str, Network] = {}
        if os.path.exists(path):
            with open(path) as f:
                for rec in json.load(f):
                    n = Network(rec["Id"], rec["Name"], rec["Driver"], rec["Subnet"], rec["Created"],
                                rec.get("Labels"), rec.get("Internal", False))
                    self.networks[n.id] = n
        for name, driver, subnet in (("bridge", "bridge", "172.17.0.0/16"), ("host", "host", None),
                                     ("none", "null", None)):
            if not any(n.name == name for n in self.networks.values()):
                n = Network(secrets.token_hex(32), name, driver, subnet, time.time())
                self.networks[n.id] = n
        self.save()

    def save(self) -> None:
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            json.dump([n.to_record() for n in self.networks.values()], f)
        os.replace(tmp, self.path)

    def get(self, ref: str) -> Network:
        if ref in self.networks:
            return self.networks[ref]
        for n in self.networks.values():
            if n.name == ref:
                return n
        matches = [n for n in self.networks.values() if n.id.startswith(ref)] if ref else []
        if len(matches) == 1:
            return matches[0]
        raise NetworkNotFound(ref)

    def create(self, name: str, driver: str = "bridge", labels: dict | None = None, internal: bool = False,
               subnet: str | None = None) -> Network:
        if any(n.name == name for n in self.networks.values()):
            raise Conflict(f"network with name {name} already exists")
        if driver not in ("bridge", ""):
            raise InvalidParameter(f'plugin "{driver}" not found') if driver not in ("overlay", "macvlan", "ipvlan") \
                else Forbidden(f"{driver} networks are not available in the bundled engine")
        if subnet is None:
            used = {n.subnet for n in self.networks.values()}
            for i in range(18, 32):
                cand = f"172.{i}.0.0/16"
                if cand not in used:
                    subnet = cand
                    break
            else:
                for i in range(0, 256):
                    cand = f"192.168.{i}.0/20"
                    if cand not in used:
                        subnet = cand
                        break
        n = Network(secrets.token_hex(32), name, "bridge", subnet, time.time(), labels, internal)
        self.networks[n.id] = n
        self.save()
        return n

    def remove(self, n: Network) -> None:
        if n.name in PREDEFINED:
            raise Forbidden(f"{n.name} is a pre-defined network and cannot be removed")
        if n.endpoints:
            raise Forbidden(f"error while removing network: network {n.name} id {n.id} has active endpoints")
        del self.networks[n.id]
        self.save()
