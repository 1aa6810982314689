"""Generated files in layer tars: stored compactly, read back whole, and real tars for any tool.

A file whose content is generated (a simulated program, declared-size bulk) is written as a GNU
sparse file that is all hole, plus a record naming its generator. The tar stays small whatever
the file's size; `apply_tar` gives back the same generated file; Docker's size of the layer and
any tar reader see the true size; `expand_tar` writes the full bytes.
"""
from __future__ import annotations

import io
import tarfile

from dockyard.engine.layer.store import tar_diff_size
from dockyard.engine.layer.tar import GENERATOR_RECORD, apply_tar, diff_tar, expand_tar, tree_tar
from dockyard.engine.layer.tree import Dir, File, Writer, generated_bytes
from dockyard.engine.userland.exec import make_binary

GIGABYTE = 1_000_000_000


def _tree() -> Dir:
    w = Writer(Dir())
    w.set(["usr"], Dir())
    w.set(["usr", "node"], make_binary("node", GIGABYTE))
    w.set(["usr", "lib.so"], File(None, size=3000, generator="bulk:/usr/lib.so"))
    w.set(["usr", "notes.txt"], File(b"real bytes\n"))
    w.set(["usr", "x" * 150], File(None, size=10, generator="bulk:long"))
    return w.root


def test_a_gigabyte_of_generated_content_takes_a_few_kilobytes():
    assert len(tree_tar(_tree())) < 20_000


def test_generated_files_come_back_as_generated_files():
    root = apply_tar(Dir(), tree_tar(_tree()))
    usr = root.children["usr"]
    node = usr.children["node"]
    assert (node.data, node.size, node.generator, oct(node.mode)) == (None, GIGABYTE, "program:node", "0o100755")
    assert usr.children["lib.so"].generator == "bulk:/usr/lib.so"
    assert usr.children["x" * 150].size == 10
    assert usr.children["notes.txt"].data == b"real bytes\n"


def test_docker_counts_the_true_size(tmp_path):
    path = tmp_path / "layer.tar"
    path.write_bytes(tree_tar(_tree()))
    assert tar_diff_size(path) == GIGABYTE + 3000 + len(b"real bytes\n") + 10


def test_any_tar_reader_sees_a_sparse_file_of_the_true_size():
    with tarfile.open(fileobj=io.BytesIO(tree_tar(_tree()))) as tf:
        member = tf.getmember("usr/lib.so")
        assert (member.size, member.sparse, member.pax_headers[GENERATOR_RECORD]) == \
            (3000, [(3000, 0)], "bulk:/usr/lib.so")
        assert tf.extractfile(member).read() == bytes(3000)  # a hole reads as zeros


def test_changed_generated_files_are_compact_in_a_diff_too():
    base = Dir()
    new = Writer(base)
    new.set(["big"], File(None, size=500_000_000, generator="bulk:big"))
    data = diff_tar(base, new.root)
    assert len(data) <= 10_240  # one tar record
    assert apply_tar(Dir(), data).children["big"].size == 500_000_000


def test_expand_tar_writes_the_generated_bytes_and_keeps_the_rest():
    w = Writer(Dir())
    w.set(["prog"], make_binary("hello", 3_000_000))
    w.set(["readme"], File(b"hi\n"))
    expanded = b"".join(expand_tar(tree_tar(w.root)))
    with tarfile.open(fileobj=io.BytesIO(expanded)) as tf:
        prog = tf.getmember("prog")
        assert prog.sparse is None and GENERATOR_RECORD not in prog.pax_headers
        assert tf.extractfile(prog).read() == generated_bytes("program:hello", 3_000_000)
        assert tf.extractfile("readme").read() == b"hi\n"
