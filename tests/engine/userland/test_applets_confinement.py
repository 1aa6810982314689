"""No applet reaches the host: every path, `..` and symlink target is the container's.

The container's /etc/passwd holds only root and nobody, so reading it proves which file was read;
names written under /tmp are checked on the host too, where they must not appear.
"""
from __future__ import annotations

import io
import os
import tarfile
import uuid

import pytest

from applet_harness import container, link, run
from dockyard.engine.container.rootfs import HostBackend

CONTAINER_PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n"


@pytest.mark.parametrize("argv", [
    ["cat", "/../../etc/passwd"],
    ["cat", "../../../../../../etc/passwd"],
    ["cat", "x"],  # x -> /etc/passwd: the container's
    ["cat", "up/etc/passwd"],  # up -> ../../../..: stops at the container's root
    ["sed", "-n", "p", "/../etc/passwd"],
    ["head", "-n", "5", "x"],
    ["sort", "-r", "-r", "x"],
    ["awk", "{print}", "/../../etc/passwd"],
    ["grep", "", "x"],
])
def test_reads_resolve_inside_the_container(argv):
    result = run(argv, {"x": link("/etc/passwd"), "up": link("../../../..")})
    assert (result.out, result.status) == (CONTAINER_PASSWD, 0)


def test_the_hosts_secret_files_are_not_there():
    result = run(["cat", "/../../etc/shadow"])
    assert result.err == "cat: can't open '/../../etc/shadow': No such file or directory\n"
    assert run(["ls", "/root/../../../"]).out == "bin\ndev\netc\nhome\nproc\nroot\nsys\ntmp\nusr\nvar\nw\n"
    assert run(["realpath", "/../../.."]).out == "/\n"
    assert run(["readlink", "-f", "up"], {"up": link("../../../..")}).out == "/\n"


def test_find_walks_only_the_container():
    assert run(["find", "/", "-name", "passwd", "-type", "f"]).out == "/etc/passwd\n"


@pytest.fixture
def host_name():
    name = f"dockyard-confinement-{uuid.uuid4().hex}"
    yield name
    assert not os.path.exists(f"/tmp/{name}"), "an applet wrote to the host"


@pytest.mark.parametrize("script", [
    "touch /../../tmp/{n}",
    "echo data | tee ../../../../tmp/{n}",
    "cp /etc/passwd /../../../tmp/{n}",
    "mkdir -p /../tmp/{n}/sub",
    "ln -s /etc/passwd /../../tmp/{n}",
    "echo x > /tmp/f && mv /tmp/f /../../tmp/{n}",
    "echo x > /tmp/f && gzip -c /tmp/f > /../tmp/{n}",
    "tar -cf /../../tmp/{n} /etc",
])
def test_writes_resolve_inside_the_container(script, host_name):
    result = run(["sh", "-c", script.format(n=host_name)])
    assert result.status == 0, result.err
    assert result.fs.exists(f"/tmp/{host_name}", follow=False)


def test_tar_extracts_only_into_the_container(host_name):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, kind, target in [("root", tarfile.SYMTYPE, "/"), ("tmp", tarfile.SYMTYPE, "/tmp")]:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            archive.addfile(info)
        for name in (f"root/tmp/{host_name}", f"../../../../{host_name}-2", f"/abs/{host_name}-3"):
            data = b"owned"
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    result = run(["tar", "-xf", "evil.tar"], {"evil.tar": buffer.getvalue()})
    assert result.status == 0
    assert result.fs.read_bytes(f"/tmp/{host_name}") == b"owned"  # through the links, in the container
    assert result.file(f"{host_name}-2") == "owned"  # ../ stripped: under the working directory
    assert result.file(f"abs/{host_name}-3") == "owned"  # / stripped too
    assert result.err == "tar: removing leading '../' from member names\n"


def test_a_bind_mounts_own_symlinks_point_into_the_container(tmp_path):
    (tmp_path / "note").write_text("from the volume\n")
    os.symlink("/etc", tmp_path / "escape")  # an absolute link written on the host
    fs = container()
    fs.mkdir("/vol")
    fs.mount("/vol", HostBackend(str(tmp_path)))
    assert run(["cat", "/vol/note"], fs=fs).out == "from the volume\n"
    assert run(["cat", "/vol/escape/passwd"], fs=fs).out == CONTAINER_PASSWD
    result = run(["cp", "/etc/passwd", "/vol/escape/copied"], fs=fs)
    assert result.status == 0 and fs.exists("/etc/copied")
    assert not os.path.exists("/etc/copied")


def test_moving_out_of_a_volume_copies_across_the_mount(tmp_path):
    (tmp_path / "data").write_text("kept\n")
    fs = container()
    fs.mkdir("/vol")
    fs.mount("/vol", HostBackend(str(tmp_path)))
    result = run(["mv", "/vol/data", "/w/data"], fs=fs)
    assert (result.err, result.status) == ("", 0)
    assert fs.read_bytes("/w/data") == b"kept\n" and not (tmp_path / "data").exists()
