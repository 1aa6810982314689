"""Image routes (docker-py api/image.py, moby router/image)."""
from __future__ import annotations

import itertools
import json

from ...builder.builder import Options
from ...errors import InvalidParameter, NotFound
from ..app import Route
from ..request import Request
from ..responses import json_response, raw_response, stream_response
from ..streams import errors_in_band, json_message


def _json_lines(messages):
    for m in messages:
        yield json_message(stream=m.get("stream"), status=m.get("status"), progress_detail=m.get("progressDetail"),
                           progress=m.get("progress"), id=m.get("id"), aux=m.get("aux"), error=m.get("error"),
                           error_code=(m.get("errorDetail") or {}).get("code"))


def list_images(r: Request):
    f = r.query.filters()
    f.validate({"dangling", "label", "before", "since", "reference"})
    return json_response(r.daemon.image_list(r.query.bool("all"), dict(f)))


def inspect(r: Request):
    try:
        return json_response(r.daemon.image_inspect(r.params["name"]))
    except NotFound as e:  # Docker 20.10 words this one twice
        raise NotFound(f"no such image: {r.params['name']}: {e}") from None


def history(r: Request):
    return json_response(r.daemon.image_history(r.params["name"]))


def tag(r: Request):
    r.daemon.image_tag(r.params["name"], r.query.get("repo"), r.query.get("tag") or None)
    return raw_response(b"", "text/plain; charset=utf-8", 201)


def delete(r: Request):
    return json_response(r.daemon.image_delete(r.params["name"], r.query.bool("force"),
                                               not r.query.bool("noprune")))


def prune(r: Request):
    f = r.query.filters()
    f.validate({"dangling", "label", "label!", "until"})
    return json_response(r.daemon.image_prune(dict(f)))


def create(r: Request):
    """POST /images/create: a pull (fromImage), or an import of a filesystem tar (fromSrc: `-` for
    the request body, or a URL, which only a loopback address can answer here)."""
    source = r.query.get("fromSrc")
    if not source:
        messages = r.daemon.image_pull(r.query.get("fromImage"), r.query.get("tag"))
        return stream_response(errors_in_band(_json_lines(started(messages))))
    q = r.query
    args = (q.get("repo") or "", q.get("tag") or "", q.get("message") or "", q.get_all("changes"))

    def imported():
        if source == "-":
            data = r.body
        else:
            yield {"status": f"Downloading from {source}"}
            data = _download(source)
        yield {"status": r.daemon.image_import(data, source, *args)}
    return stream_response(errors_in_band(_json_lines(started(imported()))))


def _download(url: str) -> bytes:
    """What `docker import URL` fetches: loopback only, since the bundled engine has no network."""
    import urllib.parse
    import urllib.request
    from ...errors import System
    host = urllib.parse.urlsplit(url).hostname or ""
    if host not in ("localhost", "127.0.0.1", "::1"):
        raise System(f'Get "{url}": dial tcp: lookup {host}: no such host')
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.read()
    except OSError as e:
        raise System(f'Get "{url}": {getattr(e, "reason", e)}') from None


def started(messages):
    """The stream once its first message is out: a failure before it is the response itself, as
    moby returns an error when nothing was flushed yet (`if !output.Flushed()`)."""
    first = next(messages, None)
    return itertools.chain([first] if first is not None else [], messages)


def build(r: Request):
    q = r.query
    tags = q.get_all("t")
    buildargs = json.loads(q.get("buildargs") or "{}") or {}
    labels = json.loads(q.get("labels") or "{}") or {}
    options = Options(tags=tags, dockerfile=q.get("dockerfile") or "Dockerfile", build_args=buildargs,
                      no_cache=q.bool("nocache"), remove=q.bool_or("rm", True), force_remove=q.bool("forcerm"),
                      target=q.get("target"), labels=labels, quiet=q.bool("q"))
    messages = r.daemon.build(r.body, options)
    first = next(messages, None)
    if first is not None and "error" in first:
        # nothing was written yet, so the failure is the response itself (moby: `if !output.Flushed()`)
        raise BuildFailedEarly(first["error"])
    stream = itertools.chain([first] if first else [], messages)
    if options.quiet:
        stream = _quietly(stream)
    return stream_response(errors_in_band(_json_lines(stream)))


def _quietly(messages):
    """`q`: the build's output is held back and sent only if the build fails, ahead of the error;
    a build that succeeds says only its image ID, as a stream line (moby's notVerboseBuffer; the
    aux message with the ID is not sent either)."""
    held, image_id = [], None
    for m in messages:
        if "aux" in m:
            image_id = (m["aux"] or {}).get("ID") or image_id
        elif "error" in m or "errorDetail" in m:
            yield from held
            yield m
            return
        else:
            held.append(m)
    if image_id:
        yield {"stream": image_id + "\n"}


def build_prune(r: Request):
    """POST /build/prune, which `docker system prune` calls: the classic builder keeps its cache as
    images (pruned with them), so there is no separate build cache to free."""
    r.query.filters()
    return json_response({"CachesDeleted": None, "SpaceReclaimed": 0})


class BuildFailedEarly(InvalidParameter):
    """A build that failed before its first output line (a Dockerfile that does not parse)."""


def commit(r: Request):
    q = r.query
    config = r.json(required=False) or {}
    image_id = r.daemon.container_commit(q.get("container"), q.get("repo"), q.get("tag"), q.get("comment"),
                                         q.get("author"), q.get_all("changes"), config, q.bool_or("pause", True))
    return json_response({"Id": image_id}, 201)


def save(r: Request):
    names = r.query.get_all("names") or ([r.params["name"]] if "name" in r.params else [])
    return raw_response(r.daemon.image_save(names), "application/x-tar")


def load(r: Request):
    messages = r.daemon.image_load(r.body)
    if r.query.bool("quiet"):
        messages = (m for m in messages if not m.get("stream", "").startswith("The image"))
    return stream_response(errors_in_band(_json_lines(messages)))


ROUTES = [
    Route("GET", "/images/get", save),
    Route("GET", "/images/{name:path}/get", save),
    Route("POST", "/images/load", load),
    Route("GET", "/images/json", list_images),
    Route("GET", "/images/{name:path}/json", inspect),
    Route("GET", "/images/{name:path}/history", history),
    Route("POST", "/images/{name:path}/tag", tag),
    Route("DELETE", "/images/{name:path}", delete),
    Route("POST", "/images/prune", prune),
    Route("POST", "/images/create", create),
    Route("POST", "/build", build),
    Route("POST", "/build/prune", build_prune),
    Route("POST", "/commit", commit),
]
