"""The bundled images: configs as the official images have them, their sizes, history and files.

Sizes are what `docker images` shows (go-units, 3 significant digits, decimal); for images whose
size is well known the string is checked exactly, for the others a range around Docker Hub's.
"""
from __future__ import annotations

import time

import pytest

from catalog_harness import container, image_tree, tree_size
from dockyard.engine.catalog import CATALOG, find


def human(size: float) -> str:
    units = ["B", "kB", "MB", "GB", "TB"]
    i = 0
    while size >= 1000 and i < len(units) - 1:
        size /= 1000
        i += 1
    return f"{size:.3g}{units[i]}"


def image_size(reference: str) -> int:
    repository, _, tag = reference.partition(":")
    return sum(tree_size(tree) for tree, _ in find(repository, tag or "latest").layers())


# reference, docker images SIZE
EXACT_SIZES = [
    ("alpine:3.20", "7.8MB"), ("debian:bookworm", "117MB"), ("debian:bookworm-slim", "74.8MB"),
    ("ubuntu:24.04", "78.1MB"), ("ubuntu:22.04", "77.9MB"), ("hello-world:latest", "13.3kB"),
    ("busybox:latest", "1.98MB"),
]
# reference, (low, high) in MB, around Docker Hub's size
SIZE_RANGES = [
    ("node:20", (1000, 1200)), ("node:22-alpine", (120, 170)), ("node:20-slim", (180, 230)),
    ("python:3.12", (950, 1100)), ("python:3.12-slim", (110, 140)), ("python:3.12-alpine", (45, 65)),
    ("nginx:latest", (170, 200)), ("nginx:alpine", (40, 60)), ("httpd:latest", (130, 160)),
    ("registry:2", (20, 30)), ("ubuntu:14.04", (180, 210)), ("diamol/ch02-hello-diamol-web", (20, 40)),
]


@pytest.mark.parametrize("reference,size", EXACT_SIZES)
def test_sizes_docker_images_shows(reference, size):
    assert human(image_size(reference)) == size


@pytest.mark.parametrize("reference,bounds", SIZE_RANGES)
def test_sizes_near_docker_hubs(reference, bounds):
    low, high = bounds
    assert low <= image_size(reference) / 1e6 <= high


# reference, Cmd, Entrypoint, WorkingDir, ExposedPorts, StopSignal
CONFIGS = [
    ("alpine", ["/bin/sh"], None, None, None, None),
    ("debian", ["bash"], None, None, None, None),
    ("ubuntu", ["/bin/bash"], None, None, None, None),
    ("node:20", ["node"], ["docker-entrypoint.sh"], None, None, None),
    ("node:lts-alpine", ["node"], ["docker-entrypoint.sh"], None, None, None),
    ("python:3.12", ["python3"], None, None, None, None),
    ("nginx", ["nginx", "-g", "daemon off;"], ["/docker-entrypoint.sh"], None, {"80/tcp": {}}, "SIGQUIT"),
    ("httpd", ["httpd-foreground"], None, "/usr/local/apache2", {"80/tcp": {}}, "SIGWINCH"),
    ("hello-world", ["/hello"], None, None, None, None),
    ("registry:2", ["/etc/docker/registry/config.yml"], ["/entrypoint.sh"], None, {"5000/tcp": {}}, None),
    ("diamol/ch03-lab", ["/bin/sh"], None, "/diamol", None, None),
    ("diamol/ch06-random-number", ["/bin/sh", "-c", "./random.sh"], None, "/random", None, None),
    ("diamol/registry", ["/app/registry", "serve", "config.yml"], None, "/app", {"5000/tcp": {}}, None),
]


@pytest.mark.parametrize("reference,cmd,entrypoint,workdir,ports,stop", CONFIGS)
def test_configs_follow_the_official_images(reference, cmd, entrypoint, workdir, ports, stop):
    repository, _, tag = reference.partition(":")
    config = find(repository, tag or "latest").config
    assert (config.get("Cmd"), config.get("Entrypoint"), config.get("WorkingDir"), config.get("ExposedPorts"),
            config.get("StopSignal")) == (cmd, entrypoint, workdir, ports, stop)


@pytest.mark.parametrize("reference,variable", [
    ("node:20", "NODE_VERSION=20.18.0"), ("node:22", "YARN_VERSION=1.22.22"), ("python:3.12", "PYTHON_VERSION=3.12.7"),
    ("python:3.11-slim", "LANG=C.UTF-8"), ("nginx", "NGINX_VERSION=1.27.2"), ("httpd", "HTTPD_VERSION=2.4.62"),
])
def test_environment_names_versions(reference, variable):
    repository, _, tag = reference.partition(":")
    assert variable in find(repository, tag or "latest").config["Env"]


@pytest.mark.parametrize("repository,tag,same_as", [
    ("node", "lts", "22"), ("node", "latest", "23"), ("node", "iron-alpine", "20-alpine3.20"),
    ("python", "latest", "3.13"), ("python", "slim", "3.13-slim"), ("ubuntu", "latest", "noble"),
    ("ubuntu", "jammy", "22.04"), ("debian", "latest", "12"), ("nginx", "latest", "mainline"),
    ("nginx", "stable-alpine", "1.26-alpine"), ("alpine", "latest", "3.20.3"),
])
def test_tags_name_the_same_image(repository, tag, same_as):
    assert find(repository, tag).tags == find(repository, same_as).tags


