"""docker cp: the client decides where a copy lands (moby pkg/archive/copy.go), the engine extracts.

- into an existing directory, the source goes inside it; `src/.` puts only the contents there;
- onto a path that does not exist, the source takes that name in its parent (a directory too);
- `dest/` asserts a directory: a file cannot create one ("no such directory");
- a directory cannot replace a file ("cannot copy directory"), nor a file a directory;
- files copied in belong to the container's root unless `-a` keeps their owners.
"""
import io
import os
import tarfile

import pytest

from dockyard.kernel.cli.commands import cp
from dockyard.kernel.cli.context import CliError
from dockyard.kernel.cli.main import run

from cli_driver import docker


@pytest.fixture
def engine(engine):
    (engine / "local").mkdir()
    (engine / "local" / "in.txt").write_text("from the host\n")
    (engine / "local" / "sub").mkdir()
    (engine / "local" / "sub" / "deep.txt").write_text("deep\n")
    assert docker("create", "--name", "box", "busybox", "sleep", "300")[0] == 0
    return engine


def listing(path):
    """The container's files under `path`, as `find` prints them (the container needn't run)."""
    docker("commit", "box", "snapshot")
    return docker("run", "--rm", "snapshot", "find", path)[1].split()


# ----------------------------------------------------------------------------------------- into a container
def test_a_file_into_an_existing_directory_keeps_its_name(engine):
    assert docker("cp", "local/in.txt", "box:/tmp") == (0, "", "")
    assert listing("/tmp") == ["/tmp", "/tmp/in.txt"]


def test_a_file_onto_a_missing_path_takes_that_name(engine):
    assert docker("cp", "local/in.txt", "box:/renamed.txt")[0] == 0
    docker("commit", "box", "snapshot")
    assert docker("run", "--rm", "snapshot", "cat", "/renamed.txt")[1] == "from the host\n"


def test_a_file_cannot_create_a_directory_asserted_by_a_trailing_slash(engine):
    assert docker("cp", "local/in.txt", "box:/nodir/") == (1, "", "no such directory\n")


def test_a_directory_onto_a_missing_path_becomes_that_directory(engine):
    assert docker("cp", "local", "box:/copied")[0] == 0
    assert listing("/copied") == ["/copied", "/copied/in.txt", "/copied/sub", "/copied/sub/deep.txt"]


def test_a_directory_into_an_existing_directory_goes_inside_it(engine):
    assert docker("cp", "local", "box:/tmp")[0] == 0
    assert listing("/tmp") == ["/tmp", "/tmp/local", "/tmp/local/in.txt", "/tmp/local/sub", "/tmp/local/sub/deep.txt"]


def test_dot_copies_only_the_contents(engine):
    assert docker("cp", "local/.", "box:/tmp")[0] == 0
    assert listing("/tmp") == ["/tmp", "/tmp/in.txt", "/tmp/sub", "/tmp/sub/deep.txt"]
    assert docker("cp", "local/.", "box:/fresh")[0] == 0
    assert listing("/fresh") == ["/fresh", "/fresh/in.txt", "/fresh/sub", "/fresh/sub/deep.txt"]


def test_a_directory_cannot_replace_a_file(engine):
    assert docker("cp", "local", "box:/etc/passwd") == (1, "", "cannot copy directory\n")


def test_a_file_cannot_replace_a_directory_inside_the_destination(engine):
    (engine / "etc").write_text("a file named etc\n")
    code, _, err = docker("cp", "etc", "box:/")
    assert code == 1
    assert err == 'Error response from daemon: cannot overwrite directory "/etc" with non-directory "/"\n'


def test_a_missing_source_is_lstat_s_error(engine):
    assert docker("cp", "nosuch", "box:/tmp") == (1, "", f"lstat {engine}/nosuch: no such file or directory\n")


def test_copied_files_belong_to_root_unless_archive_mode_keeps_owners(engine):
    if os.getuid() == 0:
        os.chown(engine / "local" / "in.txt", 1234, 5678)
    docker("cp", "local/in.txt", "box:/plain.txt")
    docker("cp", "-a", "local/in.txt", "box:/kept.txt")
    docker("commit", "box", "snapshot")
    owners = docker("run", "--rm", "snapshot", "stat", "-c", "%u:%g", "/plain.txt", "/kept.txt")[1].split()
    host = os.stat(engine / "local" / "in.txt")
    assert owners == ["0:0", f"{host.st_uid}:{host.st_gid}"]


# -------------------------------------------------------------------------------------- out of a container
def test_a_file_out_to_a_missing_name_takes_that_name(engine):
    docker("cp", "local/in.txt", "box:/tmp/")
    assert docker("cp", "box:/tmp/in.txt", "back.txt") == (0, "", "")
    assert (engine / "back.txt").read_text() == "from the host\n"


