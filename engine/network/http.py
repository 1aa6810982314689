"""HTTP inside the engine: the servers that listen in containers, and requests that reach them.

No packet is ever sent. A server program in a container (nginx, httpd, `python -m http.server`, a
recognised Node or Flask app) *registers* a handler for its port in the daemon's `ServerRegistry`;
a request — from a published port on the host (`network/ports.py`) or from `wget`/`curl` in another
container — is answered by calling that handler in-process. Name resolution follows Docker's: a
container reaches itself as `localhost`, and other running containers by address on a network they
share, or by name on a user-defined network (the daemon's `resolve_name`).
"""
from __future__ import annotations

import errno
import ipaddress
import itertools
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Callable, NamedTuple
from urllib.parse import unquote, urlsplit

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "ip6-localhost", "ip6-loopback")
_client_ports = itertools.cycle(range(40000, 61000))  # what a client's connect() would be given


@dataclass
class Request:
    """One HTTP request as a server sees it."""

    method: str
    target: str  # as on the request line: /path?query
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    client: str = ""  # the peer address the server logs ($remote_addr)
    version: str = "HTTP/1.1"
    client_port: int = 0  # the peer's port, for servers that log it (busybox httpd -v)

    def header(self, name: str, default: str = "") -> str:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return default

    @property
    def path(self) -> str:
        """The decoded path, without the query string."""
        return unquote(urlsplit(self.target).path or "/")

    @property
    def query(self) -> str:
        return urlsplit(self.target).query

    @property
    def request_line(self) -> str:
        return f"{self.method} {self.target} {self.version}"


class Response(NamedTuple):
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    version: str = "HTTP/1.1"  # python's http.server answers HTTP/1.0, and the client sees it
    phrase: str = ""  # a reason phrase of the server's own (http.server: `404 File not found`)

    @property
    def status_line(self) -> str:
        return f"{self.version} {self.status} {self.phrase or reason(self.status)}"


Handler = Callable[[Request], Response]


def reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def http_date(timestamp: float) -> str:
    """RFC 7231 date, as every server puts in Date and Last-Modified (English names, whatever the locale)."""
    g = time.gmtime(timestamp)
    return f"{DAYS[g.tm_wday]}, {g.tm_mday:02d} {MONTHS[g.tm_mon - 1]} {g.tm_year} " \
           f"{g.tm_hour:02d}:{g.tm_min:02d}:{g.tm_sec:02d} GMT"


# ---------------------------------------------------------------- the registry
@dataclass(eq=False)
class Listening:
    """A bound port in a container: what answers there, and which program it is."""

    container_id: str
    port: int
    handler: Handler
    program: str = ""
    signals: object = None  # the server process's Signals, for `nginx -s reload` from an exec
    address: str = "0.0.0.0"  # what it bound: 127.0.0.1 is reachable only from inside its container

    def reachable(self, local: bool) -> bool:
        return local or not (self.address.startswith("127.") or self.address == "::1")


