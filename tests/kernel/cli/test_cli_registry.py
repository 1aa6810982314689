"""docker push, login, logout and search, as docker CLI 28 does them against an Engine 20.10.

The CLI runs against the bundled engine in-process; its Docker Hub is the engine's own (accounts made at
first login), and a registry on a loopback port is reached over real HTTP. Credentials go to the docker
config file of DOCKER_CONFIG, as docker keeps them.
"""
import base64
import json
import os
import re
import stat

import pytest

from dockyard.kernel.cli.commands.registry import SearchView

from cli_driver import docker

from hostports import free_port

HUB = "https://index.docker.io/v1/"
PASSWORD_WARNING = "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"
NON_TTY = "Error: Cannot perform an interactive login from a non TTY device\n"
REGISTER_SUGGEST = ("Log in with your Docker ID or email address to push and pull images from Docker Hub. "
                    "If you don't have a Docker ID, head over to https://hub.docker.com/ to create one.\n")
PAT_SUGGEST = ("You can log in with your password or a Personal Access Token (PAT). Using a limited-scope PAT "
               "grants better security and is required for organizations using SSO. Learn more at "
               "https://docs.docker.com/go/access-tokens/\n")
PAT_NOTE = ("\n Info -> A Personal Access Token (PAT) can be used instead.\n"
            "         To create a PAT, visit \x1b[4mhttps://app.docker.com/settings\x1b[0m\n"
            "         \n"
            "         \n")


def unencrypted_warning(config_dir):
    return (f"\nWARNING! Your credentials are stored unencrypted in '{config_dir / 'config.json'}'.\n"
            "Configure a credential helper to remove this warning. See\n"
            "https://docs.docker.com/go/credential-store/\n\n")


@pytest.fixture
def config_dir(in_process_engine, monkeypatch):
    """An in-process bundled engine of its own and an empty docker config directory."""
    monkeypatch.setenv("DOCKER_CONFIG", str(in_process_engine / "docker-config"))
    monkeypatch.delenv("DOCKER_CLI_HINTS", raising=False)
    return in_process_engine / "docker-config"


def auths(config_dir):
    with open(config_dir / "config.json") as f:
        return json.load(f)["auths"]


