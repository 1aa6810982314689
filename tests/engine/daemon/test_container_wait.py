"""POST /containers/{id}/wait: the wait is taken when the request arrives, as dockerd takes it.

The docker CLI asks for the wait before it starts a container (`docker run`, `docker start -a`) and starts it
once the status line is back; what the body then reports must be the run that start began.
"""
import docker
import pytest

from dockyard.engine.api.app import App
from dockyard.engine.api.inprocess import in_process_client
from dockyard.engine.daemon import Daemon

SECOND_RUN_EXITS_5 = ["sh", "-c", "test -f /ran && exit 5; touch /ran; exit 3"]


@pytest.fixture
def api(tmp_path):
    daemon = Daemon(tmp_path / "home")
    yield in_process_client(App(daemon.routes(), daemon))
    daemon.shutdown()


def request_wait(api, cid, condition):
    """The wait's response once its status line is in (its body comes when the condition holds)."""
    response = api._post(api._url("/containers/{0}/wait", cid), params={"condition": condition}, stream=True)
    api._raise_for_status(response)
    return response


def test_next_exit_is_the_exit_after_the_request_not_the_last_one(api):
    c = api.create_container("busybox", SECOND_RUN_EXITS_5)["Id"]
    api.start(c)
    assert api.wait(c)["StatusCode"] == 3
    waiting = request_wait(api, c, "next-exit")
    api.start(c)
    assert waiting.json() == {"StatusCode": 5, "Error": None}


def test_not_running_holds_at_once_for_a_stopped_container(api):
    c = api.create_container("busybox", SECOND_RUN_EXITS_5)["Id"]
    api.start(c)
    api.wait(c)
    waiting = request_wait(api, c, "not-running")
    api.start(c)
    assert waiting.json()["StatusCode"] == 3  # taken while the first run's status stood


def test_removed_reports_the_status_of_a_container_already_gone(api):
    c = api.create_container("busybox", ["sh", "-c", "exit 7"], host_config=api.create_host_config(auto_remove=True))
    waiting = request_wait(api, c["Id"], "removed")
    api.start(c["Id"])
    assert waiting.json()["StatusCode"] == 7
    with pytest.raises(docker.errors.NotFound, match="No such container"):
        api.inspect_container(c["Id"])
    with pytest.raises(docker.errors.NotFound, match="No such container"):
        request_wait(api, c["Id"], "removed")
