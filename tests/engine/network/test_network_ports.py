"""Published ports: Docker's allocation rules, real listeners on 127.0.0.1, requests forwarded to servers."""
import socket
import urllib.error
import urllib.request

import pytest

from dockyard.engine.errors import Conflict, System
from dockyard.engine.network.http import Response, ServerRegistry
from dockyard.engine.network.ports import PortPublisher
from dockyard.engine.userland.programs.servers import bbhttpd

from hostports import free_range
from netkit import FakeDaemon, Running, container


@pytest.fixture
def publisher():
    registry = ServerRegistry()
    low, high = free_range()
    pub = PortPublisher(registry, default_ip="127.0.0.1", port_range=(low, high), startup_grace=0.05)
    yield pub
    pub.close()


def get(port: int, path: str = "/") -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def test_dynamic_ports_come_from_the_ephemeral_range_in_order(publisher):
    low, _ = publisher.port_range
    bindings = publisher.publish("c1", {}, exposed=["443/tcp", "80/tcp"], publish_all=True)
    assert bindings == {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(low)}],
                        "443/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(low + 1)}]}
    assert publisher.publish("c2", {"80/tcp": [{"HostIp": "", "HostPort": ""}]}) == \
        {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(low + 2)}]}


def test_an_allocated_port_is_docker_s_conflict(publisher):
    low, _ = publisher.port_range
    publisher.publish("c1", {"80/tcp": [{"HostIp": "", "HostPort": str(low)}]})
    with pytest.raises(Conflict) as e:
        publisher.publish("c2", {"80/tcp": [{"HostIp": "", "HostPort": str(low)}]}, endpoint=("web2", "e" * 64))
    assert str(e.value) == (f"driver failed programming external connectivity on endpoint web2 ({'e' * 64}): "
                            f"Bind for 127.0.0.1:{low} failed: port is already allocated")
    publisher.release("c1")
    assert publisher.publish("c2", {"80/tcp": [{"HostIp": "", "HostPort": str(low)}]})


def test_a_port_the_host_refuses_is_the_userland_proxy_error(publisher):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(System) as e:
            publisher.publish("c1", {"80/tcp": [{"HostIp": "", "HostPort": str(port)}]})
    assert str(e.value) == (f"Error starting userland proxy: listen tcp4 127.0.0.1:{port}: bind: "
                            f"address already in use")


def test_a_failed_publish_leaves_nothing_allocated(publisher):
    low, _ = publisher.port_range
    publisher.publish("c1", {"81/tcp": [{"HostIp": "", "HostPort": str(low + 5)}]})
    with pytest.raises(Conflict):
        publisher.publish("c2", {"80/tcp": [{"HostIp": "", "HostPort": str(low + 4)}],
                                 "81/tcp": [{"HostIp": "", "HostPort": str(low + 5)}]})
    assert publisher.publish("c3", {"80/tcp": [{"HostIp": "", "HostPort": str(low + 4)}]})


def test_requests_reach_the_registered_server_from_the_bridge_gateway(publisher):
    publisher.servers.register("c1", 80, lambda r: Response(200, [("Server", "t")], f"{r.path} {r.client}".encode()))
    port = publisher.publish("c1", {"80/tcp": [{}]})["80/tcp"][0]["HostPort"]
    status, body, headers = get(int(port), "/hello")
    assert (status, body, headers["Server"]) == (200, b"/hello 172.17.0.1", "t")


def test_a_port_without_a_server_gets_an_honest_page(publisher):
    bindings = publisher.publish("c1", {"80/tcp": [{}]}, container_name="quiet", command="sleep 300")
    port = bindings["80/tcp"][0]["HostPort"]
    status, body, _ = get(int(port))
    assert status == 502
    assert b"Nothing answers on port 80 in container quiet" in body and b"sleep 300" in body


def test_a_server_on_the_container_loopback_is_explained(publisher):
    publisher.servers.register("c1", 5000, lambda r: Response(200, [], b""), "python (Flask)", address="127.0.0.1")
    port = publisher.publish("c1", {"5000/tcp": [{}]}, container_name="api")["5000/tcp"][0]["HostPort"]
    status, body, _ = get(int(port))
    assert status == 502 and b"only on 127.0.0.1" in body


def test_release_closes_the_listener(publisher):
    port = int(publisher.publish("c1", {"80/tcp": [{}]})["80/tcp"][0]["HostPort"])
    publisher.release("c1")
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_a_container_s_files_are_served_fresh_through_a_published_port(publisher):
    """busybox httpd in a container, published on 127.0.0.1: edit the file, fetch again."""
    fs = container({"/www/index.html": "<h1>one</h1>\n"})
    daemon = FakeDaemon()
    publisher.servers = daemon.servers
    host = daemon.add("c" * 64, "web", {"bridge": "172.17.0.2"})
    with Running(bbhttpd.main, fs, ["httpd", "-f", "-p", "80", "-h", "/www"], host, wait_for_port=80):
        port = int(publisher.publish("c" * 64, {"80/tcp": [{}]})["80/tcp"][0]["HostPort"])
        assert get(port)[:2] == (200, b"<h1>one</h1>\n")
        fs.write_bytes("/www/index.html", b"<h1>two</h1>\n")
        assert get(port)[:2] == (200, b"<h1>two</h1>\n")
        assert get(port, "/missing")[0] == 404
