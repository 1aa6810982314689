"""What a route handler returns: a whole response, a stream, or a hijacked connection.

- `json_response`, `empty_response`, `raw_response`: a status, headers and a body of known length.
- `stream_response`: an iterator of byte chunks, sent with chunked encoding as they are produced
  (build, pull, logs, events). Once the first chunk is out the status can no longer change, so a
  stream reports failures in-band (see `streams.py`).
- `hijack`: attach and exec take over the connection. After `101 UPGRADED` (or `200 OK` when the
  client did not ask to upgrade, as dockerd allows) the handler's `run(connection)` owns it.
"""
from __future__ import annotations

import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .gojson import encode

JSON = "application/json"
RAW_STREAM = "application/vnd.docker.raw-stream"
MULTIPLEXED_STREAM = "application/vnd.docker.multiplexed-stream"

Header = tuple[str, str]


@dataclass(slots=True)
class Response:
    status: int
    headers: list[Header] = field(default_factory=list)
    body: bytes = b""


@dataclass(slots=True)
class StreamResponse:
    status: int
    headers: list[Header]
    chunks: Iterable[bytes]


@dataclass(slots=True)
class HijackResponse:
    run: Callable[[HijackedConnection], None]
    upgrade: bool
    headers: list[Header]

    @property
    def status(self) -> int:
        return 101 if self.upgrade else 200

    def handshake(self) -> bytes:
        """The status line and headers dockerd writes itself before handing the socket over."""
        lines = ["HTTP/1.1 101 UPGRADED" if self.upgrade else "HTTP/1.1 200 OK"]
        content_type = [(name, value) for name, value in self.headers if name == "Content-Type"]
        others = [(name, value) for name, value in self.headers if name != "Content-Type"]
        lines += [f"{name}: {value}" for name, value in content_type]
        if self.upgrade:
            lines += ["Connection: Upgrade", "Upgrade: tcp"]
        lines += [f"{name}: {value}" for name, value in others]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def json_response(value: object, status: int = 200) -> Response:
    """`value` as dockerd's WriteJSON sends it (compact, HTML characters unescaped, newline-terminated)."""
    return Response(status, [("Content-Type", JSON)], encode(value))


def empty_response(status: int = 204) -> Response:
    return Response(status)


def raw_response(data: bytes, content_type: str, status: int = 200) -> Response:
    return Response(status, [("Content-Type", content_type)], data)


def stream_response(chunks: Iterable[bytes], content_type: str = JSON, status: int = 200) -> StreamResponse:
    return StreamResponse(status, [("Content-Type", content_type)], chunks)


def hijack(request, run: Callable[[HijackedConnection], None], content_type: str = RAW_STREAM) -> HijackResponse:
    """Take over the connection: `run(connection)` is called once the handshake is written.

    API 1.41 always names the stream `raw-stream`, multiplexed or not (the multiplexed-stream type
    arrived with 1.42); the client knows from the container's Tty setting.
    """
    return HijackResponse(run, "upgrade" in request.headers, [("Content-Type", content_type)])


class HijackedConnection:
    """The client's connection after the handshake: a duplex byte stream.

    `read` returns b"" once the client has closed its side (end of stdin); `write` raises
    ConnectionError once the client has gone away, which is the signal to stop producing.
    """

    def __init__(self, sock: socket.socket, already_received: bytes = b""):
        self._sock = sock
        self._pending = already_received
        self._write_closed = False

    def fileno(self) -> int:
        return self._sock.fileno()

    def read(self, size: int = 65536) -> bytes:
        if self._pending:
            data, self._pending = self._pending[:size], self._pending[size:]
            return data
        try:
            return self._sock.recv(size)
        except (ConnectionError, OSError):
            return b""

    def write(self, data: bytes) -> None:
        self._sock.sendall(data)

    def close_write(self) -> None:
        """End the output (the client sees EOF) while still reading its input."""
        if not self._write_closed:
            self._write_closed = True
            try:
                self._sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def close(self) -> None:
        self.close_write()
        self._sock.close()
