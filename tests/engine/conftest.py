"""What the engine tests share: a daemon of the test's own, driven through the Engine API as
docker-py drives it (tests that need something else define their own `api`)."""
import pytest

from dockyard.engine.api.app import App
from dockyard.engine.api.inprocess import in_process_client
from dockyard.engine.daemon import Daemon


@pytest.fixture
def api(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKYARD_DEFAULT_BIND_IP", "127.0.0.1")  # tests reach published ports on loopback only
    daemon = Daemon(tmp_path / "home")
    client = in_process_client(App(daemon.routes(), daemon))
    yield client
    daemon.shutdown()
