"""The registry HTTP API v2, answered as Distribution's registry 2.8.3 answers it.

`registry_handler(storage)` is a `network.http` Handler: the `registry` program binds it to its
port, and the engine's simulated Docker Hub calls it in-process. Routes, status codes, headers
and error bodies follow distribution/registry/handlers and registry/api/errcode: Go's canonical
header spelling (`Docker-Distribution-Api-Version`, `Docker-Upload-Uuid`, `Etag`), absolute
`Location`s built from the request's Host, and an HMAC-signed `_state` in every upload URL, so an
upload continues only from the Location the registry handed out.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from typing import Callable
from urllib.parse import parse_qs, quote, urlencode

from ..network.http import Handler, Request, Response, http_date
from .storage import NAME_PATTERN, TAG_PATTERN, RegistryStorage, is_digest, sniff_media_type, valid_name

API_VERSION = ("Docker-Distribution-Api-Version", "registry/2.0")
JSON = "application/json; charset=utf-8"
MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json"
MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"
MAX_MANIFEST = 4 << 20
CATALOG_MAX_ENTRIES = 1000  # the configuration's catalog.maxentries default
CATALOG_DEFAULT_ENTRIES = 100

# errcode's registered codes: message and HTTP status (registry/api/errcode, registry/api/v2/errors.go).
ERROR_CODES = {
    "UNKNOWN": ("unknown error", 500),
    "UNSUPPORTED": ("The operation is unsupported.", 405),
    "UNAUTHORIZED": ("authentication required", 401),
    "DENIED": ("requested access to the resource is denied", 403),
    "DIGEST_INVALID": ("provided digest did not match uploaded content", 400),
    "NAME_INVALID": ("invalid repository name", 400),
    "NAME_UNKNOWN": ("repository name not known to registry", 404),
    "MANIFEST_UNKNOWN": ("manifest unknown", 404),
    "MANIFEST_INVALID": ("manifest invalid", 400),
    "MANIFEST_BLOB_UNKNOWN": ("blob unknown to registry", 400),
    "BLOB_UNKNOWN": ("blob unknown to registry", 404),
    "BLOB_UPLOAD_UNKNOWN": ("blob upload unknown to registry", 404),
    "BLOB_UPLOAD_INVALID": ("blob upload invalid", 404),
    "PAGINATION_NUMBER_INVALID": ("invalid number of results requested", 400),
}
NO_DETAIL = object()
GO_ERROR = {}  # the detail a Go error value marshals to: its fields are unexported

_DIGEST = r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+"
ROUTES = [  # registry/api/v2/descriptors.go, in the router's order
    ("base", re.compile(r"/v2/")),
    ("tags", re.compile(rf"/v2/(?P<name>{NAME_PATTERN})/tags/list")),
    ("manifest", re.compile(rf"/v2/(?P<name>{NAME_PATTERN})/manifests/(?P<reference>{TAG_PATTERN}|{_DIGEST})")),
    ("blob", re.compile(rf"/v2/(?P<name>{NAME_PATTERN})/blobs/(?P<digest>{_DIGEST})")),
    ("upload", re.compile(rf"/v2/(?P<name>{NAME_PATTERN})/blobs/uploads/")),
    ("upload_chunk", re.compile(rf"/v2/(?P<name>{NAME_PATTERN})/blobs/uploads/(?P<uuid>[a-zA-Z0-9-_.=]+)")),
    ("catalog", re.compile(r"/v2/_catalog")),
]
METHODS = {"base": None, "tags": ("GET",), "catalog": ("GET",), "manifest": ("GET", "HEAD", "PUT", "DELETE"),
           "blob": ("GET", "HEAD", "DELETE"),
           "upload": ("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"),
           "upload_chunk": ("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE")}


def go_json(value) -> bytes:
    """encoding/json's output: compact, HTML characters escaped, a newline as json.Encoder adds."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return (text + "\n").encode()


def error_body(errors: list[tuple[str, object]]) -> tuple[int, bytes]:
    """errcode.ServeJSON: the first error decides the status; a detail of None is left out."""
    entries = []
    for code, detail in errors:
        entry = {"code": code, "message": ERROR_CODES[code][0]}
        if detail is not NO_DETAIL and detail is not None:
            entry["detail"] = detail
        entries.append(entry)
    return ERROR_CODES[errors[0][0]][1], go_json({"errors": entries})


