"""The `registry` images serve the Distribution API on their published port, as in the course's chapter 5:
`docker run -d -p 5000:5000 registry`, then the API over real HTTP, and `docker logs` shows the registry's log."""
import hashlib
import json
import time
import urllib.error
import urllib.request

import pytest

from hostports import free_port


def start_registry(api, image: str) -> tuple[str, int]:
    api.pull(image, tag="latest")
    port = free_port()
    c = api.create_container(image, ports=[5000], host_config=api.create_host_config(port_bindings={5000: port}))
    api.start(c["Id"])
    for _ in range(100):
        if b"listening on" in api.logs(c["Id"]):
            break
        time.sleep(0.05)
    return c["Id"], port


def call(method: str, url: str, body: bytes = None, headers: dict = None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.mark.parametrize("image, data_dir", [("registry", "/var/lib/registry"), ("diamol/registry", "/data")])
def test_a_registry_container_serves_the_api_on_its_published_port(api, image, data_dir):
    cid, port = start_registry(api, image)
    base = f"http://127.0.0.1:{port}"
    try:
        assert call("GET", base + "/v2/")[0] == 200
        assert call("GET", base + "/v2/")[1]["Docker-Distribution-Api-Version"] == "registry/2.0"
        assert call("GET", base + "/v2/_catalog")[2] == b'{"repositories":[]}\n'

        layer = b"a tiny layer"
        digest = "sha256:" + hashlib.sha256(layer).hexdigest()
        status, headers, _ = call("POST", base + "/v2/app/blobs/uploads/", b"")
        assert status == 202
        status, headers, _ = call("PUT", headers["Location"] + "&digest=" + digest, layer,
                                  {"Content-Type": "application/octet-stream"})
        assert (status, headers["Docker-Content-Digest"]) == (201, digest)
        config = b"{}"
        config_digest = "sha256:" + hashlib.sha256(config).hexdigest()
        _, headers, _ = call("POST", base + "/v2/app/blobs/uploads/", b"")
        call("PUT", headers["Location"] + "&digest=" + config_digest, config)
        manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                               "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                                          "size": len(config), "digest": config_digest},
                               "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                                           "size": len(layer), "digest": digest}]}).encode()
        status, headers, _ = call("PUT", base + "/v2/app/manifests/v1", manifest,
                                  {"Content-Type": "application/vnd.docker.distribution.manifest.v2+json"})
        assert status == 201
        assert call("GET", base + "/v2/_catalog")[2] == b'{"repositories":["app"]}\n'
        assert call("GET", base + "/v2/app/tags/list")[2] == b'{"name":"app","tags":["v1"]}\n'
        assert call("GET", base + f"/v2/app/blobs/{digest}")[2] == layer

        # the data land in the container's data directory, in Distribution's layout
        ex = api.exec_create(cid, ["find", data_dir + "/docker/registry/v2/repositories/app/_manifests/tags"])
        listing = api.exec_start(ex["Id"]).decode()
        assert data_dir + "/docker/registry/v2/repositories/app/_manifests/tags/v1/current/link" in listing

        logs = api.logs(cid, stdout=True, stderr=True).decode()
        assert 'level=info msg="listening on [::]:5000" go.version=go1.20.8 instance.id=' in logs
        assert 'msg="response completed" go.version=go1.20.8 http.request.host="127.0.0.1:' in logs
        assert '"GET /v2/_catalog HTTP/1.1" 200 20 "" "Python-urllib/' in logs
    finally:
        api.remove_container(cid, force=True)


def test_the_registry_image_keeps_its_data_in_an_anonymous_volume(api):
    cid, port = start_registry(api, "registry")
    try:
        _, headers, _ = call("POST", f"http://127.0.0.1:{port}/v2/kept/blobs/uploads/", b"")
        digest = "sha256:" + hashlib.sha256(b"x").hexdigest()
        assert call("PUT", headers["Location"] + "&digest=" + digest, b"x")[0] == 201
        mount = api.inspect_container(cid)["Mounts"][0]
        assert (mount["Type"], mount["Destination"]) == ("volume", "/var/lib/registry")
        volume = api.inspect_volume(mount["Name"])["Mountpoint"]
        import pathlib
        assert (pathlib.Path(volume) / "docker/registry/v2/blobs/sha256" / digest[7:9] / digest[7:] / "data") \
            .read_bytes() == b"x"
    finally:
        api.remove_container(cid, force=True)


def test_docker_stop_ends_the_registry_with_go_s_exit_status_2(api):
    cid, _ = start_registry(api, "registry")
    api.stop(cid, timeout=5)
    assert api.inspect_container(cid)["State"]["ExitCode"] == 2
    api.remove_container(cid)


def test_a_missing_configuration_file_is_the_registry_s_configuration_error(api):
    api.pull("registry", tag="latest")
    c = api.create_container("registry", ["serve", "/nope.yml"])
    api.start(c["Id"])
    assert api.wait(c["Id"])["StatusCode"] == 1
    assert api.logs(c["Id"]).decode() == (
        "configuration error: open /nope.yml: no such file or directory\n\nUsage: \n  registry serve <config> [flags]\n"
        "Flags:\n  -h, --help=false: help for serve\n\n\nAdditional help topics:\n\n")


def test_registry_version(api):
    api.pull("registry", tag="latest")
    c = api.create_container("registry", ["registry", "--version"])
    api.start(c["Id"])
    api.wait(c["Id"])
    assert api.logs(c["Id"]).decode() == "registry github.com/docker/distribution 2.8.3\n"
