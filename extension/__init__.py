"""dockyard in an ordinary Python kernel: `%load_ext dockyard.extension`.

It adds the dockyard kernel's cells as IPython magics (`%docker`, `%%docker`, `%%dockerfile`, `%%file`),
run by the same code (`dockyard.kernel.cells`), and `engine()`, a docker-py client for the same engine.
As with every IPython line magic, `%docker` expands `$name` and `{expression}` first (so `{{` becomes
`{`); Go templates (`--format '{{.ID}}'`) belong in a `%%docker` cell, whose lines are taken as written.
"""
from __future__ import annotations

import os
import sys


def load_ipython_extension(ipython) -> None:
    if sys.platform == "emscripten":  # Pyodide: no processes or sockets, so the engine runs in this process
        os.environ.setdefault("DOCKYARD_ENGINE", "in-process")
    from .magics import DockyardMagics
    ipython.register_magics(DockyardMagics)


def engine():
    """A docker-py `DockerClient` for the engine the magics use (`%engine` and DOCKYARD_ENGINE choose it)."""
    import docker

    from dockyard.kernel.client import connect

    client = docker.DockerClient.__new__(docker.DockerClient)  # DockerClient is its APIClient and nothing else:
    client.api = connect()  # give it dockyard's, which knows how to reach the bundled engine
    return client
