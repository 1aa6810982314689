"""The Docker Engine API (1.41) of the bundled engine.

Route modules (`routes/<noun>.py`) import what they need from here: `Route`, `Request` and the
response helpers. `make_app(daemon)` assembles the application that the server and the in-process
transport serve.
"""
from __future__ import annotations

from .app import App, Route
from .request import Request
from .responses import (JSON, MULTIPLEXED_STREAM, RAW_STREAM, HijackedConnection, empty_response, hijack,
                        json_response, raw_response, stream_response)

__all__ = ["App", "Route", "Request", "JSON", "MULTIPLEXED_STREAM", "RAW_STREAM", "HijackedConnection",
           "empty_response", "hijack", "json_response", "raw_response", "stream_response", "make_app"]


def make_app(daemon) -> App:
    """The API of `daemon`: the routes it lists (`daemon.routes()`), its handlers given `request.daemon`."""
    return App(daemon.routes(), daemon)
