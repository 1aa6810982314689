"""docker-py's own high-level API against the bundled engine's process, over its unix socket."""
import io
import tarfile
import threading

import docker
import pytest

from dockyard.engine import control
from dockyard.engine.home import resolve_home


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    home = resolve_home(tmp_path_factory.mktemp("home"))
    url = control.start(home)
    c = docker.DockerClient(base_url=url, version="1.41")
    yield c
    c.close()
    control.stop(home)


def test_build_run_logs_exec_archive_stop_remove(client):
    dockerfile = b'FROM busybox\nRUN echo built > /built.txt\nCMD ["sh", "-c", "cat /built.txt; sleep 60"]\n'
    image, log = client.images.build(fileobj=io.BytesIO(dockerfile), tag="pyapi:1", rm=True)
    assert "pyapi:1" in image.tags
    assert any("Successfully built" in line.get("stream", "") for line in log)

    container = client.containers.run("pyapi:1", detach=True, name="pyapi")
    try:
        assert container.wait  # a Container model
        code, out = container.exec_run(["cat", "/built.txt"])
        assert (code, out) == (0, b"built\n")

        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as tf:
            ti = tarfile.TarInfo("hello.txt")
            ti.size = 6
            tf.addfile(ti, io.BytesIO(b"hello\n"))
        assert container.put_archive("/tmp", buf.getvalue())
        stream, stat = container.get_archive("/tmp/hello.txt")
        with tarfile.open(fileobj=io.BytesIO(b"".join(stream))) as tf:
            assert tf.extractfile("hello.txt").read() == b"hello\n"
        assert stat["name"] == "hello.txt"

        assert container.logs() == b"built\n"
        container.stop(timeout=1)
        container.reload()
        assert container.status == "exited"
    finally:
        container.remove(force=True)
    assert not client.containers.list(all=True, filters={"name": "pyapi"})


def test_a_failing_build_raises_build_error(client):
    with pytest.raises(docker.errors.BuildError) as e:
        client.images.build(fileobj=io.BytesIO(b"FROM busybox\nRUN exit 3\n"))
    assert "returned a non-zero code: 3" in str(e.value)


def test_not_found_is_recognised_by_docker_py(client):
    with pytest.raises(docker.errors.ImageNotFound):
        client.images.get("nosuch:1")
    with pytest.raises(docker.errors.NotFound):
        client.containers.get("nosuch")


def test_volumes_and_networks(client):
    v = client.volumes.create("pydata", labels={"k": "v"})
    assert client.volumes.get("pydata").attrs["Labels"] == {"k": "v"}
    out = client.containers.run("busybox", ["sh", "-c", "echo x > /d/f; cat /d/f"], volumes={"pydata": {
        "bind": "/d", "mode": "rw"}}, remove=True)
    assert out == b"x\n"
    v.remove()
    net = client.networks.create("pynet")
    assert net.name in [n.name for n in client.networks.list()]
    net.remove()


def test_events_follow_container_changes(client):
    seen = []
    events = client.events(decode=True, filters={"type": "container"})

    def collect():
        for ev in events:
            seen.append(ev["Action"])
            if ev["Action"] == "destroy":
                return
    t = threading.Thread(target=collect)
    t.start()
    client.containers.run("busybox", ["true"], remove=True)
    t.join(10)
    events.close()
    assert {"create", "start", "die", "destroy"} <= set(seen)


def test_the_build_cache_prune_that_system_prune_calls_answers(client):
    # the classic builder keeps its cache as images, so there is nothing apart from them to free
    assert client.api.prune_builds() == {"CachesDeleted": None, "SpaceReclaimed": 0}