def basic(user, password):
    return base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on."""
    return free_port()


def refused(port):
    return f'Get "http://localhost:{port}/v2/": dial tcp 127.0.0.1:{port}: connect: connection refused'


# --------------------------------------------------------------------------------------------------- push
def test_push_of_an_image_that_is_not_there(config_dir):
    assert docker("push", "nosuchimg") == (
        1, "Using default tag: latest\nThe push refers to repository [docker.io/library/nosuchimg]\n",
        "An image does not exist locally with the tag: nosuchimg\n")


def test_push_to_a_registry_port_nothing_listens_on(config_dir, closed_port):
    assert docker("tag", "busybox", f"localhost:{closed_port}/bb")[0] == 0
    assert docker("push", f"localhost:{closed_port}/bb") == (
        1, f"Using default tag: latest\nThe push refers to repository [localhost:{closed_port}/bb]\n",
        refused(closed_port) + "\n")


def test_quiet_push_prints_nothing_but_the_error(config_dir, closed_port):
    docker("tag", "busybox", f"localhost:{closed_port}/bb:v1")
    assert docker("push", "-q", f"localhost:{closed_port}/bb:v1") == (1, "", refused(closed_port) + "\n")


def test_push_to_docker_hub_needs_a_login_as_the_namespace(config_dir):
    docker("tag", "busybox", "alice/app:v1")
    code, out, err = docker("push", "alice/app:v1")
    assert (code, err) == (1, "denied: requested access to the resource is denied\n")
    assert out.startswith("The push refers to repository [docker.io/alice/app]\n")


def test_push_sends_the_login_of_the_registry_and_quiet_prints_the_full_name(config_dir):
    assert docker("login", "-u", "alice", "--password-stdin", stdin="secret\n")[0] == 0
    docker("tag", "busybox", "alice/app:v1")
    code, out, err = docker("push", "alice/app:v1")
    assert (code, err) == (0, "")
    assert out.startswith("The push refers to repository [docker.io/alice/app]\n")
    assert re.search(r"^v1: digest: sha256:[0-9a-f]{64} size: \d+$", out, re.MULTILINE)
    assert docker("push", "-q", "alice/app:v1") == (0, "docker.io/alice/app:v1\n", "")


def test_push_all_tags_prints_no_default_tag(config_dir, closed_port):
    docker("tag", "busybox", f"localhost:{closed_port}/bb:v1")
    code, out, _ = docker("push", "-a", f"localhost:{closed_port}/bb")
    assert (code, out) == (1, f"The push refers to repository [localhost:{closed_port}/bb]\n")


@pytest.mark.parametrize("argv, message", [
    (["push", "-a", "busybox:1"], "tag can't be used with --all-tags/-a\n"),
    (["push", "busybox@sha256:" + "0" * 64], "cannot push a digest reference\n"),
    (["push", "Bad"], "invalid reference format: repository name (library/Bad) must be lowercase\n"),
])
def test_push_refuses_what_docker_refuses_before_asking_the_engine(config_dir, argv, message):
    assert docker(*argv) == (1, "", message)


# -------------------------------------------------------------------------------------------------- login
def test_login_with_a_password_flag_warns_and_reports_the_daemon_error(config_dir, closed_port):
    assert docker("login", f"localhost:{closed_port}", "-u", "a", "-p", "b") == (
        1, "", PASSWORD_WARNING + f"Error response from daemon: {refused(closed_port)}\n")
    assert not (config_dir / "config.json").exists()


def test_login_to_docker_hub_stores_the_credentials(config_dir):
    assert docker("login", "-u", "alice", "--password-stdin", stdin="secret\n") == (
        0, "Login Succeeded\n", unencrypted_warning(config_dir))
    with open(config_dir / "config.json") as f:
        assert f.read() == '{\n\t"auths": {\n\t\t"%s": {\n\t\t\t"auth": "%s"\n\t\t}\n\t}\n}' % (
            HUB, basic("alice", "secret"))
    assert stat.S_IMODE(os.stat(config_dir / "config.json").st_mode) == 0o600


def test_login_keeps_the_config_files_other_settings(config_dir):
    config_dir.mkdir()
    (config_dir / "config.json").write_text(json.dumps({"psFormat": "{{.Names}}", "auths": {"x.example": {}}}))
    assert docker("login", "docker.io", "-u", "alice", "-p", "secret")[0] == 0
    with open(config_dir / "config.json") as f:
        assert json.load(f) == {"auths": {HUB: {"auth": basic("alice", "secret")}, "x.example": {}},
                                "psFormat": "{{.Names}}"}


def test_login_with_a_wrong_password_is_refused(config_dir):
    docker("login", "-u", "alice", "--password-stdin", stdin="secret\n")
    code, out, err = docker("login", "-u", "alice", "--password-stdin", stdin="wrong\n")
    assert (code, out) == (1, "")
    assert err.startswith("Error response from daemon: ")
    assert err.endswith("unauthorized: incorrect username or password\n")
    assert auths(config_dir) == {HUB: {"auth": basic("alice", "secret")}}


def test_a_password_loses_the_spaces_around_it_but_not_within(config_dir):
    assert docker("login", "-u", "bob", "--password-stdin", stdin=" pass word \r\n")[0] == 0
    assert auths(config_dir)[HUB] == {"auth": basic("bob", "pass word")}


def test_login_without_arguments_uses_the_stored_credentials(config_dir):
    docker("login", "-u", "alice", "--password-stdin", stdin="secret\n")
    assert docker("login") == (
        0, "Login Succeeded\n",
        "Authenticating with existing credentials... [Username: alice]\n"
        "\n Info -> To login with a different account, run 'docker logout' followed by 'docker login'\n\n\n")


def test_stored_credentials_that_fail_lead_to_a_prompt(config_dir):
    docker("login", "-u", "alice", "--password-stdin", stdin="secret\n")
    (config_dir / "config.json").write_text(json.dumps({"auths": {HUB: {"auth": basic("alice", "stale")}}}))
    code, out, err = docker("login")
    assert (code, out) == (1, "")
    assert err.endswith("\n\n\nStored credentials invalid or expired\n" + NON_TTY)


@pytest.mark.parametrize("argv", [["login"], ["login", "-u", "alice"], ["login", "-p", "secret"]])
def test_login_that_must_ask_refuses_a_stdin_that_is_no_terminal(config_dir, argv):
    code, out, err = docker(*argv)
    assert (code, out, err.removeprefix(PASSWORD_WARNING)) == (1, "", NON_TTY)


@pytest.mark.parametrize("argv, message", [
    (["login", "-p", "x", "--password-stdin"], "conflicting options: cannot specify both --password and "
                                                "--password-stdin"),
    (["login", "--password-stdin"], "the --password-stdin option requires --username to be set"),
    (["login", "-u", ""], "username is empty"),
    (["login", "-u", "a", "-p", ""], "password is empty"),
])
def test_login_flag_errors(config_dir, argv, message):
    assert docker(*argv) == (1, "", message + "\n")


class Notebook:
    """The kernel's side of a cell: records what it shows and answers the input boxes it opens."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.shown = []
        self.boxes = []  # "text" or "password", in the order the cell opened them

    def stream(self, name, text):
        self.shown.append((name, text))

    def input(self, prompt, password=False):
        self.boxes.append("password" if password else "text")
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)

    def text(self, name):
        return "".join(text for stream, text in self.shown if stream == name)


