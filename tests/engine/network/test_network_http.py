"""The engine's in-process HTTP: who listens where, and where a name leads from inside a container."""
import errno

import pytest

from dockyard.engine.network import http
from dockyard.engine.userland.process import Host, Process

from netkit import FakeDaemon, container


def ok(request):
    return http.Response(200, [], b"ok")


def test_a_port_holds_one_server_per_container():
    registry = http.ServerRegistry()
    entry = registry.register("c1", 80, ok, "nginx")
    with pytest.raises(OSError) as e:
        registry.register("c1", 80, ok, "httpd")
    assert e.value.errno == errno.EADDRINUSE
    registry.register("c2", 80, ok)  # another container has its own ports
    registry.unregister(entry)
    assert registry.lookup("c1", 80) is None
    assert registry.lookup("c2", 80) is not None


def test_a_server_bound_to_loopback_is_reachable_only_from_its_container():
    registry = http.ServerRegistry()
    registry.register("c1", 5000, ok, "python (Flask)", address="127.0.0.1")
    assert registry.lookup("c1", 5000, local=True) is not None
    assert registry.lookup("c1", 5000) is None
    assert registry.bound("c1", 5000).address == "127.0.0.1"


def test_clear_closes_every_port_of_a_stopped_container():
    registry = http.ServerRegistry()
    registry.register("c1", 80, ok)
    registry.register("c1", 443, ok)
    registry.register("c2", 80, ok)
    registry.clear("c1")
    assert registry.listening("c1") == [] and len(registry.listening("c2")) == 1


def test_without_a_daemon_a_container_keeps_its_own_registry():
    proc = Process(container(), ["x"], host=Host(container_id="c1"))
    assert http.registry_for(proc) is http.registry_for(proc)
    assert http.registry_for(Process(container(), ["x"])) is not http.registry_for(proc)


@pytest.fixture
def network():
    """web (172.18.0.2) and app (172.18.0.3) on the user network `net`; lone (172.17.0.5) on the bridge."""
    daemon = FakeDaemon()
    hosts = {"web": daemon.add("w" * 64, "web", {"net": "172.18.0.2"}),
             "app": daemon.add("a" * 64, "app", {"net": "172.18.0.3"}),
             "lone": daemon.add("l" * 64, "lone", {"bridge": "172.17.0.5"})}
    return daemon, hosts


@pytest.mark.parametrize("name, container_id, address, client", [
    ("localhost", "w" * 64, "127.0.0.1", "127.0.0.1"),
    ("127.0.0.1", "w" * 64, "127.0.0.1", "127.0.0.1"),
    ("app", "a" * 64, "172.18.0.3", "172.18.0.2"),  # by name on a user-defined network
    ("aaaaaaaaaaaa", "a" * 64, "172.18.0.3", "172.18.0.2"),  # by short ID
    ("172.18.0.3", "a" * 64, "172.18.0.3", "172.18.0.2"),
    ("172.17.0.5", None, "172.17.0.5", "172.18.0.2"),  # another network: no route
])
def test_names_resolve_as_docker_dns_resolves_them(network, name, container_id, address, client):
    daemon, hosts = network
    peer = http.resolve(Process(container(), ["wget"], host=hosts["web"]), name)
    assert (peer.container_id, peer.address, peer.client) == (container_id, address, client)


def test_an_unknown_name_is_a_bad_address(network):
    daemon, hosts = network
    with pytest.raises(http.BadAddress):
        http.resolve(Process(container(), ["wget"], host=hosts["lone"]), "web")  # no DNS on the default bridge


def test_reaching_a_port_nobody_listens_on_is_refused(network):
    daemon, hosts = network
    proc = Process(container(), ["wget"], host=hosts["web"])
    with pytest.raises(http.ConnectError) as e:
        http.reach(proc, http.resolve(proc, "app"), 80)
    assert e.value.errno == errno.ECONNREFUSED
    with pytest.raises(http.ConnectError) as e:
        http.reach(proc, http.resolve(proc, "172.17.0.5"), 80)
    assert e.value.errno == errno.EHOSTUNREACH


def test_a_request_reaches_the_other_containers_server_with_the_callers_address(network):
    daemon, hosts = network
    daemon.servers.register("a" * 64, 3000,
                            lambda r: http.Response(200, [], f"{r.method} {r.path} {r.client}".encode()))
    proc = Process(container(), ["wget"], host=hosts["web"])
    peer = http.resolve(proc, "app")
    response = http.send(http.reach(proc, peer, 3000), peer, http.Request("GET", "/x%20y?q=1"))
    assert response.body == b"GET /x y 172.18.0.2"
    assert response.status_line == "HTTP/1.1 200 OK"
