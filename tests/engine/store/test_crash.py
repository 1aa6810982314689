"""kill -9 at any moment leaves a store that opens and is consistent.

A writer process changes one store the way the engine's verbs do (build steps, tags, rmi with
parent pruning, containers holding layers) and is SIGKILLed at a random moment, several times
over the same store. After each kill the store is opened (which collects what the crash left)
and checked, then opened and checked again.
"""
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from dockyard.engine.image.image import ImageConfig
from dockyard.engine.image.store import open_image_store
from dockyard.engine.store.blobs import digest_of
from dockyard.engine.store.gc import referenced_digests

WRITER = Path(__file__).with_name("crash_writer.py")
ITERATIONS = 8


def check_consistent(root: Path) -> int:
    """Open the store and check every invariant; returns how many images it holds."""
    store = open_image_store(root)
    try:
        db = store.db
        assert db.scalar("PRAGMA integrity_check") == "ok"
        assert db.query("PRAGMA foreign_key_check") == []
        images = db.query("SELECT id, parent, chain_id FROM images")
        ids = {image_id for image_id, _, _ in images}
        for image_id, parent, top in images:
            config = store.blobs.read(image_id)  # every visible image has its config...
            assert digest_of(config) == image_id
            parsed = ImageConfig.from_json(config)
            assert parsed.chain_id() == top
            assert parent is None or parent in ids
            if top is not None:  # ... and every one of its layers, held by it
                chain = store.layers.chain(top)
                assert [layer.diff_id for layer in chain] == parsed.rootfs.diff_ids
                assert all(store.blobs.has(layer.diff_id) for layer in chain)
                assert image_id in store.layers.holders(top)
        for _, image_id in db.query("SELECT reference, image_id FROM image_references"):
            assert image_id in ids  # every tag points to an existing image
        layers = store.layers.all()
        children = {layer.parent for layer in layers.values()}
        for chain_id in layers:  # no layer without a reason to exist
            assert store.layers.holders(chain_id) or chain_id in children
        # garbage collected: no temp file, no blob that nothing names, no name without its blob
        assert not [n for n in os.listdir(store.blobs.root / "sha256") if n.startswith(".tmp-")]
        assert set(store.blobs.digests()) == referenced_digests(db)
        assert len(store.list()) == len(images)
        return len(images)
    finally:
        store.db.close()


def test_a_killed_writer_leaves_a_consistent_store(tmp_path):
    root = tmp_path / "store"
    pause = random.Random(20)
    for iteration in range(ITERATIONS):
        writer = subprocess.Popen([sys.executable, str(WRITER), str(root), str(iteration)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            assert writer.stdout.readline() == b"ready\n", writer.stderr.read().decode()
            time.sleep(pause.uniform(0.05, 0.4))
            assert writer.poll() is None, writer.stderr.read().decode()  # it was still writing
        finally:
            writer.send_signal(signal.SIGKILL)
            writer.wait()
            writer.stdout.close()
            writer.stderr.close()
        check_consistent(root)
        count = check_consistent(root)  # and a second open finds nothing more to repair
    assert count > 0  # the writers did get work done