def test_login_in_a_notebook_asks_for_username_and_password(config_dir):
    from dockyard.kernel.cells import docker as docker_line
    notebook = Notebook(["alice", "secret"])
    assert docker_line(["login"], notebook) == 0
    assert notebook.text("stdout") == (REGISTER_SUGGEST + PAT_SUGGEST + "\n" + "Username: " + "Password: " + "\n"
                                       + "Login Succeeded\n")
    assert notebook.text("stderr") == PAT_NOTE + unencrypted_warning(config_dir)
    assert auths(config_dir) == {HUB: {"auth": basic("alice", "secret")}}
    assert notebook.boxes == ["text", "password"]  # the password is typed unseen


def test_login_in_a_notebook_needs_a_password(config_dir, closed_port):
    from dockyard.kernel.cells import docker as docker_line
    notebook = Notebook([""])
    assert docker_line(["login", "-u", "alice", f"localhost:{closed_port}"], notebook) == 1
    assert (notebook.text("stdout"), notebook.text("stderr")) == ("Password: \n", "Error: Password Required\n")


# ------------------------------------------------------------------------------------------------- logout
def test_logout_when_not_logged_in(config_dir, closed_port):
    assert docker("logout", f"localhost:{closed_port}") == (
        0, f"Removing login credentials for localhost:{closed_port}\n", "")
    assert docker("logout") == (0, f"Removing login credentials for {HUB}\n", "")
    assert not (config_dir / "config.json").exists()


def test_logout_removes_the_stored_credentials(config_dir):
    docker("login", "-u", "alice", "--password-stdin", stdin="secret\n")
    assert docker("logout") == (0, f"Removing login credentials for {HUB}\n", "")
    assert auths(config_dir) == {}


def test_logout_removes_the_address_in_the_forms_older_clients_stored(config_dir):
    config_dir.mkdir()
    entries = {key: {"auth": basic("a", "b")} for key in ("localhost:5000", "http://localhost:5000",
                                                          "https://localhost:5000", "other:5000")}
    (config_dir / "config.json").write_text(json.dumps({"auths": entries}))
    assert docker("logout", "https://localhost:5000/v2/") == (0, "Removing login credentials for localhost:5000\n", "")
    assert auths(config_dir) == {"other:5000": {"auth": basic("a", "b")}}


# ------------------------------------------------------------------------------------------------- search
def test_search_prints_docker_hubs_table(config_dir):
    code, out, err = docker("search", "busybox")
    assert (code, err) == (0, "")
    header, *rows = out.splitlines()
    assert header.split() == ["NAME", "DESCRIPTION", "STARS", "OFFICIAL"]
    assert any(row.startswith("busybox ") and row.endswith("[OK]") for row in rows)


def test_search_format_and_limit(config_dir):
    code, out, _ = docker("search", "--limit", "1", "--format", "{{.Name}}|{{.IsOfficial}}", "busybox")
    assert (code, out) == (0, "busybox|[OK]\n")
    code, out, _ = docker("search", "--format", "{{json .}}", "busybox")
    first = json.loads(out.splitlines()[0])
    assert set(first) == {"Name", "Description", "StarCount", "IsOfficial"}
    assert first["IsOfficial"] in ("true", "false")


