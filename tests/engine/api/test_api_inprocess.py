"""docker-py served in-process, without a socket: the same answers as over the unix socket."""
from __future__ import annotations

import io
import socket

import docker
import pytest
from docker.utils.socket import frames_iter

from dockyard.engine.api.inprocess import in_process_client
from dockyard.engine.api.streams import STDERR, STDOUT


@pytest.fixture
def client(app):
    return in_process_client(app)


def test_ping_version_and_info(client):
    assert client.ping() is True
    assert client.version()["ApiVersion"] == "1.41"
    assert client.info()["ID"] == "FAKE:DAEMON"


def test_lists_and_typed_errors(client):
    assert [c["Names"] for c in client.containers(all=True, filters={"status": "exited"})] == [["/db"]]
    with pytest.raises(docker.errors.NotFound) as caught:
        client.inspect_container("nope")
    assert caught.value.response.status_code == 404 and caught.value.explanation == "No such container: nope"
    with pytest.raises(docker.errors.APIError) as caught:
        client._result(client._get(client._url("/fail/{0}", "Conflict")))
    assert caught.value.status_code == 409 and caught.value.explanation == "failed with Conflict"


def test_an_uploaded_body_of_any_kind_is_readable(client):
    payload = b"layer" * 100_000
    from_file = list(client.build(fileobj=io.BytesIO(payload), custom_context=True, tag="a", decode=True))
    assert from_file[0] == {"stream": f"Step 1/1 : FROM scratch <{len(payload)} bytes>\n"}
    response = client.post(client._url("/build"), data=iter([payload[:7], payload[7:]]), params={"t": "b"})
    assert b"\\u003c500000 bytes\\u003e" in response.content  # json.Marshal escapes < and >


def test_json_streams_arrive_as_produced_and_errors_in_band(client):
    messages = list(client.build(fileobj=io.BytesIO(b"x"), custom_context=True, tag="fail", decode=True))
    assert messages[-1]["error"] == "The command '/bin/sh -c false' returned a non-zero code: 1"


def test_closing_an_endless_stream_cancels_its_producer(client, daemon):
    response = client._get(client._url("/ticks"), stream=True)
    ticks = client._stream_helper(response, decode=True)
    assert [next(ticks)["id"] for _ in range(3)] == ["1", "2", "3"]
    response.close()
    assert daemon.ticks_stopped.wait(5)


def test_attach_socket_is_a_real_socket_carrying_stdcopy(client):
    sock = client.attach_socket("web", params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1})
    sock._sock.sendall(b"quiet please\n")
    sock._sock.shutdown(socket.SHUT_WR)
    frames = list(frames_iter(sock, tty=False))
    sock.close()
    assert b"".join(data for stream, data in frames if stream == STDOUT) == b"QUIET PLEASE\n"
    assert [data for stream, data in frames if stream == STDERR] == [b"stdin closed\n"]


def test_attach_and_exec_demultiplex(client):
    assert client.attach("db", stdout=True, stderr=True, demux=True) == (b"hello from db\n", b"a warning\n")
    assert client.exec_start("beef", demux=True) == (b"exec beef\n", None)


def test_a_hijack_without_upgrade_is_a_body_read_to_the_end(client):
    response = client.post(client._url("/containers/{0}/attach", "web"), params={"stdout": 1}, stream=True)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/vnd.docker.raw-stream"
    assert response.content == b"\x01\x00\x00\x00\x00\x00\x00\x0fhello from web\n" \
                               b"\x02\x00\x00\x00\x00\x00\x00\x0aa warning\n"
