"""The Engine API without a socket: a `requests` adapter that hands docker-py's requests to `App.handle`.

For benchmarks (the engine's own time, no transport), tests, and places without a background process
(JupyterLite). Everything docker-py reads comes out as it would from a socket:

- a whole response or a stream is an urllib3 response over a body object that behaves as the
  `http.client.HTTPResponse` docker-py peeks into (`_fp.chunked`, `_fp.chunk_left`, `_fp.fp.raw`);
  a stream is produced while the client reads it, in the client's thread;
- a hijacked connection is one end of a socketpair, the handler running on the other end in its
  own thread, so docker-py's attach and exec code reads and writes a real socket.
"""
from __future__ import annotations

import logging
import socket
import threading
import types
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

import docker
import requests.adapters
from urllib3 import HTTPResponse

from .. import version
from .app import App
from .errors import REASONS
from .request import Request
from .responses import HijackedConnection, HijackResponse, StreamResponse

log = logging.getLogger("dockyard.engine.api")

# docker-py needs some base URL; this one selects its unix-socket code paths and is never opened.
_PLACEHOLDER_BASE_URL = "unix:///dockyard-in-process.sock"


def in_process_client(app: App) -> docker.APIClient:
    """A docker-py APIClient whose every request is served by `app` in this process."""
    client = docker.APIClient(base_url=_PLACEHOLDER_BASE_URL, version=version.API_VERSION)
    adapter = InProcessAdapter(app)
    client.mount("http+docker://", adapter)
    client._custom_adapter = adapter  # docker-py falls back to it for URLs no mount matches
    return client


class InProcessAdapter(requests.adapters.HTTPAdapter):
    def __init__(self, app: App):
        super().__init__()
        self.app = app

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout=None, verify=True, cert=None,
             proxies=None) -> requests.Response:
        url = urlsplit(request.url)
        target = url.path + (f"?{url.query}" if url.query else "")
        api_request = Request(request.method, target, list(request.headers.items()), _request_body(request.body))
        response = self.app.handle(api_request)
        headers = list(response.headers)
        if isinstance(response, HijackResponse):
            body = _hijack(response)
            headers += [("Connection", "Upgrade"), ("Upgrade", "tcp")] if response.upgrade else []
        elif isinstance(response, StreamResponse):
            body = ResponseBody(response.chunks, chunked=True, cancelled=api_request.cancelled)
        else:
            data = b"" if request.method == "HEAD" or response.status in (204, 304) else response.body
            if all(name != "Content-Length" for name, _ in headers):
                headers.append(("Content-Length", str(len(data))))
            body = ResponseBody([data] if data else [], chunked=False)
        raw = HTTPResponse(body=body, headers=headers, status=response.status, version=11, version_string="HTTP/1.1",
                           reason=REASONS.get(response.status, ""), preload_content=False, decode_content=False,
                           request_method=request.method, request_url=request.url)
        return self.build_response(request, raw)


def _request_body(body) -> bytes | object:
    """What requests prepared as the body, as something the Request can read."""
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)) or hasattr(body, "read"):
        return body
    return IterableReader(body)


class IterableReader:
    """A readable stream over an iterable of chunks (a body requests sends with chunked encoding)."""

    def __init__(self, chunks: Iterable[bytes | str]):
        self._chunks = iter(chunks)
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        if size < 0:
            size = len(self._buffer)
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


class ResponseBody:
    """A response body read from an iterator of chunks, shaped like the http.client response docker-py
    reaches into: `chunked`, `chunk_left` (what remains of the current chunk) and `fp.raw` (the socket)."""

    def __init__(self, chunks: Iterable[bytes], *, chunked: bool, cancelled: threading.Event | None = None,
                 hijacked: socket.socket | None = None):
        self._chunks: Iterator[bytes] = iter(chunks)
        self._current = b""
        self._cancelled = cancelled
        self._closed = False
        self._exhausted = False
        self.chunked = chunked
        self.chunk_left: int | None = None
        self._hijacked = hijacked
        raw = socket.SocketIO(hijacked, "rwb") if hijacked is not None else types.SimpleNamespace()
        self.fp = types.SimpleNamespace(raw=raw)

    def read(self, amt: int | None = None) -> bytes:
        if amt is None:
            parts = [self._take(len(self._current))]
            while self._next_chunk():
                parts.append(self._take(len(self._current)))
            return b"".join(parts)
        if not self._current and not self._next_chunk():
            return b""
        return self._take(amt)

    def read1(self, amt: int = -1) -> bytes:
        """At most one chunk, as soon as it is there (what streaming readers call)."""
        return self.read(amt if amt and amt > 0 else None) if amt and amt > 0 else self.read(65536)

    def _take(self, amt: int) -> bytes:
        data, self._current = self._current[:amt], self._current[amt:]
        self.chunk_left = len(self._current) or None
        return data

    def _next_chunk(self) -> bool:
        while not self._closed:
            try:
                chunk = next(self._chunks, None)
            except Exception as e:
                # As over a socket: the status is out, so a failing stream just ends.
                log.error("in-process stream failed", exc_info=e)
                chunk = None
            if chunk is None:
                self._exhausted = True
                self.close()
            elif chunk:
                self._current = chunk
                return True
        return False

    def isclosed(self) -> bool:
        return self._closed

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Closed by the client before the end: the producer is told (`cancelled`) and stopped."""
        if not self._exhausted:
            self._exhausted = True
            if self._cancelled is not None:
                self._cancelled.set()
            close = getattr(self._chunks, "close", None)
            if close is not None:
                try:
                    close()
                except ValueError:
                    pass  # the generator is running in another thread; `cancelled` tells it to stop
        self._closed = True
        self._current = b""
        if self._hijacked is not None:
            self.fp.raw.close()
            self._hijacked.close()


def _hijack(response: HijackResponse) -> ResponseBody:
    """Run the hijack handler on one end of a socketpair; the client gets the other end as its socket."""
    client_end, engine_end = socket.socketpair()

    def run() -> None:
        connection = HijackedConnection(engine_end)
        try:
            response.run(connection)
        except OSError:
            pass  # the client closed its end
        finally:
            connection.close()

    threading.Thread(target=run, name="api-hijack", daemon=True).start()
    # As http.client reads it: after a 101 the body is empty (the stream is on the socket); a 200 raw
    # stream is the body, read until the engine closes the connection.
    return ResponseBody([] if response.upgrade else _received(client_end), chunked=False, hijacked=client_end)


def _received(sock: socket.socket) -> Iterator[bytes]:
    while data := sock.recv(65536):
        yield data
