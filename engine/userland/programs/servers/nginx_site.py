"""What nginx answers: its `server` and `location` blocks applied to a request.

Implemented the way nginx processes a request, for the directives a course's configurations use:
server selection by port and Host, location matching (`=`, `^~`, longest prefix, then regexes
in order), `return`, `try_files`, `root`/`alias`/`index`/`autoindex`, `error_page`, `add_header`,
`proxy_pass` (to another container over the engine's network, or an `upstream`), and access
logging through `log_format`. Files are read from the container at request time.
"""
from __future__ import annotations

import html
import posixpath
import re
import threading
import time
from dataclasses import dataclass, field

from ....network import http
from ...process import Process
from . import files
from .nginx_conf import ConfigError, Directive
from .serving import common_log_time

COMBINED = ('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
            '"$http_referer" "$http_user_agent"')
INHERITED = ("root", "index", "error_page", "default_type", "autoindex", "add_header", "access_log",
             "server_tokens", "absolute_redirect", "port_in_redirect")


@dataclass
class Location:
    modifier: str  # "", "=", "^~", "~", "~*"
    pattern: str
    block: Directive

    def matches_regex(self, uri: str) -> bool:
        return re.search(self.pattern, uri, re.IGNORECASE if self.modifier == "~*" else 0) is not None


@dataclass
class VirtualServer:
    listens: list[tuple[str, int, bool]]  # (address, port, default_server)
    names: list[str]
    block: Directive
    locations: list[Location] = field(default_factory=list)


@dataclass
class Upstream:
    """Where a proxy_pass leads, resolved when the configuration is loaded, as nginx resolves it."""

    scheme: str
    host: str  # as written, for the Host header ($proxy_host)
    port: int
    uri: str | None  # the URI part of proxy_pass, which replaces the location's prefix
    peer: http.Peer | None


class _Context:
    """One request's variables ($uri, $host, ...) and the blocks in effect."""

    def __init__(self, request: http.Request, server: VirtualServer, port: int):
        self.request, self.server, self.port = request, server, port
        self.uri = _normalize(request.path)
        self.status = 0
        self.location: Location | None = None

    def variable(self, name: str) -> str:
        r = self.request
        simple = {"uri": self.uri, "document_uri": self.uri, "request_uri": r.target, "args": r.query,
                  "query_string": r.query, "request_method": r.method, "scheme": "http",
                  "server_port": str(self.port), "remote_addr": r.client, "remote_port": str(r.client_port),
                  "server_protocol": r.version, "request": r.request_line, "status": str(self.status),
                  "host": (r.header("Host") or (self.server.names or [""])[0]).split(":")[0],
                  "http_host": r.header("Host"), "server_name": (self.server.names or [""])[0],
                  "time_local": common_log_time(time.time()), "remote_user": "", "nginx_version": "",
                  "is_args": "?" if r.query else ""}
        if name in simple:
            return simple[name]
        if name.startswith("http_"):
            return r.header(name[5:].replace("_", "-"))
        if name.startswith("arg_"):
            for pair in r.query.split("&"):
                key, _, value = pair.partition("=")
                if key == name[4:]:
                    return value
        return ""

    def expand(self, text: str) -> str:
        return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: self.variable(m.group(1) or m.group(2)), text)


