"""Web servers in the simulated Node.js: the `http` core module and the packages course apps use —
express (4.x), body-parser, cors, dotenv — once npm has put them in node_modules.

A server's `listen(port)` binds the port in the container's `ServerRegistry`; each request is
answered by running the program's handlers (under the runtime's lock, as on Node's single thread)
with `req`/`res` objects that behave like Node's and Express's, down to their default headers,
their 404 page and Express's error page. A handler that answers later (from a timer) is waited for.
"""
from __future__ import annotations

import base64
import errno
import hashlib
import html
import posixpath
import re
import threading
import time
from http import HTTPStatus
from urllib.parse import parse_qsl, unquote, urlsplit

from ....network import http
from ..servers import files
from ..servers.serving import Serving
from .jsbuiltins import json_stringify, native
from .jsparse import Unsupported
from .jsvalues import UNDEFINED, JSArray, JSError, JSFunction, JSObject, JSThrow, from_python, to_number, to_string

ANSWER_TIMEOUT = 30.0  # how long a request waits for a handler that answers asynchronously
EXPRESS_FRAMES = ("    at Layer.handle [as handle_request] ({root}/lib/router/layer.js:95:5)\n"
                  "    at next ({root}/lib/router/route.js:149:13)\n"
                  "    at Route.dispatch ({root}/lib/router/route.js:119:3)\n"
                  "    at Layer.handle [as handle_request] ({root}/lib/router/layer.js:95:5)\n"
                  "    at {root}/lib/router/index.js:284:15\n"
                  "    at Function.process_params ({root}/lib/router/index.js:346:12)\n"
                  "    at next ({root}/lib/router/index.js:280:10)\n"
                  "    at expressInit ({root}/lib/middleware/init.js:40:5)\n"
                  "    at Layer.handle [as handle_request] ({root}/lib/router/layer.js:95:5)")
CHARSET_TYPES = ("text/", "application/javascript", "application/json")


# ---------------------------------------------------------------- a response being built
class Reply:
    """What a handler has said so far; `done` is set when the response is complete."""

    def __init__(self):
        self.status = 200
        self.headers: list[tuple[str, str]] = []
        self.body = bytearray()
        self.head_sent = False  # writeHead or write: Node then streams (chunked)
        self.done = threading.Event()

    def header(self, name: str) -> str | None:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def set_header(self, name: str, value: str) -> None:
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()] + [(name, value)]

    def finish(self, data: bytes = b"") -> None:
        self.body += data
        self.done.set()


def _body(value) -> bytes:
    return to_string(value).encode() if value is not UNDEFINED and value is not None else b""


def _node_headers(reply: Reply) -> list[tuple[str, str]]:
    """What Node's ServerResponse adds: Date, keep-alive, and a length (or chunked when streamed)."""
    headers = list(reply.headers)
    names = {k.lower() for k, _ in headers}
    if "date" not in names:
        headers.append(("Date", http.http_date(time.time())))
    headers += [("Connection", "keep-alive"), ("Keep-Alive", "timeout=5")]
    if "content-length" not in names and "transfer-encoding" not in names:
        headers.append(("Transfer-Encoding", "chunked") if reply.head_sent else ("Content-Length",
                                                                                str(len(reply.body))))
    return headers


# ---------------------------------------------------------------- Node's req and res
def _incoming(runtime, request: http.Request) -> JSObject:
    headers = JSObject({k.lower(): v for k, v in request.headers})
    body = request.body

    def on(i, this, args):
        event, fn = to_string(args[0]), args[1] if len(args) > 1 else UNDEFINED
        if isinstance(fn, JSFunction):
            if event == "data" and body:
                runtime.add_timer([fn, 0.0, body.decode("utf-8", "replace")], repeat=False, immediate=True)
            elif event == "end":
                runtime.add_timer([fn, 1.0], repeat=False)
        return this
    req = JSObject({"url": request.target, "method": request.method, "headers": headers,
                    "httpVersion": request.version.split("/")[-1],
                    "socket": JSObject({"remoteAddress": _ipv6_mapped(request.client)})})
    req.props["on"] = native("on", on)
    return req


def _ipv6_mapped(address: str) -> str:
    """A dual-stack (`::`) server sees IPv4 peers as ::ffff:a.b.c.d."""
    return f"::ffff:{address}" if address and ":" not in address else address


