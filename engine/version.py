"""What the bundled engine says it is: the one place for the versions every API response carries.

The engine speaks Docker Engine 20.10's API (1.41), so `docker version` and the response headers give
20.10.24's numbers; the fields that describe the machine say what is really there (the host's kernel,
the Python that runs the engine) rather than borrowing a Go build's values.
"""
from __future__ import annotations

import functools
import platform

# the reference engine of these machines is Debian's build of 20.10.24, and says so in its version
ENGINE_VERSION = "20.10.24+dfsg1"
API_VERSION = "1.41"
MIN_API_VERSION = "1.12"
OS = "linux"
# The bundled images are the official amd64 images, so the simulated machine is amd64 wherever it runs.
ARCH = "amd64"
ARCHITECTURE = "x86_64"  # the same machine as `uname -m` names it (GET /info "Architecture")
PLATFORM_NAME = ""  # as that build reports it (`Server:` with no product name)
SERVER_HEADER = f"Docker/{ENGINE_VERSION} ({OS})"


@functools.cache
def dockyard_version() -> str:
    """The installed dockyard's own version: stands where dockerd reports its git commit."""
    from importlib import metadata
    try:
        return metadata.version("dockyard")
    except metadata.PackageNotFoundError:
        return "unknown"


def git_commit() -> str:
    return f"dockyard-{dockyard_version()}"


def go_version() -> str:
    """The runtime that runs the engine, where dockerd names its Go toolchain."""
    return f"python{platform.python_version()}"


def kernel_version() -> str:
    """The host's kernel release: the kernel the engine runs on, which is what dockerd reports too."""
    return platform.release()


@functools.cache
def build_time() -> str:
    """When this engine was installed, in the form dockerd reports its build (`Thu May  7 21:09:36 2026`)."""
    import os
    import time
    return time.strftime("%a %b %e %H:%M:%S %Y", time.gmtime(os.path.getmtime(__file__)))
