"""HTTP/1.1 for the Engine API over a unix socket (or loopback TCP with a token), parsed by h11.

One thread per connection, keep-alive, chunked streams, `Expect: 100-continue`, and hijacking: after
the handshake a hijack handler owns the raw socket. A client that hangs up mid-stream sets the
request's `cancelled` event and ends the stream; a malformed request gets the 400 Go's server sends.
Whatever one connection does, the server keeps serving the others.
"""
from __future__ import annotations

import logging
import os
import secrets
import selectors
import socket
import struct
import threading
import time
from email.utils import formatdate

import h11

from ..errors import Unauthorized
from .app import App
from .errors import REASONS, error_response
from .request import Headers, Request, TruncatedBody
from .responses import HijackedConnection, HijackResponse, Response, StreamResponse

log = logging.getLogger("dockyard.engine.api")

TOKEN_HEADER = "X-Dockyard-Token"
_RECEIVE_SIZE = 65536
_MAX_HEADER_BYTES = 1 << 20  # Go's http.DefaultMaxHeaderBytes
# A handler that answers without reading the body: as Go's server, read and discard up to this much
# to keep the connection, and close it after the response if more remains.
_MAX_UNREAD_BODY = 256 * 1024
_LINGER_SECONDS = 0.5
_HANDSHAKE_READ_WAIT = 0.1
_BAD_REQUEST = (b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
                b"Connection: close\r\n\r\n400 Bad Request")
_NO_BODY_STATUSES = frozenset({204, 304})