class ServerResponse(JSObject):
    class_name = "ServerResponse"

    def __init__(self, reply: Reply):
        super().__init__()
        self.reply = reply
        r = reply

        def write_head(i, this, args):
            r.status = int(to_number(args[0])) if args else 200
            headers = next((a for a in args[1:] if isinstance(a, JSObject)), None)
            if headers is not None:
                for k in headers.keys():
                    r.set_header(k, to_string(headers.get(k)))
            r.head_sent = True
            return this

        def write(i, this, args):
            r.head_sent = True
            r.body += _body(args[0] if args else "")
            return True

        def end(i, this, args):
            data = args[0] if args and not isinstance(args[0], JSFunction) else UNDEFINED
            r.finish(_body(data))
            return this
        self.props.update({
            "writeHead": native("writeHead", write_head), "write": native("write", write), "end": native("end", end),
            "setHeader": native("setHeader", self._set_header),
            "getHeader": native("getHeader", lambda i, t, a: r.header(to_string(a[0])) or UNDEFINED)})

    def _set_header(self, interp, this, args):
        self.reply.set_header(to_string(args[0]), to_string(args[1]))
        return this

    def get(self, key: str):
        if key == "statusCode":
            return float(self.reply.status)
        if key in ("headersSent", "writableEnded", "finished"):
            return self.reply.head_sent if key == "headersSent" else self.reply.done.is_set()
        return super().get(key)

    def set_property(self, key: str, value) -> None:
        if key == "statusCode":
            self.reply.status = int(to_number(value))
        else:
            self.props[key] = value


# ---------------------------------------------------------------- servers
class NodeServer(JSObject):
    """An http.Server: `listen` binds the port in the container, `close` releases it."""

    class_name = "Server"

    def __init__(self, runtime, handler):
        super().__init__()
        self.runtime, self.handler = runtime, handler
        self.serving: Serving | None = None
        self.port = 0
        self.props.update({"listen": native("listen", self._listen), "close": native("close", self._close),
                           "on": native("on", lambda i, t, a: t),
                           "address": native("address", lambda i, t, a: JSObject({"address": "::", "family": "IPv6",
                                                                                  "port": float(self.port)}))})

    def _listen(self, interp, this, args):
        port = args[0] if args else 0.0
        if isinstance(port, JSObject):
            port = port.get("port")
        callback = next((a for a in args if isinstance(a, JSFunction)), None)
        host = next((to_string(a) for a in args[1:] if isinstance(a, str)), "::")
        self.port = int(to_number(port)) if port not in (UNDEFINED, None) else 0
        serving = Serving(self.runtime.proc, "node")
        try:
            serving.bind(self.port, self.answer, "127.0.0.1" if host in ("localhost", "127.0.0.1") else host)
        except OSError as e:
            if e.errno != errno.EADDRINUSE:
                raise
            shown = f":::{self.port}" if host == "::" else f"{host}:{self.port}"
            error = interp.make_error("Error", f"listen EADDRINUSE: address already in use {shown}")
            error.extra = {"code": "EADDRINUSE", "errno": -98.0, "syscall": "listen", "address": host,
                           "port": float(self.port)}
            error.report_header = "node:events:497\n      throw er; // Unhandled 'error' event\n      ^\n"
            raise JSThrow(error) from None
        self.serving = serving
        self.runtime.listeners.append(self)
        if callback is not None:
            self.runtime.add_timer([callback, 0.0], repeat=False, immediate=True)  # 'listening', on the next tick
        return this

    def _close(self, interp, this, args):
        if self.serving is not None:
            self.serving.close()
            self.serving = None
            self.runtime.listeners.remove(self)
            self.runtime.wake.set()
        return this

    def answer(self, request: http.Request) -> http.Response:
        reply = Reply()
        runtime = self.runtime
        with runtime.lock:
            try:
                runtime.interp.frames = []
                self.handler(request, reply)
            except JSThrow as thrown:
                runtime.crash(thrown)  # an uncaught exception in a plain http handler ends the process
                return _crashed()
            except Unsupported as e:
                runtime.crash(e)
                return _crashed()
        if not reply.done.wait(ANSWER_TIMEOUT):
            return http.Response(504, [("Content-Type", "text/plain")],
                                 b"dockyard: the Node.js handler did not finish its response in time\n")
        return http.Response(reply.status, _node_headers(reply), bytes(reply.body))