class Site:
    """A loaded configuration's servers, answering requests for one nginx master."""

    def __init__(self, proc: Process, config: Directive, version: str, error_log, access_log):
        self.proc, self.version = proc, version
        self.error_log, self.access_log = error_log, access_log
        self.http = config.first("http") or Directive("http", [], "", 0, [])
        self.mime = _mime_types(self.http)
        self.formats = {"combined": COMBINED}
        for d in self.http.find("log_format"):
            self.formats[d.args[0]] = "".join(d.args[1:])
        self.servers = [_server(d) for d in self.http.find("server")]
        self.upstreams: dict[int, Upstream] = {}
        self._connections = 0
        self._lock = threading.Lock()

    def ports(self) -> list[tuple[str, int]]:
        seen: dict[int, str] = {}
        for server in self.servers:
            for address, port, _ in server.listens:
                seen.setdefault(port, address)
        return sorted(((a, p) for p, a in seen.items()), key=lambda x: x[1])

    def resolve_upstreams(self) -> None:
        """nginx resolves proxy_pass hosts at load time: an unknown one is `host not found in upstream`."""
        named = {d.args[0]: d for d in self.http.find("upstream") if d.args}
        for server in self.servers:
            for location in server.locations:
                for d in location.block.find("proxy_pass"):
                    self.upstreams[id(d)] = self._upstream(d, named)

    def _upstream(self, d: Directive, named: dict[str, Directive]) -> Upstream:
        target = d.args[0] if d.args else ""
        scheme, _, rest = target.partition("://")
        hostport, slash, uri = rest.partition("/")
        if hostport in named:
            members = named[hostport].find("server")
            hostport = members[0].args[0] if members and members[0].args else hostport
            d = members[0] if members else d
        host, _, port = hostport.partition(":")
        try:
            peer = http.resolve(self.proc, host)
        except http.BadAddress:
            raise ConfigError(f'host not found in upstream "{hostport}" in {d.file}:{d.line}') from None
        return Upstream(scheme, hostport, int(port or 80), slash + uri if slash else None, peer)

    # -- a request
    def answer(self, port: int, request: http.Request) -> http.Response:
        with self._lock:
            self._connections += 1
            number = self._connections
        server = self._server_for(port, request.header("Host"))
        ctx = _Context(request, server, port)
        response = self._process(ctx, number, redirects=0)
        ctx.status = response.status
        self._log_access(ctx, response)
        if request.method == "HEAD":
            response = response._replace(body=b"")
        return response

    def _server_for(self, port: int, host: str) -> VirtualServer:
        name = host.split(":")[0].lower()
        candidates = [s for s in self.servers if any(p == port for _, p, _ in s.listens)]
        for server in candidates:
            if name in (n.lower() for n in server.names):
                return server
        for server in candidates:
            if any(p == port and default for _, p, default in server.listens):
                return server
        return candidates[0]

    def _process(self, ctx: _Context, number: int, redirects: int) -> http.Response:
        if redirects > 10:
            return self._error_page(ctx, 500)
        location = self._location(ctx.server, ctx.uri)
        ctx.location = location
        blocks = [self.http, ctx.server.block] + ([location.block] if location else [])
        returns = [d for block in blocks[1:] for d in block.find("return")]
        try_files = _setting(blocks, "try_files")
        if returns:
            response = self._return(ctx, blocks, returns[0])
        elif location is not None and location.block.first("proxy_pass") is not None:
            response = self._proxy(ctx, location, number)
        elif try_files is not None:
            response = self._try_files(ctx, blocks, try_files, number, redirects)
        else:
            response = self._static(ctx, blocks, location, number)
        return self._finish(ctx, blocks, response, number, redirects)

    def _finish(self, ctx: _Context, blocks, response: http.Response, number: int, redirects: int) -> http.Response:
        """error_page for error statuses, then add_header."""
        if response.status >= 300:
            for d in _all_settings(blocks, "error_page"):
                codes, target = d.args[:-1], d.args[-1]
                override = next((c[1:] for c in codes if c.startswith("=")), None)
                if str(response.status) in codes and redirects == 0:
                    sub = _Context(ctx.request, ctx.server, ctx.port)
                    sub.uri = _normalize(target.split("?")[0])
                    page = self._process(sub, number, redirects + 1)
                    if page.status == 200:
                        status = int(override) if override else response.status
                        return page._replace(status=status)
        for d in _all_settings(blocks, "add_header"):
            if len(d.args) >= 2 and (response.status in (200, 201, 204, 206, 301, 302, 303, 304, 307, 308)
                                     or "always" in d.args[2:]):
                response = response._replace(headers=response.headers + [(d.args[0], ctx.expand(d.args[1]))])
        return response

    def _location(self, server: VirtualServer, uri: str) -> Location | None:
        best: Location | None = None
        for loc in server.locations:
            if loc.modifier == "=" and loc.pattern == uri:
                return loc
            if loc.modifier in ("", "^~") and uri.startswith(loc.pattern):
                if best is None or len(loc.pattern) > len(best.pattern):
                    best = loc
        if best is not None and best.modifier == "^~":
            return best
        for loc in server.locations:
            if loc.modifier in ("~", "~*") and loc.matches_regex(uri):
                return loc
        return best

    # -- handlers
    def _return(self, ctx: _Context, blocks, d: Directive) -> http.Response:
        args = [ctx.expand(a) for a in d.args]
        if len(args) == 1 and not args[0].isdigit():
            return self._redirect(302, args[0])
        code = int(args[0])
        if len(args) == 1:
            return self._error_page(ctx, code) if code >= 300 else self._plain(code, b"", None)
        if code in (301, 302, 303, 307, 308):
            return self._redirect(code, args[1])
        return self._plain(code, args[1].encode(), _setting_value(blocks, "default_type", "text/plain"))

    def _try_files(self, ctx: _Context, blocks, d: Directive, number: int, redirects: int) -> http.Response:
        root = _setting_value(blocks, "root", "html")
        for candidate in d.args[:-1]:
            uri = ctx.expand(candidate)
            found = files.find(self.proc, files.under_root(self._root(root), uri))
            if (uri.endswith("/") and found.kind == "dir") or (not uri.endswith("/") and found.kind == "file"):
                ctx.uri = _normalize(uri)
                return self._static(ctx, blocks, ctx.location, number)
        last = d.args[-1]
        if last.startswith("="):
            return self._error_page(ctx, int(last[1:]))
        ctx.uri = _normalize(ctx.expand(last).split("?")[0])
        return self._process(ctx, number, redirects + 1)

    def _static(self, ctx: _Context, blocks, location: Location | None, number: int) -> http.Response:
        request = ctx.request
        path = self._file_path(ctx, blocks, location)
        found = files.find(self.proc, path)
        if ctx.uri.endswith("/"):
            indexes = _setting_args(blocks, "index", ["index.html"])
            directory = path.rstrip("/") + "/"
            if found.kind != "dir":
                self._log_error(number, ctx, f'"{directory}{indexes[0]}" is not found (2: No such file or directory)')
                return self._error_page(ctx, 404)
            index = files.index_file(self.proc, found.path, indexes)
            if index is None:
                if _setting_value(blocks, "autoindex", "off") == "on":
                    return self._autoindex(ctx, found.path)
                self._log_error(number, ctx, f'directory index of "{directory}" is forbidden')
                return self._error_page(ctx, 403)
            found = index
        elif found.kind == "dir":
            return self._redirect(301, self._absolute(ctx, blocks, ctx.uri + "/"))
        if found.kind != "file":
            reason = "13: Permission denied" if found.kind == "denied" else "2: No such file or directory"
            self._log_error(number, ctx, f'open() "{path}" failed ({reason})')
            return self._error_page(ctx, 403 if found.kind == "denied" else 404)
        if request.method not in ("GET", "HEAD"):
            return self._error_page(ctx, 405)
        body = files.read(self.proc, found)
        if body is None:
            self._log_error(number, ctx, f'open() "{found.path}" failed (13: Permission denied)')
            return self._error_page(ctx, 403)
        content_type = files.mime_type(found.path, self.mime) or _setting_value(blocks, "default_type", "text/plain")
        return http.Response(200, self._head(content_type) + [
            ("Content-Length", str(len(body))), ("Last-Modified", http.http_date(found.mtime)),
            ("Connection", "keep-alive"), ("ETag", files.etag(found)), ("Accept-Ranges", "bytes")], body)

    def _file_path(self, ctx: _Context, blocks, location: Location | None) -> str:
        alias = location.block.first("alias") if location is not None else None
        if alias is not None and location.modifier in ("", "^~", "="):
            return files.under_root(self._root(ctx.expand(alias.args[0])), ctx.uri[len(location.pattern):])
        return files.under_root(self._root(ctx.expand(_setting_value(blocks, "root", "html"))), ctx.uri)

    def _root(self, root: str) -> str:
        return root if root.startswith("/") else "/etc/nginx/" + root  # relative to the prefix

    def _autoindex(self, ctx: _Context, directory: str) -> http.Response:
        """autoindex's page: directories first, then files, each with its date and size in columns."""
        entries = sorted((files.listing(self.proc, directory) or []), key=lambda e: (not e[1], e[0]))
        title = html.escape(ctx.uri)
        rows = ['<a href="../">../</a>']
        for name, is_dir in entries:
            if name.startswith("."):
                continue
            shown = name + ("/" if is_dir else "")
            found = files.find(self.proc, posixpath.join(directory, name))
            date = time.strftime("%d-%b-%Y %H:%M", time.gmtime(found.mtime))
            size = "-" if is_dir else str(found.size)
            rows.append(f'<a href="{html.escape(shown)}">{html.escape(shown)}</a>'
                        f'{" " * max(0, 50 - len(shown))} {date} {size:>19}')
        body = (f"<html>\r\n<head><title>Index of {title}</title></head>\r\n<body>\r\n<h1>Index of {title}</h1>"
                f"<hr><pre>" + "\r\n".join(rows) + "\r\n</pre><hr></body>\r\n</html>\r\n").encode()
        return http.Response(200, self._head("text/html") + [("Content-Length", str(len(body))),
                                                              ("Connection", "keep-alive")], body)

    def _proxy(self, ctx: _Context, location: Location, number: int) -> http.Response:
        d = location.block.first("proxy_pass")
        upstream = self.upstreams.get(id(d))
        request = ctx.request
        target = request.target
        if upstream is not None and upstream.uri is not None and location.modifier in ("", "^~"):
            target = upstream.uri + request.target[len(location.pattern):]
        try:
            entry = http.reach(self.proc, upstream.peer, upstream.port)
        except http.ConnectError as e:
            self._log_error(number, ctx, f"connect() failed ({e.errno}: {e.strerror}) while connecting to upstream",
                            upstream=f"http://{_join(upstream.peer.address, upstream.port)}{target}")
            return self._error_page(ctx, 502)
        headers = [("Host", upstream.host)]
        for h in location.block.find("proxy_set_header"):
            headers = [(k, v) for k, v in headers if k.lower() != h.args[0].lower()]
            headers.append((h.args[0], ctx.expand(h.args[1]) if len(h.args) > 1 else ""))
        headers.append(("Connection", "close"))
        headers += [(k, v) for k, v in request.headers if k.lower() not in ("host", "connection")]
        response = http.send(entry, upstream.peer, http.Request(request.method, target, headers, request.body,
                                                                version="HTTP/1.0"))
        passed = [(k, v) for k, v in response.headers if k.lower() not in ("server", "date", "connection",
                                                                             "transfer-encoding", "keep-alive")]
        return http.Response(response.status, [("Server", self._server_token()), ("Date", http.http_date(time.time()))]
                             + passed + [("Connection", "keep-alive")], response.body)

    # -- response pieces
    def _server_token(self) -> str:
        return f"nginx/{self.version}"

    def _head(self, content_type: str) -> list[tuple[str, str]]:
        return [("Server", self._server_token()), ("Date", http.http_date(time.time())),
                ("Content-Type", content_type)]

    def _plain(self, status: int, body: bytes, content_type: str | None) -> http.Response:
        head = self._head(content_type) if content_type else self._head("text/plain")[:2]
        return http.Response(status, head + [("Content-Length", str(len(body))), ("Connection", "keep-alive")], body)

    def _redirect(self, status: int, location: str) -> http.Response:
        page = self._page(status)
        return http.Response(status, self._head("text/html") + [("Content-Length", str(len(page))),
                                                               ("Location", location),
                                                               ("Connection", "keep-alive")], page)

    def _error_page(self, ctx: _Context, status: int) -> http.Response:
        page = self._page(status)
        return http.Response(status, self._head("text/html") + [("Content-Length", str(len(page))),
                                                               ("Connection", "keep-alive")], page,
                             phrase=_REASONS.get(status, ""))

    def _page(self, status: int) -> bytes:
        title = f"{status} {_REASONS.get(status) or http.reason(status)}"
        return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
                f"<hr><center>{self._server_token()}</center>\r\n</body>\r\n</html>\r\n").encode()

    def _absolute(self, ctx: _Context, blocks, uri: str) -> str:
        """nginx's redirects are absolute, naming the port it listens on (not the published one)."""
        if _setting_value(blocks, "absolute_redirect", "on") == "off":
            return uri
        port = "" if ctx.port == 80 or _setting_value(blocks, "port_in_redirect", "on") == "off" else f":{ctx.port}"
        return f"http://{ctx.variable('host')}{port}{uri}"

    # -- logs
    def _log_access(self, ctx: _Context, response: http.Response) -> None:
        blocks = [self.http, ctx.server.block] + ([ctx.location.block] if ctx.location else [])
        setting = _setting(blocks, "access_log")
        if setting is not None and setting.args and setting.args[0] == "off":
            return
        fmt = self.formats.get(setting.args[1] if setting is not None and len(setting.args) > 1 else "combined",
                               COMBINED)
        sent = 0 if ctx.request.method == "HEAD" else len(response.body)

        def value(m: re.Match) -> str:
            name = m.group(1) or m.group(2)
            if name == "body_bytes_sent":
                return str(sent)
            text = ctx.variable(name)
            return text or ("-" if name.startswith("http_") or name == "remote_user" else "")
        line = re.sub(r"\$\{(\w+)\}|\$(\w+)", value, fmt)
        self.access_log(setting.args[0] if setting is not None else "/var/log/nginx/access.log", line + "\n")

    def _log_error(self, number: int, ctx: _Context, message: str, upstream: str = "") -> None:
        """An [error] line as nginx writes it: the connection, what failed, and the request."""
        r = ctx.request
        server = ctx.server.names[0] if ctx.server.names else ""
        text = f'*{number} {message}, client: {r.client}, server: {server}, request: "{r.request_line}"'
        if upstream:
            text += f', upstream: "{upstream}"'
        if r.header("Host"):
            text += f', host: "{r.header("Host")}"'
        self.error_log("error", text)