@pytest.mark.parametrize("reference", ["node:4", "alpine:2.0", "debian:sid", "ubuntu:12.04", "nginx:0.1",
                                       "hello-world:9", "diamol/ch03-lab:3e"])
def test_tags_docker_hub_does_not_have(reference):
    repository, _, tag = reference.partition(":")
    assert find(repository, tag) is None


def test_history_interleaves_layers_and_metadata_as_docker_history_shows():
    history = find("node", "20").history()
    created_by = [h["created_by"][:24] for h in history]
    assert created_by[-6:] == ["RUN /bin/sh -c ARCH= && ", "ENV YARN_VERSION=1.22.22", "RUN /bin/sh -c set -ex  ",
                               "COPY docker-entrypoint.s", 'ENTRYPOINT ["docker-entr', 'CMD ["node"]']
    assert created_by[0].startswith("# debian.sh --arch 'amd6")
    assert [h.get("empty_layer", False) for h in history[-3:]] == [False, True, True]
    assert history[-1]["comment"] == "buildkit.dockerfile.v0"


def test_node_and_python_share_the_buildpack_layers():
    node = [tree for tree, _ in find("node", "20").layers()][:4]
    python = [tree for tree, _ in find("python", "3.12").layers()][:4]
    from dockyard.engine.layer.tar import tree_tar
    assert [tree_tar(t) for t in node] == [tree_tar(t) for t in python]


@pytest.mark.parametrize("repository", sorted(CATALOG))
def test_every_image_builds_its_layers_quickly(repository):
    image = find(repository, "latest")
    image.build()  # the first build imports the modules it needs
    start = time.perf_counter()
    image.build()
    assert time.perf_counter() - start < 0.05


# reference, path, text it contains
FILES = [
    ("nginx:latest", "/usr/share/nginx/html/index.html", "<h1>Welcome to nginx!</h1>"),
    ("nginx:alpine", "/etc/nginx/conf.d/default.conf", "listen       80;"),
    ("httpd:latest", "/usr/local/apache2/htdocs/index.html", "<h1>It works!</h1>"),
    ("diamol/ch02-hello-diamol-web", "/usr/local/apache2/htdocs/index.html", "Hello from Chapter 2!"),
    ("diamol/ch03-lab", "/diamol/ch03.txt", "Lab solution, by: "),
    ("diamol/ch06-random-number", "/random/random.sh", "echo $RANDOM > number.txt"),
    ("ubuntu:24.04", "/etc/os-release", 'PRETTY_NAME="Ubuntu 24.04.1 LTS"'),
    ("debian:bookworm", "/etc/os-release", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"'),
    ("alpine:3.20", "/etc/alpine-release", "3.20.3"),
    ("node:20", "/etc/passwd", "node:x:1000:1000::/home/node:/bin/bash"),
    ("node:20", "/usr/local/lib/node_modules/npm/package.json", '"version": "10.8.2"'),
    ("python:3.12", "/usr/local/lib/python3.12/site-packages/pip-24.2.dist-info/METADATA", "Version: 24.2"),
    ("registry:2", "/etc/docker/registry/config.yml", "rootdirectory: /var/lib/registry"),
    ("debian:bookworm", "/var/lib/dpkg/status", "Package: coreutils"),
    ("alpine:3.20", "/lib/apk/db/installed", "P:busybox"),
]


@pytest.mark.parametrize("reference,path,text", FILES)
def test_files_people_look_at(reference, path, text):
    assert text in container(reference).read_bytes(path).decode()


@pytest.mark.parametrize("reference,path,program", [
    ("node:20", "/usr/local/bin/node", "program:node"), ("node:20", "/usr/local/bin/npm", "program:npm"),
    ("python:3.12-slim", "/usr/local/bin/python3", "program:python3"), ("python:3.12", "/usr/local/bin/pip",
                                                                           "program:pip"),
    ("nginx", "/usr/sbin/nginx", "program:nginx"), ("httpd", "/usr/local/apache2/bin/httpd", "program:httpd"),
    ("alpine", "/bin/ls", "program:busybox"), ("debian", "/bin/ls", "program:gnu"),
    ("debian", "/bin/sh", "program:dash"), ("ubuntu", "/usr/bin/apt-get", "program:apt-get"),
    ("alpine", "/sbin/apk", "program:apk"), ("hello-world", "/hello", "program:hello"),
    ("registry:2", "/bin/registry", "program:registry"), ("diamol/registry", "/app/registry", "program:registry"),
])
def test_programs_are_simulated_binaries(reference, path, program):
    from dockyard.engine.layer.tree import lookup
    fs = container(reference)
    node = lookup(image_tree(reference)[0], fs.resolve(path))
    assert node.generator == program


def test_apt_lists_start_empty_as_in_the_official_images():
    assert container("debian").listdir("/var/lib/apt/lists") == ["lock", "partial"]
