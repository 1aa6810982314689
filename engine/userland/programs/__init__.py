"""The programs inside the bundled images, by the name their simulated binaries carry.

`REGISTRY` maps a program name (`make_binary(name, ...)` in the catalog) to "module:function";
modules are imported only when a container first runs the program. `BUSYBOX_APPLETS` are applets
of the busybox binary implemented outside its package (its web server and HTTP client).
"""
from __future__ import annotations

from .pkg import PROGRAMS as PACKAGE_PROGRAMS
from .runtimes import PROGRAMS as RUNTIME_PROGRAMS
from .servers import BUSYBOX_APPLETS, PROGRAMS as SERVER_PROGRAMS

REGISTRY: dict[str, str] = {
    "busybox": "dockyard.engine.userland.programs.busybox:main",
    **PACKAGE_PROGRAMS,
    **RUNTIME_PROGRAMS,
    **SERVER_PROGRAMS,
}

__all__ = ["REGISTRY", "BUSYBOX_APPLETS"]
