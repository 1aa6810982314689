"""One module per Docker noun, each exporting `ROUTES`: a list of `Route(method, pattern, handler)`."""
from __future__ import annotations


def all_routes() -> list:
    from . import containers, distribution, images, networks, system, volumes
    return [*system.ROUTES, *containers.ROUTES, *images.ROUTES, *distribution.ROUTES, *volumes.ROUTES,
            *networks.ROUTES]
