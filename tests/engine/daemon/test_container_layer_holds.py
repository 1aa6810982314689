"""A container holds its image's layers, as its read-write layer does in moby.

- `rmi -f` of an image a stopped container uses deletes the image but no layer: the container
  still starts, diffs and exports; its layers go when the container goes;
- an engine that starts again takes the holds of containers recorded without one, and drops
  holds in the name of containers that no longer exist.
"""
import pytest

from dockyard.engine.daemon import Daemon


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


def build(daemon, tag, dockerfile):
    import io
    import tarfile
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        data = dockerfile.encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    from dockyard.engine.builder.builder import Options
    messages = list(daemon.build(buf.getvalue(), Options(tags=[tag], dockerfile="Dockerfile")))
    assert not [m for m in messages if "error" in m], messages
    return daemon.images.lookup(tag)


def test_a_forced_rmi_leaves_the_container_its_layers(home):
    daemon = Daemon(home)
    image_id = build(daemon, "made:1", "FROM busybox\nRUN echo made > /made.txt\n")
    cid = daemon.container_create({"Image": "made:1", "Cmd": ["cat", "/made.txt"]})["Id"]
    records = daemon.image_delete("made:1", force=True)
    assert records == [{"Untagged": "made:1"}, {"Deleted": image_id}]  # no layer went with it
    fs = daemon.container_base(daemon.get_container(cid))
    assert fs.children["made.txt"] is not None
    top = daemon.get_container(cid).layer_chain
    daemon.container_remove(cid)
    assert top not in daemon.images.layers.all()  # the last holder gone, the layer goes
    daemon.shutdown()


def test_holds_are_mended_when_the_engine_starts(home):
    daemon = Daemon(home)
    cid = daemon.container_create({"Image": "busybox", "Cmd": ["true"]})["Id"]
    c = daemon.get_container(cid)
    top = c.layer_chain
    daemon.images.layers.release(top, cid)  # as a record written before holds existed
    c.layer_chain = None
    c.save()
    daemon.images.layers.acquire(top, "f" * 64)  # a container that never got its record written
    daemon.shutdown()

    again = Daemon(home)
    assert sorted(again.images.layers.holders(top)) == sorted([cid] + [h for h in again.images.layers.holders(top)
                                                                       if h.startswith("sha256:")])
    assert again.get_container(cid).layer_chain == top
    again.shutdown()
