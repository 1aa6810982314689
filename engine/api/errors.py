"""The one place where an engine error becomes an HTTP status and a `{"message": ...}` body.

The status follows the error's kind, found along its class's MRO, so `ImageNotFound(NotFound)` is a
404 without anyone choosing it. Anything that is not an EngineError is a bug: a 500, logged with its
traceback, and never shown to the user as one.
"""
from __future__ import annotations

import logging

from .. import errors
from .responses import Response
from .gojson import encode

log = logging.getLogger("dockyard.engine.api")

STATUS_BY_KIND: dict[type[BaseException], int] = {
    errors.NotFound: 404,
    errors.InvalidParameter: 400,
    errors.Conflict: 409,
    errors.Unauthorized: 401,
    errors.Unavailable: 503,
    errors.Forbidden: 403,
    errors.NotModified: 304,
    errors.NotImplementedYet: 501,
    errors.System: 500,
}

REASONS = {200: "OK", 201: "Created", 204: "No Content", 304: "Not Modified",
           400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
           500: "Internal Server Error", 501: "Not Implemented", 503: "Service Unavailable"}

# API versions up to 1.23 received errors as plain text (moby's apiVersionSupportsJSONErrors).
_LAST_PLAIN_TEXT_ERRORS = (1, 23)


class PageNotFound(errors.NotFound):
    """No route for this method and path (dockerd's answer to wrong methods too)."""

    def __init__(self):
        super().__init__("page not found")


class UnsupportedAPIVersion(errors.InvalidParameter):
    pass


def status_for(error: BaseException) -> int:
    for kind in type(error).__mro__:
        status = STATUS_BY_KIND.get(kind)
        if status is not None:
            return status
    return 500


def error_response(error: BaseException, api_version: tuple[int, ...] | None = None,
                   context: str = "") -> Response:
    """The response dockerd sends for `error`; `context` ("GET /containers/x/json") goes in the log."""
    status = status_for(error)
    expected = isinstance(error, errors.EngineError)
    message = str(error) if expected else f"internal error: {type(error).__name__}: {error}"
    if not expected:
        log.error("Handler for %s returned error: %s", context, message, exc_info=error)
    elif status >= 500:
        log.error("Handler for %s returned error: %s", context, message)
    if status == 304:
        # dockerd writes its JSON body, but a 304 carries none on the wire.
        return Response(status, [("Content-Type", "application/json")])
    if api_version is not None and api_version <= _LAST_PLAIN_TEXT_ERRORS:
        return Response(status, [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")],
                        (message + "\n").encode())
    return Response(status, [("Content-Type", "application/json")], encode({"message": message}))
