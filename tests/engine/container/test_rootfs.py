"""A container's filesystem: copy-on-write over its image, and no way out of it."""
import errno
import os

import pytest

from dockyard.engine.catalog import busybox
from dockyard.engine.container.rootfs import HostBackend, RootFS
from dockyard.engine.layer.tar import apply_tar, diff_tar
from dockyard.engine.layer.tree import changes


@pytest.fixture(scope="module")
def image():
    return busybox.tree()


def test_two_containers_of_one_image_do_not_see_each_others_files(image):
    a, b = RootFS(image), RootFS(image)
    a.write_bytes("/n.txt", b"one\n")
    assert a.read_bytes("/n.txt") == b"one\n"
    assert not b.exists("/n.txt")
    assert image.children.get("n.txt") is None


def test_changes_are_what_docker_diff_lists(image):
    fs = RootFS(image)
    fs.write_bytes("/tmp/f.txt", b"data\n")
    fs.write_bytes("/h.txt", b"host\n")
    assert [(k, p) for k, p, _ in changes(image, fs.tree)] == [("A", "/h.txt"), ("C", "/tmp"), ("A", "/tmp/f.txt")]


def test_a_deletion_is_a_whiteout_in_the_layer_tar(image):
    fs = RootFS(image)
    fs.unlink("/etc/group")
    layer = diff_tar(image, fs.tree)
    rebuilt = apply_tar(image, layer)
    assert "group" not in rebuilt.children["etc"].children
    assert "passwd" in rebuilt.children["etc"].children


@pytest.mark.parametrize("path", ["/../../../etc/hostname-of-host", "/tmp/../../..", "../../"])
def test_dotdot_never_climbs_above_the_root(image, path):
    fs = RootFS(image)
    assert fs.realpath(path).startswith("/")
    assert fs.realpath("/../..") == "/"


def test_absolute_symlinks_resolve_inside_the_container(image):
    fs = RootFS(image)
    fs.symlink("/etc/passwd", "/tmp/link")
    assert fs.read_bytes("/tmp/link") == busybox.PASSWD


def test_symlink_cycles_are_eloop(image):
    fs = RootFS(image)
    fs.symlink("/b", "/a")
    fs.symlink("/a", "/b")
    with pytest.raises(OSError) as e:
        fs.read_bytes("/a")
    assert e.value.errno == errno.ELOOP


def test_a_bind_mount_is_entered_only_at_its_mount_point(image, tmp_path):
    host = tmp_path / "site"
    host.mkdir()
    (host / "index.html").write_text("hi")
    os.symlink("/etc/passwd", host / "escape")  # a host symlink pointing at the host's /etc/passwd
    fs = RootFS(image)
    fs.mkdir("/srv")
    fs.mount("/srv", HostBackend(str(host)))
    assert fs.read_bytes("/srv/index.html") == b"hi"
    # the link is resolved in the container: it reads the container's /etc/passwd, never the host's
    assert fs.read_bytes("/srv/escape") == busybox.PASSWD
    assert fs.realpath("/srv/../..") == "/"


def test_read_only_mounts_refuse_writes(image, tmp_path):
    fs = RootFS(image)
    fs.mkdir("/data")
    fs.mount("/data", HostBackend(str(tmp_path), readonly=True))
    with pytest.raises(OSError) as e:
        fs.write_bytes("/data/x", b"")
    assert e.value.errno == errno.EROFS


def test_dev_null_swallows_and_dev_zero_gives_zeros(image):
    fs = RootFS(image)
    fs.write_bytes("/dev/null", b"gone")
    assert fs.read_bytes("/dev/null") == b""
    assert set(fs.read_bytes("/dev/zero")[:16]) == {0}
