"""A client of the Distribution API v2, as dockerd's registry client talks to a registry.

Where a registry is reached is a transport's business, chosen by its host:

- a loopback registry (`localhost:5000`, `127.0.0.1:5000`, `[::1]:5000`; no port means 80) is
  reached over real HTTP on the loopback interface, in plain http as Docker treats loopback
  registries as insecure: a `registry` container's published port, or any registry on the host;
- `docker.io` is the engine's own hub, whose handler is called in-process (no socket: the bundled
  engine has no network);
- any other host does not resolve, as on a machine without a network.

Failures carry Docker's wording: a transport failure is Go's `url.Error` (`Get "http://…/v2/":
dial tcp 127.0.0.1:5000: connect: connection refused`), a registry's error body is rendered as
distribution's `errcode` renders it (`manifest unknown: manifest unknown`).
"""
from __future__ import annotations

import errno
import http.client
import json
import socket
from dataclasses import dataclass
from typing import Callable, Protocol
from urllib.parse import urlsplit

from ..errors import EngineError, System
from ..network.http import Request as HTTPRequest, Response as HTTPResponse
from .manifests import (MEDIA_TYPE_MANIFEST, MEDIA_TYPE_MANIFEST_LIST, MEDIA_TYPE_OCI_MANIFEST, digest_of)

DOCKER_HUB = "docker.io"
HUB_REGISTRY_HOST = "registry-1.docker.io"
TIMEOUT = 30.0
USER_AGENT = "docker/20.10.24 go/go1.19.7 os/linux arch/amd64"

# distribution's error descriptors: the message a code stands for when a registry sends none
_CODE_MESSAGES = {
    "UNKNOWN": "unknown error", "UNSUPPORTED": "The operation is unsupported.",
    "UNAUTHORIZED": "authentication required", "DENIED": "requested access to the resource is denied",
    "UNAVAILABLE": "service unavailable", "TOOMANYREQUESTS": "too many requests",
    "DIGEST_INVALID": "provided digest did not match uploaded content",
    "SIZE_INVALID": "provided length did not match content length", "NAME_INVALID": "invalid repository name",
    "TAG_INVALID": "manifest tag did not match URI", "NAME_UNKNOWN": "repository name not known to registry",
    "MANIFEST_UNKNOWN": "manifest unknown", "MANIFEST_INVALID": "manifest invalid",
    "MANIFEST_UNVERIFIED": "manifest failed signature verification",
    "MANIFEST_BLOB_UNKNOWN": "blob unknown to registry", "BLOB_UNKNOWN": "blob unknown to registry",
    "BLOB_UPLOAD_UNKNOWN": "blob upload unknown to registry", "BLOB_UPLOAD_INVALID": "blob upload invalid",
}


class RegistryUnreachable(System):
    """The registry could not be spoken to (Go's url.Error around a dial or DNS failure)."""


@dataclass(frozen=True)
class RegistryErrorItem:
    code: str  # as sent: MANIFEST_UNKNOWN
    message: str

    def __str__(self) -> str:
        known = self.code if self.code in _CODE_MESSAGES else "UNKNOWN"
        return f"{known.lower().replace('_', ' ')}: {self.message}"


class RegistryError(EngineError):
    """A registry's error response: distribution's errcode.Errors, rendered as Docker renders them."""

    def __init__(self, items: list[RegistryErrorItem], status: int):
        self.items = items
        self.status = status
        if len(items) == 1:
            text = str(items[0])
        else:
            text = "errors:\n" + "".join(f"{item}\n" for item in items)
        super().__init__(text)

    @property
    def code(self) -> str:
        return self.items[0].code if self.items else ""


class UnexpectedStatus(System):
    def __init__(self, status: int):
        super().__init__(f"received unexpected HTTP status: {status} {http.client.responses.get(status, '')}".rstrip())


def registry_error(item_code: str, message: str = "", status: int = 400) -> RegistryError:
    return RegistryError([RegistryErrorItem(item_code, message or _CODE_MESSAGES.get(item_code, ""))], status)


