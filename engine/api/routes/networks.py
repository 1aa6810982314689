"""Network routes (docker-py api/network.py)."""
from __future__ import annotations

from ..app import Route
from ..request import Request
from ..responses import empty_response, json_response


def list_networks(r: Request):
    return json_response(r.daemon.network_list(dict(r.query.filters())))


def create(r: Request):
    body = r.json() or {}
    subnet = None
    for cfg in ((body.get("IPAM") or {}).get("Config") or []):
        subnet = cfg.get("Subnet") or subnet
    return json_response(r.daemon.network_create(body.get("Name", ""), body.get("Driver") or "bridge",
                                                 body.get("Labels"), bool(body.get("Internal")), subnet), 201)


def inspect(r: Request):
    return json_response(r.daemon.network_inspect(r.params["name"]))


def remove(r: Request):
    r.daemon.network_remove(r.params["name"])
    return empty_response(204)


def connect(r: Request):
    body = r.json() or {}
    r.daemon.network_connect(r.params["name"], body.get("Container", ""))
    return empty_response(200)


def disconnect(r: Request):
    body = r.json() or {}
    r.daemon.network_disconnect(r.params["name"], body.get("Container", ""), bool(body.get("Force")))
    return empty_response(200)


def prune(r: Request):
    return json_response(r.daemon.network_prune(dict(r.query.filters())))


ROUTES = [
    Route("GET", "/networks", list_networks),
    Route("POST", "/networks/create", create),
    Route("POST", "/networks/prune", prune),
    Route("GET", "/networks/{name}", inspect),
    Route("DELETE", "/networks/{name}", remove),
    Route("POST", "/networks/{name}/connect", connect),
    Route("POST", "/networks/{name}/disconnect", disconnect),
]
