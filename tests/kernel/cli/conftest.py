"""What the CLI tests share: the docker command line run in this process against a bundled engine
of the test's own."""
import pytest

from dockyard.kernel import client


@pytest.fixture
def in_process_engine(tmp_path, monkeypatch):
    """An in-process bundled engine in a fresh home (`DOCKYARD_HOME=tmp/home`), closed after the test."""
    monkeypatch.setenv("DOCKYARD_ENGINE", "in-process")
    monkeypatch.setenv("DOCKYARD_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    yield tmp_path
    for home, engine in list(client._in_process_engines.items()):
        # what a test left running is killed, not stopped: a `sleep` as PID 1 would hold the close 10 s
        for c in list(engine.daemon.containers.values()):
            if c.state.running:
                engine.daemon.container_kill(c.id, "SIGKILL")
        engine.close()
        del client._in_process_engines[home]


@pytest.fixture
def engine(in_process_engine, monkeypatch):
    """The engine, with the test's directory as the working directory and the classic builder."""
    monkeypatch.setenv("DOCKER_BUILDKIT", "0")
    monkeypatch.chdir(in_process_engine)
    return in_process_engine
