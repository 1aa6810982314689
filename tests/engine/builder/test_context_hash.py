"""COPY's source hashes, which name the step in `docker history` and key its cache.

The expected values were read off Docker Engine 20.10.24 (`docker history --no-trunc`).
"""
import io
import tarfile

from dockyard.engine.builder.context import BuildContext, source_hash
from dockyard.engine.layer.tree import Dir, File, Writer

DOCKERFILE = (b'FROM busybox\nWORKDIR /app\nCOPY . /app\nRUN echo installing > deps.txt\nEXPOSE 80\n'
              b'CMD ["cat", "/app/msg.txt"]\n')
MSG = b"hello from the image\nchanged\n"


def _context(files, mode=0o644, mtime=0):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name, data in files:
            ti = tarfile.TarInfo(name)
            ti.size, ti.mode, ti.mtime = len(data), mode, mtime
            tf.addfile(ti, io.BytesIO(data))
    return BuildContext(buf.getvalue())


def test_a_context_file_hash_is_docker_s():
    ctx = _context([("Dockerfile", DOCKERFILE), ("msg.txt", MSG)])
    assert ctx.hash("msg.txt") == "file:dc1d256ca8f7469e490da03dd9ca8713656d76a95802b22f254c3abeb976a865"


def test_the_context_root_hashes_its_files_sorted_and_joined():
    ctx = _context([("Dockerfile", DOCKERFILE), ("msg.txt", MSG)])
    assert ctx.hash(".").startswith("dir:640b7ac36c4618b3c")


def test_mtime_does_not_change_the_hash_but_mode_does():
    a = _context([("msg.txt", MSG)], mtime=1)
    b = _context([("msg.txt", MSG)], mtime=99999)
    c = _context([("msg.txt", MSG)], mode=0o755)
    assert a.hash("msg.txt") == b.hash("msg.txt") != c.hash("msg.txt")


def test_a_file_from_another_stage_hashes_with_type_bits_and_names():
    w = Writer(Dir())
    w.set(["src"], Dir())
    w.set(["src", "out.bin"], File(b"artifact\n"))
    assert source_hash(w.root, "src/out.bin", context_file=False).startswith("file:5842c3ff2dbc4375")
