"""A store writer for test_crash: changes the store as the engine's verbs do, forever, until killed.

Usage: python crash_writer.py STORE_DIR SEED. Prints "ready" once the store is open.
"""
import contextlib
import io
import random
import sys
import tarfile

from dockyard.engine.image.image import scratch
from dockyard.engine.image.runconfig import ContainerConfig
from dockyard.engine.image.store import ImageStore, open_image_store

NAMES = ["app", "app:v1", "web:2", "dyonyon/trade", "localhost:5000/team/api:1"]


def layer_tar(rng: random.Random) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for i in range(rng.randint(1, 4)):
            # a small content pool, so that layers and whole chains get shared between images
            data = rng.choice([b"", b"shared\n", b"x" * rng.randint(1, 50_000)])
            info = tarfile.TarInfo(f"dir{rng.randint(0, 2)}/file{i}")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        if rng.random() < 0.3:
            tf.addfile(tarfile.TarInfo(".wh.removed"))
    return buf.getvalue()


def build_step(store: ImageStore, rng: random.Random) -> None:
    """A build step: maybe a layer on top of an existing image, then the step's image.

    Half the time both happen in one transaction; otherwise a kill may fall between them and leave a
    layer nothing holds, which opening the store must collect.
    """
    images = [row.id for row in store.list()]
    parent = rng.choice(images) if images and rng.random() < 0.8 else None
    base = store.get(parent).config if parent else scratch()
    with store.db.transaction() if rng.random() < 0.5 else contextlib.nullcontext():
        diff_id = None
        if rng.random() < 0.7:
            diff_id = store.layers.register(layer_tar(rng), base.chain_id()).diff_id
        config = base.new_child(diff_id=diff_id, container_config=ContainerConfig(cmd=["/bin/sh", "-c", "step"]),
                                config=ContainerConfig(cmd=["sh"]), docker_version="20.10.24")
        store.create(config.to_json(), parent)


def remove_image(store: ImageStore, rng: random.Random) -> None:
    """docker rmi: untag, delete, then delete parents left untagged and childless, in one transaction."""
    leaves = [row.id for row in store.list() if not row.has_children]
    if not leaves:
        return
    with store.db.transaction():
        image_id = rng.choice(leaves)
        while image_id is not None:
            parent = store.parent(image_id)
            for ref in store.references(image_id):
                store.untag(ref)
            store.delete(image_id)
            if parent is None or store.children(parent) or store.references(parent):
                break
            image_id = parent


def hold_or_release(store: ImageStore, rng: random.Random) -> None:
    """A container taking or dropping its image's layers."""
    held = store.db.query("SELECT chain_id, holder FROM layer_holders WHERE holder LIKE 'container:%'")
    if held and rng.random() < 0.5:
        store.layers.release(*rng.choice(held))
        return
    tops = [row[0] for row in store.db.query("SELECT chain_id FROM images WHERE chain_id IS NOT NULL")]
    if tops:
        store.layers.acquire(rng.choice(tops), f"container:{rng.randint(0, 5)}")


def main(root: str, seed: int) -> None:
    store = open_image_store(root)
    rng = random.Random(seed)
    print("ready", flush=True)
    while True:
        roll = rng.random()
        images = store.list()
        if roll < 0.45 or not images:
            build_step(store, rng)
        elif roll < 0.65:
            store.tag(rng.choice(images).id, rng.choice(NAMES))
        elif roll < 0.72:
            refs = [ref for row in images for ref in row.repo_tags]
            if refs:
                store.untag(rng.choice(refs))
        elif roll < 0.9:
            remove_image(store, rng)
        else:
            hold_or_release(store, rng)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