def _crashed() -> http.Response:
    body = b"dockyard: the Node.js process crashed while handling this request (see the container's logs)\n"
    return http.Response(502, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))], body)


def http_module(runtime) -> JSObject:
    def create_server(interp, this, args):
        handler = next((a for a in args if isinstance(a, JSFunction)), None)

        def handle(request: http.Request, reply: Reply) -> None:
            if handler is None:
                reply.status = 404
                reply.finish()
                return
            app = getattr(handler, "express_app", None)
            if app is not None:
                app.handle(request, reply)
                return
            interp.call(handler, UNDEFINED, [_incoming(runtime, request), ServerResponse(reply)],
                        frame_name="Server.<anonymous>", tail="    at Server.emit (node:events:519:28)")
        return NodeServer(runtime, handle)
    return JSObject({"createServer": native("createServer", create_server),
                     "STATUS_CODES": JSObject({str(s.value): s.phrase for s in HTTPStatus})})


# ---------------------------------------------------------------- express
class _Layer:
    def __init__(self, method: str | None, path: str, handlers: list, prefix: bool):
        self.method, self.path, self.handlers, self.prefix = method, path, handlers, prefix
        self.regex, self.keys = _path_regex(path, prefix)

    def match(self, method: str, path: str):
        if self.method is not None and self.method != method and not (self.method == "GET" and method == "HEAD"):
            return None
        m = self.regex.match(path)
        if m is None:
            return None
        return m


def _path_regex(path: str, prefix: bool):
    """Express 4 paths: `/users/:id`, `/:name?`, `*`; `use()` paths match as prefixes."""
    keys = []
    if path in ("*", "/*"):
        return re.compile(r"^/?(?P<p0>.*)$"), ["0"]
    pattern = ""
    for part in re.split(r"(/:\w+\??|\*)", path.rstrip("/") if prefix else path):
        if part.startswith("/:"):
            name = part[2:].rstrip("?")
            keys.append(name)
            group = f"(?P<{name}>[^/]+?)"
            pattern += f"(?:/{group})?" if part.endswith("?") else f"/{group}"
        elif part == "*":
            keys.append(str(len([k for k in keys if k.isdigit()])))
            pattern += f"(?P<p{keys[-1]}>.*)"
        else:
            pattern += re.escape(part)
    tail = r"(?=/|$)" if prefix else r"/?$"
    return re.compile("^" + pattern + tail, re.IGNORECASE), keys


