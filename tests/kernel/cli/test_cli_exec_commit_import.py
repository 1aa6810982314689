"""exec's start failures, commit's changes and import, as Docker 20.10 with docker CLI 28 has them.

- an exec that cannot start (no such command, no such working directory, no such user) writes
  the runtime's error on stdout and ends with status 126, whatever the cause;
- `commit --change` takes CMD ENTRYPOINT HEALTHCHECK ENV EXPOSE LABEL ONBUILD USER VOLUME WORKDIR,
  read as one Dockerfile against the container's config (relative WORKDIR, $VAR expansion);
- `import` makes a one-layer image with no parent and an empty config but for its changes;
  its history says "Imported from -" unless -m says otherwise.
"""
import io
import tarfile

import pytest

from cli_driver import docker


@pytest.fixture
def engine(engine):
    assert docker("run", "-d", "--name", "box", "busybox", "sleep", "300")[0] == 0
    return engine


OCI = "OCI runtime exec failed: exec failed: unable to start container process: "


@pytest.mark.parametrize("argv, message", [
    (["nosuch"], OCI + 'exec: "nosuch": executable file not found in $PATH: unknown'),
    (["/etc/passwd"], OCI + 'exec: "/etc/passwd": permission denied: unknown'),
    (["-w", "/nonexistent", "pwd"],
     OCI + 'chdir to cwd ("/nonexistent") set in config.json failed: no such file or directory: unknown'),
    (["-u", "ghost", "id"], "unable to find user ghost: no matching entries in passwd file"),
])
def test_an_exec_that_cannot_start_says_why_on_stdout_with_status_126(engine, argv, message):
    code, out, _ = docker("exec", *argv[:-1], "box", argv[-1]) if argv[0].startswith("-") else \
        docker("exec", "box", *argv)
    assert (code, out) == (126, message + "\r\n")


def test_exec_env_without_a_value_unsets_and_a_bare_uid_is_in_group_0(engine, monkeypatch):
    monkeypatch.delenv("KEEP", raising=False)  # so the client sends the bare name
    docker("run", "-d", "--name", "kept", "-e", "KEEP=1", "busybox", "sleep", "300")
    assert docker("exec", "-e", "A=1", "-e", "KEEP", "kept", "sh", "-c", "echo $A-${KEEP-unset}")[1] == "1-unset\n"
    assert docker("exec", "kept", "sh", "-c", "echo ${KEEP-unset}")[1] == "1\n"
    assert docker("exec", "-u", "4242", "box", "id")[1] == "uid=4242 gid=0(root) groups=0(root)\n"


def test_commit_changes_are_one_dockerfile_applied_to_the_config(engine):
    code, _, err = docker("commit", "-c", "ENV BASE=/srv", "-c", "WORKDIR $BASE", "-c", "WORKDIR app",
                          "-c", "EXPOSE 8080", "-c", 'CMD ["pwd"]', "box", "changed")
    assert (code, err) == (0, "")
    assert docker("run", "--rm", "changed")[1] == "/srv/app\n"
    assert docker("inspect", "--format", "{{json .Config.ExposedPorts}}", "changed")[1] == '{"8080/tcp":{}}\n'


@pytest.mark.parametrize("change, message", [
    ("BOGUS x", "bogus is not a valid change command"),
    ("STOPSIGNAL SIGKILL", "stopsignal is not a valid change command"),
    ("RUN true", "run is not a valid change command"),
    ("EXPOSE 80/xyz", "Invalid proto: xyz"),
])
def test_commit_refuses_what_a_change_cannot_be(engine, change, message):
    assert docker("commit", "-c", change, "box", "refused") == (1, "", f"Error response from daemon: {message}\n")


def test_commit_checks_the_new_name_as_the_client_does(engine):
    assert docker("commit", "box", "Bad:Name") == (
        1, "", "invalid reference format: repository name (library/Bad) must be lowercase\n")


def _rootfs_tar() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, data in (("bin/hello", b"#!/bin/sh\necho imported\n"), ("etc/motd", b"welcome\n")):
            ti = tarfile.TarInfo(name)
            ti.size, ti.mode = len(data), 0o755
            tf.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


def test_export_then_import_makes_a_one_layer_image_without_a_command(engine):
    assert docker("export", "-o", "box.tar", "box")[0] == 0
    code, out, _ = docker("import", "box.tar", "flat:1")
    assert code == 0 and out.startswith("sha256:") and len(out.strip()) == 71
    assert docker("inspect", "--format", "{{json .Config.Cmd}} {{len .RootFS.Layers}} {{.Comment}}", "flat:1")[1] == \
        "null 1 Imported from -\n"
    assert docker("history", "--format", "{{.CreatedBy}}|{{.Comment}}", "flat:1")[1] == "|Imported from -\n"
    assert docker("run", "--rm", "flat:1", "cat", "/etc/hostname")[0] == 0


def test_import_from_stdin_with_changes_and_a_message(engine):
    code, _, err = docker("import", "-c", 'CMD ["/bin/hello"]', "-m", "by hand", "-", "handmade", stdin=_rootfs_tar())
    assert (code, err) == (0, "")
    assert docker("inspect", "--format", "{{.Comment}} {{json .Config.Cmd}}", "handmade")[1] == \
        'by hand ["/bin/hello"]\n'


def test_import_errors(engine):
    assert docker("import", "nosuch.tar") == (1, "", "open nosuch.tar: no such file or directory\n")
    (engine / "x.tar").write_bytes(_rootfs_tar())
    assert docker("import", "x.tar", "Bad") == (
        1, "", "invalid reference format: repository name (library/Bad) must be lowercase\n")
    (engine / "notatar.txt").write_text("not a tar\n")
    assert docker("import", "notatar.txt") == (
        1, "", "Error response from daemon: Error processing tar file(exit status 1): unexpected EOF\n")
    code, _, err = docker("import", "http://example.invalid/x.tar")
    assert code == 1 and err == 'Get "http://example.invalid/x.tar": dial tcp: lookup example.invalid: no such host\n'
