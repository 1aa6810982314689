"""What the kernel tests share: a private engine home per test (its engine stopped afterwards), the
kernelspec installed where only the tests look, and a frontend that records a cell's output."""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from dockyard.engine import control
from dockyard.engine.home import resolve_home

ENGINE_VARIABLES = ("DOCKYARD_HOME", "DOCKYARD_ENGINE", "DOCKER_HOST")


@contextlib.contextmanager
def private_engine(workdir: bool = True):
    """A fresh DOCKYARD_HOME (and, with `workdir`, a fresh current directory) for the duration;
    the bundled engine started there is stopped at the end. Kernels started inside inherit both."""
    saved_env = {name: os.environ.get(name) for name in ENGINE_VARIABLES}
    saved_cwd = os.getcwd()
    root = Path(tempfile.mkdtemp(prefix="dockyard-kernel-test-"))
    home = root / "home"
    for name in ENGINE_VARIABLES:
        os.environ.pop(name, None)
    os.environ["DOCKYARD_HOME"] = str(home)
    if workdir:
        (root / "work").mkdir()
        os.chdir(root / "work")
    try:
        yield root
    finally:
        os.chdir(saved_cwd)
        control.stop(resolve_home(home))
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def installed_kernelspec():
    """The dockyard kernelspec installed into a temporary prefix that JUPYTER_PATH points at."""
    from dockyard.kernel.install import install_kernelspec

    saved = os.environ.get("JUPYTER_PATH")
    prefix = tempfile.mkdtemp(prefix="dockyard-kernelspec-")
    install_kernelspec(prefix=prefix)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [os.path.join(prefix, "share", "jupyter"), saved]))
    try:
        yield prefix
    finally:
        if saved is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = saved
        shutil.rmtree(prefix, ignore_errors=True)


class RecordingFrontend:
    """A Frontend for tests: keeps what a cell printed; answers input from a list (EOF when empty)."""

    def __init__(self, answers=()):
        self.events: list[tuple[str, str]] = []
        self.answers = list(answers)
        self.prompts = 0

    def stream(self, name: str, text: str) -> None:
        self.events.append((name, text))

    def input(self, prompt: str) -> str:
        self.prompts += 1
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)

    def text(self, name: str = "stdout") -> str:
        return "".join(text for stream, text in self.events if stream == name)


def wait_for_running_container(timeout: float = 10.0) -> None:
    """Until a container runs: a person types into a container once its shell has started."""
    from dockyard.kernel.client import connect
    api, deadline = connect(), time.monotonic() + timeout
    while not api.containers(filters={"status": "running"}) and time.monotonic() < deadline:
        time.sleep(0.02)