class ExpressApp:
    """An express() application or Router: its stack of layers, and how a request walks it."""

    def __init__(self, runtime, package_root: str):
        self.runtime, self.root = runtime, package_root
        self.layers: list[_Layer] = []
        self.settings: dict = {"x-powered-by": True, "env": runtime.env.get("NODE_ENV") or "development"}
        self.function = JSFunction("app", native=lambda i, t, a: UNDEFINED)
        self.function.express_app = self
        verbs = {verb: native(verb, self._route(verb.upper())) for verb in ("post", "put", "delete", "patch",
                                                                             "options")}
        self.function.props.update(verbs)
        self.function.props.update({"get": native("get", self._get), "all": native("all", self._route(None)),
                                    "use": native("use", self._use), "listen": native("listen", self._listen),
                                    "set": native("set", self._set), "enable": native("enable", self._enable),
                                    "disable": native("disable", self._disable), "locals": JSObject(),
                                    "route": native("route", self._chain),
                                    "engine": native("engine", lambda i, t, a: t)})

    # -- building
    def _route(self, method: str | None):
        def add(interp, this, args):
            path = to_string(args[0]) if args else "/"
            handlers = [h for h in args[1:] if isinstance(h, JSFunction)] + \
                [h for a in args[1:] if isinstance(a, JSArray) for h in a.items]
            self.layers.append(_Layer(method, path, handlers, prefix=False))
            return this
        return add

    def _get(self, interp, this, args):
        if len(args) == 1:
            return self.settings.get(to_string(args[0]), UNDEFINED)
        return self._route("GET")(interp, this, args)

    def _chain(self, interp, this, args):
        path = to_string(args[0]) if args else "/"
        chain = JSObject()

        def verb(method):
            def add(i, this, handlers):
                self.layers.append(_Layer(method, path, [h for h in handlers if isinstance(h, JSFunction)],
                                          prefix=False))
                return this
            return add
        for name in ("get", "post", "put", "delete", "patch", "all"):
            chain.props[name] = native(name, verb(None if name == "all" else name.upper()))
        return chain

    def _use(self, interp, this, args):
        path = to_string(args[0]) if args and isinstance(args[0], str) else "/"
        for handler in args:
            if isinstance(handler, JSArray):
                for h in handler.items:
                    self.layers.append(_Layer(None, path, [h], prefix=True))
            elif isinstance(handler, JSFunction):
                self.layers.append(_Layer(None, path, [handler], prefix=True))
        return this

    def _set(self, interp, this, args):
        if len(args) == 1:
            return self.settings.get(to_string(args[0]), UNDEFINED)
        self.settings[to_string(args[0])] = args[1]
        return this

    def _enable(self, interp, this, args):
        self.settings[to_string(args[0])] = True
        return this

    def _disable(self, interp, this, args):
        self.settings[to_string(args[0])] = False
        return this

    def _listen(self, interp, this, args):
        server = NodeServer(self.runtime, self.handle)
        return server.get("listen").native(interp, server, list(args))

    # -- answering
    def handle(self, request: http.Request, reply: Reply) -> None:
        if self.settings.get("x-powered-by"):
            reply.headers.append(("X-Powered-By", "Express"))
        url = urlsplit(request.target)
        req = _express_request(self.runtime, request, url)
        res = _ExpressResponse(self, reply, request)
        path = unquote(url.path) or "/"
        error = self._walk(req, res, path, request.method, "")
        if reply.done.is_set() or (error is None and getattr(res, "pending", False)):
            return
        if error is not None:
            self._error_page(reply, error)
        else:
            _finalhandler_404(reply, request.method, path)

    def _walk(self, req: JSObject, res: "_ExpressResponse", path: str, method: str, base: str):
        """Run the matching layers in order; returns a pending error (next(err)) or None."""
        error = None
        interp = self.runtime.interp
        for layer in self.layers:
            match = layer.match(method, path)
            if match is None:
                continue
            params = {k if not k.startswith("p") or not k[1:].isdigit() else k[1:]: unquote(v or "")
                      for k, v in match.groupdict().items() if v is not None}
            for handler in layer.handlers:
                sub_app = getattr(handler, "express_app", None)
                if sub_app is not None:
                    rest = path[len(match.group(0).rstrip("/")):] or "/"
                    error = sub_app._walk(req, res, rest if rest.startswith("/") else "/" + rest, method,
                                          base + match.group(0).rstrip("/"))
                    if res.reply.done.is_set() or error is not None:
                        return error
                    continue
                is_error_handler = handler.node is not None and len(handler.node.params) == 4
                if (error is None) == is_error_handler:
                    continue
                if not layer.prefix:
                    req.props["params"] = JSObject(params)
                req.props["baseUrl"] = base
                called: list = []
                next_fn = native("next", _recorder(called))
                args = [req, res, next_fn] if error is None else [error, req, res, next_fn]
                tail = EXPRESS_FRAMES.format(root=self.root)
                try:
                    interp.frames = []
                    custom = getattr(handler, "middleware", None)
                    if custom is not None:
                        custom(req, res, next_fn)
                    else:
                        interp.call(handler, UNDEFINED, args, tail=tail)
                except JSThrow as thrown:
                    error = thrown.value
                    continue
                if res.reply.done.is_set():
                    return None
                if not called:
                    res.pending = True  # it may answer later, from a timer
                    return None
                arg = called[0]
                error = arg if arg is not UNDEFINED and arg is not None and arg != "route" else None
        return error

    def _error_page(self, reply: Reply, error) -> None:
        """finalhandler: log the stack, answer 500 (or err.status) with the stack unless in production."""
        stack = to_string(error.get("stack")) if isinstance(error, JSError) else to_string(error)
        self.runtime.proc.stderr.write((stack + "\n").encode())
        status = int(to_number(error.get("status"))) if isinstance(error, JSObject) and \
            isinstance(error.get("status"), float) else 500
        shown = "Internal Server Error" if self.settings.get("env") == "production" else \
            html.escape(stack).replace("\n", "<br>").replace("  ", " &nbsp;")
        _error_document(reply, status, shown)