def test_a_directory_out_into_an_existing_directory_goes_inside_it(engine):
    docker("cp", "local", "box:/srv")
    (engine / "out").mkdir()
    assert docker("cp", "box:/srv", "out")[0] == 0
    assert sorted(str(p.relative_to(engine / "out")) for p in (engine / "out").rglob("*")) == \
        ["srv", "srv/in.txt", "srv/sub", "srv/sub/deep.txt"]


def test_a_directory_s_contents_out_with_dot(engine):
    docker("cp", "local", "box:/srv")
    assert docker("cp", "box:/srv/.", "fresh")[0] == 0
    assert sorted(str(p.relative_to(engine / "fresh")) for p in (engine / "fresh").rglob("*")) == \
        ["in.txt", "sub", "sub/deep.txt"]


def test_out_into_a_missing_parent_is_an_invalid_output_path(engine):
    assert docker("cp", "box:/etc/hostname", "nodir/x") == (
        1, "", f'invalid output path: directory "{engine}/nodir" does not exist\n')


def test_a_missing_container_path_is_the_daemon_s_error(engine):
    assert docker("cp", "box:/nosuch", ".") == (1, "", "Error response from daemon: Could not find the file /nosuch "
                                                       "in container box\n")


def test_dash_streams_the_tar_to_stdout(engine):
    out = io.BytesIO()

    class Binary(io.StringIO):
        buffer = out
    code = run(["cp", "box:/etc/hostname", "-"], Binary(), io.StringIO(), io.StringIO())
    assert code == 0
    with tarfile.open(fileobj=io.BytesIO(out.getvalue())) as tf:
        assert tf.getnames() == ["hostname"]


def test_between_two_containers_or_none_is_refused(engine):
    assert docker("cp", "box:/a", "box:/b") == (1, "", "copying between containers is not supported\n")
    assert docker("cp", "a", "b") == (1, "", "must specify at least one container source\n")


# ------------------------------------------------------------------------------------------- the rules
@pytest.mark.parametrize("arg, split", [
    ("box:/tmp", ("box", "/tmp")), ("/abs:path", ("", "/abs:path")), ("./file:name", ("", "./file:name")),
    ("plain", ("", "plain")), ("box:", ("box", "")),
])
def test_which_argument_names_a_container(arg, split):
    assert cp.split_cp_arg(arg) == split


@pytest.mark.parametrize("path, parts", [
    ("/a/b", ("/a", "b")), ("/a/b/", ("/a", "b")), ("/a/b/.", ("/a/b", ".")), ("b", ("", "b")),
])
def test_a_path_splits_into_its_parent_and_entry(path, parts):
    assert cp.split_dir_entry(path) == parts


def _tar(*names):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name in names:
            ti = tarfile.TarInfo(name)
            if name.endswith("/"):
                ti.type = tarfile.DIRTYPE
            tf.addfile(ti, io.BytesIO(b""))
    return buf.getvalue()


def _names(data):
    with tarfile.open(fileobj=io.BytesIO(data)) as tf:
        return tf.getnames()


def test_a_directory_onto_a_missing_path_is_rebased_and_extracted_in_the_parent():
    src = cp.CopyInfo("/h/local", True, True)
    dst = cp.CopyInfo("/copied")
    target, data = cp.prepare_archive_copy(_tar("local/", "local/in.txt"), src, dst)
    assert (target, _names(data)) == ("/", ["copied", "copied/in.txt"])


def test_an_existing_directory_takes_the_archive_as_it_is():
    src = cp.CopyInfo("/h/in.txt", True, False)
    dst = cp.CopyInfo("/tmp", True, True)
    assert cp.prepare_archive_copy(_tar("in.txt"), src, dst) == ("/tmp", _tar("in.txt"))


@pytest.mark.parametrize("src_dir, dst, message", [
    (False, cp.CopyInfo("/nodir/"), "no such directory"),
    (False, cp.CopyInfo("/nodir/."), "no such directory"),
    (True, cp.CopyInfo("/etc/passwd", True, False), "cannot copy directory"),
])
def test_copies_the_rules_refuse(src_dir, dst, message):
    with pytest.raises(CliError) as e:
        cp.prepare_archive_copy(_tar("x"), cp.CopyInfo("/h/x", True, src_dir), dst)
    assert e.value.message == message


def test_a_local_write_the_host_refuses_is_go_s_path_error(engine, monkeypatch):
    def refused(archive, dest):  # as an unprivileged user writing into a read-only directory
        raise PermissionError(13, "Permission denied", f"{dest}/hostname")
    monkeypatch.setattr(cp, "untar", refused)
    (engine / "locked").mkdir()
    assert docker("cp", "box:/etc/hostname", "locked") == (
        1, "", f"open {engine}/locked/hostname: permission denied\n")
