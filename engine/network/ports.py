"""Published ports: real listeners on the host that lead into a container's simulated servers.

`docker run -p 3000:80` makes dockerd allocate host port 3000 and start a proxy listening on it.
`PortPublisher` does the same: it keeps Docker's port allocator rules (a host port belongs to one
binding; `-P` and an empty HostPort take the next free port from the ephemeral range 32768-60999;
conflicts are `Bind for 0.0.0.0:3000 failed: port is already allocated`) and opens a real TCP
listener where Docker would. Each listener speaks HTTP/1.1 and hands every request to the server
registered for (container, container port) in the `ServerRegistry`; when nothing listens there it
answers an honest page saying so. Listeners only ever listen: nothing here connects anywhere.
"""
from __future__ import annotations

import functools
import html
import os
import socket
import threading
import time
from dataclasses import dataclass, field

from ..errors import Conflict, System
from .http import Request, Response, ServerRegistry, http_date, next_client_port

EPHEMERAL = (32768, 60999)  # Linux's default ip_local_port_range, which dockerd reads
DYNAMIC_ATTEMPTS = 10  # dockerd retries a dynamic port this often when the host refuses it
STARTUP_GRACE = 0.5  # a request right after `docker run -d` waits this long for the server to bind
IDLE_TIMEOUT = 30.0  # keep-alive connections close after this long without a request


class PortAllocated(Conflict):
    """Another binding (of any container) holds the host port."""


class ProxyStartError(System):
    """The host refused the listener (the port is taken by another program, or privileged)."""


def _allocated(ip: str, port: int) -> PortAllocated:
    return PortAllocated(f"Bind for {_join(ip, port)} failed: port is already allocated")


def _refused(proto: str, ip: str, port: int, err: OSError) -> ProxyStartError:
    """docker-proxy's Go error: `listen tcp4 0.0.0.0:80: bind: permission denied`."""
    family = "6" if ":" in ip else "4"
    text = os.strerror(err.errno) if err.errno else str(err)
    return ProxyStartError(f"Error starting userland proxy: listen {proto}{family} {_join(ip, port)}: bind: "
                           f"{text[:1].lower()}{text[1:]}")


def _join(ip: str, port: int) -> str:
    """Go's net.JoinHostPort: IPv6 addresses in brackets."""
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


@dataclass
class _Owner:
    """What the honest page says about a container whose port has no server."""

    container_id: str
    name: str
    command: str
    gateway: str
    listeners: list = field(default_factory=list)


