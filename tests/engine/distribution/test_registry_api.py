"""The Distribution API v2 as registry 2.8.3 answers it, called in-process with network.http Requests."""
import hashlib
import json
from urllib.parse import urlsplit

import pytest

from dockyard.engine.distribution.server import registry_handler
from dockyard.engine.distribution.storage import HostFiles, RegistryStorage
from dockyard.engine.network.http import Request

V2 = "application/vnd.docker.distribution.manifest.v2+json"
OCI = "application/vnd.oci.image.manifest.v1+json"
CONFIG = b'{"architecture":"amd64","os":"linux"}'
LAYER = b"layer bytes"


def sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def manifest(media_type=V2, layer=LAYER) -> bytes:
    return json.dumps({"schemaVersion": 2, "mediaType": media_type,
                       "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                                  "size": len(CONFIG), "digest": sha(CONFIG)},
                       "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                                   "size": len(layer), "digest": sha(layer)}]}).encode()


class Client:
    def __init__(self, handler):
        self.handler = handler

    def __call__(self, method, target, body=b"", **headers):
        target = urlsplit(target)._replace(scheme="", netloc="").geturl() if target.startswith("http") else target
        response = self.handler(Request(method, target, [("Host", "localhost:5000"),
                                                         *((k.replace("_", "-"), v) for k, v in headers.items())],
                                        body, "172.17.0.1"))
        return Answer(response)


class Answer:
    """A response, with its headers looked up as a client does (names case-insensitive)."""

    def __init__(self, response):
        self.status, self.headers, self.body = response.status, response.headers, response.body

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@pytest.fixture
def logged():
    return []


@pytest.fixture
def registry(tmp_path, logged):
    return Client(registry_handler(RegistryStorage(HostFiles(tmp_path)),
                                   log=lambda request, response: logged.append((request.method, response.status))))


def errors(response):
    return json.loads(response.body)["errors"]


def push_blob(registry, repo, data):
    """A blob as docker pushes it: HEAD (404), POST an upload, PATCH the bytes, PUT ?digest=."""
    assert registry("HEAD", f"/v2/{repo}/blobs/{sha(data)}").status == 404
    started = registry("POST", f"/v2/{repo}/blobs/uploads/")
    assert (started.status, started.header("Range")) == (202, "0-0")
    patched = registry("PATCH", started.header("Location"), data, Content_Type="application/octet-stream")
    assert (patched.status, patched.header("Range")) == (202, f"0-{len(data) - 1}")
    done = registry("PUT", patched.header("Location") + "&digest=" + sha(data))
    assert done.status == 201
    return done


def push(registry, repo="app", tag="v1"):
    push_blob(registry, repo, LAYER)
    push_blob(registry, repo, CONFIG)
    return registry("PUT", f"/v2/{repo}/manifests/{tag}", manifest(), Content_Type=V2)


def test_the_base_route_answers_an_empty_json_object(registry):
    response = registry("GET", "/v2/")
    assert (response.status, response.body, response.header("Content-Type")) == (
        200, b"{}", "application/json; charset=utf-8")
    assert response.header("Docker-Distribution-Api-Version") == "registry/2.0"
    assert response.header("Content-Length") == "2"


def test_a_whole_push_then_what_a_pull_reads(registry, logged):
    upload = registry("POST", "/v2/app/blobs/uploads/")
    uuid = upload.header("Docker-Upload-Uuid")
    assert upload.header("Location").startswith(f"http://localhost:5000/v2/app/blobs/uploads/{uuid}?_state=")
    registry("DELETE", upload.header("Location"))
    done = push_blob(registry, "app", LAYER)
    assert done.header("Location") == f"http://localhost:5000/v2/app/blobs/{sha(LAYER)}"
    assert done.header("Docker-Content-Digest") == sha(LAYER)
    push_blob(registry, "app", CONFIG)
    stored = registry("PUT", "/v2/app/manifests/v1", manifest(), Content_Type=V2)
    digest = sha(manifest())
    assert (stored.status, stored.header("Docker-Content-Digest")) == (201, digest)
    assert stored.header("Location") == f"http://localhost:5000/v2/app/manifests/{digest}"

    assert registry("GET", "/v2/app/tags/list").body == b'{"name":"app","tags":["v1"]}\n'
    assert registry("GET", "/v2/_catalog").body == b'{"repositories":["app"]}\n'
    for reference in ("v1", digest):
        got = registry("GET", f"/v2/app/manifests/{reference}", Accept=V2)
        assert (got.status, got.body, got.header("Content-Type")) == (200, manifest(), V2)
        assert (got.header("Docker-Content-Digest"), got.header("Etag")) == (digest, f'"{digest}"')
    assert registry("HEAD", "/v2/app/manifests/v1").header("Content-Length") == str(len(manifest()))
    blob = registry("GET", f"/v2/app/blobs/{sha(LAYER)}")
    assert (blob.status, blob.body, blob.header("Docker-Content-Digest")) == (200, LAYER, sha(LAYER))
    head = registry("HEAD", f"/v2/app/blobs/{sha(LAYER)}")
    assert (head.body, head.header("Content-Length")) == (b"", str(len(LAYER)))
    assert registry("GET", "/v2/app/manifests/v1", If_None_Match=f'"{digest}"').status == 304
    assert logged[0] == ("POST", 202) and len(logged) > 10


def test_a_monolithic_upload_is_a_post_then_one_put_with_the_bytes(registry):
    started = registry("POST", f"/v2/app/blobs/uploads/?digest={sha(LAYER)}", LAYER)
    assert started.status == 202  # registry 2.8 ignores a digest on POST: the bytes come with the PUT
    done = registry("PUT", started.header("Location") + "&digest=" + sha(LAYER), LAYER)
    assert done.status == 201
    status = registry("GET", started.header("Location"))
    assert errors(status)[0]["code"] == "BLOB_UPLOAD_UNKNOWN"


def test_the_upload_status_and_cancel(registry):
    started = registry("POST", "/v2/app/blobs/uploads/")
    status = registry("GET", started.header("Location"))
    assert (status.status, status.header("Range"), status.header("Content-Length")) == (204, "0-0", None)
    assert registry("DELETE", started.header("Location")).status == 204


def test_a_cross_repository_mount(registry):
    push(registry, "src")
    mounted = registry("POST", f"/v2/dst/blobs/uploads/?mount={sha(LAYER)}&from=src")
    assert (mounted.status, mounted.header("Location")) == (201, f"http://localhost:5000/v2/dst/blobs/{sha(LAYER)}")
    assert registry("HEAD", f"/v2/dst/blobs/{sha(LAYER)}").status == 200
    fallback = registry("POST", f"/v2/dst/blobs/uploads/?mount={sha(b'elsewhere')}&from=src")
    assert fallback.status == 202


def test_unknown_things_are_404_with_distribution_s_errors(registry):
    push(registry)
    assert errors(registry("GET", "/v2/nothing/tags/list")) == [
        {"code": "NAME_UNKNOWN", "message": "repository name not known to registry", "detail": {"name": "nothing"}}]
    assert errors(registry("GET", "/v2/app/manifests/v2")) == [
        {"code": "MANIFEST_UNKNOWN", "message": "manifest unknown", "detail": {"Tag": "v2"}}]
    missing = sha(b"missing")
    assert errors(registry("GET", f"/v2/app/manifests/{missing}")) == [
        {"code": "MANIFEST_UNKNOWN", "message": "manifest unknown", "detail": {"Name": "app", "Revision": missing}}]
    response = registry("GET", f"/v2/app/blobs/{missing}")
    assert (response.status, errors(response)) == (404, [
        {"code": "BLOB_UNKNOWN", "message": "blob unknown to registry", "detail": missing}])
    page = registry("GET", "/v2/nope")
    assert (page.status, page.body, page.header("Docker-Distribution-Api-Version")) == (
        404, b"404 page not found\n", "registry/2.0")
    assert registry("GET", "/v2/UPPER/tags/list").body == b"404 page not found\n"  # outside the name grammar


def test_a_manifest_naming_blobs_the_repository_lacks(registry):
    push_blob(registry, "app", CONFIG)
    response = registry("PUT", "/v2/app/manifests/v1", manifest(layer=b"never pushed"), Content_Type=V2)
    assert (response.status, errors(response)) == (400, [
        {"code": "MANIFEST_BLOB_UNKNOWN", "message": "blob unknown to registry", "detail": sha(b"never pushed")}])


def test_invalid_manifests_and_digests(registry):
    push(registry)
    assert errors(registry("PUT", "/v2/app/manifests/v2", b"{", Content_Type=V2))[0]["code"] == "MANIFEST_INVALID"
    assert registry("PUT", "/v2/app/manifests/v2", manifest(), Content_Type=OCI).status == 400
    wrong = registry("PUT", f"/v2/app/manifests/{sha(b'other')}", manifest(), Content_Type=V2)
    assert (wrong.status, errors(wrong)) == (400, [
        {"code": "DIGEST_INVALID", "message": "provided digest did not match uploaded content"}])
    started = registry("POST", "/v2/app/blobs/uploads/")
    mismatch = registry("PUT", started.header("Location") + "&digest=" + sha(b"else"), b"content")
    assert errors(mismatch) == [{"code": "DIGEST_INVALID", "message": "provided digest did not match uploaded content",
                                 "detail": {"Digest": sha(b"else"), "Reason": {}}}]
    started = registry("POST", "/v2/app/blobs/uploads/")
    assert errors(registry("PUT", started.header("Location"), b"x"))[0]["detail"] == "digest missing"


def test_an_upload_continues_only_from_the_location_handed_out(registry):
    started = registry("POST", "/v2/app/blobs/uploads/")
    bare = started.header("Location").split("?")[0]
    response = registry("PATCH", bare, b"data")
    assert (response.status, errors(response)[0]["code"]) == (404, "BLOB_UPLOAD_INVALID")
    other = registry("PATCH", started.header("Location").replace("/app/", "/other/"), b"data")
    assert errors(other) == [{"code": "BLOB_UPLOAD_INVALID", "message": "blob upload invalid"}]


def test_oci_manifests_need_an_accept_header_that_names_them(registry):
    push_blob(registry, "app", LAYER)
    push_blob(registry, "app", CONFIG)
    assert registry("PUT", "/v2/app/manifests/oci", manifest(OCI), Content_Type=OCI).status == 201
    assert errors(registry("GET", "/v2/app/manifests/oci")) == [
        {"code": "MANIFEST_UNKNOWN", "message": "OCI manifest found, but accept header does not support OCI manifests"}]
    assert registry("GET", "/v2/app/manifests/oci", Accept=OCI).status == 200


def test_deleting_is_unsupported_unless_the_configuration_enables_it(registry, tmp_path):
    push(registry)
    digest = sha(manifest())
    response = registry("DELETE", f"/v2/app/manifests/{digest}")
    assert (response.status, errors(response)) == (405, [
        {"code": "UNSUPPORTED", "message": "The operation is unsupported."}])
    enabled = Client(registry_handler(RegistryStorage(HostFiles(tmp_path)), delete_enabled=True))
    assert enabled("DELETE", f"/v2/app/manifests/{digest}").status == 202
    assert enabled("GET", "/v2/app/tags/list").body == b'{"name":"app","tags":null}\n'
    assert errors(enabled("DELETE", f"/v2/app/manifests/{digest}"))[0]["code"] == "MANIFEST_UNKNOWN"
    assert errors(enabled("DELETE", "/v2/app/manifests/v1"))[0]["code"] == "DIGEST_INVALID"


def test_the_catalog_pages_with_a_link_header(registry):
    for repo in ("a", "b", "c"):
        push_blob(registry, repo, repo.encode())
    first = registry("GET", "/v2/_catalog?n=2")
    assert first.body == b'{"repositories":["a","b"]}\n'
    assert first.header("Link") == '</v2/_catalog?last=b&n=2>; rel="next"'
    rest = registry("GET", "/v2/_catalog?last=b&n=2")
    assert (rest.body, rest.header("Link")) == (b'{"repositories":["c"]}\n', None)
    assert errors(registry("GET", "/v2/_catalog?n=1001")) == [
        {"code": "PAGINATION_NUMBER_INVALID", "message": "invalid number of results requested", "detail": {"n": 1001}}]


def test_methods_a_route_does_not_take(registry):
    response = registry("DELETE", "/v2/_catalog")
    assert (response.status, response.header("Allow"), response.body) == (405, "GET", b"Method not allowed\n")
