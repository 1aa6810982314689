"""DOCKYARD_HOME: the directory one bundled engine owns, and the engine process's files in it.

One engine per home. The engine holds an exclusive lock on `engine.lock` for as long as it runs, so
"is an engine running here?" is answered by the lock, never by a pid that may have been reused, and
the files a crashed engine left behind (socket, pid, url) are known to be stale by whoever takes the
lock next.
"""
from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "DOCKYARD_HOME"


def resolve_home(path: str | os.PathLike | None = None) -> Home:
    """The home given, else $DOCKYARD_HOME, else the user's data directory for dockyard."""
    if path is None:
        path = os.environ.get(ENV_VAR) or None
    if path is None:
        import platformdirs
        path = platformdirs.user_data_dir("dockyard")
    return Home(Path(path).expanduser().absolute())


@dataclass(frozen=True)
class Home:
    root: Path

    @property
    def lock(self) -> Path:
        return self.root / "engine.lock"

    @property
    def pid(self) -> Path:
        return self.root / "engine.pid"

    @property
    def socket(self) -> Path:
        return self.root / "engine.sock"

    @property
    def url(self) -> Path:
        """The running engine's DOCKER_HOST url (a unix:// or, without unix sockets, a tcp:// url)."""
        return self.root / "engine.url"

    @property
    def token(self) -> Path:
        """The secret a tcp:// engine requires in every request."""
        return self.root / "engine.token"

    @property
    def log(self) -> Path:
        return self.root / "engine.log"

    def create(self) -> None:
        """Create the home, readable by its user only (it holds the engine's socket)."""
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def read(self, path: Path) -> str | None:
        """A small engine file's text, or None when it is absent."""
        try:
            return path.read_text().strip()
        except FileNotFoundError:
            return None

    def write_private(self, path: Path, text: str) -> None:
        """Write a file only this user can read, atomically (readers never see half of it)."""
        temporary = path.with_name(path.name + ".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(text + "\n")
        os.replace(temporary, path)


class EngineLock:
    """The exclusive lock an engine holds on its home for its whole life (flock: the kernel drops it
    when the process dies, however it dies)."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another engine holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def is_held_elsewhere(self) -> bool:
        """Whether a running engine holds the lock (probed by trying to take it for a moment)."""
        if not self.path.exists():
            return False
        if self.acquire():
            self.release()
            return False
        return True
