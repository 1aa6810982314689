"""`docker run` reports the container's exit status however fast the container ends.

The docker CLI asks for the wait before it starts the container and starts it only once the engine has
answered the wait's status line (waitExitOrRemoved). The bundled engine runs `sh -c 'exit 3'` in well under a
millisecond, so a client that started the container before its wait reached the engine would find a `--rm`
container already gone ("No such container").
"""
import time

import pytest

from dockyard.engine.api.app import App

from cli_driver import docker


@pytest.fixture
def slow_waits(in_process_engine, monkeypatch):
    """An in-process engine whose wait requests reach the daemon late, as on a loaded machine."""
    handle = App.handle

    def late_wait(app, request):
        if request.path.endswith("/wait"):
            time.sleep(0.2)
        return handle(app, request)

    monkeypatch.setattr(App, "handle", late_wait)


@pytest.mark.parametrize("rm", [["--rm"], []])
def test_run_exits_with_the_status_of_a_container_that_ends_at_once(slow_waits, rm):
    assert docker("run", *rm, "busybox", "sh", "-c", "echo out; echo err >&2; exit 3") == (3, "out\n", "err\n")


def test_a_removed_container_is_gone_once_run_returns(slow_waits):
    docker("run", "--rm", "--name", "brief", "busybox", "true")
    assert docker("ps", "-a", "--format", "{{.Names}}") == (0, "", "")
