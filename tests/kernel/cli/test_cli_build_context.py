"""What the docker CLI puts in a build context: a socket cannot be archived, so docker logs it and builds on."""
import re
import socket

from cli_driver import docker


def test_a_socket_in_the_context_is_logged_and_left_out(engine, tmp_path):
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "Dockerfile").write_text("FROM busybox\nCOPY . /ctx\nRUN ls /ctx\n")
    (context / "kept.txt").write_text("kept\n")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(context / "app.sock"))
    try:
        code, out, err = docker("build", str(context))
    finally:
        listener.close()
    assert code == 0
    assert re.search(r'^time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)" level=error '
                     rf'msg="Can\'t add file {context}/app\.sock to tar: archive/tar: sockets not supported"$',
                     err, re.M)
    assert "Dockerfile\nkept.txt\n" in out and "app.sock" not in out
