"""A build killed with SIGKILL at any moment leaves a store that opens, lists consistently, shows no
partial image, and builds again."""
import importlib.util
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from dockyard.engine.builder.builder import Options
from dockyard.engine.daemon import Daemon

WRITER = Path(__file__).with_name("build_writer.py")


def _kill_at_random(home: str, rng: random.Random) -> None:
    proc = subprocess.Popen([sys.executable, str(WRITER), home], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.3, 1.5))
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _check_consistent(home: str) -> Daemon:
    daemon = Daemon(home)
    store = daemon.images
    for row in daemon.image_list(all_=True):
        image = store.get(row["Id"])  # the config blob is there and parses
        if image.chain_id:
            for layer in store.layers.chain(image.chain_id):
                assert store.blobs.has(layer.diff_id), f"layer {layer.chain_id} of {row['Id']} has no data"
        for tag in row["RepoTags"] or []:
            assert store.lookup(tag) == row["Id"]
        daemon.image_tree(row["Id"])  # every image's filesystem can be put together
    return daemon


def test_builds_killed_at_random_points_leave_a_consistent_store(tmp_path):
    rng = random.Random(int(os.environ.get("CRASH_SEED", "1")))
    home = str(tmp_path / "home")
    for _ in range(4):
        _kill_at_random(home, rng)
        _check_consistent(home)
    daemon = _check_consistent(home)
    messages = list(daemon.build(_writer().context(12345), Options(tags=["crash:after"])))
    assert not [m for m in messages if "error" in m], messages
    assert any(m.get("stream", "").startswith("Successfully tagged crash:after") for m in messages)
    assert daemon.images.lookup("crash:after")


def _writer():
    spec = importlib.util.spec_from_file_location("build_writer", WRITER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
