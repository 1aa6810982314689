"""Tab completion and Shift+Tab help in a cell (kernel/help/)."""
from __future__ import annotations

import pytest

from dockyard.kernel.cells import run_cell
from dockyard.kernel.help import docs_en, docs_ko
from dockyard.kernel.help.completion import complete
from dockyard.kernel.help.inspection import inspect

from kernel_testing import RecordingFrontend, private_engine


def matches(code: str, cursor: int | None = None) -> list[str]:
    return complete(code, len(code) if cursor is None else cursor)[0]


# ------------------------------------------------------------------ completion without an engine
@pytest.mark.parametrize("code, expected", [
    ("do", ["docker"]),
    ("%en", ["%engine", "%env"]),
    ("%%d", ["%%docker", "%%dockerfile"]),
    ("docker ru", ["run"]),
    ("docker container st", ["start", "stats", "stop"]),
    ("docker volume ", ["create", "inspect", "ls", "prune", "rm", "update"]),
    ("docker run --r", ["--read-only", "--restart", "--rm", "--runtime"]),
    ("docker ps --fo", ["--format"]),
    ("docker build --no", ["--no-cache"]),
    ("docker run busybox ec", []),  # the container's own command
    ("%engine ", ["bundled", "docker", "in-process"]),
    ("FR", ["FROM"]),
    ("FROM busybox\nWO", ["WORKDIR"]),
    ("FROM busybox\nco", ["COPY"]),
    ("FROM busybox\nONBUILD R", ["RUN"]),
    ("FROM busybox\nCOPY --ch", ["--chmod=", "--chown="]),
    ("FROM busybox\nRUN --m", ["--mount="]),
    ("FROM busybox AS build\nFROM busybox\nCOPY --from=bu", ["--from=build"]),
    ("FROM busybox\nHEALTHCHECK N", ["NONE"]),
    ("%%dockerfile --no-c", ["--no-cache"]),
])
def test_completion_offers_commands_flags_and_instructions(code, expected, monkeypatch):
    monkeypatch.setenv("DOCKYARD_ENGINE", "docker")  # no engine answers here: names from it are left out
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    assert [m for m in matches(code) if not m.startswith("--from=busybox")] == expected


def test_completion_replaces_the_word_under_the_cursor():
    code = "docker run --rm busybox"
    assert complete(code, len("docker ru")) == (["run"], len("docker "), len("docker ru"))
    assert complete("docker ", 7) == (matches("docker "), 7, 7)


def test_completion_offers_paths_where_a_command_takes_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "msg.txt").write_text("hi")
    (tmp_path / "notes.txt").write_text("")
    assert matches("docker build ") == ["app/"]  # a context is a folder
    assert matches("docker build -f app/") == ["app/msg.txt"]
    assert matches("%%file no") == ["notes.txt"]
    assert matches("%%dockerfile -t web app\nFROM busybox\nCOPY m") == ["msg.txt"]  # from the context


# ------------------------------------------------------------------ names the engine knows
@pytest.fixture(scope="module")
def engine():
    with private_engine():
        frontend = RecordingFrontend()
        setup = ("docker create --name keeper busybox\n"
                 "docker volume create notes\n"
                 "docker network create app-net\n"
                 "docker tag busybox web:1")
        assert run_cell(setup, frontend).ok, frontend.events
        yield


@pytest.mark.parametrize("code, expected", [
    ("docker run bu", ["busybox", "busybox:latest"]),
    ("docker rmi w", ["web:1"]),
    ("FROM we", ["web:1"]),
    ("docker start k", ["keeper"]),
    ("docker stop k", []),  # keeper is not running
    ("docker volume rm n", ["notes"]),
    ("docker run -v n", ["notes"]),
    ("docker run --network app", ["app-net"]),
    ("docker run --network=app", ["--network=app-net"]),
    ("docker network connect app-net k", ["keeper"]),
    ("docker cp k", ["keeper:"]),
])
def test_completion_offers_the_names_the_engine_knows(engine, code, expected):
    assert matches(code) == expected


# ------------------------------------------------------------------ Shift+Tab
def test_every_explained_topic_is_explained_in_both_languages():
    assert docs_en.INSTRUCTIONS.keys() == docs_ko.INSTRUCTIONS.keys()
    assert docs_en.COMMANDS.keys() == docs_ko.COMMANDS.keys()


@pytest.mark.parametrize("code, cursor, first_line, contains", [
    ("FROM busybox\nCOPY . /app", 15, "COPY (Dockerfile)", ["build context", "빌드 컨텍스트", "COPY package.json"]),
    ("FROM busybox\nONBUILD RUN make", 22, "RUN (Dockerfile)", ["build time"]),
    ("FROM busybox\nONBUILD RUN make", 15, "ONBUILD (Dockerfile)", ["FROM"]),
    ("docker run --rm busybox", 8, "docker run: Create and run a new container from an image",
     ["short for docker container run", "Usage:  docker run [OPTIONS] IMAGE", "이미지로 컨테이너를", "docker run --rm"]),
    ("docker ps -a", 11, "-a, --all: Show all containers (default shows just running)", ["docker ps: List containers"]),
    ("docker service create", 18, "docker service create: Create a new service", ["swarm 서비스"]),
    ("docker volume ls", 16, "docker volume ls: List volumes", ["Lists volumes."]),
    ("%%dockerfile -t web .\nFROM busybox", 14, "-t, --tag list: Name and optionally a tag", ["docker build"]),
    ("%%file app/x.txt\nhi", 3, "%%file [-a] PATH", ["셀의 나머지"]),
    ("%engine docker", 3, "%engine [bundled", []),
])
def test_inspection_explains_instructions_commands_and_flags(code, cursor, first_line, contains):
    text = inspect(code, cursor)
    assert text.splitlines()[0].startswith(first_line)
    for part in contains:
        assert part in text


def test_inspection_in_detail_adds_docker_s_own_help():
    assert "Options:" in inspect("docker run", 8, detail_level=1)


@pytest.mark.parametrize("code", ["", "hello world", "docker"[:0]])
def test_inspection_finds_nothing_where_there_is_nothing(code):
    assert inspect(code, len(code)) is None
