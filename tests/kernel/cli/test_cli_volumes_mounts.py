"""Mounts as the 20.10 engine checks and makes them, read-only root filesystems and tmpfs, volume prune.

- a `-v` or `--mount` the daemon cannot use is refused at create with moby's parser's words;
- `--read-only` makes the container's own layer refuse writes; its volumes and tmpfs still take them;
- `--tmpfs` is empty at every start and is not listed among the container's Mounts;
- `volume prune` on API 1.41 removes every unused volume, named or anonymous.
"""
import pytest

from cli_driver import docker


def run_error(*argv):
    code, _, err = docker("run", "--rm", *argv)
    assert code == 125
    return err.split("\n")[0]


@pytest.mark.parametrize("flags, message", [
    (["--mount", "type=bogus,target=/v"], 'invalid mount config for type "bogus": mount type unknown'),
    (["-v", "store:relative"], "invalid volume specification: 'store:relative': invalid mount config for type "
                                '"volume": invalid mount path: \'relative\' mount path must be absolute'),
    (["-v", "/data:rw"], "invalid volume specification: '/data:rw'"),
    (["-v", "store:/d:xyz"], "invalid mode: xyz"),
    (["--mount", "type=bind,source=/no/such/dir,target=/d"],
     'invalid mount config for type "bind": bind source path does not exist: /no/such/dir'),
    (["--mount", "type=volume,target=/"], 'invalid mount config for type "volume": invalid specification: '
                                          "destination can't be '/'"),
])
def test_a_mount_the_daemon_cannot_use_is_refused_at_create(engine, flags, message):
    assert run_error(*flags, "busybox", "true") == f"docker: Error response from daemon: {message}"


def test_a_read_only_root_takes_no_writes_but_its_volumes_do(engine):
    assert docker("run", "--rm", "--read-only", "busybox", "touch", "/x") == \
        (1, "", "touch: /x: Read-only file system\n")
    assert docker("run", "--rm", "--read-only", "-v", "store:/d", "--tmpfs", "/t", "busybox", "sh", "-c",
                  "echo ok > /d/f && echo ok > /t/f && cat /d/f /t/f") == (0, "ok\nok\n", "")


def test_copying_into_a_read_only_root_is_refused(engine):
    (engine / "f.txt").write_text("x\n")
    docker("create", "--name", "ro", "--read-only", "busybox", "true")
    assert docker("cp", "f.txt", "ro:/") == (
        1, "", "Error response from daemon: container rootfs is marked read-only\n")


def test_a_tmpfs_is_empty_at_every_start_and_not_among_the_mounts(engine):
    docker("create", "--name", "scratch", "--tmpfs", "/scratch", "busybox", "sh", "-c",
           "ls /scratch; touch /scratch/left")
    assert docker("start", "-a", "scratch")[1] == ""
    assert docker("start", "-a", "scratch")[1] == ""
    assert docker("inspect", "--format", "{{len .Mounts}} {{json .HostConfig.Tmpfs}}", "scratch")[1] == \
        '0 {"/scratch":""}\n'


def test_volume_prune_removes_every_unused_volume_named_or_not(engine):
    docker("volume", "create", "named")
    docker("volume", "create", "used")
    docker("create", "--name", "user", "-v", "used:/u", "busybox")
    docker("run", "--rm", "-v", "/anon", "busybox", "true")  # --rm removes its anonymous volume itself
    docker("run", "--name", "keeps", "-v", "/anon", "busybox", "true")
    docker("rm", "keeps")
    code, out, _ = docker("volume", "prune", "-f")
    assert code == 0 and out.splitlines()[1] == "named" and len(out.splitlines()) == 5
    assert docker("volume", "ls", "--format", "{{.Name}}") == (0, "used\n", "")
    assert docker("volume", "prune", "-f", "--filter", "all=true")[2] == \
        "Error response from daemon: Invalid filter 'all'\n"
