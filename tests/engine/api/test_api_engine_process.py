"""The engine process: one per DOCKYARD_HOME, started in the background, stopped by SIGTERM."""
from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import docker
import pytest

from dockyard.engine import control
from dockyard.engine.home import Home

from api_fake_daemon import SHUTDOWN_MARKER

FAKE = "api_fake_daemon:FakeDaemon"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh home; the engine processes started from it can import the fake daemon."""
    here = str(Path(__file__).parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
    home = Home(tmp_path / "home")
    yield home
    control.stop(home, timeout=10)


def engine_cli(home: Home, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dockyard.engine", "--home", str(home.root), *args],
                          capture_output=True, text=True, timeout=60)


def test_start_runs_a_private_engine_and_returns_its_url(home):
    url = control.start(home, daemon=FAKE)
    assert url == f"unix://{home.socket}"
    current = control.status(home)
    assert current.running and current.url == url and current.pid == int(home.pid.read_text())
    assert stat.S_IMODE(os.stat(home.socket).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(home.root).st_mode) == 0o700
    assert docker.APIClient(base_url=url, version="1.41").info()["DockerRootDir"] == str(home.root)
    assert "API listen on " + url in control.logs(home)


def test_one_engine_per_home(home):
    control.start(home, daemon=FAKE)
    with pytest.raises(control.AlreadyRunning, match="an engine is already running for .*home \\(pid \\d+\\)"):
        control.start(home, daemon=FAKE)
    second = engine_cli(home, "serve", "--daemon", FAKE)
    assert second.returncode == 1
    assert second.stderr.startswith(f"dockyard engine: an engine is already running for {home.root} (pid ")


def test_stop_shuts_the_daemon_down_and_cleans_up(home):
    control.start(home, daemon=FAKE)
    assert control.stop(home) is True
    assert not control.status(home).running
    assert (home.root / SHUTDOWN_MARKER).read_text() == "stopped containers\n"
    assert not any(path.exists() for path in (home.socket, home.pid, home.url))
    assert "Daemon shutdown complete" in control.logs(home)
    assert control.stop(home) is False


def test_files_left_by_a_crashed_engine_are_cleared(home):
    home.create()
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(home.socket))
    stale.close()  # a socket file nobody listens on
    home.pid.write_text("999999\n")
    home.url.write_text("unix:///nowhere\n")
    assert not control.status(home).running
    url = control.start(home, daemon=FAKE)
    assert docker.APIClient(base_url=url, version="1.41").ping()


def test_an_engine_killed_outright_leaves_its_home_usable(home):
    control.start(home, daemon=FAKE)
    os.kill(control.status(home).pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while control.status(home).running and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not control.status(home).running
    url = control.start(home, daemon=FAKE)
    assert docker.APIClient(base_url=url, version="1.41").ping()


@pytest.mark.parametrize("daemon", [FAKE, "api_fake_daemon:SlowStartingDaemon"])
def test_clients_starting_it_at_once_share_one_engine(home, daemon):
    urls, failures = [], []

    def client():
        try:
            urls.append(control.ensure_running(home, daemon=daemon))
        except Exception as e:  # noqa: BLE001 - the assertion below shows it
            failures.append(e)

    threads = [threading.Thread(target=client) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert urls == [f"unix://{home.socket}"] * 6
    assert control.ensure_running(home, daemon=daemon) == urls[0]


def test_a_daemon_that_cannot_start_is_reported_with_its_log(home):
    with pytest.raises(control.StartFailed, match="(?s)did not start.*no_such_module"):
        control.start(home, daemon="no_such_module:Daemon")
    assert not control.status(home).running


def test_the_command_line(home):
    started = engine_cli(home, "start", "--daemon", FAKE)
    assert started.returncode == 0 and started.stdout.splitlines()[-1] == f"unix://{home.socket}"
    status = engine_cli(home, "status")
    assert status.returncode == 0 and status.stdout.startswith("dockyard engine is running (pid ")
    assert "API listen on" in engine_cli(home, "logs").stdout
    assert engine_cli(home, "stop").returncode == 0
    stopped = engine_cli(home, "status")
    assert (stopped.returncode, stopped.stdout) == (1, f"dockyard engine is not running (home {home.root})\n")


def test_over_loopback_tcp_every_request_needs_the_token(home):
    from dockyard.kernel.client import bundled_engine_client

    engine = subprocess.Popen([sys.executable, "-m", "dockyard.engine", "--home", str(home.root), "serve", "--tcp",
                               "--daemon", FAKE], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = engine.stdout.readline().strip()
        assert url.startswith("tcp://127.0.0.1:") and home.url.read_text().strip() == url
        assert stat.S_IMODE(os.stat(home.token).st_mode) == 0o600
        assert bundled_engine_client(url, home).version()["Version"] == "20.10.24+dfsg1"
        with pytest.raises(docker.errors.APIError) as refused:
            docker.APIClient(base_url=url, version="1.41").version()
        assert refused.value.status_code == 401
    finally:
        engine.send_signal(signal.SIGTERM)
        assert engine.wait(30) == 0
    assert not home.token.exists()