def _recorder(calls: list):
    """Express's `next`: remember that (and with what) the handler passed control on."""
    def next_(interp, this, args):
        calls.append(args[0] if args else UNDEFINED)
        return UNDEFINED
    return next_


def _finalhandler_404(reply: Reply, method: str, path: str) -> None:
    _error_document(reply, 404, f"Cannot {method} {html.escape(path)}")


def _error_document(reply: Reply, status: int, text: str) -> None:
    body = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n'
            f"<body>\n<pre>{text}</pre>\n</body>\n</html>\n").encode()
    reply.status = status
    reply.headers = [h for h in reply.headers if h[0] == "X-Powered-By"] + [
        ("Content-Security-Policy", "default-src 'none'"), ("X-Content-Type-Options", "nosniff"),
        ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    reply.finish(body)


def _express_request(runtime, request: http.Request, url) -> JSObject:
    req = _incoming(runtime, request)
    query = JSObject()
    for key, value in parse_qsl(url.query, keep_blank_values=True):
        query.props[key] = value
    host = request.header("Host")
    req.props.update({
        "path": unquote(url.path) or "/", "originalUrl": request.target, "query": query, "params": JSObject(),
        "body": UNDEFINED, "ip": _ipv6_mapped(request.client), "hostname": host.split(":")[0], "protocol": "http",
        "get": native("get", lambda i, t, a: request.header(to_string(a[0])) or UNDEFINED),
        "header": native("header", lambda i, t, a: request.header(to_string(a[0])) or UNDEFINED),
        "raw_body": request.body.decode("utf-8", "replace"),
        "content_type": request.header("Content-Type")})
    return req


class _ExpressResponse(ServerResponse):
    """Express's res: Node's ServerResponse plus status(), send(), json(), sendFile(), redirect()..."""

    def __init__(self, app: ExpressApp, reply: Reply, request: http.Request):
        super().__init__(reply)
        self.app, self.request = app, request
        self.pending = False
        self.props.update({
            "status": native("status", self._status), "send": native("send", self._send),
            "json": native("json", self._json), "sendFile": native("sendFile", self._send_file),
            "redirect": native("redirect", self._redirect), "sendStatus": native("sendStatus", self._send_status),
            "set": native("set", self._set), "header": native("header", self._set),
            "get": native("get", lambda i, t, a: reply.header(to_string(a[0])) or UNDEFINED),
            "type": native("type", self._type), "cookie": native("cookie", self._cookie),
            "render": native("render", self._render), "locals": JSObject()})

    def _type(self, interp, this, args):
        self.reply.set_header("Content-Type", _content_type(to_string(args[0])))
        return this

    def _cookie(self, interp, this, args):
        self.reply.headers.append(("Set-Cookie", f"{to_string(args[0])}={to_string(args[1])}; Path=/"))
        return this

    def _status(self, interp, this, args):
        self.reply.status = int(to_number(args[0]))
        return this

    def _set(self, interp, this, args):
        if args and isinstance(args[0], JSObject):
            for key in args[0].keys():
                self.reply.set_header(key, to_string(args[0].get(key)))
        elif len(args) >= 2:
            self.reply.set_header(to_string(args[0]), to_string(args[1]))
        return this

    def _send(self, interp, this, args):
        value = args[0] if args else UNDEFINED
        if isinstance(value, JSObject) and not isinstance(value, JSFunction):
            return self._json(interp, this, args)
        if isinstance(value, float):
            raise Unsupported("res.send(number) (use res.sendStatus)")
        if self.reply.header("Content-Type") is None:
            self.reply.set_header("Content-Type", "text/html; charset=utf-8")
        self._finish(_body(value))
        return this

    def _json(self, interp, this, args):
        text = json_stringify(args[0] if args else UNDEFINED)
        if self.reply.header("Content-Type") is None:
            self.reply.set_header("Content-Type", "application/json; charset=utf-8")
        self._finish(_body(text))
        return this

    def _finish(self, body: bytes) -> None:
        r = self.reply
        r.set_header("Content-Length", str(len(body)))
        if self.request.method in ("GET", "HEAD") and r.header("ETag") is None:
            digest = base64.b64encode(hashlib.sha1(body).digest()).decode()[:27]
            r.set_header("ETag", f'W/"{len(body):x}-{digest}"')
        r.finish(b"" if self.request.method == "HEAD" else body)

    def _send_status(self, interp, this, args):
        self.reply.status = int(to_number(args[0]))
        self.reply.set_header("Content-Type", "text/plain; charset=utf-8")
        self._finish(http.reason(self.reply.status).encode() or str(self.reply.status).encode())
        return this

    def _redirect(self, interp, this, args):
        status, location = (int(to_number(args[0])), to_string(args[1])) if len(args) > 1 else (302, to_string(args[0]))
        self.reply.status = status
        self.reply.set_header("Location", location)
        wants_html = "text/html" in self.request.header("Accept")
        phrase = http.reason(status)
        if wants_html:
            self.reply.set_header("Content-Type", "text/html; charset=utf-8")
            body = f'<p>{phrase}. Redirecting to <a href="{html.escape(location)}">{html.escape(location)}</a></p>'
        else:
            self.reply.set_header("Content-Type", "text/plain; charset=utf-8")
            body = f"{phrase}. Redirecting to {location}"
        self.reply.set_header("Vary", "Accept")
        self._finish(body.encode())
        return this

    def _send_file(self, interp, this, args):
        path = to_string(args[0]) if args else ""
        options = args[1] if len(args) > 1 and isinstance(args[1], JSObject) and not isinstance(args[1], JSFunction) \
            else None
        root = to_string(options.get("root")) if options is not None and options.get("root") is not UNDEFINED else None
        if root is not None:
            path = posixpath.join(root, path)
        elif not path.startswith("/"):
            raise interp.error("TypeError", "path must be absolute or specify root to res.sendFile")
        proc = self.app.runtime.proc
        found = files.find(proc, posixpath.normpath(path))
        body = files.read(proc, found) if found.kind == "file" else None
        if body is None:
            error = interp.make_error("NotFoundError", f"ENOENT: no such file or directory, stat '{path}'")
            error.props["status"] = 404.0
            raise JSThrow(error)
        _serve_file(self.reply, found, body, self.request.method)
        return this

    def _render(self, interp, this, args):
        raise Unsupported("res.render (view engines)")


def _content_type(kind: str) -> str:
    if "/" in kind:
        return kind
    mime = files.mime_type("x." + kind.lstrip(".")) or "application/octet-stream"
    return mime + ("; charset=utf-8" if mime.startswith(CHARSET_TYPES) else "")


def _serve_file(reply: Reply, found: files.Found, body: bytes, method: str) -> None:
    """The `send` module's headers, as res.sendFile and express.static answer."""
    mime = files.mime_type(found.path) or "application/octet-stream"
    if mime.startswith(CHARSET_TYPES):
        mime += "; charset=UTF-8"
    reply.headers += [("Accept-Ranges", "bytes"), ("Cache-Control", "public, max-age=0"),
                      ("Last-Modified", http.http_date(found.mtime)),
                      ("ETag", f'W/"{found.size:x}-{int(found.mtime * 1000):x}"'), ("Content-Type", mime),
                      ("Content-Length", str(len(body)))]
    reply.finish(b"" if method == "HEAD" else body)


def _static(runtime, root: str) -> JSFunction:
    """express.static(root): files under root; a directory's index.html; otherwise on to the next layer."""
    base = runtime.proc.abspath(root)

    def middleware(req, res, next_fn):
        request: http.Request = res.request
        path = to_string(req.get("path"))
        if request.method not in ("GET", "HEAD") or any(p.startswith(".") and p not in (".", "..")
                                                        for p in path.split("/")):
            runtime.interp.call(next_fn, UNDEFINED, [])
            return
        target = files.under_root(base, path)
        found = files.find(runtime.proc, target)
        if found.kind == "dir":
            if not path.endswith("/"):
                location = path + "/"
                page = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Redirecting</title>'
                        f"\n</head>\n<body>\n<pre>Redirecting to {html.escape(location)}</pre>\n</body>\n</html>\n")
                res.reply.status = 301
                res.reply.headers += [("Content-Type", "text/html; charset=UTF-8"),
                                      ("Content-Length", str(len(page))),
                                      ("Content-Security-Policy", "default-src 'none'"),
                                      ("X-Content-Type-Options", "nosniff"), ("Location", location)]
                res.reply.finish(page.encode())
                return
            found = files.index_file(runtime.proc, found.path, ["index.html"]) or files.Found("missing", target)
        body = files.read(runtime.proc, found) if found.kind == "file" else None
        if body is None:
            runtime.interp.call(next_fn, UNDEFINED, [])
            return
        _serve_file(res.reply, found, body, request.method)
    fn = JSFunction("serveStatic", native=lambda i, t, a: UNDEFINED)
    fn.middleware = middleware
    return fn