class PortPublisher:
    """Host ports for containers: allocation, listeners, and their release."""

    def __init__(self, servers: ServerRegistry, default_ip: str = "0.0.0.0", ipv6: bool = False,
                 port_range: tuple[int, int] = EPHEMERAL, startup_grace: float = STARTUP_GRACE):
        """`default_ip` is where HostIp "" binds (dockerd's `--ip`); with `ipv6`, an empty HostIp
        also binds `::`, as Docker 20.10 does on a host with IPv6."""
        self.servers = servers
        self.startup_grace = startup_grace
        self.default_ip = default_ip
        self.ipv6 = ipv6
        self.port_range = port_range
        self._lock = threading.Lock()
        self._allocated: dict[tuple[str, str, int], str] = {}  # (proto, ip, port) -> container id
        self._last: dict[tuple, int] = {}  # (proto, ip, range) -> the port the next search starts after
        self._owners: dict[str, _Owner] = {}

    def publish(self, container_id: str, port_bindings: dict | None, exposed=(), publish_all: bool = False, *,
                gateway: str = "172.17.0.1", container_name: str = "", command: str = "",
                endpoint: tuple[str, str] | None = None) -> dict[str, list[dict]]:
        """Allocate and open the container's host ports; returns the bindings as NetworkSettings.Ports has them.

        `port_bindings` is HostConfig.PortBindings ({"80/tcp": [{"HostIp": "", "HostPort": "3000"}]});
        with `publish_all` (-P), every port in `exposed` without a binding gets a dynamic one.
        `gateway` is the address the server sees requests come from (the proxy's side of the
        bridge); `endpoint` = (name, id) prefixes errors as dockerd's bridge driver does.
        On any failure nothing stays allocated.
        """
        wanted = {_port_key(k): list(v or [{}]) for k, v in (port_bindings or {}).items()}
        if publish_all:
            for key in exposed or ():
                wanted.setdefault(_port_key(key), [{}])
        owner = _Owner(container_id, container_name, command, gateway)
        result: dict[str, list[dict]] = {}
        try:
            for key in sorted(wanted, key=_sort_key):
                port, proto = key.split("/")
                for binding in wanted[key]:
                    for ip, host_port in self._bind(owner, proto, int(port), binding):
                        result.setdefault(key, []).append({"HostIp": ip, "HostPort": str(host_port)})
        except (PortAllocated, ProxyStartError) as e:
            self._close_owner(owner)
            if endpoint is None:
                raise
            raise type(e)(f"driver failed programming external connectivity on endpoint {endpoint[0]} "
                          f"({endpoint[1]}): {e.message}") from None
        with self._lock:
            previous = self._owners.pop(container_id, None)
            self._owners[container_id] = owner
        if previous is not None:
            self._close_owner(previous)
        return result

    def release(self, container_id: str) -> None:
        """Close the container's listeners and free its host ports (on stop, kill, remove)."""
        with self._lock:
            owner = self._owners.pop(container_id, None)
        if owner is not None:
            self._close_owner(owner)

    def close(self) -> None:
        """Release every container's ports (the engine is shutting down)."""
        for container_id in list(self._owners):
            self.release(container_id)

    # -- allocation
    def _bind(self, owner: _Owner, proto: str, container_port: int, binding: dict) -> list[tuple[str, int]]:
        ip = binding.get("HostIp") or ""
        ips = [ip] if ip else [self.default_ip] + (["::"] if self.ipv6 and self.default_ip == "0.0.0.0" else [])
        low, high, dynamic = self._host_range(binding.get("HostPort") or "")
        port = self._open(owner, proto, ips[0], container_port, low, high, dynamic)
        for other in ips[1:]:
            self._open(owner, proto, other, container_port, port, port, False)
        return [(address, port) for address in ips]

    def _host_range(self, text: str) -> tuple[int, int, bool]:
        if not text or text == "0":
            return self.port_range[0], self.port_range[1], True
        low, _, high = text.partition("-")
        return int(low), int(high or low), bool(high)

    def _open(self, owner: _Owner, proto: str, ip: str, container_port: int, low: int, high: int,
              dynamic: bool) -> int:
        """Allocate a host port in [low, high] and start its listener; returns the port."""
        attempts = DYNAMIC_ATTEMPTS if dynamic else 1
        for _ in range(attempts):
            port = self._allocate(owner.container_id, proto, ip, low, high, dynamic)
            try:
                listener = _open_listener(self, owner, proto, ip, port, container_port)
            except OSError as e:
                self._free(proto, ip, port)
                error = _refused(proto, ip, port, e)
                continue
            owner.listeners.append(listener)
            return port
        raise error

    def _allocate(self, container_id: str, proto: str, ip: str, low: int, high: int, dynamic: bool) -> int:
        with self._lock:
            if not dynamic:
                if (proto, ip, low) in self._allocated:
                    raise _allocated(ip, low)
                self._allocated[(proto, ip, low)] = container_id
                return low
            span = high - low + 1
            start = self._last.get((proto, ip, low, high), high)
            for step in range(1, span + 1):
                port = low + (start - low + step) % span
                if (proto, ip, port) not in self._allocated:
                    self._allocated[(proto, ip, port)] = container_id
                    self._last[(proto, ip, low, high)] = port
                    return port
            raise _allocated(ip, low)

    def _free(self, proto: str, ip: str, port: int) -> None:
        with self._lock:
            self._allocated.pop((proto, ip, port), None)

    def _close_owner(self, owner: _Owner) -> None:
        for listener in owner.listeners:
            listener.close()
            self._free(listener.proto, listener.ip, listener.port)
        owner.listeners.clear()

    # -- answering
    def answer(self, owner: _Owner, container_port: int, request: Request) -> Response:
        """What a request to a published port gets: the container's server, or the honest page."""
        entry = self.servers.wait_for(owner.container_id, container_port, self.startup_grace)
        if entry is None:
            return _nobody_listens(owner, container_port, self.servers.bound(owner.container_id, container_port),
                                   self.servers)
        request.client = owner.gateway
        request.client_port = next_client_port()
        try:
            return entry.handler(request)
        except Exception as e:  # a simulated server's bug must not take the listener down
            body = f"dockyard: the simulated {entry.program or 'server'} failed on this request: {e!r}\n".encode()
            return Response(500, [("Content-Type", "text/plain; charset=utf-8")], body)


def _port_key(key: str) -> str:
    return key if "/" in key else f"{key}/tcp"


def _sort_key(key: str) -> tuple[int, str]:
    port, proto = key.split("/")
    return int(port), proto


