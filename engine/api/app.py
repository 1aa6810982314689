"""The Engine API application: a route table, dockerd's middleware, and error mapping.

Route modules export `ROUTES = [Route("POST", "/containers/{name}/start", start), ...]`; a handler
takes a `Request` and returns a response from `responses.py`, or raises an engine error. The App
matches routes with or without a `/v1.NN` prefix, checks that version as dockerd does, and adds the
headers dockerd's middleware puts on every routed response. It knows nothing of sockets: the server
and the in-process transport both call `App.handle`.

A request for JSON must be validated before a handler returns a stream or a hijack: once the
response has started, its status can no longer change.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .. import version
from ..errors import EngineError
from .errors import PageNotFound, UnsupportedAPIVersion, error_response
from .request import Request
from .responses import HijackResponse, Response, StreamResponse

AnyResponse = Response | StreamResponse | HijackResponse
Handler = Callable[[Request], AnyResponse]

_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")
_PARAM_KINDS = {None: "[^/]+", "path": ".+"}
_VERSION_PREFIX = re.compile(r"/v([0-9.]+)(/.*)$", re.DOTALL)

_VERSION_HEADERS = [("Api-Version", version.API_VERSION), ("Ostype", version.OS), ("Server", version.SERVER_HEADER)]
_ROUTED_HEADERS = [*_VERSION_HEADERS, ("Docker-Experimental", "false")]


class Route:
    """`method` and a path pattern: `{name}` matches one path segment, `{name:path}` one or more
    (image names contain slashes: `/images/{name:path}/json`)."""

    __slots__ = ("method", "pattern", "handler", "regex")

    def __init__(self, method: str, pattern: str, handler: Handler):
        self.method = method
        self.pattern = pattern
        self.handler = handler
        self.regex = _compile(pattern) if _PARAM.search(pattern) else None

    def __repr__(self) -> str:
        return f"Route({self.method!r}, {self.pattern!r}, {self.handler.__name__})"


def _compile(pattern: str) -> re.Pattern:
    parts, last = [], 0
    for m in _PARAM.finditer(pattern):
        name, kind = m.groups()
        if kind not in _PARAM_KINDS:
            raise ValueError(f"unknown path parameter kind {kind!r} in {pattern}")
        parts += [re.escape(pattern[last:m.start()]), f"(?P<{name}>{_PARAM_KINDS[kind]})"]
        last = m.end()
    parts.append(re.escape(pattern[last:]))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


def parse_api_version(text: str) -> tuple[int, ...]:
    """A version as moby compares them: dot-separated integers (junk reads as 0), trailing zeros ignored."""
    numbers = [int(part) if part.isdigit() else 0 for part in text.split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


_MAX_VERSION = parse_api_version(version.API_VERSION)
_MIN_VERSION = parse_api_version(version.MIN_API_VERSION)


class App:
    def __init__(self, routes: Iterable[Route], daemon: object = None):
        self.daemon = daemon
        self._exact: dict[tuple[str, str], Route] = {}
        self._patterns: dict[str, list[Route]] = {}
        for route in routes:
            if route.regex is None:
                self._exact.setdefault((route.method, route.pattern), route)
            else:
                self._patterns.setdefault(route.method, []).append(route)

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        route = self._exact.get((method, path))
        if route is not None:
            return route, {}
        for route in self._patterns.get(method, ()):
            m = route.regex.match(path)
            if m:
                return route, m.groupdict()
        return None

    def handle(self, request: Request) -> AnyResponse:
        requested_version, path = "", request.path
        prefixed = _VERSION_PREFIX.match(path)
        if prefixed:
            requested_version, path = prefixed.groups()
        found = self.match(request.method, path)
        parsed_version = parse_api_version(requested_version) if requested_version else None
        if found is None:
            return error_response(PageNotFound(), parsed_version)

        request.params = found[1]
        request.api_version = requested_version or version.API_VERSION
        request.daemon = self.daemon
        if parsed_version is not None:
            unsupported = _check_version(requested_version, parsed_version)
            if unsupported:
                response = error_response(unsupported, parsed_version)
                response.headers += _VERSION_HEADERS
                return response
        try:
            response = found[0].handler(request)
        except Exception as e:  # every failure becomes Docker's error response, never a traceback
            response = error_response(e, parsed_version, f"{request.method} {request.path}")
        response.headers += _ROUTED_HEADERS
        return response


def _check_version(text: str, parsed: tuple[int, ...]) -> EngineError | None:
    if parsed < _MIN_VERSION:
        return UnsupportedAPIVersion(
            f"client version {text} is too old. Minimum supported API version is {version.MIN_API_VERSION}, "
            "please upgrade your client to a newer version")
    if parsed > _MAX_VERSION:
        return UnsupportedAPIVersion(
            f"client version {text} is too new. Maximum supported API version is {version.API_VERSION}")
    return None