# ---------------------------------------------------------------- transports
class Transport(Protocol):
    base_url: str  # how Docker names the registry in messages: http://localhost:5000

    def send(self, request: HTTPRequest) -> HTTPResponse: ...


def _go_url_error(method: str, url: str, cause: str) -> str:
    return f'{method[:1]}{method[1:].lower()} "{url}": {cause}'


class LoopbackTransport:
    """Plain HTTP to a registry on this machine's loopback interface."""

    def __init__(self, domain: str):
        host, port = split_host_port(domain)
        self.port = port or 80
        # Go's resolver gives localhost as 127.0.0.1 first, and the dial error names that address
        self.address = "::1" if host == "[::1]" else ("127.0.0.1" if host == "localhost" else host)
        self.base_url = f"http://{domain}"

    def send(self, request: HTTPRequest) -> HTTPResponse:
        url = self.base_url + request.target
        connection = http.client.HTTPConnection(self.address, self.port, timeout=TIMEOUT)
        try:
            connection.request(request.method, request.target, body=request.body or None,
                               headers=dict(request.headers))
            response = connection.getresponse()
            body = response.read()
            return HTTPResponse(response.status, list(response.getheaders()), body)
        except ConnectionRefusedError:
            raise RegistryUnreachable(_go_url_error(request.method, url, f"dial tcp {self._dial_address()}: "
                                                                         "connect: connection refused")) from None
        except socket.timeout:
            raise RegistryUnreachable(_go_url_error(request.method, url, "net/http: request canceled while waiting "
                                                                         "for connection")) from None
        except (OSError, http.client.HTTPException) as e:
            cause = "EOF" if isinstance(e, http.client.RemoteDisconnected) else _errno_text(e)
            raise RegistryUnreachable(_go_url_error(request.method, url, cause)) from None
        finally:
            connection.close()

    def _dial_address(self) -> str:
        return f"[{self.address}]:{self.port}" if ":" in self.address else f"{self.address}:{self.port}"


def _errno_text(e: OSError | http.client.HTTPException) -> str:
    if isinstance(e, OSError) and e.errno == errno.ECONNRESET:
        return "read: connection reset by peer"
    return str(e)


class InProcessTransport:
    """A registry served by a handler in this process (the engine's hub)."""

    def __init__(self, handler: Callable[[HTTPRequest], HTTPResponse], base_url: str):
        self.handler = handler
        self.base_url = base_url

    def send(self, request: HTTPRequest) -> HTTPResponse:
        request.client = "127.0.0.1"
        return self.handler(request)


class OfflineTransport:
    """A registry on the internet, which a machine without a network cannot resolve."""

    def __init__(self, domain: str):
        self.domain = domain
        self.base_url = f"https://{domain}"

    def send(self, request: HTTPRequest) -> HTTPResponse:
        host = self.domain.rsplit(":", 1)[0] if not self.domain.endswith("]") else self.domain
        raise RegistryUnreachable(_go_url_error(request.method, self.base_url + request.target,
                                                f"dial tcp: lookup {host}: no such host"))


def split_host_port(domain: str) -> tuple[str, int | None]:
    if domain.startswith("["):
        host, _, rest = domain.partition("]")
        port = rest.removeprefix(":")
        return host + "]", int(port) if port else None
    host, colon, port = domain.partition(":")
    return host, int(port) if colon and port.isdigit() else None


def is_loopback(domain: str) -> bool:
    host, _ = split_host_port(domain)
    return host in ("localhost", "[::1]") or (host.startswith("127.") and host.replace(".", "").isdigit())


def transport_for(domain: str, hub: Callable[[HTTPRequest], HTTPResponse]) -> Transport:
    """How the registry `domain` (a reference's domain: docker.io, localhost:5000) is reached."""
    if domain == DOCKER_HUB:
        return InProcessTransport(hub, f"https://{HUB_REGISTRY_HOST}")
    if is_loopback(domain):
        return LoopbackTransport(domain)
    return OfflineTransport(domain)


