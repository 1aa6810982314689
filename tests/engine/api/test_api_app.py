"""The App as dockerd's router and middleware behave: routing, /v1.NN prefixes, headers, error statuses."""
from __future__ import annotations

import json
import logging

import pytest

from dockyard.engine import errors
from dockyard.engine.api import App, Route, json_response
from dockyard.engine.api.errors import status_for
from dockyard.engine.api.request import Request

ROUTED_HEADERS = {"Api-Version": "1.41", "Docker-Experimental": "false", "Ostype": "linux",
                  "Server": "Docker/20.10.24+dfsg1 (linux)"}


def call(app, method, target, body=b"", headers=()):
    response = app.handle(Request(method, target, list(headers), body))
    return response, dict(response.headers)


def body_of(response):
    return json.loads(response.body)


@pytest.mark.parametrize("target, expected", [
    ("/containers/json", ["web"]),
    ("/containers/json?all=1", ["web", "db"]),
    ("/v1.41/containers/json?all=true", ["web", "db"]),
    ("/v1.24/containers/json?all=0", ["web"]),
    ('/containers/json?all=1&filters={"name":{"d":true}}', ["db"]),
])
def test_routes_match_with_and_without_a_version_prefix(app, target, expected):
    response, _ = call(app, "GET", target)
    assert response.status == 200
    assert [c["Names"][0][1:] for c in body_of(response)] == expected


@pytest.mark.parametrize("target, name, version", [
    ("/images/busybox/json", "busybox", "1.41"),
    ("/v1.40/images/library/busybox:1.36/json", "library/busybox:1.36", "1.40"),
    ("/images/localhost:5000/team/app:v2/json", "localhost:5000/team/app:v2", "1.41"),
    ("/images/sha256%3Aabc/json", "sha256:abc", "1.41"),
])
def test_a_path_parameter_can_span_slashes_and_the_api_version_is_recorded(app, target, name, version):
    response, _ = call(app, "GET", target)
    assert body_of(response) == {"RepoTags": [name], "ApiVersion": version}


def test_every_routed_response_carries_dockerds_headers(app):
    for method, target in [("GET", "/_ping"), ("GET", "/v1.41/version"), ("GET", "/containers/nope/json"),
                           ("GET", "/fail/Conflict")]:
        _, headers = call(app, method, target)
        assert ROUTED_HEADERS.items() <= headers.items(), target


@pytest.mark.parametrize("method, target", [
    ("GET", "/nothing/here"),
    ("DELETE", "/containers/json"),  # a known path with the wrong method
    ("GET", "/v1.41/nothing"),
    ("GET", "/v9.99/nothing"),  # no route: the version is never checked
])
def test_unknown_routes_are_page_not_found_without_middleware_headers(app, method, target):
    response, headers = call(app, method, target)
    assert (response.status, body_of(response)) == (404, {"message": "page not found"})
    assert headers == {"Content-Type": "application/json"}


def test_api_versions_up_to_1_23_get_errors_as_plain_text(app):
    response, headers = call(app, "GET", "/v1.23/containers/nope/json")
    assert (response.status, response.body) == (404, b"No such container: nope\n")
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    response, _ = call(app, "GET", "/v1.24/containers/nope/json")
    assert body_of(response) == {"message": "No such container: nope"}


@pytest.mark.parametrize("version, message", [
    ("1.42", "client version 1.42 is too new. Maximum supported API version is 1.41"),
    ("1.50", "client version 1.50 is too new. Maximum supported API version is 1.41"),
    ("2", "client version 2 is too new. Maximum supported API version is 1.41"),
])
def test_too_new_api_versions_are_refused(app, version, message):
    response, headers = call(app, "GET", f"/v{version}/version")
    assert (response.status, body_of(response)) == (400, {"message": message})
    assert headers["Api-Version"] == "1.41" and "Docker-Experimental" not in headers


def test_too_old_api_versions_are_refused_in_the_plain_text_of_their_time(app):
    response, _ = call(app, "GET", "/v1.11/version")
    assert (response.status, response.body.decode()) == (400, (
        "client version 1.11 is too old. Minimum supported API version is 1.12, please upgrade your client "
        "to a newer version\n"))


@pytest.mark.parametrize("version", ["1.12", "1.41", "1.41.0", "1.30"])
def test_supported_api_versions_are_served(app, version):
    assert call(app, "GET", f"/v{version}/version")[0].status == 200


@pytest.mark.parametrize("kind, status", [
    ("NotFound", 404), ("InvalidParameter", 400), ("Conflict", 409), ("Unauthorized", 401),
    ("Forbidden", 403), ("Unavailable", 503), ("NotImplementedYet", 501), ("System", 500),
])
def test_each_error_kind_has_its_status_and_message(app, kind, status):
    response, headers = call(app, "GET", f"/fail/{kind}")
    assert (response.status, body_of(response)) == (status, {"message": f"failed with {kind}"})
    assert headers["Content-Type"] == "application/json"


