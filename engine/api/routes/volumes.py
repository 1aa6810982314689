"""Volume routes (docker-py api/volume.py)."""
from __future__ import annotations

from ..app import Route
from ..request import Request
from ..responses import empty_response, json_response


def list_volumes(r: Request):
    f = r.query.filters()
    f.validate({"name", "dangling", "driver", "label"})
    return json_response(r.daemon.volume_list(dict(f)))


def create(r: Request):
    body = r.json() or {}
    return json_response(r.daemon.volume_create(body.get("Name") or None, body.get("Labels"),
                                                body.get("DriverOpts"), body.get("Driver") or "local"), 201)


def inspect(r: Request):
    return json_response(r.daemon.volume_inspect(r.params["name"]))


def remove(r: Request):
    r.daemon.volume_remove(r.params["name"], r.query.bool("force"))
    return empty_response(204)


def prune(r: Request):
    f = r.query.filters()
    f.validate({"label", "label!"})  # API 1.41: no `all` yet, every unused volume is pruned
    return json_response(r.daemon.volume_prune(dict(f)))


ROUTES = [
    Route("GET", "/volumes", list_volumes),
    Route("POST", "/volumes/create", create),
    Route("POST", "/volumes/prune", prune),
    Route("GET", "/volumes/{name}", inspect),
    Route("DELETE", "/volumes/{name}", remove),
]