_REASONS = {405: "Not Allowed", 500: "Internal Server Error", 502: "Bad Gateway", 504: "Gateway Time-out"}


def _server(d: Directive) -> VirtualServer:
    listens = []
    for listen in d.find("listen"):
        spec = listen.args[0] if listen.args else "80"
        address, port = _listen_spec(spec)
        listens.append((address, port, "default_server" in listen.args[1:] or "default" in listen.args[1:]))
    names = [n for sn in d.find("server_name") for n in sn.args]
    server = VirtualServer(listens or [("0.0.0.0", 80, False)], names, d)
    for loc in d.find("location"):
        server.locations += [_location(loc)]
    return server


def _location(d: Directive) -> Location:
    if len(d.args) >= 2 and d.args[0] in ("=", "^~", "~", "~*"):
        return Location(d.args[0], d.args[1], d)
    pattern = d.args[0] if d.args else "/"
    for modifier in ("=", "^~", "~*", "~"):
        if pattern.startswith(modifier) and len(pattern) > len(modifier):
            return Location(modifier, pattern[len(modifier):], d)
    return Location("", pattern, d)


def _listen_spec(spec: str) -> tuple[str, int]:
    """`80`, `8080`, `127.0.0.1:80`, `[::]:80`, `*:80`, `localhost:80` -> (address, port)."""
    if spec.isdigit():
        return "0.0.0.0", int(spec)
    if spec.startswith("["):
        address, _, port = spec[1:].partition("]:")
        return address, int(port or 80)
    address, _, port = spec.rpartition(":")
    if not address:
        return ("0.0.0.0", int(spec)) if spec.isdigit() else (spec, 80)
    return ("0.0.0.0" if address == "*" else "127.0.0.1" if address == "localhost" else address), int(port)