def _body_parser(runtime, kind: str) -> JSFunction:
    """express.json() / express.urlencoded(): fill req.body from a request of that content type."""
    def middleware(req, res, next_fn):
        content_type = to_string(req.get("content_type"))
        raw = to_string(req.get("raw_body"))
        if kind == "json" and "json" in content_type:
            import json
            try:
                req.props["body"] = from_python(json.loads(raw or "null"))
            except ValueError:
                error = runtime.interp.make_error("SyntaxError", "Unexpected token in JSON at position 0")
                error.props["status"] = 400.0
                runtime.interp.call(next_fn, UNDEFINED, [error])
                return
        elif kind == "urlencoded" and "x-www-form-urlencoded" in content_type:
            req.props["body"] = JSObject(dict(parse_qsl(raw, keep_blank_values=True)))
        elif req.get("body") is UNDEFINED:
            req.props["body"] = JSObject()
        runtime.interp.call(next_fn, UNDEFINED, [])
    fn = JSFunction(f"{kind}Parser", native=lambda i, t, a: UNDEFINED)
    fn.middleware = middleware
    return fn


def _parser_factory(runtime, kind: str) -> JSFunction:
    return native(kind, lambda i, t, a: _body_parser(runtime, kind))


def _express(runtime) -> JSFunction:
    root = _package_root(runtime, "express")
    factory = JSFunction("createApplication", native=lambda i, t, a: ExpressApp(runtime, root).function)
    factory.props.update({
        "static": native("serveStatic", lambda i, t, a: _static(runtime, to_string(a[0]) if a else ".")),
        "json": _parser_factory(runtime, "json"), "urlencoded": _parser_factory(runtime, "urlencoded"),
        "Router": native("Router", lambda i, t, a: ExpressApp(runtime, root).function)})
    return factory