# ---------------------------------------------------------------- the API
_MANIFEST_ACCEPT = ", ".join([MEDIA_TYPE_MANIFEST, MEDIA_TYPE_MANIFEST_LIST, MEDIA_TYPE_OCI_MANIFEST])


class RegistryClient:
    """One repository of one registry (`path`: `bb`, `alice/app`, `library/busybox`)."""

    def __init__(self, transport: Transport, path: str):
        self.transport = transport
        self.path = path

    def _call(self, method: str, target: str, headers: list[tuple[str, str]] | None = None,
              body: bytes = b"") -> HTTPResponse:
        host = urlsplit(self.transport.base_url).netloc  # registries build absolute Locations from it
        request = HTTPRequest(method, target, [("Host", host), ("User-Agent", USER_AGENT), *(headers or [])], body)
        if body:
            request.headers.append(("Content-Length", str(len(body))))
        return self.transport.send(request)

    def ping(self) -> None:
        """GET /v2/: any HTTP answer means a registry is there (401 asks for a token, which is fine)."""
        self._call("GET", "/v2/")

    def blob_exists(self, digest: str) -> bool:
        response = self._call("HEAD", f"/v2/{self.path}/blobs/{digest}")
        if response.status == 404:
            return False
        _check(response, 200)
        return True

    def upload_blob(self, data: bytes, digest: str) -> None:
        """A monolithic upload: POST opens the session, PUT with the digest sends and commits it."""
        opened = self._call("POST", f"/v2/{self.path}/blobs/uploads/")
        _check(opened, 202)
        location = urlsplit(_header(opened, "Location"))  # absolute or relative, as registries differ
        target = location.path + (f"?{location.query}&" if location.query else "?")
        committed = self._call("PUT", f"{target}digest={digest}",
                               [("Content-Type", "application/octet-stream")], data)
        _check(committed, 201)

    def put_manifest(self, reference: str, body: bytes, media_type: str = MEDIA_TYPE_MANIFEST) -> str:
        response = self._call("PUT", f"/v2/{self.path}/manifests/{reference}", [("Content-Type", media_type)], body)
        _check(response, 201)
        return _header(response, "Docker-Content-Digest") or digest_of(body)

    def get_manifest(self, reference: str) -> tuple[bytes, str, str]:
        """(body, media type, digest) of the manifest a tag or digest names."""
        response = self._call("GET", f"/v2/{self.path}/manifests/{reference}", [("Accept", _MANIFEST_ACCEPT)])
        _check(response, 200)
        digest = digest_of(response.body)
        if reference.startswith("sha256:") and digest != reference:
            raise System(f"manifest verification failed for digest {reference}")
        return response.body, _header(response, "Content-Type"), digest

    def get_blob(self, digest: str) -> bytes:
        response = self._call("GET", f"/v2/{self.path}/blobs/{digest}")
        _check(response, 200)
        if digest_of(response.body) != digest:
            raise System(f"filesystem layer verification failed for digest {digest}")
        return response.body


def _header(response: HTTPResponse, name: str) -> str:
    return next((value for key, value in response.headers if key.lower() == name.lower()), "")


def _check(response: HTTPResponse, expected: int) -> None:
    """distribution's HandleErrorResponse: a 4xx carries errcode JSON; anything else unexpected is a status."""
    if response.status == expected or (200 <= response.status < 300 and expected != 202):
        return
    if 400 <= response.status < 500:
        items = _parse_errors(response.body)
        if items:
            raise RegistryError(items, response.status)
        if response.status == 401:
            raise registry_error("UNAUTHORIZED", status=401)
    raise UnexpectedStatus(response.status)


def _parse_errors(body: bytes) -> list[RegistryErrorItem]:
    try:
        document = json.loads(body or b"null")
    except ValueError:
        return []
    if not isinstance(document, dict):
        return []
    items = []
    for entry in document.get("errors") or []:
        if isinstance(entry, dict):
            code = str(entry.get("code") or "UNKNOWN")
            items.append(RegistryErrorItem(code, str(entry.get("message") or _CODE_MESSAGES.get(code, ""))))
    return items
