"""Registries, as chapter 5 of the course uses them, through the Engine API as docker-py drives it.

- a `registry` container on a published port takes `docker push localhost:PORT/...` over real HTTP:
  the push names its repository, prepares and pushes each layer top first, then reports the
  manifest's digest and size; a second push finds every layer already there;
- the image pulled back after `docker rmi` is the same image (same ID), with its repository digest;
- a registry nobody listens on is Docker's connection-refused error, in-band for a push and as the
  error response for a pull; a missing repository is an error response before any pull output;
- the simulated Docker Hub: the first login creates the account, a wrong password is refused,
  a push needs a login as the repository's namespace, what was pushed can be pulled;
- `docker search` lists the bundled official images with their Docker Hub descriptions.
"""
import base64
import json
import re
import time
import urllib.request

import docker
import pytest

from dockyard.engine.api.app import App
from dockyard.engine.api.inprocess import in_process_client
from dockyard.engine.daemon import Daemon

from hostports import free_port


@pytest.fixture
def engine(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKYARD_DEFAULT_BIND_IP", "127.0.0.1")  # tests reach published ports on loopback only
    daemon = Daemon(tmp_path / "home")
    yield daemon, in_process_client(App(daemon.routes(), daemon))
    daemon.shutdown()


@pytest.fixture
def api(engine):
    return engine[1]


@pytest.fixture
def registry(api):
    """`docker run -d -p PORT:5000 registry`: the registry's address once its API answers."""
    port = free_port()
    api.pull("registry", tag="latest")
    c = api.create_container("registry", ports=[5000],
                             host_config=api.create_host_config(port_bindings={5000: port}))
    api.start(c["Id"])
    deadline = time.monotonic() + 10
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v2/", timeout=5) as response:
                assert response.headers["Docker-Distribution-Api-Version"] == "registry/2.0"
                break
        except OSError:  # the port's honest page (502) until the registry binds
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    yield f"localhost:{port}"
    api.remove_container(c["Id"], force=True)


def push(api, repository, tag=None, auth_config=None):
    return list(api.push(repository, tag=tag, stream=True, decode=True, auth_config=auth_config))


def layer_ids(api, image) -> list[str]:
    """Short diff IDs, top layer first, as a push lists them."""
    diff_ids = api.inspect_image(image)["RootFS"]["Layers"]
    return [d[7:19] for d in reversed(diff_ids)]


def statuses(messages, status):
    return [m["id"] for m in messages if m.get("status") == status]


def test_a_push_to_a_registry_container_reports_each_layer_and_the_manifest(api, registry):
    api.tag("busybox", f"{registry}/bb", "v1")
    messages = push(api, f"{registry}/bb", "v1")
    assert messages[0] == {"status": f"The push refers to repository [{registry}/bb]"}
    ids = layer_ids(api, "busybox")
    assert statuses(messages, "Preparing") == ids
    assert statuses(messages, "Pushed") == ids
    assert all(m["progressDetail"] == {} for m in messages if m.get("status") in ("Preparing", "Pushed"))
    pushing = [m for m in messages if m.get("status") == "Pushing"]
    assert pushing and all(m["progressDetail"]["current"] > 0 and m["progress"].startswith("[") for m in pushing)
    summary, result = messages[-2], messages[-1]
    match = re.fullmatch(r"v1: digest: (sha256:[0-9a-f]{64}) size: (\d+)", summary["status"])
    assert match, summary
    assert result == {"progressDetail": {}, "aux": {"Tag": "v1", "Digest": match[1], "Size": int(match[2])}}
    catalog = json.load(urllib.request.urlopen(f"http://127.0.0.1:{registry.split(':')[1]}/v2/_catalog"))
    assert catalog == {"repositories": ["bb"]}
    assert f"{registry}/bb@{match[1]}" in api.inspect_image(f"{registry}/bb:v1")["RepoDigests"]


def test_a_second_push_finds_every_layer_already_there_and_gives_the_same_digest(api, registry):
    api.tag("busybox", f"{registry}/bb", "v1")
    first = push(api, f"{registry}/bb", "v1")
    second = push(api, f"{registry}/bb", "v1")
    assert statuses(second, "Layer already exists") == layer_ids(api, "busybox")
    assert not statuses(second, "Pushed")
    assert second[-1] == first[-1]


def test_a_push_without_a_tag_pushes_every_tag_of_the_repository(api, registry):
    api.tag("busybox", f"{registry}/bb", "v1")
    api.tag("busybox", f"{registry}/bb", "v2")
    messages = push(api, f"{registry}/bb")
    assert [m["aux"]["Tag"] for m in messages if "aux" in m] == ["v1", "v2"]


def test_the_image_pulled_back_after_rmi_is_the_same_image_and_runs(api, registry):
    image_id = api.inspect_image("busybox")["Id"]
    api.tag("busybox", f"{registry}/bb", "v1")
    digest = push(api, f"{registry}/bb", "v1")[-1]["aux"]["Digest"]
    api.remove_image(f"{registry}/bb:v1")
    api.remove_image("busybox")
    messages = list(api.pull(f"{registry}/bb", tag="v1", stream=True, decode=True))
    assert messages[0] == {"status": "Pulling from bb", "id": "v1"}
    assert [m["status"] for m in messages[-2:]] == [f"Digest: {digest}",
                                                     f"Status: Downloaded newer image for {registry}/bb:v1"]
    assert "Pull complete" in [m.get("status") for m in messages]
    pulled = api.inspect_image(f"{registry}/bb:v1")
    assert pulled["Id"] == image_id
    assert pulled["RepoDigests"] == [f"{registry}/bb@{digest}"]
    c = api.create_container(f"{registry}/bb:v1", ["echo", "from the registry"])
    api.start(c["Id"])
    assert api.wait(c["Id"])["StatusCode"] == 0
    assert api.logs(c["Id"]) == b"from the registry\n"


def test_a_pull_of_an_image_already_held_is_up_to_date(api, registry):
    api.tag("busybox", f"{registry}/bb", "v1")
    digest = push(api, f"{registry}/bb", "v1")[-1]["aux"]["Digest"]
    messages = list(api.pull(f"{registry}/bb", tag="v1", stream=True, decode=True))
    assert messages == [{"status": "Pulling from bb", "id": "v1"}, {"status": f"Digest: {digest}"},
                        {"status": f"Status: Image is up to date for {registry}/bb:v1"}]


def test_a_pull_of_an_unknown_repository_or_tag_is_an_error_response(api, registry):
    with pytest.raises(docker.errors.NotFound) as missing:
        api.pull(f"{registry}/nothing", tag="latest")
    assert missing.value.explanation.startswith(f"manifest for {registry}/nothing:latest not found: ") or \
        missing.value.explanation.startswith(f"repository {registry}/nothing not found: ")
    api.tag("busybox", f"{registry}/bb", "v1")
    push(api, f"{registry}/bb", "v1")
    with pytest.raises(docker.errors.NotFound) as unknown_tag:
        api.pull(f"{registry}/bb", tag="v9")
    assert unknown_tag.value.explanation == \
        f"manifest for {registry}/bb:v9 not found: manifest unknown: manifest unknown"


def test_nothing_listening_is_connection_refused(api):
    port = free_port()
    api.tag("busybox", f"localhost:{port}/bb")
    messages = push(api, f"localhost:{port}/bb", "latest")
    refused = f'Get "http://localhost:{port}/v2/": dial tcp 127.0.0.1:{port}: connect: connection refused'
    assert messages == [{"status": f"The push refers to repository [localhost:{port}/bb]"},
                        {"errorDetail": {"message": refused}, "error": refused}]
    with pytest.raises(docker.errors.APIError) as pull_error:
        api.pull(f"localhost:{port}/nothing", tag="latest")
    assert pull_error.value.explanation == refused
    with pytest.raises(docker.errors.APIError) as login_error:
        api.login("a", "b", registry=f"localhost:{port}")
    assert login_error.value.response.status_code == 500
    assert login_error.value.explanation == refused


def test_a_registry_elsewhere_does_not_resolve_offline(api):
    api.tag("busybox", "registry.example.com/bb")
    messages = push(api, "registry.example.com/bb", "latest")
    assert messages[-1]["error"] == ('Get "https://registry.example.com/v2/": dial tcp: lookup registry.example.com: '
                                     'no such host')


def test_a_push_of_a_name_without_an_image_says_so_in_band(api):
    messages = push(api, "nosuchimg")
    assert messages == [{"status": "The push refers to repository [docker.io/library/nosuchimg]"},
                        {"errorDetail": {"message": "An image does not exist locally with the tag: nosuchimg"},
                         "error": "An image does not exist locally with the tag: nosuchimg"}]


def test_login_to_a_registry_container_succeeds(api, registry):
    assert api.login("anyone", "anything", registry=registry) == {"IdentityToken": "", "Status": "Login Succeeded"}


# ---------------------------------------------------------------- the simulated Docker Hub
def hub_auth(username, password):
    return {"username": username, "password": password, "serveraddress": "https://index.docker.io/v1/"}


def test_the_first_hub_login_creates_the_account_and_a_wrong_password_is_refused(api):
    assert api.login("alice", "s3cret")["Status"] == "Login Succeeded"
    assert api.login("alice", "s3cret", reauth=True)["Status"] == "Login Succeeded"
    with pytest.raises(docker.errors.APIError) as refused:
        api.login("alice", "wrong", reauth=True)
    assert refused.value.response.status_code == 401
    assert refused.value.explanation == \
        'Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password'


def test_a_hub_push_needs_a_login_as_the_namespace(api):
    api.login("alice", "s3cret")
    api.tag("busybox", "alice/app", "v1")
    api.tag("busybox", "bob/app", "v1")
    api.tag("busybox", "busybox", "mine")
    denied = "denied: requested access to the resource is denied"
    for name in ("bob/app", "busybox"):
        tag = "v1" if "/" in name else "mine"
        messages = push(api, name, tag, auth_config=hub_auth("alice", "s3cret"))
        assert messages[-1] == {"errorDetail": {"message": denied}, "error": denied}
        assert statuses(messages, "Preparing")
    assert push(api, "alice/app", "v1", auth_config={})[-1]["error"] == denied  # no credentials sent
    wrong = push(api, "alice/app", "v1", auth_config=hub_auth("alice", "wrong"))
    assert wrong[-1]["error"] == "unauthorized: incorrect username or password"


def test_what_alice_pushed_to_the_hub_is_pulled_back(api):
    api.login("alice", "s3cret")
    image_id = api.inspect_image("busybox")["Id"]
    api.tag("busybox", "alice/app", "v1")
    messages = push(api, "alice/app", "v1", auth_config=hub_auth("alice", "s3cret"))
    assert messages[0] == {"status": "The push refers to repository [docker.io/alice/app]"}
    digest = messages[-1]["aux"]["Digest"]
    api.remove_image("alice/app:v1")
    pulled = list(api.pull("alice/app", tag="v1", stream=True, decode=True))
    assert pulled[0] == {"status": "Pulling from alice/app", "id": "v1"}
    assert pulled[-1] == {"status": "Status: Downloaded newer image for alice/app:v1"}
    assert api.inspect_image("alice/app:v1")["Id"] == image_id
    assert f"alice/app@{digest}" in api.inspect_image("alice/app:v1")["RepoDigests"]


def test_a_hub_repository_nobody_pushed_is_pull_access_denied_before_any_output(api):
    with pytest.raises(docker.errors.NotFound) as denied:
        api.pull("carol/nothing", tag="latest")
    assert denied.value.explanation == ("pull access denied for carol/nothing, repository does not exist or may "
                                        "require 'docker login': denied: requested access to the resource is denied")


def test_the_auth_header_is_base64url_json_as_docker_py_encodes_it(api, engine):
    daemon, _ = engine
    daemon.hub.login("dave", "pw")
    api.tag("busybox", "dave/app", "v1")
    header = base64.urlsafe_b64encode(json.dumps(hub_auth("dave", "pw")).encode()).decode()
    response = api._post(api._url("/images/dave/app/push"), params={"tag": "v1"},
                         headers={"X-Registry-Auth": header}, data=b"")
    assert '"Tag":"v1"' in response.text


# ---------------------------------------------------------------- search
def test_search_lists_the_official_image_with_its_description(api):
    results = api.search("nginx")
    assert results[0] == {"star_count": results[0]["star_count"], "is_official": True, "name": "nginx",
                          "is_automated": False, "description": "Official build of Nginx."}
    assert results[0]["star_count"] > 0


def test_search_finds_what_users_pushed_and_filters_as_moby_does(api):
    api.login("alice", "s3cret")
    api.tag("busybox", "alice/busybox-tools", "v1")
    push(api, "alice/busybox-tools", "v1", auth_config=hub_auth("alice", "s3cret"))
    names = [r["name"] for r in api.search("busybox")]
    assert names[0] == "busybox" and "alice/busybox-tools" in names
    official = api._result(api._get(api._url("/images/search"), params={
        "term": "busybox", "filters": json.dumps({"is-official": {"true": True}})}), True)
    assert [r["name"] for r in official] == ["busybox"]


def test_search_refuses_an_unknown_filter_and_a_limit_out_of_range(api):
    with pytest.raises(docker.errors.APIError) as bad_filter:
        api._raise_for_status(api._get(api._url("/images/search"), params={
            "term": "nginx", "filters": json.dumps({"color": {"red": True}})}))
    assert bad_filter.value.response.status_code == 400
    assert bad_filter.value.explanation == "Invalid filter 'color'"
    with pytest.raises(docker.errors.APIError) as bad_limit:
        api._raise_for_status(api._get(api._url("/images/search"), params={"term": "nginx", "limit": "101"}))
    assert bad_limit.value.response.status_code == 400
    assert bad_limit.value.explanation == "Limit 101 is outside the range of [1, 100]"


def test_a_bundled_image_pulls_as_moby_reports_a_download(api):
    """Layers already held say so; the rest start together, three download at once and the others wait,
    and they are extracted bottom first."""
    api.pull("debian", tag="12")
    statuses = [(m.get("id"), m["status"]) for m in api.pull("python", tag="3.12", stream=True, decode=True)]
    assert statuses[0] == ("3.12", "Pulling from library/python")
    layers = [layer for layer, status in statuses if status in ("Already exists", "Pulling fs layer")]
    present = [layer for layer, status in statuses if status == "Already exists"]
    missing = layers[len(present):]
    assert present and len(missing) > 3
    assert [layer for layer, status in statuses if status == "Waiting"] == missing[3:]
    assert [layer for layer, status in statuses if status == "Pull complete"] == missing
    last_start = max(i for i, (_, status) in enumerate(statuses) if status == "Pulling fs layer")
    first_done = min(i for i, (_, status) in enumerate(statuses) if status == "Download complete")
    assert last_start < first_done
    assert statuses[-1] == (None, "Status: Downloaded newer image for python:3.12")