def _nobody_listens(owner: _Owner, port: int, loopback_only, servers: ServerRegistry) -> Response:
    """Docker would accept and then reset the connection; we say why instead.

    `loopback_only` is the server that holds the port on 127.0.0.1 inside the container, if one does:
    a published port reaches the container's own address, never its loopback.
    """
    name = html.escape(owner.name or owner.container_id[:12])
    if loopback_only is not None:
        what = (f"{html.escape(loopback_only.program or 'a program')} in it listens on port {port} only on "
                f"{html.escape(loopback_only.address)}, the container's loopback address, which a published "
                f"port cannot reach: make it listen on 0.0.0.0 (all addresses)")
    else:
        what = f"no program in it listens on port {port}/tcp"
    others = ", ".join(f"{e.port} ({html.escape(e.program)})" for e in servers.listening(owner.container_id)
                       if e.reachable(False))
    body = (f"<!DOCTYPE html>\n<html><head><title>Nothing answers on port {port} in {name}</title></head>\n"
            f"<body>\n<h1>Nothing answers on port {port} in container {name}</h1>\n"
            f"<p>Container <b>{name}</b> ({owner.container_id[:12]}) runs <code>{html.escape(owner.command)}</code>, "
            f"and {what}. A real Docker engine would accept this connection and then reset it.</p>\n"
            + (f"<p>Ports with a server in this container: {others}.</p>\n" if others else "")
            + "<p>This is dockyard's simulated engine: web servers in its containers (nginx, httpd, busybox "
              "httpd, <code>python -m http.server</code>, recognised Node and Flask apps) answer here; "
              "other programs do not speak HTTP.</p>\n</body></html>\n").encode()
    return Response(502, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))], body)


# ---------------------------------------------------------------- listeners
def _open_listener(publisher: PortPublisher, owner: _Owner, proto: str, ip: str, port: int, container_port: int):
    if proto == "tcp":
        return _TcpListener(publisher, owner, ip, port, container_port)
    return _Reservation(proto, ip, port)


class _Reservation:
    """A UDP port held open so the host port is really taken (no simulated program speaks UDP);
    SCTP ports are only allocated."""

    def __init__(self, proto: str, ip: str, port: int):
        self.proto, self.ip, self.port = proto, ip, port
        self.sock = None
        if proto == "udp":
            self.sock = socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_DGRAM)
            try:
                self.sock.bind((ip, port))
            except OSError:
                self.sock.close()
                raise

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()


class _TcpListener:
    """One host socket: accepts connections and serves each in its own thread."""

    def __init__(self, publisher: PortPublisher, owner: _Owner, ip: str, port: int, container_port: int):
        self.proto, self.ip, self.port = "tcp", ip, port
        self.publisher, self.owner, self.container_port = publisher, owner, container_port
        family = socket.AF_INET6 if ":" in ip else socket.AF_INET
        self.sock = socket.create_server((ip, port), family=family, backlog=64)
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept_loop, name=f"port-{ip}:{port}", daemon=True)
        self._thread.start()

    def _accept_loop(self) -> None:
        while True:
            try:
                conn, address = self.sock.accept()
            except OSError:  # closed: the container's ports were released
                return
            with self._lock:
                self._connections.add(conn)
            threading.Thread(target=self._serve, args=(conn, address), daemon=True).start()

    def _serve(self, conn: socket.socket, address) -> None:
        conn.settimeout(IDLE_TIMEOUT)
        try:
            _connection_class()(conn, address, self)
        except OSError:
            pass
        finally:
            with self._lock:
                self._connections.discard(conn)
            conn.close()

    def answer(self, request: Request) -> Response:
        return self.publisher.answer(self.owner, self.container_port, request)

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        except OSError:
            pass
        self.sock.close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._thread.join(2)


@functools.cache
def _connection_class():
    """The HTTP/1.1 connection handler, built on first use: http.server costs tens of milliseconds to
    import, and most engine commands never publish a port."""
    import http.server

    class Connection(http.server.BaseHTTPRequestHandler):
        """HTTP/1.1 framing on one accepted connection; the answers come from the container."""

        protocol_version = "HTTP/1.1"
        server_version = "dockyard"

        def _forward(self) -> None:
            request = Request(self.command, self.path, list(self.headers.items()), self._read_body(), "",
                              self.request_version)
            response = self.server.answer(request)
            headers = list(response.headers)
            names = {k.lower() for k, _ in headers}
            bodyless = self.command == "HEAD" or response.status in (204, 304) or response.status < 200
            closes = ("connection", "close") in ((k.lower(), v.lower()) for k, v in headers)
            if "content-length" not in names and "transfer-encoding" not in names and not bodyless and not closes:
                headers.append(("Content-Length", str(len(response.body))))
            if "date" not in names:
                headers.insert(0, ("Date", http_date(time.time())))
            head = response.status_line + "\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
            body = b"" if bodyless else response.body
            if ("transfer-encoding", "chunked") in ((k.lower(), v.lower()) for k, v in headers) and not bodyless:
                body = (f"{len(body):x}\r\n".encode() + body + b"\r\n" if body else b"") + b"0\r\n\r\n"
            self.wfile.write(head.encode("latin-1") + body)
            self.wfile.flush()
            connection = dict((k.lower(), v.lower()) for k, v in headers).get("connection", "")
            if connection == "close" or (response.version == "HTTP/1.0" and connection != "keep-alive"):
                self.close_connection = True

        do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _forward

        def _read_body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                body = bytearray()
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return bytes(body)
                    body += self.rfile.read(size)
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length > 0 else b""

        def log_message(self, format, *args) -> None:  # the container's server logs, not the proxy
            pass


    return Connection
