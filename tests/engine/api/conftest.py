"""Fixtures for the Engine API transport: an App over the fake daemon, a live unix-socket server."""
from __future__ import annotations

import pytest

from dockyard.engine.api import make_app
from dockyard.engine.api.server import Server

from api_fake_daemon import FakeDaemon


@pytest.fixture
def daemon(tmp_path):
    return FakeDaemon(tmp_path)


@pytest.fixture
def app(daemon):
    return make_app(daemon)


@pytest.fixture
def server(app, tmp_path):
    """The API served on a unix socket in a background thread."""
    server = Server.on_unix_socket(app, str(tmp_path / "engine.sock"))
    thread = server.start()
    yield server
    server.shutdown()
    thread.join(5)
    server.close()
