"""The API over a live unix socket, with docker-py, the docker CLI and raw bytes as clients."""
from __future__ import annotations

import io
import os
import shutil
import socket
import stat
import subprocess
import time

import docker
import pytest
from docker.utils.socket import frames_iter

from dockyard.engine.api.streams import STDERR, STDOUT


def api_client(server) -> docker.APIClient:
    return docker.APIClient(base_url=server.url, version="1.41")


def raw_exchange(server, data: bytes, *, shut_write: bool = False, timeout: float = 5) -> bytes:
    """Send bytes on a fresh connection and read what comes back until the server closes or goes quiet."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(timeout)
        sock.connect(server.url.removeprefix("unix://"))
        sock.sendall(data)
        if shut_write:
            sock.shutdown(socket.SHUT_WR)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except socket.timeout:
            pass
        return received


def test_the_socket_is_private_to_its_user(server):
    mode = os.stat(server.url.removeprefix("unix://")).st_mode
    assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) == 0o600


def test_docker_py_pings_and_reads_the_version(server):
    client = api_client(server)
    assert client.ping() is True
    assert client.version()["Version"] == "20.10.24+dfsg1"
    assert docker.APIClient(base_url=server.url, version="auto").api_version == "1.41"


def test_docker_py_lists_with_filters_and_gets_typed_errors(server):
    client = api_client(server)
    assert [c["Names"] for c in client.containers(all=True, filters={"name": "db"})] == [["/db"]]
    assert [c["Names"] for c in client.containers(filters={"label": "tier=front"})] == [["/web"]]
    with pytest.raises(docker.errors.NotFound) as caught:
        client.inspect_container("nope")
    assert caught.value.explanation == "No such container: nope"


def test_keep_alive_serves_many_requests_on_one_connection(server):
    request = b"GET /v1.41/_ping HTTP/1.1\r\nHost: docker\r\n\r\n"
    answer = raw_exchange(server, request * 3, shut_write=True)
    assert answer.count(b"HTTP/1.1 200 OK\r\n") == 3
    first = answer.split(b"\r\n\r\n", 1)[0].decode()
    assert first.splitlines()[1:] == [  # dockerd's headers, sorted, then Date and the length
        "Api-Version: 1.41", "Builder-Version: 1", "Cache-Control: no-cache, no-store, must-revalidate",
        "Content-Type: text/plain; charset=utf-8", "Docker-Experimental: false", "Ostype: linux", "Pragma: no-cache",
        "Server: Docker/20.10.24+dfsg1 (linux)", first.splitlines()[9], "Content-Length: 2"]
    assert first.splitlines()[9].startswith("Date: ")


def test_a_build_context_streams_in_and_json_messages_stream_out(server):
    client = api_client(server)
    context = io.BytesIO(os.urandom(3 * 1024 * 1024))
    messages = list(client.build(fileobj=context, custom_context=True, tag="app:1", decode=True))
    assert messages[0] == {"stream": "Step 1/1 : FROM scratch <3145728 bytes>\n"}
    assert messages[1]["aux"]["ID"].startswith("sha256:")
    assert messages[2] == {"stream": "Successfully tagged app:1\n"}


def test_a_failing_stream_reports_its_error_in_band(server):
    messages = list(api_client(server).build(fileobj=io.BytesIO(b"x"), custom_context=True, tag="fail", decode=True))
    assert messages[-1] == {"errorDetail": {"message": "The command '/bin/sh -c false' returned a non-zero code: 1"},
                            "error": "The command '/bin/sh -c false' returned a non-zero code: 1"}


def test_a_client_hanging_up_stops_an_endless_stream(server, daemon):
    client = api_client(server)
    response = client._get(client._url("/ticks"), stream=True)
    assert next(client._stream_helper(response, decode=True))["status"] == "tick"
    response.close()
    assert daemon.ticks_stopped.wait(5)
    assert client.ping() is True


def test_attach_hijacks_the_connection_and_echoes_stdin(server):
    client = api_client(server)
    sock = client.attach_socket("web", params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1})
    sock._sock.sendall(b"hello\n")
    sock._sock.shutdown(socket.SHUT_WR)
    frames = list(frames_iter(sock, tty=False))
    sock.close()
    assert b"".join(data for stream, data in frames if stream == STDOUT) == b"HELLO\n"
    assert [data for stream, data in frames if stream == STDERR] == [b"stdin closed\n"]


def test_attach_and_exec_results_demultiplex_in_docker_py(server):
    client = api_client(server)
    assert client.attach("web", stdout=True, stderr=True, demux=True) == (b"hello from web\n", b"a warning\n")
    assert client.exec_start("f00d", demux=True) == (b"exec f00d\n", None)


def test_the_hijack_handshake_is_dockerds(server):
    request = (b"POST /v1.41/containers/web/attach?stdout=1 HTTP/1.1\r\nHost: docker\r\n"
               b"Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
    answer = raw_exchange(server, request)
    assert answer.startswith(b"HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                             b"Connection: Upgrade\r\nUpgrade: tcp\r\n")
    assert answer.endswith(b"\r\n\r\n\x01\x00\x00\x00\x00\x00\x00\x0fhello from web\n"
                           b"\x02\x00\x00\x00\x00\x00\x00\x0aa warning\n")
    without_upgrade = raw_exchange(server, b"POST /containers/web/attach HTTP/1.1\r\nHost: docker\r\n\r\n")
    assert without_upgrade.startswith(b"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n")


def test_a_failing_attach_is_an_ordinary_error_response(server):
    answer = raw_exchange(server, b"POST /containers/nope/attach HTTP/1.1\r\nHost: d\r\nUpgrade: tcp\r\n"
                                  b"Connection: Upgrade\r\n\r\n", shut_write=True)
    assert answer.startswith(b"HTTP/1.1 404 Not Found\r\n")
    assert answer.endswith(b'{"message":"No such container: nope"}\n')


@pytest.mark.parametrize("request_bytes, expected_start", [
    (b"NONSENSE\r\n\r\n", b"HTTP/1.1 400 Bad Request\r\n"),
    (b"GET / HTTP/1.1\r\nHost: d\r\nContent-Length: x\r\n\r\n", b"HTTP/1.1 400 Bad Request\r\n"),
    (b"POST /volumes/create HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{oops",
     b"HTTP/1.1 400 Bad Request\r\n"),
    (b"GET /v1.41/nowhere HTTP/1.1\r\nHost: d\r\n\r\n", b"HTTP/1.1 404 Not Found\r\n"),
])
def test_malformed_requests_get_an_error_and_the_server_keeps_serving(server, request_bytes, expected_start):
    assert raw_exchange(server, request_bytes, shut_write=True).startswith(expected_start)
    assert api_client(server).ping() is True


def test_a_truncated_upload_does_not_hurt_the_server(server):
    request = (b"POST /build HTTP/1.1\r\nHost: d\r\nContent-Type: application/x-tar\r\n"
               b"Content-Length: 100000\r\n\r\n" + b"x" * 1000)
    raw_exchange(server, request, shut_write=True)
    assert api_client(server).ping() is True


def test_expect_100_continue_is_answered_before_the_body_is_read(server):
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(5)
        sock.connect(server.url.removeprefix("unix://"))
        sock.sendall(b"POST /volumes/create HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 15\r\nExpect: 100-continue\r\n\r\n")
        assert sock.recv(1024) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(b'{"Name":"data"}')
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 201 Created\r\n") and answer.endswith(b'{"Name":"data","Driver":"local"}\n')


def test_an_unread_large_body_closes_the_connection_after_the_answer(server):
    request = (b"GET /v1.41/_ping HTTP/1.1\r\nHost: d\r\nContent-Length: 1000000\r\n\r\n" + b"x" * 1000000)
    answer = raw_exchange(server, request)
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and b"Connection: close\r\n" in answer


def test_a_round_trip_takes_about_a_millisecond(server):
    client = api_client(server)
    client.containers()
    start = time.perf_counter()
    for _ in range(200):
        client.containers(all=True)
    assert (time.perf_counter() - start) / 200 < 0.005


@pytest.mark.skipif(shutil.which("docker") is None, reason="the docker CLI is not installed")
def test_the_docker_cli_talks_to_the_engine(server):
    def docker_cli(*args):
        return subprocess.run(["docker", "-H", server.url, *args], capture_output=True, text=True, timeout=30,
                              env={**os.environ, "DOCKER_CONFIG": os.path.dirname(server.url[7:])})

    version = docker_cli("version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}")
    assert (version.returncode, version.stdout) == (0, "20.10.24+dfsg1 1.41\n")
    info = docker_cli("info", "--format", "{{.ServerVersion}} {{.Containers}} {{.ID}}")
    assert (info.returncode, info.stdout) == (0, "20.10.24+dfsg1 2 FAKE:DAEMON\n")
    ps = docker_cli("ps", "-a", "--format", "{{.Names}} {{.State}}")
    assert (ps.returncode, ps.stdout) == (0, "web running\ndb exited\n")
    missing = docker_cli("inspect", "--type", "container", "nope")
    assert missing.returncode == 1 and "No such container: nope" in missing.stderr
