"""The front end's Engine API client: docker-py's APIClient, for a real engine or the bundled one.

Everything in kernel/ and extension/ reaches an engine through the client `connect` returns, so the
same commands run against Docker itself (DOCKER_HOST, --host) and against dockyard's engine.
"""
from __future__ import annotations

import atexit
import os

import docker

from dockyard.engine import control
from dockyard.engine.home import Home, resolve_home
from dockyard.engine.version import API_VERSION

ENGINE_PROCESS = "process"
ENGINE_BUNDLED = "bundled"  # the background engine process, by the name users give it (`--engine bundled`)
ENGINE_IN_PROCESS = "in-process"
ENGINE_DOCKER = "docker"

_in_process_engines: dict[Home, control.InProcessEngine] = {}


def connect(host: str | None = None, *, engine: str | None = None,
            home: str | os.PathLike | None = None) -> docker.APIClient:
    """An APIClient for the engine the user chose.

    - `engine="docker"`, or (with no engine named) `host` (docker's --host) or $DOCKER_HOST: a real
      Docker engine at that address (default /var/run/docker.sock), TLS settings from the environment
      as docker's; the API version is negotiated with it.
    - otherwise dockyard's bundled engine for `home` (default $DOCKYARD_HOME): `engine="process"` (or
      "bundled", the default) is the background engine, started on first use; `engine="in-process"`
      runs it inside this process, without a socket.
    """
    engine = engine or os.environ.get("DOCKYARD_ENGINE") or None
    engine_home = bundled_engine_home(host, engine=engine, home=home)
    if engine_home is None:
        settings = docker.utils.kwargs_from_env()
        settings["base_url"] = host or settings.get("base_url") or "unix:///var/run/docker.sock"
        return docker.APIClient(version="auto", **settings)
    if engine == ENGINE_IN_PROCESS:
        return _in_process_engine(engine_home).client()
    if engine not in (None, ENGINE_PROCESS, ENGINE_BUNDLED):
        raise ValueError(f"unknown engine {engine!r}: expected {ENGINE_BUNDLED!r}, {ENGINE_DOCKER!r} or "
                         f"{ENGINE_IN_PROCESS!r}")
    return bundled_engine_client(control.ensure_running(engine_home), engine_home)


def bundled_engine_home(host: str | None = None, *, engine: str | None = None,
                        home: str | os.PathLike | None = None) -> Home | None:
    """The home of the bundled engine `connect` would reach with these choices; None for a real engine."""
    engine = engine or os.environ.get("DOCKYARD_ENGINE") or None
    if engine == ENGINE_DOCKER or (engine is None and (host or os.environ.get("DOCKER_HOST"))):
        return None
    return resolve_home(home)


def bundled_engine_client(url: str, home: Home) -> docker.APIClient:
    """A client for the bundled engine listening at `url`; a tcp:// engine also wants its token."""
    client = docker.APIClient(base_url=url, version=API_VERSION)
    if url.startswith("tcp://"):
        from dockyard.engine.api.server import TOKEN_HEADER
        client.headers[TOKEN_HEADER] = home.read(home.token) or ""
    return client


def _in_process_engine(home: Home) -> control.InProcessEngine:
    engine = _in_process_engines.get(home)
    if engine is None:
        engine = _in_process_engines[home] = control.InProcessEngine(home)
        atexit.register(engine.close)
    return engine