def test_search_finds_what_was_pushed_to_docker_hub(config_dir):
    docker("login", "-u", "alice", "--password-stdin", stdin="secret\n")
    docker("tag", "busybox", "alice/searchme")
    assert docker("push", "alice/searchme")[0] == 0
    assert docker("search", "--format", "{{.Name}}:{{.IsOfficial}}", "searchme") == (0, "alice/searchme:\n", "")


def test_search_with_a_template_docker_cannot_parse(config_dir):
    code, out, err = docker("search", "--format", "{{.Name", "busybox")
    assert (code, out) == (1, "")
    assert err.startswith("template parsing error: ")


@pytest.mark.parametrize("result, trunc, row", [
    ({"name": "web", "description": "d" * 45, "star_count": 3, "is_official": False}, True,
     "web|" + "d" * 45 + "|3|"),
    ({"name": "web", "description": "d" * 46, "star_count": 0, "is_official": True}, True,
     "web|" + "d" * 44 + "…|0|[OK]"),
    ({"name": "web", "description": "d" * 46, "star_count": 0, "is_official": True}, False,
     "web|" + "d" * 46 + "|0|[OK]"),
    ({"name": "web", "description": "two\nlines\r", "star_count": 1}, True, "web|two lines |1|"),
])
def test_a_search_result_as_docker_formats_it(result, trunc, row):
    view = SearchView(result, trunc=trunc)
    assert "|".join([view.Name(), view.Description(), view.StarCount(), view.IsOfficial()]) == row


def test_a_search_result_as_json_shows_booleans():
    view = SearchView({"name": "web", "description": "", "star_count": 2, "is_official": True}, trunc=True)
    assert view.go_json() == {"Name": "web", "Description": "", "StarCount": "2", "IsOfficial": "true"}
    assert view.IsOfficial() == "[OK]"


# --------------------------------------------------------------------------------------------- usage
@pytest.mark.parametrize("argv, usage", [
    (["push"], "docker: 'docker push' requires 1 argument\n\nUsage:  docker push [OPTIONS] NAME[:TAG]\n\n"
               "Run 'docker push --help' for more information\n"),
    (["search"], "docker: 'docker search' requires 1 argument\n\nUsage:  docker search [OPTIONS] TERM\n\n"
                 "Run 'docker search --help' for more information\n"),
    # "SRun" is docker's own typo (cli.RequiresMaxArgs)
    (["login", "a", "b"], "docker: 'docker login' requires at most 1 argument\n\n"
                          "Usage:  docker login [OPTIONS] [SERVER]\n\n"
                          "SRun 'docker login --help' for more information\n"),
    (["logout", "a", "b"], "docker: 'docker logout' requires at most 1 argument\n\n"
                           "Usage:  docker logout [SERVER]\n\nSRun 'docker logout --help' for more information\n"),
])
def test_usage_errors(config_dir, argv, usage):
    assert docker(*argv) == (1, "", usage)


def test_the_bundled_hub_s_logins_stay_out_of_the_user_s_docker_config(config_dir, tmp_path, monkeypatch):
    """Without --config or DOCKER_CONFIG, credentials for the bundled engine's Docker Hub live in its home:
    a login there must not replace the user's real Docker Hub credentials in ~/.docker/config.json."""
    monkeypatch.delenv("DOCKER_CONFIG")
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    code, _, err = docker("login", "-u", "alice", "--password-stdin", stdin="secret\n")
    kept = tmp_path / "home" / "docker-config"
    assert code == 0 and f"stored unencrypted in '{kept / 'config.json'}'" in err
    assert auths(kept) == {HUB: {"auth": basic("alice", "secret")}}
    assert not (tmp_path / "user" / ".docker").exists()
    docker("tag", "busybox", "alice/app")
    assert docker("push", "-q", "alice/app")[0] == 0  # the push finds the login there
    custom = tmp_path / "custom"
    assert docker("--config", str(custom), "login", "-u", "bob", "--password-stdin", stdin="pw\n")[0] == 0
    assert auths(custom) == {HUB: {"auth": basic("bob", "pw")}}