def _mime_types(http_block: Directive) -> dict[str, str]:
    table: dict[str, str] = {}
    for types in http_block.find("types"):
        for entry in types.block or []:
            for ext in entry.args:
                table[ext.lower()] = entry.name
    return table or dict(files.MIME_TYPES)


def _setting(blocks: list[Directive], name: str) -> Directive | None:
    """The innermost block's directive `name` (nginx's inheritance of most settings)."""
    for block in reversed(blocks):
        found = block.first(name)
        if found is not None:
            return found
    return None


def _all_settings(blocks: list[Directive], name: str) -> list[Directive]:
    """Array-like directives (error_page, add_header) come from the innermost block that has any."""
    for block in reversed(blocks):
        found = block.find(name)
        if found:
            return found
    return []


def _setting_value(blocks: list[Directive], name: str, default: str) -> str:
    found = _setting(blocks, name)
    return found.args[0] if found is not None and found.args else default


def _setting_args(blocks: list[Directive], name: str, default: list[str]) -> list[str]:
    found = _setting(blocks, name)
    return found.args if found is not None and found.args else default


def _normalize(uri: str) -> str:
    """merge_slashes and dot segments, as nginx parses a request's path."""
    trailing = uri.endswith("/") or uri.endswith("/.") or uri.endswith("/..")
    clean = posixpath.normpath("/" + re.sub("/+", "/", uri).lstrip("/"))
    return clean + "/" if trailing and clean != "/" else clean


def _join(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"

