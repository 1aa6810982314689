"""Client-side rules of docker/cli seen in the course, through `docker` against an in-process engine.

- run/create: an error from parsing the flags (an --env-file that cannot be read, --restart with --rm)
  is returned withHelp: "docker: <err>", a blank line, "Run 'docker run --help' for more information", 125;
- create returns the daemon's error (and a bad reference) as it is, with status 1; run wraps it, 125;
- rename: a daemon error is printed, then "Error: failed to rename container named OLD" (status 1);
- port: the port is named as it was asked; what is not a port number is strconv's error;
- request paths are joined with Go's path.Join; `build -q` prints the ID the engine sends.
"""
import pytest

from cli_driver import docker


def test_an_unreadable_env_file_is_a_run_usage_error(engine):
    assert docker("run", "--rm", "--env-file", "nosuch.env", "busybox", "true") == (
        125, "", "docker: open nosuch.env: no such file or directory\n\n"
                 "Run 'docker run --help' for more information\n")


def test_an_unreadable_env_file_is_a_create_usage_error(engine):
    code, _, err = docker("create", "--env-file", "nosuch.env", "busybox", "true")
    assert code == 125
    assert err.endswith("\n\nRun 'docker create --help' for more information\n")


def test_restart_with_rm_is_refused_by_the_client(engine):
    assert docker("run", "--restart", "always", "--rm", "busybox", "true") == (
        125, "", "docker: conflicting options: cannot specify both --restart and --rm\n\n"
                 "Run 'docker run --help' for more information\n")


def test_a_failed_rename_names_the_container_it_could_not_rename(engine):
    assert docker("rename", "nosuch", "other") == (
        1, "", "Error response from daemon: No such container: nosuch\n"
               "Error: failed to rename container named nosuch\n")


def test_renaming_a_container_to_its_own_name_is_refused(engine):
    docker("create", "--name", "same", "busybox", "true")
    assert docker("rename", "same", "same") == (
        1, "", "Error response from daemon: Renaming a container with the same name as its current name\n"
               "Error: failed to rename container named same\n")


def test_rename_trims_both_names(engine):
    docker("create", "--name", "before", "busybox", "true")
    assert docker("rename", " before ", " after ")[0] == 0
    assert docker("ps", "-a", "--format", "{{.Names}}") == (0, "after\n", "")


def test_a_relative_working_directory_is_refused_at_create(engine):
    assert docker("run", "--rm", "-w", "relative", "busybox", "pwd") == (
        125, "", "docker: Error response from daemon: the working directory 'relative' is invalid, "
                 "it needs to be an absolute path\n\nRun 'docker run --help' for more information\n")


def test_a_rm_container_whose_start_fails_is_removed(engine):
    code, _, err = docker("run", "--rm", "--name", "nouser", "-u", "nosuchuser", "busybox", "id")
    assert code == 125
    assert "unable to find user nosuchuser: no matching entries in passwd file" in err
    assert docker("ps", "-a", "--format", "{{.Names}}") == (0, "", "")


def test_a_container_whose_start_fails_keeps_exit_code_128(engine):
    docker("create", "--name", "nouser", "-u", "nosuchuser", "busybox", "id")
    assert docker("start", "nouser")[0] == 1
    assert docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "nouser") == (0, "created 128\n", "")


def test_create_returns_the_daemon_s_error_as_it_is(engine):
    docker("create", "--name", "taken", "busybox", "true")
    code, out, err = docker("create", "--name", "taken", "busybox", "true")
    assert (code, out) == (1, "")
    assert err.startswith('Error response from daemon: Conflict. The container name "/taken" is already in use')
    assert docker("create", "UPPER") == (
        1, "", "invalid reference format: repository name (library/UPPER) must be lowercase\n")


def test_run_wraps_the_same_error_with_its_help_line(engine):
    code, _, err = docker("run", "UPPER")
    assert code == 125 and err.endswith("\n\nRun 'docker run --help' for more information\n")


def test_renaming_onto_a_taken_name_says_the_new_name_could_not_be_allocated(engine):
    docker("create", "--name", "one", "busybox", "true")
    docker("create", "--name", "two", "busybox", "true")
    code, _, err = docker("rename", "one", "two")
    assert code == 1 and err.startswith('Error response from daemon: Error when allocating new name: Conflict.')


@pytest.mark.parametrize("asked, message", [
    ("81", "Error: No public port '81' published for pp"),
    ("80/udp", "Error: No public port '80/udp' published for pp"),
    ("http", 'Error: invalid port (http): strconv.ParseUint: parsing "http": invalid syntax'),
    ("70000", 'Error: invalid port (70000): strconv.ParseUint: parsing "70000": value out of range'),
])
def test_port_names_the_port_as_it_was_asked(engine, asked, message):
    docker("create", "--name", "pp", "busybox", "true")
    assert docker("port", "pp", asked) == (1, "", message + "\n")


def test_request_paths_are_joined_as_docker_s_client_joins_them(engine):
    # path.Join drops the trailing slash of "/images/" + "": no route answers DELETE /images
    assert docker("rmi", "") == (1, "", "Error response from daemon: page not found\n")


def test_a_quiet_build_prints_the_image_id_the_engine_sends(engine):
    (engine / "Dockerfile").write_text("FROM busybox\nRUN true\n")
    code, out, err = docker("build", "-q", ".")
    assert code == 0 and out.startswith("sha256:") and len(out) == 72
    assert docker("images", "-q", "--no-trunc")[1].splitlines()[0] == out.strip()