class ServerRegistry:
    """Which program listens on which port of which container. The daemon owns one.

    A server registers when it binds and unregisters when it exits; when a container stops, every
    socket of its processes closes with them (`clear`).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._bound: dict[tuple[str, int], Listening] = {}
        self._changed = threading.Condition(self._lock)

    def register(self, container_id: str, port: int, handler: Handler, program: str = "",
                 signals: object = None, address: str = "0.0.0.0") -> Listening:
        """Bind `port` in the container; OSError(EADDRINUSE) if a program there has it already."""
        with self._lock:
            if (container_id, port) in self._bound:
                raise OSError(errno.EADDRINUSE, "Address already in use")
            entry = Listening(container_id, port, handler, program, signals, address)
            self._bound[(container_id, port)] = entry
            self._changed.notify_all()
            return entry

    def unregister(self, entry: Listening) -> None:
        with self._lock:
            if self._bound.get((entry.container_id, entry.port)) is entry:
                del self._bound[(entry.container_id, entry.port)]

    def lookup(self, container_id: str, port: int, local: bool = False) -> Listening | None:
        """The server a connection to the port reaches; `local`: the connection comes from
        inside the container (over its loopback), so servers bound to 127.0.0.1 count."""
        with self._lock:
            entry = self._bound.get((container_id, port))
            return entry if entry is not None and entry.reachable(local) else None

    def wait_for(self, container_id: str, port: int, timeout: float) -> Listening | None:
        """The server on that port from outside the container, waiting a moment for one still starting."""
        with self._lock:
            self._changed.wait_for(lambda: (container_id, port) in self._bound, timeout)
            entry = self._bound.get((container_id, port))
            return entry if entry is not None and entry.reachable(False) else None

    def bound(self, container_id: str, port: int) -> Listening | None:
        """Whatever holds the port, reachable from outside or not (for the honest page)."""
        with self._lock:
            return self._bound.get((container_id, port))

    def listening(self, container_id: str) -> list[Listening]:
        with self._lock:
            return sorted((e for (cid, _), e in self._bound.items() if cid == container_id), key=lambda e: e.port)

    def clear(self, container_id: str) -> None:
        with self._lock:
            for key in [k for k in self._bound if k[0] == container_id]:
                del self._bound[key]


def registry_for(proc) -> ServerRegistry:
    """The daemon's registry; without a daemon (a unit test), one private to the container's host."""
    servers = getattr(proc.host.services, "servers", None)
    if servers is None:
        servers = proc.host.extra.setdefault("servers", ServerRegistry())
    return servers


# ---------------------------------------------------------------- reaching a server
class ConnectError(OSError):
    """A connection that cannot be made; `errno` says why, as the socket call would."""


class BadAddress(Exception):
    """The name does not resolve (busybox: `bad address 'x'`, curl: `Could not resolve host`)."""

    def __init__(self, host: str):
        super().__init__(host)
        self.host = host


@dataclass
class Peer:
    """Where a name leads from inside a container."""

    container_id: str | None  # None: an address no container has
    address: str  # the IP the client connects to
    client: str  # the client's own address as the server will see it
    is_gateway: bool = False  # the host's side of the bridge: reachable, but nothing of ours listens there


def resolve(proc, host: str) -> Peer:
    """Resolve `host` as the container's resolver would: /etc/hosts first, then Docker's DNS."""
    me = proc.host
    host = host.strip("[]")
    if host in LOOPBACK_NAMES or host.startswith("127."):
        address = host if _is_ip(host) else "127.0.0.1"
        return Peer(me.container_id, address, address)
    if me.ip and host in (me.hostname, me.ip):
        return Peer(me.container_id, me.ip, me.ip)
    network = _EngineNetwork(me)
    if _is_ip(host):
        address = host
    else:
        address = network.address_of(host)
        if address is None:
            raise BadAddress(host)
    return Peer(network.owner_of(address), address, network.own_address_towards(address) or me.ip,
                network.is_gateway(address))


def own_address(proc) -> str:
    """The container's address as its hostname resolves (/etc/hosts): its first network's, if any."""
    if proc.host.ip:
        return proc.host.ip
    network = _EngineNetwork(proc.host)
    return next((ep.get("IPAddress") for ep in network._endpoints(network.me).values() if ep.get("IPAddress")), "")


def reach(proc, peer: Peer, port: int) -> Listening:
    """The server that answers a connection to `peer`:`port`, or ConnectError (refused, no route)."""
    if peer.container_id is None:
        if peer.is_gateway:
            raise ConnectError(errno.ECONNREFUSED, "Connection refused")
        raise ConnectError(errno.EHOSTUNREACH, "No route to host")
    local = peer.address.startswith("127.") or peer.address == "::1"
    entry = registry_for(proc).lookup(peer.container_id, port, local)
    if entry is None:
        raise ConnectError(errno.ECONNREFUSED, "Connection refused")
    return entry


def send(entry: Listening, peer: Peer, request: Request) -> Response:
    """Deliver one request over a connection `reach` made, and return the server's response."""
    request.client = peer.client
    request.client_port = next_client_port()
    return entry.handler(request)


def next_client_port() -> int:
    return next(_client_ports)


class _EngineNetwork:
    """The daemon's view of the networks, as one container sees them.

    Uses the daemon's `get_container`, `resolve_name` and its containers' `network` records
    (`Endpoints`: network name -> {"IPAddress", "Gateway"}).
    """

    def __init__(self, host):
        self.services = host.services
        self.me = None
        if self.services is not None and host.container_id:
            try:
                self.me = self.services.get_container(host.container_id)
            except Exception:  # the container is being removed
                self.me = None

    def _endpoints(self, container) -> dict:
        return (container.network.get("Endpoints") or {}) if container is not None else {}

    def address_of(self, name: str) -> str | None:
        if self.me is None:
            return None
        return self.services.resolve_name(self.me, name)

    def owner_of(self, address: str) -> str | None:
        """The running container with `address` on a network this one shares with it."""
        mine = self._endpoints(self.me)
        if self.services is None:
            return None
        for other in list(self.services.containers.values()):
            if not other.state.running:
                continue
            for net, ep in self._endpoints(other).items():
                if net in mine and ep.get("IPAddress") == address:
                    return other.id
        return None

    def is_gateway(self, address: str) -> bool:
        return any(ep.get("Gateway") == address for ep in self._endpoints(self.me).values())

    def own_address_towards(self, address: str) -> str | None:
        """This container's address on the network that holds `address`."""
        for ep in self._endpoints(self.me).values():
            mine = ep.get("IPAddress")
            if mine and _is_ip(address) and ipaddress.ip_address(address) in ipaddress.ip_network(
                    f"{mine}/{ep.get('IPPrefixLen') or 16}", strict=False):
                return mine
        return None


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False
