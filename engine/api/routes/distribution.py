"""Registry routes: push, login (`POST /auth`) and search (moby's image and system routers)."""
from __future__ import annotations

import base64
import binascii
import json

from ...errors import InvalidParameter, System
from ..app import Route
from ..gojson import EmptyInput, GoJSONError, decode_first
from ..request import Request, parse_go_int
from ..responses import json_response, stream_response
from ..streams import errors_in_band
from .images import _json_lines, started

AUTH_FIELDS = ("username", "password", "auth", "email", "serveraddress", "identitytoken", "registrytoken")


def registry_auth(r: Request) -> dict:
    """X-Registry-Auth: base64url JSON of the credentials; undecodable means none, as moby reads it."""
    encoded = r.headers.get("X-Registry-Auth") or ""
    if isinstance(encoded, bytes):  # docker-py hands the in-process transport its header as bytes
        encoded = encoded.decode("latin-1")
    try:
        decoded = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (binascii.Error, ValueError):
        return {}
    return _credentials(decoded)


def _credentials(document: object) -> dict:
    """types.AuthConfig's fields, matched without regard to case as Go's JSON decoding matches them."""
    if not isinstance(document, dict):
        return {}
    lowered = {str(key).lower(): value for key, value in document.items()}
    return {field: lowered[field] for field in AUTH_FIELDS if isinstance(lowered.get(field), str)}


def push(r: Request):
    if not r.headers.get("X-Registry-Auth"):
        # the old API sent the credentials as the body; it must at least be JSON
        try:
            decode_first(r.body.decode("utf-8", "replace"))
        except EmptyInput:
            raise InvalidParameter("Bad parameters and missing X-Registry-Auth: EOF") from None
        except GoJSONError as e:
            raise InvalidParameter(f"Bad parameters and missing X-Registry-Auth: {e}") from None
    messages = r.daemon.image_push(r.params["name"], r.query.get("tag"), registry_auth(r))
    return stream_response(errors_in_band(_json_lines(started(messages))))


def auth(r: Request):
    return json_response(r.daemon.registry_login(_credentials(r.json())))


def search(r: Request):
    limit_text = r.query.get("limit")
    try:
        limit = parse_go_int(limit_text) if limit_text else 25
    except InvalidParameter:
        raise System(f'strconv.Atoi: parsing "{limit_text}": invalid syntax') from None
    f = r.query.filters()
    f.validate({"is-automated", "is-official", "stars"})
    return json_response(r.daemon.image_search(r.query.get("term"), limit, {key: f.get_values(key) for key in f}))


ROUTES = [
    Route("POST", "/images/{name:path}/push", push),
    Route("GET", "/images/search", search),
    Route("POST", "/auth", auth),
]
