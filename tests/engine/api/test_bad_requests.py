"""Bad requests to the bundled engine get Docker's errors, and the engine goes on serving."""
import io
import json
import socket
import tarfile

import docker
import pytest

from dockyard.engine import control
from dockyard.engine.home import resolve_home


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    home = resolve_home(tmp_path_factory.mktemp("home"))
    url = control.start(home)
    yield url[len("unix://"):]
    control.stop(home)


def send(path: str, raw: bytes, read: bool = True) -> bytes:
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    s.connect(path)
    s.sendall(raw)
    out = b""
    if read:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
            if b"\r\n\r\n" in out and (b"Content-Length" in out or b"0\r\n\r\n" in out):
                head, _, body = out.partition(b"\r\n\r\n")
                length = [int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(
                    b"content-length")]
                if length and len(body) >= length[0]:
                    break
    s.close()
    return out


def request(method: str, target: str, body: bytes = b"", content_type: str = "application/json") -> bytes:
    return (f"{method} {target} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def alive(path: str) -> bool:
    return docker.APIClient(base_url="unix://" + path, version="1.41").ping()


def test_malformed_json_is_a_400_with_go_s_message(engine):
    out = send(engine, request("POST", "/v1.41/containers/create", b'{"Image": "busybox",'))
    assert out.startswith(b"HTTP/1.1 400")
    assert b'"message"' in out
    assert alive(engine)


def test_a_wrongly_typed_field_is_refused(engine):
    out = send(engine, request("POST", "/v1.41/containers/create", json.dumps({"Image": 5}).encode()))
    assert out.split(b" ")[1] in (b"400", b"404")
    assert alive(engine)


def test_a_truncated_build_context_fails_in_the_stream_or_as_a_400(engine):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        data = b"FROM busybox\n" * 100
        ti = tarfile.TarInfo("Dockerfile")
        ti.size = len(data)
        tf.addfile(ti, io.BytesIO(data))
    cut = buf.getvalue()[:700]
    out = send(engine, request("POST", "/v1.41/build", cut, "application/x-tar"))
    assert out.startswith(b"HTTP/1.1 400") or b"errorDetail" in out
    assert b"build context" in out or b"error" in out
    assert alive(engine)


def test_a_client_that_hangs_up_mid_stream_leaves_the_engine_serving(engine):
    client = docker.APIClient(base_url="unix://" + engine, version="1.41")
    c = client.create_container("busybox", ["sh", "-c", "while true; do echo tick; sleep 0.1; done"])
    client.start(c["Id"])
    s = socket.socket(socket.AF_UNIX)
    s.connect(engine)
    s.sendall(f"GET /v1.41/containers/{c['Id']}/logs?stdout=1&follow=1 HTTP/1.1\r\nHost: docker\r\n\r\n".encode())
    assert s.recv(4096).startswith(b"HTTP/1.1 200")
    s.close()  # gone mid-stream
    assert alive(engine)
    client.remove_container(c["Id"], force=True)
    assert client.containers(all=True) == [] or all(x["Id"] != c["Id"] for x in client.containers(all=True))


def test_unknown_routes_are_page_not_found(engine):
    out = send(engine, request("GET", "/v1.41/nonsense"))
    assert out.startswith(b"HTTP/1.1 404") and b"page not found" in out