def _package_root(runtime, name: str) -> str:
    base = runtime.interp.frames[-1].filename.rsplit("/", 1)[0] if runtime.interp.frames else runtime.proc.cwd
    return runtime.find_package(name, base) or f"/app/node_modules/{name}"


def _cors(runtime) -> JSFunction:
    def make(interp, this, args):
        def middleware(req, res, next_fn):
            res.reply.headers.append(("Access-Control-Allow-Origin", "*"))
            interp.call(next_fn, UNDEFINED, [])
        fn = JSFunction("corsMiddleware", native=lambda i, t, a: UNDEFINED)
        fn.middleware = middleware
        return fn
    return native("cors", make)


def _dotenv(runtime) -> JSObject:
    def config(interp, this, args):
        path = runtime.proc.abspath(".env")
        options = args[0] if args and isinstance(args[0], JSObject) else None
        if options is not None and isinstance(options.get("path"), str):
            path = runtime.proc.abspath(options.get("path"))
        try:
            text = runtime.proc.fs.read_bytes(path).decode("utf-8", "replace")
        except OSError:
            return JSObject({"error": interp.make_error("Error", f"ENOENT: no such file or directory, open '{path}'")})
        parsed = JSObject()
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, _, value = line.removeprefix("export ").partition("=")
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            parsed.props[key.strip()] = value
            if runtime.env.get(key.strip()) is UNDEFINED:
                runtime.env.props[key.strip()] = value
        return JSObject({"parsed": parsed})
    return JSObject({"config": native("config", config)})


PACKAGES = {"express": _express, "body-parser": lambda runtime: JSObject({
    "json": _parser_factory(runtime, "json"), "urlencoded": _parser_factory(runtime, "urlencoded")}),
    "cors": _cors, "dotenv": _dotenv}