class _Call:
    """One request's view: matched route variables, the query, and how to build URLs back."""

    def __init__(self, request: Request, variables: dict[str, str]):
        self.request = request
        self.name = variables.get("name", "")
        self.vars = variables
        self.query = {k: v[0] for k, v in parse_qs(request.query, keep_blank_values=True).items()}
        scheme = request.header("X-Forwarded-Proto") or "http"
        host = request.header("X-Forwarded-Host").split(",")[0].strip() or request.header("Host")
        self.origin = f"{scheme}://{host}" if host else ""


class _Registry:
    def __init__(self, storage: RegistryStorage, log, delete_enabled: bool, headers: list[tuple[str, str]],
                 secret: str):
        self.storage = storage
        self.log = log
        self.delete_enabled = delete_enabled
        self.headers = headers
        self.secret = secret.encode()

    def __call__(self, request: Request) -> Response:
        response = self._respond(request)
        headers = [API_VERSION, ("Date", http_date(time.time()))] + response.headers
        if response.status in (204, 304):  # net/http drops a body's headers where no body may be
            headers = [h for h in headers if h[0].lower() not in ("content-length", "content-type")]
        elif "content-length" not in {k.lower() for k, _ in headers}:
            headers.append(("Content-Length", str(len(response.body))))
        response = Response(response.status, sorted(headers, key=lambda h: h[0]), response.body)
        if self.log is not None:
            self.log(request, response)
        return response

    # ---------------------------------------------------------------- routing
    def _respond(self, request: Request) -> Response:
        path = request.path
        if path == "/":  # the liveness route every registry answers before the API
            return Response(200, [("Cache-Control", "no-cache")], b"")
        if path in ("/v2", ) or re.fullmatch(rf"/v2/{NAME_PATTERN}/blobs/uploads", path):
            return _redirect(request, path + "/")  # the router's StrictSlash
        for route, pattern in ROUTES:
            match = pattern.fullmatch(path)
            if match is not None:
                break
        else:
            return Response(404, [("Content-Type", "text/plain; charset=utf-8"),
                                  ("X-Content-Type-Options", "nosniff")], b"404 page not found\n")
        call = _Call(request, {k: v for k, v in match.groupdict().items() if v is not None})
        allowed = METHODS[route]
        if allowed is not None and request.method not in allowed:
            return self._with_config(Response(405, [("Allow", ", ".join(sorted(allowed))),
                                                    ("Content-Type", "text/plain; charset=utf-8"),
                                                    ("X-Content-Type-Options", "nosniff")],
                                              b"Method not allowed\n"))
        if call.name and len(call.name) > 255:
            # reference.WithName's error is no errcode: errcode.ServeJSON makes it a 500 UNKNOWN
            return self._with_config(self._errors(("UNKNOWN", {"Name": call.name, "Reason": GO_ERROR})))
        return self._with_config(getattr(self, "_" + route)(call))

    def _with_config(self, response: Response) -> Response:
        """The configuration's http.headers, which the registry adds on every API route."""
        return Response(response.status, self.headers + response.headers, response.body)

    def _errors(self, *errors: tuple[str, object]) -> Response:
        status, body = error_body(list(errors))
        return Response(status, [("Content-Type", JSON)], body)

    # ---------------------------------------------------------------- base, catalog, tags
    def _base(self, call: _Call) -> Response:
        return Response(200, [("Content-Type", JSON)], b"{}")

    def _catalog(self, call: _Call) -> Response:
        entries = CATALOG_DEFAULT_ENTRIES
        n = call.query.get("n", "")
        if re.fullmatch(r"[+-]?\d+", n):
            if int(n) > CATALOG_MAX_ENTRIES:
                return self._errors(("PAGINATION_NUMBER_INVALID", {"n": int(n)}))
            if int(n) >= 0:
                entries = int(n)
        last = call.query.get("last", "")
        after = [r for r in self.storage.repositories() if r.replace("/", "\x00") > last.replace("/", "\x00")]
        page = after[:entries]
        headers = [("Content-Type", JSON)]
        if entries and len(page) == entries:  # the walk stopped on a full page: there may be more
            headers.append(("Link", f'</v2/_catalog?{urlencode([("last", page[-1]), ("n", entries)])}>; rel="next"'))
        return Response(200, headers, go_json({"repositories": page}))

    def _tags(self, call: _Call) -> Response:
        tags = self.storage.tags(call.name)
        if tags is None:
            return self._errors(("NAME_UNKNOWN", {"name": call.name}))
        return Response(200, [("Content-Type", JSON)], go_json({"name": call.name, "tags": tags or None}))

    # ---------------------------------------------------------------- manifests
    def _manifest(self, call: _Call) -> Response:
        method = call.request.method
        if method in ("GET", "HEAD"):
            return self._get_manifest(call)
        if method == "PUT":
            return self._put_manifest(call)
        return self._delete_manifest(call)

    def _get_manifest(self, call: _Call) -> Response:
        reference = call.vars["reference"]
        digest = self.storage.resolve(call.name, reference)
        if digest is None:
            if is_digest(reference):
                return self._errors(("MANIFEST_UNKNOWN", {"Name": call.name, "Revision": reference}))
            return self._errors(("MANIFEST_UNKNOWN", {"Tag": reference}))
        if any(value.strip() in (digest, f'"{digest}"') for key, value in call.request.headers
               if key.lower() == "if-none-match"):
            return Response(304, [], b"")
        found = self.storage.get_manifest(call.name, digest)
        if found is None:
            return self._errors(("MANIFEST_UNKNOWN", {"Name": call.name, "Revision": digest}))
        body, media_type, _ = found
        accepted = {part.split(";")[0].strip() for key, value in call.request.headers if key.lower() == "accept"
                    for part in value.split(",")}
        if media_type == OCI_MANIFEST and OCI_MANIFEST not in accepted:
            return self._errors_message("MANIFEST_UNKNOWN", "OCI manifest found, but accept header does not "
                                                            "support OCI manifests")
        if media_type == OCI_INDEX and OCI_INDEX not in accepted:
            return self._errors_message("MANIFEST_UNKNOWN", "OCI index found, but accept header does not "
                                                            "support OCI indexes")
        return Response(200, [("Content-Type", media_type), ("Docker-Content-Digest", digest),
                              ("Etag", f'"{digest}"')], body)

    def _errors_message(self, code: str, message: str) -> Response:
        return Response(ERROR_CODES[code][1], [("Content-Type", JSON)],
                        go_json({"errors": [{"code": code, "message": message}]}))

    def _put_manifest(self, call: _Call) -> Response:
        body = call.request.body
        if len(body) > MAX_MANIFEST:
            return self._errors(("MANIFEST_INVALID", "http: request body too large"))
        media_type = call.request.header("Content-Type").split(";")[0].strip().lower()
        document = _parse_manifest(media_type, body)
        if document is None:
            return self._errors(("MANIFEST_INVALID", GO_ERROR))
        reference = call.vars["reference"]
        digest = "sha256:" + hashlib.sha256(body).hexdigest()
        if is_digest(reference) and reference != digest:
            return self._errors(("DIGEST_INVALID", NO_DETAIL))
        if document.get("schemaVersion") != 2:
            return self._errors(("UNKNOWN", GO_ERROR))  # "unrecognized manifest schema version"
        missing = [("MANIFEST_BLOB_UNKNOWN", d) for d in self._missing_references(call.name, media_type, document)]
        if missing:
            return self._errors(*missing)
        self.storage.put_manifest(call.name, reference, body, media_type)
        return Response(201, [("Location", f"{call.origin}/v2/{call.name}/manifests/{digest}"),
                              ("Docker-Content-Digest", digest)], b"")

    def _missing_references(self, repo: str, media_type: str, document: dict) -> list[str]:
        """The digests a manifest names that this repository does not hold (schema2/OCI: blobs;
        lists and indexes: manifests)."""
        missing = []
        if media_type in (MANIFEST_LIST, OCI_INDEX):
            for entry in document.get("manifests") or []:
                digest = str(entry.get("digest", ""))
                if self.storage.resolve(repo, digest) is None if is_digest(digest) else True:
                    missing.append(digest)
            return missing
        references = [document.get("config") or {}] + list(document.get("layers") or [])
        for entry in references:
            digest = str(entry.get("digest", ""))
            if entry.get("mediaType") == FOREIGN_LAYER and entry.get("urls"):
                continue  # clients fetch foreign layers from their own URLs
            if not self.storage.repository_has_blob(repo, digest):
                missing.append(digest)
        return missing

    def _delete_manifest(self, call: _Call) -> Response:
        reference = call.vars["reference"]
        if not self.delete_enabled:
            return self._errors(("UNSUPPORTED", NO_DETAIL))
        if not is_digest(reference):
            return self._errors(("DIGEST_INVALID", NO_DETAIL))
        if not self.storage.delete_manifest(call.name, reference):
            return self._errors(("MANIFEST_UNKNOWN", NO_DETAIL))
        return Response(202, [], b"")

    # ---------------------------------------------------------------- blobs
    def _blob(self, call: _Call) -> Response:
        digest = call.vars["digest"]
        if not is_digest(digest):
            return self._errors(("DIGEST_INVALID", GO_ERROR))
        if call.request.method == "DELETE":
            if not self.delete_enabled:
                return self._errors(("UNSUPPORTED", NO_DETAIL))
            if not self.storage.unlink_blob(call.name, digest):
                return self._errors(("BLOB_UNKNOWN", NO_DETAIL))
            return Response(202, [("Content-Length", "0")], b"")
        if not self.storage.repository_has_blob(call.name, digest):
            return self._errors(("BLOB_UNKNOWN", digest))
        data = self.storage.read_blob(digest)
        headers = [("Accept-Ranges", "bytes"), ("Cache-Control", "max-age=31536000"),
                   ("Content-Type", "application/octet-stream"), ("Docker-Content-Digest", digest),
                   ("Etag", f'"{digest}"')]
        if any(v.strip() in (f'"{digest}"', "*") for k, v in call.request.headers if k.lower() == "if-none-match"):
            return Response(304, [h for h in headers if h[0] != "Content-Type"], b"")
        first, last = _byte_range(call.request.header("Range"), len(data))
        if first is not None:
            part = data[first:last + 1]
            headers += [("Content-Range", f"bytes {first}-{last}/{len(data)}"), ("Content-Length", str(len(part)))]
            return Response(206, headers, b"" if call.request.method == "HEAD" else part)
        headers.append(("Content-Length", str(len(data))))
        return Response(200, headers, b"" if call.request.method == "HEAD" else data)

    # ---------------------------------------------------------------- uploads
    def _upload(self, call: _Call) -> Response:
        if call.request.method != "POST":
            return self._errors(("BLOB_UPLOAD_UNKNOWN", NO_DETAIL))
        mount, source = call.query.get("mount", ""), call.query.get("from", "")
        if mount and source and is_digest(mount) and valid_name(source) \
                and self.storage.mount_blob(call.name, mount, source):
            return self._blob_created(call, mount)
        upload_id = self.storage.start_upload(call.name)
        return Response(202, self._upload_headers(call, upload_id, 0), b"")

    def _upload_chunk(self, call: _Call) -> Response:
        if call.request.method == "POST":
            return self._upload(call)
        upload_id = call.vars["uuid"]
        state = self._unpack(call.query.get("_state", ""))
        if state is None:
            return self._errors(("BLOB_UPLOAD_INVALID", GO_ERROR))
        if state.get("Name") != call.name or state.get("UUID") != upload_id:
            return self._errors(("BLOB_UPLOAD_INVALID", NO_DETAIL))
        size = self.storage.upload_size(call.name, upload_id)
        if size is None:
            return self._errors(("BLOB_UPLOAD_UNKNOWN", GO_ERROR))
        if size != state.get("Offset"):
            self.storage.cancel_upload(call.name, upload_id)
            return self._errors(("BLOB_UPLOAD_INVALID", NO_DETAIL))
        method = call.request.method
        if method in ("GET", "HEAD"):
            return Response(204, self._upload_headers(call, upload_id, size), b"")
        if method == "DELETE":
            self.storage.cancel_upload(call.name, upload_id)
            return Response(204, [("Docker-Upload-Uuid", upload_id)], b"")
        if method == "PATCH":
            content_type = call.request.header("Content-Type")
            if content_type and content_type != "application/octet-stream":
                return self._errors(("UNKNOWN", GO_ERROR))  # "bad Content-Type"
            size = self.storage.append_upload(call.name, upload_id, call.request.body)
            return Response(202, self._upload_headers(call, upload_id, size), b"")
        return self._complete_upload(call, upload_id)

    def _complete_upload(self, call: _Call, upload_id: str) -> Response:
        digest = call.query.get("digest", "")
        if not digest:
            return self._errors(("DIGEST_INVALID", "digest missing"))
        if not re.fullmatch(_DIGEST, digest) or not is_digest(digest):
            return self._errors(("DIGEST_INVALID", "digest parsing failed"))
        self.storage.append_upload(call.name, upload_id, call.request.body)
        if self.storage.commit_upload(call.name, upload_id, digest) is None:
            return self._errors(("DIGEST_INVALID", {"Digest": digest, "Reason": GO_ERROR}))
        return self._blob_created(call, digest)

    def _blob_created(self, call: _Call, digest: str) -> Response:
        return Response(201, [("Location", f"{call.origin}/v2/{call.name}/blobs/{digest}"),
                              ("Content-Length", "0"), ("Docker-Content-Digest", digest)], b"")

    def _upload_headers(self, call: _Call, upload_id: str, size: int) -> list[tuple[str, str]]:
        state = self._pack({"Name": call.name, "UUID": upload_id, "Offset": size,
                            "StartedAt": self.storage.upload_started_at(call.name, upload_id)})
        location = f"{call.origin}/v2/{call.name}/blobs/uploads/{upload_id}?_state={quote(state, safe='')}"
        return [("Docker-Upload-Uuid", upload_id), ("Location", location), ("Content-Length", "0"),
                ("Range", f"0-{max(size - 1, 0)}")]

    # -- the upload state token: HMAC-SHA256 of its JSON, then the JSON, base64url
    def _pack(self, state: dict) -> str:
        message = json.dumps(state, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(hmac.new(self.secret, message, hashlib.sha256).digest() + message).decode()

    def _unpack(self, token: str) -> dict | None:
        try:
            raw = base64.urlsafe_b64decode(token.encode())
        except (ValueError, TypeError):
            return None
        mac, message = raw[:32], raw[32:]
        if len(raw) < 32 or not hmac.compare_digest(mac, hmac.new(self.secret, message, hashlib.sha256).digest()):
            return None
        try:
            state = json.loads(message)
        except ValueError:
            return None
        return state if isinstance(state, dict) else None


def _parse_manifest(media_type: str, body: bytes) -> dict | None:
    """The manifest document, if it is one of the kinds a registry stores for this Content-Type
    (schema1, registered for "" and application/json, is disabled in 2.8 and refused)."""
    if media_type not in (MANIFEST_V2, MANIFEST_LIST, OCI_MANIFEST, OCI_INDEX):
        return None
    try:
        document = json.loads(body)
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    declared = document.get("mediaType", "")
    if media_type in (MANIFEST_V2, MANIFEST_LIST) and declared != media_type:
        return None
    if media_type in (OCI_MANIFEST, OCI_INDEX) and declared not in ("", media_type):
        return None
    return document


def _byte_range(header: str, size: int) -> tuple[int | None, int | None]:
    match = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if match is None or not size or match.group(1) == match.group(2) == "":
        return None, None
    if match.group(1) == "":
        first = max(size - int(match.group(2)), 0)
        return first, size - 1
    first = int(match.group(1))
    last = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
    return (first, last) if first <= last else (None, None)


def _redirect(request: Request, location: str) -> Response:
    if request.method in ("GET", "HEAD"):
        body = f'<a href="{location}">Moved Permanently</a>.\n\n'.encode()
        return Response(301, [("Content-Type", "text/html; charset=utf-8"), ("Location", location)], body)
    return Response(301, [("Location", location)], b"")


def registry_handler(storage: RegistryStorage, *, log: Callable[[Request, Response], None] | None = None,
                     delete_enabled: bool = False, headers: dict[str, list[str]] | None = None,
                     secret: str | None = None) -> Handler:
    """A Distribution API v2 server over `storage`. `headers`: the configuration's http.headers;
    `secret`: http.secret, which signs upload state (random per process when not configured)."""
    extra = [(name, value) for name, values in (headers or {}).items() for value in values]
    return _Registry(storage, log, delete_enabled, extra, secret or secrets.token_hex(32))
