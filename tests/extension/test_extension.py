"""`%load_ext dockyard.extension` in IPython: the kernel's cells as magics, and a docker-py client."""
from __future__ import annotations

import os
import sys

import pytest
from IPython.core.interactiveshell import InteractiveShell

import dockyard.extension
from dockyard.engine import control
from dockyard.engine.home import resolve_home
from dockyard.extension.magics import CellFailed


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    """An IPython shell with the extension loaded, on a private engine, in a scratch folder."""
    root = tmp_path_factory.mktemp("extension")
    saved = {name: os.environ.get(name) for name in ("DOCKYARD_HOME", "DOCKYARD_ENGINE", "DOCKER_HOST")}
    for name in saved:
        os.environ.pop(name, None)
    os.environ["DOCKYARD_HOME"] = str(root / "home")
    cwd = os.getcwd()
    os.chdir(root)
    ipython = InteractiveShell.instance()
    ipython.run_line_magic("load_ext", "dockyard.extension")
    try:
        yield ipython
    finally:
        os.chdir(cwd)
        control.stop(resolve_home(root / "home"))
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_the_magics_are_registered(shell):
    magics = shell.magics_manager.magics
    assert "docker" in magics["line"]
    assert {"docker", "dockerfile", "file"} <= set(magics["cell"])


def test_line_magic_runs_a_docker_command_with_ipython_s_variables(shell, capfd):
    shell.user_ns["greeting"] = "hello-from-python"
    assert shell.run_cell("%docker run --rm busybox echo $greeting").success
    assert capfd.readouterr().out == "hello-from-python\n"


def test_cell_magics_write_build_and_run(shell, capfd):
    assert shell.run_cell("%%file app/msg.txt\nhello from the image\n").success
    assert open("app/msg.txt").read() == "hello from the image\n"
    build = shell.run_cell('%%dockerfile -t ext:1 app\nFROM busybox\nCOPY msg.txt /\nCMD ["cat", "/msg.txt"]\n')
    assert build.success
    assert shell.run_cell("%%docker\nrun --rm ext:1\ndocker rmi ext:1\n").success
    out = capfd.readouterr().out
    assert out.startswith("Writing app/msg.txt\n") and "Successfully tagged ext:1\n" in out
    assert "hello from the image\nUntagged: ext:1\n" in out


def test_a_failed_command_fails_the_cell_without_a_python_traceback(shell, capfd):
    result = shell.run_cell("%docker rm no-such-container")
    assert not result.success and isinstance(result.error_in_exec, CellFailed)
    captured = capfd.readouterr()
    assert captured.err.startswith("Error response from daemon: No such container: no-such-container\n")
    assert "Traceback" not in captured.out + captured.err


def test_engine_is_a_docker_py_client_for_the_same_engine(shell):
    client = dockyard.extension.engine()
    tags = [tag for image in client.images.list() for tag in image.tags]
    assert "busybox:latest" in tags


def test_without_processes_the_engine_runs_in_process(monkeypatch):
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.delenv("DOCKYARD_ENGINE", raising=False)
    dockyard.extension.load_ipython_extension(InteractiveShell.instance())
    assert os.environ["DOCKYARD_ENGINE"] == "in-process"