def test_not_modified_has_no_body(app):
    response, _ = call(app, "POST", "/containers/web/start")
    assert (response.status, response.body) == (304, b"")


def test_a_subclass_gets_its_kinds_status_along_the_mro():
    class ImageNotFound(errors.NotFound):
        pass

    class AmbiguousThing(ImageNotFound, errors.Conflict):
        pass

    assert status_for(ImageNotFound("x")) == 404
    assert status_for(AmbiguousThing("x")) == 404
    assert status_for(KeyError("x")) == 500


def test_a_bug_in_a_handler_is_a_logged_500_never_a_traceback(app, caplog):
    with caplog.at_level(logging.ERROR, logger="dockyard.engine.api"):
        response, _ = call(app, "GET", "/fail/bug")
    assert response.status == 500
    assert body_of(response) == {"message": "internal error: KeyError: 'missing'"}
    assert "GET /fail/bug" in caplog.text and "Traceback" in caplog.text


@pytest.mark.parametrize("body, headers, status, message", [
    (b'{"Name": "data"}', [("Content-Type", "application/json")], 201, None),
    (b'{"Name": "data"} trailing', [("Content-Type", "application/json; charset=utf-8")], 201, None),
    (b"", [("Content-Length", "0")], 400, "got EOF while reading request body"),
    (b'{"Name": ', [("Content-Type", "application/json")], 400, "unexpected EOF"),
    (b"{Name: 1}", [("Content-Type", "application/json")], 400,
     "invalid character 'N' looking for beginning of object key string"),
    (b'{"Name": "x"}', [("Content-Type", "text/plain"), ("Content-Length", "13")], 400,
     "Content-Type specified (text/plain) must be 'application/json'"),
    (b'{"Name": "x"}', [("Content-Length", "13")], 400,
     "Content-Type specified () must be 'application/json'"),
])
def test_json_bodies_are_checked_as_moby_checks_them(app, body, headers, status, message):
    response, _ = call(app, "POST", "/volumes/create", body, headers)
    assert response.status == status
    if message:
        assert body_of(response) == {"message": message}


def test_filters_that_are_not_json_are_a_500_with_gos_message(app):
    response, _ = call(app, "GET", "/containers/json?filters={bad")
    assert (response.status, body_of(response)) == (
        500, {"message": "invalid character 'b' looking for beginning of object key string"})


def test_an_unknown_filter_key_is_refused(app):
    response, _ = call(app, "GET", '/containers/json?filters={"colour":{"red":true}}')
    assert (response.status, body_of(response)) == (400, {"message": "Invalid filter 'colour'"})


def test_exact_paths_win_over_patterns_and_the_first_route_wins():
    app = App([Route("GET", "/containers/{name}/json", lambda r: json_response("pattern")),
               Route("GET", "/containers/json", lambda r: json_response("exact")),
               Route("GET", "/containers/{id}/json", lambda r: json_response("second"))])
    assert body_of(call(app, "GET", "/containers/json")[0]) == "exact"
    assert body_of(call(app, "GET", "/containers/web/json")[0]) == "pattern"


def test_ping_answers_head_and_get_with_the_classic_builder(app):
    head, headers = call(app, "HEAD", "/_ping")
    assert (head.status, head.body) == (200, b"")
    assert headers["Content-Length"] == "0" and headers["Builder-Version"] == "1"
    assert headers["Cache-Control"] == "no-cache, no-store, must-revalidate" and headers["Pragma"] == "no-cache"
    get, _ = call(app, "GET", "/_ping")
    assert (get.status, get.body) == (200, b"OK")


def test_version_describes_engine_20_10_api_1_41(app):
    v = body_of(call(app, "GET", "/v1.41/version")[0])
    assert (v["Version"], v["ApiVersion"], v["MinAPIVersion"], v["Os"], v["Arch"]) == (
        "20.10.24+dfsg1", "1.41", "1.12", "linux", "amd64")
    assert v["Platform"] == {"Name": ""}
    assert v["Components"][0]["Name"] == "Engine" and v["Components"][0]["Details"]["ApiVersion"] == "1.41"
    assert list(v) == ["Platform", "Components", "Version", "ApiVersion", "MinAPIVersion", "GitCommit",
                       "GoVersion", "Os", "Arch", "KernelVersion", "BuildTime"]


def test_info_joins_the_daemons_facts_with_the_engines(app, tmp_path):
    info = body_of(call(app, "GET", "/info")[0])
    assert (info["ID"], info["Containers"], info["ContainersRunning"], info["Images"]) == ("FAKE:DAEMON", 2, 1, 3)
    assert (info["ServerVersion"], info["OSType"], info["DockerRootDir"]) == ("20.10.24+dfsg1", "linux", str(tmp_path))
    assert list(info)[:3] == ["ID", "Containers", "ContainersRunning"] and list(info)[-1] == "Warnings"
