"""The course's container lessons, through the Engine API as docker-py drives it.

- containers of one image are isolated: a file written in one is absent in the other;
- a volume's data outlive the container that wrote them;
- a published port serves the container's own files over real HTTP, and changes show at once;
- one host port cannot be published twice;
- nothing a container does reaches the host: `..`, absolute links, `docker cp` of a link.
"""
import io
import tarfile
import urllib.request

import docker
import pytest

from hostports import free_port


def run(api, *cmd, **host):
    c = api.create_container("busybox", list(cmd), host_config=api.create_host_config(**host))
    api.start(c["Id"])
    status = api.wait(c["Id"])["StatusCode"]
    return c["Id"], status, api.logs(c["Id"]).decode()


def test_two_containers_of_one_image_are_isolated(api):
    run(api, "sh", "-c", "echo one > /n.txt")
    _, status, out = run(api, "cat", "/n.txt")
    assert status == 1
    assert "can't open '/n.txt': No such file or directory" in out


def test_a_volume_keeps_its_data_after_the_container_is_removed(api):
    api.create_volume("data")
    cid, status, _ = run(api, "sh", "-c", "echo kept > /data/f", binds=["data:/data"])
    assert status == 0
    api.remove_container(cid)
    _, _, out = run(api, "cat", "/data/f", binds=["data:/data"])
    assert out == "kept\n"


def test_a_published_port_serves_the_container_s_files_and_their_changes(api):
    port = free_port()
    c = api.create_container("busybox", ["httpd", "-f", "-p", "80", "-h", "/tmp"], ports=[80],
                             host_config=api.create_host_config(port_bindings={80: port}))
    api.start(c["Id"])
    try:
        ex = api.exec_create(c["Id"], ["sh", "-c", "echo first > /tmp/index.html"])
        api.exec_start(ex["Id"])
        url = f"http://127.0.0.1:{port}/index.html"
        assert urllib.request.urlopen(url, timeout=5).read() == b"first\n"
        ex = api.exec_create(c["Id"], ["sh", "-c", "echo second > /tmp/index.html"])
        api.exec_start(ex["Id"])
        assert urllib.request.urlopen(url, timeout=5).read() == b"second\n"
    finally:
        api.remove_container(c["Id"], force=True)


def test_a_host_port_is_published_once(api):
    port = free_port()
    first = api.create_container("busybox", ["sleep", "30"], ports=[80],
                                 host_config=api.create_host_config(port_bindings={80: port}))
    api.start(first["Id"])
    second = api.create_container("busybox", ["sleep", "30"], ports=[80],
                                  host_config=api.create_host_config(port_bindings={80: port}))
    with pytest.raises(docker.errors.APIError) as e:
        api.start(second["Id"])
    assert f"Bind for 127.0.0.1:{port} failed: port is already allocated" in str(e.value.explanation)
    api.remove_container(first["Id"], force=True)


@pytest.mark.parametrize("script", [
    "cat /../../../../etc/hostname-of-the-host",
    "ln -s /etc/shadow /tmp/s && cat /tmp/s",
    "cd /; cd ../../..; pwd",
])
def test_nothing_a_container_runs_reaches_the_host(api, script):
    _, _, out = run(api, "sh", "-c", script)
    assert "root:" not in out  # the host's /etc/shadow never shows
    if script.startswith("cd"):
        assert out == "/\n"


def test_docker_cp_of_a_link_gives_the_container_s_file(api, tmp_path):
    cid, _, _ = run(api, "ln", "-s", "/etc/passwd", "/link")
    stream, stat = api.get_archive(cid, "/link")
    with tarfile.open(fileobj=io.BytesIO(b"".join(stream))) as tf:
        member = tf.getmembers()[0]
        assert member.issym() and member.linkname == "/etc/passwd"  # a link is copied as a link, not followed
    # copying a tar with `..` entries into a container never writes outside its root
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        ti = tarfile.TarInfo("../../escape.txt")
        ti.size = 3
        tf.addfile(ti, io.BytesIO(b"bad"))
    api.put_archive(cid, "/tmp", buf.getvalue())
    assert not (tmp_path / "escape.txt").exists()


def test_nginx_serves_its_page_on_a_published_port_and_shows_changes_made_with_exec(api):
    api.pull("nginx", tag="latest")
    port = free_port()
    c = api.create_container("nginx", ports=[80], host_config=api.create_host_config(port_bindings={80: port}))
    api.start(c["Id"])
    try:
        url = f"http://127.0.0.1:{port}/"
        assert b"Welcome to nginx!" in urllib.request.urlopen(url, timeout=5).read()
        ex = api.exec_create(c["Id"], ["sh", "-c", "echo '<h1>changed</h1>' > /usr/share/nginx/html/index.html"])
        api.exec_start(ex["Id"])
        assert urllib.request.urlopen(url, timeout=5).read() == b"<h1>changed</h1>\n"
    finally:
        api.remove_container(c["Id"], force=True)
