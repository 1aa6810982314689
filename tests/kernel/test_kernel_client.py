"""kernel/client.connect: docker-py for a real engine (DOCKER_HOST, --host) or for the bundled one."""
from __future__ import annotations

import docker
import pytest

from dockyard.engine.api import make_app
from dockyard.engine.api.routes import system
from dockyard.engine.api.server import Server
from dockyard.kernel.client import ENGINE_IN_PROCESS, connect


class TinyDaemon:
    """The least a daemon offers: the system routes and a little system info."""

    def __init__(self, home):
        self.home = home

    def routes(self):
        return system.ROUTES

    def system_info(self):
        return {"ID": "TINY"}

    def shutdown(self):
        pass


@pytest.fixture
def engine_url(tmp_path):
    server = Server.on_unix_socket(make_app(TinyDaemon(tmp_path)), str(tmp_path / "other.sock"))
    thread = server.start()
    yield server.url
    server.shutdown()
    thread.join(5)
    server.close()


def test_a_host_given_is_used_with_a_negotiated_api_version(engine_url, monkeypatch):
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    client = connect(engine_url)
    assert client.api_version == "1.41" and client.info()["ID"] == "TINY"


def test_docker_host_from_the_environment_is_used(engine_url, monkeypatch):
    monkeypatch.setenv("DOCKER_HOST", engine_url)
    assert connect().info()["ID"] == "TINY"


def test_an_unreachable_host_is_a_docker_error(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    with pytest.raises(docker.errors.DockerException):
        connect(f"unix://{tmp_path}/nothing.sock")


def test_the_bundled_engine_can_run_in_this_process(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.setattr("dockyard.engine.control.DEFAULT_DAEMON", "test_kernel_client:TinyDaemon")
    client = connect(engine=ENGINE_IN_PROCESS, home=tmp_path)
    assert client.info()["ID"] == "TINY"
    assert connect(engine=ENGINE_IN_PROCESS, home=tmp_path).ping()  # the same engine, not a second one


def test_an_unknown_engine_kind_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    with pytest.raises(ValueError, match="unknown engine 'docker-in-docker'"):
        connect(engine="docker-in-docker", home=tmp_path)