class Server:
    """Accepts connections on a listening socket and serves each in its own thread."""

    def __init__(self, app: App, listener: socket.socket, url: str, *, token: str | None = None):
        self.app = app
        self.url = url
        self.token = token
        self._listener = listener
        self._wake_r, self._wake_w = socket.socketpair()
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopping = False

    @classmethod
    def on_unix_socket(cls, app: App, path: str) -> Server:
        """Listen on `path`, a socket only this user can open (mode 0600)."""
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        previous_umask = os.umask(0o177)
        try:
            listener.bind(path)
        except OSError:
            listener.close()
            raise
        finally:
            os.umask(previous_umask)
        os.chmod(path, 0o600)
        listener.listen(128)
        return cls(app, listener, f"unix://{path}")

    @classmethod
    def on_loopback(cls, app: App, port: int = 0, token: str | None = None) -> Server:
        """Listen on 127.0.0.1 where unix sockets are not available; every request must carry the token."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", port))
        listener.listen(128)
        return cls(app, listener, f"tcp://127.0.0.1:{listener.getsockname()[1]}",
                   token=token or secrets.token_urlsafe(32))

    def serve_forever(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not self._stopping:
                selector.select()
                if self._stopping:
                    break
                try:
                    sock, _ = self._listener.accept()
                except OSError:
                    continue
                with self._lock:
                    self._connections.add(sock)
                threading.Thread(target=self._serve, args=(sock,), name="api-connection", daemon=True).start()

    def start(self) -> threading.Thread:
        """Serve in a background thread (tests, benchmarks, an engine embedded in another process)."""
        thread = threading.Thread(target=self.serve_forever, name="api-server", daemon=True)
        thread.start()
        return thread

    def shutdown(self) -> None:
        """Make serve_forever return. Safe to call from a signal handler."""
        self._stopping = True
        self._wake_w.send(b"x")

    def stop_listening(self) -> None:
        self._listener.close()

    def close_connections(self) -> None:
        """End every open connection: their streams see the client gone, their threads finish."""
        with self._lock:
            connections = list(self._connections)
        for sock in connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        self.stop_listening()
        self.close_connections()
        self._wake_r.close()
        self._wake_w.close()

    def _serve(self, sock: socket.socket) -> None:
        try:
            Connection(sock, self.app, self.token).serve()
        finally:
            with self._lock:
                self._connections.discard(sock)


class ClientGone(Exception):
    """The client closed the connection while we were writing to it."""


class Connection:
    """One client connection: requests in, responses out, until either side closes it."""

    def __init__(self, sock: socket.socket, app: App, token: str | None = None):
        self.sock = sock
        self.app = app
        self.token = token
        self.h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=_MAX_HEADER_BYTES)

    def serve(self) -> None:
        try:
            while self._serve_one():
                self.h11.start_next_cycle()
        except h11.RemoteProtocolError:
            if self.h11.our_state in (h11.IDLE, h11.SEND_RESPONSE):
                self._send_quietly(_BAD_REQUEST)
        except (ClientGone, OSError):
            pass
        except Exception as e:  # a bug in the transport or a handler's headers: this connection ends, no other
            log.error("connection failed", exc_info=e)
        finally:
            self.sock.close()

    def receive_event(self):
        """The next h11 event, reading from the socket as needed."""
        while True:
            event = self.h11.next_event()
            if event is not h11.NEED_DATA:
                return event
            self.h11.receive_data(self.sock.recv(_RECEIVE_SIZE))

    def send(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except OSError as e:
            raise ClientGone() from e

    def _serve_one(self) -> bool:
        """Serve one request; False when the connection must end."""
        event = self.receive_event()
        if not isinstance(event, h11.Request):
            return False
        body = BodyReader(self)
        request = Request(event.method.decode("ascii"), event.target.decode("latin-1"),
                          Headers([(name.decode("latin-1"), value.decode("latin-1")) for name, value in event.headers]),
                          body)
        if self.token is not None and not secrets.compare_digest(request.headers.get(TOKEN_HEADER, ""),
                                                                 self.token):
            response = error_response(Unauthorized(f"this engine requires its token in the {TOKEN_HEADER} header"))
        else:
            response = self.app.handle(request)
        if isinstance(response, HijackResponse):
            self._hijack(response, body)
            return False
        if isinstance(response, StreamResponse):
            self._send_stream(response, request)
            return body.drain() and self.h11.our_state is h11.DONE
        keep_alive = body.drain()
        if not keep_alive:
            response.headers.append(("Connection", "close"))
        self._send_whole(response, request.method)
        if not keep_alive:
            self._linger()
        return keep_alive and self.h11.our_state is h11.DONE

    def _send_whole(self, response: Response, method: str) -> None:
        headers = _wire_headers(response.headers)
        has_body = response.status not in _NO_BODY_STATUSES and method != "HEAD"
        if response.status not in _NO_BODY_STATUSES and all(name != "Content-Length" for name, _ in response.headers):
            headers.append((b"Content-Length", str(len(response.body)).encode()))
        out = self.h11.send(h11.Response(status_code=response.status, headers=headers,
                                         reason=REASONS.get(response.status, "").encode()))
        if response.body and has_body:
            out += self.h11.send(h11.Data(data=response.body))
        out += self.h11.send(h11.EndOfMessage())
        self.send(out)

    def _send_stream(self, response: StreamResponse, request: Request) -> None:
        chunks = iter(response.chunks)
        try:
            self.send(self.h11.send(h11.Response(
                status_code=response.status, headers=_wire_headers(response.headers),
                reason=REASONS.get(response.status, "").encode())))
            with HangupWatcher(self.sock, request.cancelled):
                try:
                    for chunk in chunks:
                        if chunk:
                            self.send(self.h11.send(h11.Data(data=chunk)))
                except ClientGone:
                    raise
                except Exception as e:
                    # The status is sent: all that is left is to end the stream (as dockerd would).
                    log.error("stream for %s %s failed", request.method, request.path, exc_info=e)
                self.send(self.h11.send(h11.EndOfMessage()))
        except ClientGone:
            request.cancelled.set()
            raise
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()

    def _linger(self) -> None:
        """Before closing on a client still sending, stop writing and let its data drain for a moment,
        so that closing with unread data (a TCP reset) does not destroy the response it has not read."""
        deadline = time.monotonic() + _LINGER_SECONDS
        try:
            self.sock.shutdown(socket.SHUT_WR)
            self.sock.settimeout(_LINGER_SECONDS)
            while time.monotonic() < deadline and self.sock.recv(_RECEIVE_SIZE):
                pass
        except OSError:
            pass

    def _hijack(self, response: HijackResponse, body: BodyReader) -> None:
        body.drain()
        already_received, _ = self.h11.trailing_data
        self.send(response.handshake())
        if response.upgrade:
            _wait_until_handshake_read(self.sock)
        connection = HijackedConnection(self.sock, bytes(already_received))
        try:
            response.run(connection)
        except OSError:
            pass  # the client went away
        except Exception as e:
            log.error("hijacked connection handler failed", exc_info=e)
        finally:
            connection.close_write()

    def _send_quietly(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except OSError:
            pass


class BodyReader:
    """The request body as a readable stream, pulled from the connection as the handler reads it."""

    def __init__(self, connection: Connection):
        self._connection = connection
        self._buffer = bytearray()
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            self._receive()
            if size >= 0 and self._buffer:
                break
        if size < 0 or size >= len(self._buffer):
            data = bytes(self._buffer)
            self._buffer.clear()
        else:
            data = bytes(self._buffer[:size])
            del self._buffer[:size]
        return data

    def drain(self) -> bool:
        """Discard what the handler left unread; False if the connection cannot be reused after it."""
        conn = self._connection.h11
        if self._done:
            return True
        if conn.client_is_waiting_for_100_continue:
            return False  # the client has not sent the body and will not without a 100
        discarded = 0
        try:
            while not self._done and discarded <= _MAX_UNREAD_BODY:
                self._receive()
                discarded += len(self._buffer)
                self._buffer.clear()
        except TruncatedBody:
            return False
        return self._done

    def _receive(self) -> None:
        connection = self._connection
        if connection.h11.client_is_waiting_for_100_continue:
            connection.send(connection.h11.send(h11.InformationalResponse(status_code=100, headers=[],
                                                                          reason=b"Continue")))
        try:
            event = connection.receive_event()
        except (h11.RemoteProtocolError, ClientGone, OSError):
            self._done = True
            raise TruncatedBody() from None
        if isinstance(event, h11.Data):
            self._buffer += event.data
        elif isinstance(event, h11.EndOfMessage):
            self._done = True
        else:
            self._done = True
            raise TruncatedBody()


class HangupWatcher:
    """While a stream is produced, watch the socket: if the client closes it, set `cancelled`.

    A producer blocked waiting for something to send (logs --follow, events) would otherwise only
    learn of the hang-up at its next write, which may never come.
    """

    def __init__(self, sock: socket.socket, cancelled: threading.Event):
        self._sock = sock
        self._cancelled = cancelled
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(target=self._watch, name="api-hangup-watch", daemon=True)

    def __enter__(self) -> HangupWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._wake_w.send(b"x")
        self._thread.join()
        self._wake_r.close()
        self._wake_w.close()

    def _watch(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._sock, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            for key, _ in selector.select():
                if key.fileobj is self._sock:
                    try:
                        gone = self._sock.recv(1, socket.MSG_PEEK) == b""
                    except OSError:
                        gone = True
                    if gone:
                        self._cancelled.set()
                    return


def _wait_until_handshake_read(sock: socket.socket) -> None:
    """Hold the first bytes of a hijacked stream until the client has read the 101 handshake.

    docker-py parses the handshake through a buffered reader, then reads the raw socket: whatever
    arrived with the handshake sits in that buffer and is lost (docker-py issues #425, #3332, which
    dockerd's attach and exec trip as well). On a unix socket the bytes the client has not read yet
    are visible (SIOCOUTQ), so the stream can start exactly when the handshake is consumed.
    """
    if sock.family != getattr(socket, "AF_UNIX", None):
        return
    import fcntl
    import termios

    deadline = time.monotonic() + _HANDSHAKE_READ_WAIT
    try:
        while struct.unpack("i", fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0"))[0]:
            if time.monotonic() > deadline:
                return
            time.sleep(0.0002)
    except OSError:
        return  # a platform that does not tell: start at once, as dockerd does


_date = (0, "")


def http_date() -> str:
    """The Date header, formatted once a second."""
    global _date
    now = int(time.time())
    if _date[0] != now:
        _date = (now, formatdate(now, usegmt=True))
    return _date[1]


def _wire_headers(headers: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    """Headers as Go's server writes them: the handler's sorted by name, then Date."""
    wire = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in sorted(headers)]
    wire.append((b"Date", http_date().encode("ascii")))
    return wire
