"""Flask, as the simulated Python offers it once `pip install flask` has put it in site-packages.

`app = Flask(__name__)`, `@app.route(...)` views, `app.run(host=..., port=...)` and `flask run`
behave as Flask 3 with Werkzeug's development server: the banner on stdout and stderr, one log
line per request on stderr, views run by the subset interpreter at request time, return values
turned into responses (text, JSON, (body, status), redirect, jsonify), `render_template` from the
app's templates/ folder, /static/ files, Werkzeug's 404/405/500 pages. The development server
installs no SIGTERM handler: as PID 1 it waits out `docker stop`'s timeout, as the real one does.
"""
from __future__ import annotations

import errno
import hashlib
import json
import re
import threading
import time
from urllib.parse import parse_qsl

from ....network import http
from ...process import SIGINT
from ..servers import files
from ..servers.serving import Serving, python_log_time, wait_for_signal
from .pyinterp import Function, Interpreter, Namespace, SystemExitRequest, Thrown, Unsupported
from . import templates

FLASK_VERSION = "3.0.3"
WERKZEUG_VERSION = "3.0.4"
RULE_PART = re.compile(r"<(?:(\w+):)?(\w+)>")
PAGES = {404: ("Not Found", "The requested URL was not found on the server. If you entered the URL manually "
                            "please check your spelling and try again."),
         405: ("Method Not Allowed", "The method is not allowed for the requested URL."),
         500: ("Internal Server Error", "The server encountered an internal error and was unable to complete your "
                                        "request. Either the server is overloaded or there is an error in the "
                                        "application."),
         400: ("Bad Request", "The browser (or proxy) sent a request that this server could not understand."),
         403: ("Forbidden", "You don't have the permission to access the requested resource. It is either "
                            "read-protected or not readable by the server."),
         401: ("Unauthorized", "The server could not verify that you are authorized to access the URL requested. "
                               "You either supplied the wrong credentials (e.g. a bad password), or your browser "
                               "doesn't understand how to supply the credentials required.")}


class FlaskResponse:
    def __init__(self, body: bytes, status: int = 200, content_type: str = "text/html; charset=utf-8",
                 headers: list | None = None):
        self.body, self.status, self.content_type = body, status, content_type
        self.headers = list(headers or [])

    def get_attribute(self, name: str):
        if name == "status_code":
            return self.status
        if name == "headers":
            return _Headers(self.headers)
        raise AttributeError(f"'Response' object has no attribute '{name}'")


class _Headers:
    def __init__(self, items: list):
        self.items = items

    def get_attribute(self, name: str):
        if name == "get":
            return lambda key, default=None: next((v for k, v in self.items if k.lower() == key.lower()), default)
        raise AttributeError(name)

    def set_item(self, key, value):
        self.items.append((key, value))


class _Abort(Exception):
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class _Args(dict):
    """request.args / request.form: a dict whose get() takes Werkzeug's `type=`."""

    def get(self, key, default=None, type=None):  # noqa: A002 - Werkzeug's name
        if key not in self:
            return default
        try:
            return type(self[key]) if type is not None else self[key]
        except ValueError:
            return default


class RequestProxy:
    """`flask.request`: the request the current thread is answering."""

    def __init__(self):
        self.local = threading.local()

    def get_attribute(self, name: str):
        r: http.Request = getattr(self.local, "request", None)
        if r is None:
            raise Thrown(RuntimeError("Working outside of request context."), [])
        form = _Args(parse_qsl(r.body.decode("utf-8", "replace"))) if "form" in r.header("Content-Type") else _Args()
        values = {"method": r.method, "path": r.path, "args": _Args(parse_qsl(r.query)), "form": form,
                  "headers": {k: v for k, v in r.headers}, "remote_addr": r.client, "data": r.body,
                  "url": f"http://{r.header('Host')}{r.target}", "host": r.header("Host"),
                  "full_path": r.path + "?" + r.query, "cookies": {}, "values": _Args({**form}),
                  "is_json": "json" in r.header("Content-Type")}
        if name in ("json", "get_json"):
            data = json.loads(r.body or b"null") if "json" in r.header("Content-Type") else None
            return data if name == "json" else (lambda *a, **k: data)
        if name in values:
            return values[name]
        raise AttributeError(f"'Request' object has no attribute '{name}'")


class FlaskApp:
    def __init__(self, host, import_name: str, static_folder: str = "static", template_folder: str = "templates",
                 **_ignored):
        self.host = host
        self.import_name = import_name
        # (regex, methods, view, rule, endpoint) for each @app.route
        self.routes: list[tuple[re.Pattern, list[str], Function, str, str]] = []
        self.root = host.script_dir
        self.static_folder, self.template_folder = static_folder, template_folder
        self.config: dict = {"DEBUG": False}
        self.lock = threading.Lock()

    @property
    def name(self) -> str:
        if self.import_name == "__main__":
            return self.host.interp_file().rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return self.import_name

    def get_attribute(self, attr: str):
        methods = {"route": self.route, "run": self.run, "get": self._verb("GET"), "post": self._verb("POST"),
                   "put": self._verb("PUT"), "delete": self._verb("DELETE"), "patch": self._verb("PATCH")}
        if attr in methods:
            return methods[attr]
        if attr == "config":
            return self.config
        if attr == "name":
            return self.name
        if attr in ("debug", "secret_key"):
            return self.config.get(attr.upper())
        raise AttributeError(f"'Flask' object has no attribute '{attr}'")

    def set_attribute(self, attr: str, value) -> None:
        if attr in ("debug", "secret_key"):
            self.config[attr.upper()] = value
        else:
            raise Unsupported(f"setting Flask's {attr}")

    def route(self, rule: str, methods=None, endpoint=None, **_ignored):
        def register(view):
            pattern = "^" + RULE_PART.sub(lambda m: _converter(m.group(1), m.group(2)), re.escape(rule)
                                          .replace(r"\<", "<").replace(r"\>", ">").replace(r"\:", ":")) + "$"
            allowed = [m.upper() for m in (methods or ["GET"])]
            if "GET" in allowed and "HEAD" not in allowed:
                allowed.append("HEAD")
            name = endpoint or getattr(view, "__name__", "view")
            self.routes.append((re.compile(pattern), allowed + ["OPTIONS"], view, rule, name))
            return view
        return register

    def _verb(self, method: str):
        return lambda rule, **options: self.route(rule, methods=[method], **options)

    # -- serving
    def run(self, host=None, port=None, debug=None, **_ignored):
        host = host or "127.0.0.1"
        port = int(port or 5000)
        debug = bool(debug if debug is not None else self.config.get("DEBUG"))
        py = self.host
        py.stdout.write(f" * Serving Flask app '{self.name}'\n * Debug mode: {'on' if debug else 'off'}\n")
        py.stdout.flush()  # click.echo flushes: output printed before app.run() appears now
        serving = Serving(py.proc, "python (Flask)")
        self.log = serving.err
        try:
            serving.bind(port, self.answer, "0.0.0.0" if host in ("0.0.0.0", "::") else host)
        except OSError as e:
            if e.errno != errno.EADDRINUSE:
                raise
            py.proc.err(f"Address already in use\nPort {port} is in use by another program. Either identify and "
                        "stop that program, or start the server with a different port.\n")
            raise SystemExitRequest(1) from None
        tty = py.proc.stderr.isatty()
        warning = ("WARNING: This is a development server. Do not use it in a production deployment. "
                   "Use a production WSGI server instead.")
        lines = [f"\x1b[31m\x1b[1m{warning}\x1b[0m" if tty else warning]
        if host in ("0.0.0.0", "::"):
            lines += [f" * Running on all addresses ({host})", f" * Running on http://127.0.0.1:{port}"]
            address = http.own_address(py.proc)
            if address:
                lines.append(f" * Running on http://{address}:{port}")
        else:
            lines.append(f" * Running on http://{host}:{port}")
        lines.append("\x1b[33mPress CTRL+C to quit\x1b[0m" if tty else "Press CTRL+C to quit")
        if debug:
            pin = int(hashlib.sha1(py.proc.host.hostname.encode()).hexdigest(), 16) % 10 ** 9
            lines += [" * Restarting with stat", " * Debugger is active!",
                      f" * Debugger PIN: {pin // 10 ** 6:03d}-{pin // 1000 % 1000:03d}-{pin % 1000:03d}"]
        serving.err("".join(line + "\n" for line in lines))
        with serving:
            wait_for_signal(py.proc, {SIGINT})  # Ctrl-C ends the server quietly; SIGTERM it does not handle

    def answer(self, request: http.Request) -> http.Response:
        with self.lock:
            response = self._dispatch(request)
        self.log(f'{request.client} - - [{python_log_time(time.time())}] "{request.request_line}" '
                 f"{response.status} -\n")
        headers = [("Server", f"Werkzeug/{WERKZEUG_VERSION} Python/{self.host.version}"),
                   ("Date", http.http_date(time.time())), ("Content-Type", response.content_type),
                   ("Content-Length", str(len(response.body)))] + response.headers + [("Connection", "close")]
        return http.Response(response.status, headers, b"" if request.method == "HEAD" else response.body)

    def _dispatch(self, request: http.Request) -> FlaskResponse:
        path = request.path
        if path.startswith("/static/"):
            return self._static(path[len("/static/"):])
        allowed = False
        for pattern, methods, view, _rule, endpoint in self.routes:
            match = pattern.match(path)
            if match is None:
                continue
            if request.method not in methods:
                allowed = True
                continue
            return self._call_view(view, endpoint, request, {k: _convert(v) for k, v in match.groupdict().items()})
        return _page(405 if allowed else 404)

    def _call_view(self, view, endpoint: str, request: http.Request, kwargs: dict) -> FlaskResponse:
        proxy: RequestProxy = self.host.flask_request
        proxy.local.request = request
        interp = Interpreter(self.host)
        try:
            result = interp.call_function(view, [], kwargs) if isinstance(view, Function) else view(**kwargs)
            return self._make_response(result, endpoint)
        except _Abort as a:
            return _page(a.status)
        except Thrown as thrown:
            self._log_exception(request, thrown)
            return _page(500)
        except Unsupported as e:
            self.log(f"dockyard: this simulated Python cannot run {e.what} (in the view {endpoint!r}, line {e.line})\n")
            return _page(500)
        finally:
            proxy.local.request = None

    def _make_response(self, result, endpoint: str) -> FlaskResponse:
        status, headers = None, []
        if isinstance(result, tuple):
            result, *rest = result
            for extra in rest:
                if isinstance(extra, int):
                    status = extra
                elif isinstance(extra, dict):
                    headers += list(extra.items())
                elif isinstance(extra, list):
                    headers += extra
        if isinstance(result, FlaskResponse):
            response = result
        elif isinstance(result, (dict, list)):
            response = FlaskResponse(_json(result), content_type="application/json")
        elif isinstance(result, (str, bytes)):
            response = FlaskResponse(result.encode() if isinstance(result, str) else result)
        else:
            kind = "returned None" if result is None else f"returned a value of type {type(result).__name__}"
            raise Thrown(TypeError(f"The view function for {endpoint!r} did not return a valid response. The "
                                   f"function either {kind} or ended without a return statement."
                                   if result is None else f"The view function did not return a valid response. "
                                   f"The return type must be a string, dict, list, tuple with headers or status, "
                                   f"Response instance, or WSGI callable, but it was a {type(result).__name__}."),
                         [])
        if status is not None:
            response.status = status
        response.headers += headers
        return response

    def _static(self, rel: str) -> FlaskResponse:
        found = files.find(self.host.proc, files.under_root(f"{self.root}/{self.static_folder}", rel))
        body = files.read(self.host.proc, found) if found.kind == "file" else None
        if body is None:
            return _page(404)
        content_type = files.mime_type(found.path) or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("javascript"):
            content_type += "; charset=utf-8"
        return FlaskResponse(body, content_type=content_type,
                             headers=[("Last-Modified", http.http_date(found.mtime)), ("Cache-Control", "no-cache")])

    def _log_exception(self, request: http.Request, thrown: Thrown) -> None:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()) + f",{int(time.time() * 1000) % 1000:03d}"
        self.log(f"[{stamp}] ERROR in app: Exception on {request.path} [{request.method}]\n")
        self.host.report(thrown)

    def url_for(self, endpoint: str, **values) -> str:
        if endpoint == "static":
            return f"/static/{values.get('filename', '')}"
        for _pattern, _methods, _view, rule, name in self.routes:
            if name == endpoint:
                return RULE_PART.sub(lambda m: str(values.get(m.group(2), "")), rule)
        raise Thrown(RuntimeError(f"Could not build url for endpoint {endpoint!r}."), [])


def _converter(kind: str | None, name: str) -> str:
    body = {"int": r"\d+", "float": r"\d+\.\d+", "path": r".+"}.get(kind or "", r"[^/]+")
    return f"(?P<{name}>{body})"


def _convert(value: str):
    return int(value) if value.isdigit() else value


def _json(value) -> bytes:
    return (json.dumps(value, sort_keys=True, separators=(",", ":")) + "\n").encode()


def _page(status: int) -> FlaskResponse:
    title, text = PAGES.get(status, (http.reason(status), ""))
    body = (f"<!doctype html>\n<html lang=en>\n<title>{status} {title}</title>\n<h1>{title}</h1>\n"
            f"<p>{text}</p>\n").encode()
    return FlaskResponse(body, status)


def flask_module(host) -> Namespace:
    """`import flask`: the names course apps use."""
    apps: list[FlaskApp] = []
    host.flask_request = getattr(host, "flask_request", None) or RequestProxy()

    def make_app(import_name, **options):
        app = FlaskApp(host, import_name, **options)
        apps.append(app)
        return app

    def render_template(name, /, **context):
        app = apps[0] if apps else None
        folder = f"{app.root}/{app.template_folder}" if app else f"{host.script_dir}/templates"
        try:
            source = host.proc.fs.read_bytes(f"{folder}/{name}").decode("utf-8", "replace")
        except OSError:
            raise Thrown(TemplateNotFound(name), []) from None
        return _render(source, context)

    def _render(source, context):
        try:
            return templates.render(source, context, Interpreter(host))
        except templates.TemplateUnsupported as e:
            raise Unsupported(str(e)) from None

    def redirect(location, code=302):
        body = ("<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n"
                f'<p>You should be redirected automatically to the target URL: <a href="{location}">{location}</a>. '
                "If not, click the link.\n").encode()
        return FlaskResponse(body, code, headers=[("Location", location)])

    def abort(status):
        raise _Abort(status)

    def jsonify(*args, **kwargs):
        value = args[0] if len(args) == 1 else (list(args) if args else kwargs)
        return FlaskResponse(_json(value), content_type="application/json")

    def make_response(body="", status=200, headers=None):
        response = body if isinstance(body, FlaskResponse) else FlaskResponse(str(body).encode(), status)
        response.headers += list((headers or {}).items())
        return response

    def url_for(endpoint, **values):
        return apps[0].url_for(endpoint, **values) if apps else f"/{endpoint}"

    return Namespace("flask", {
        "Flask": make_app, "request": host.flask_request, "render_template": render_template,
        "render_template_string": lambda source, **context: _render(source, context), "redirect": redirect,
        "abort": abort, "jsonify": jsonify, "make_response": make_response, "url_for": url_for,
        "Response": lambda body="", status=200, mimetype="text/html", **_: FlaskResponse(
            str(body).encode(), status, mimetype + ("; charset=utf-8" if mimetype.startswith("text/") else ""))})


class TemplateNotFound(LookupError):
    """Jinja's error for a template that is not in the templates folder."""

    __module__ = "jinja2.exceptions"


def flask_cli(py, args: list[str]) -> int:
    """`flask run [--host H] [--port P] [--debug]`: import the app (FLASK_APP, app.py or wsgi.py) and serve it."""
    if not args or args[0] != "run":
        py.proc.err("dockyard: only `flask run` is simulated\n")
        return 2
    options = {"host": py.environ.get("FLASK_RUN_HOST", "127.0.0.1"), "port": py.environ.get("FLASK_RUN_PORT", "5000")}
    debug = py.environ.get("FLASK_DEBUG", "") not in ("", "0", "false")
    rest = args[1:]
    while rest:
        arg = rest.pop(0)
        key, eq, value = arg.partition("=")
        if key in ("--host", "-h", "--port", "-p"):
            options["host" if key in ("--host", "-h") else "port"] = value if eq else (rest.pop(0) if rest else "")
        elif key == "--debug":
            debug = True
    module = (py.environ.get("FLASK_APP") or "").split(":")[0].removesuffix(".py")
    candidates = [module] if module else ["app", "wsgi"]
    for name in candidates:
        path = f"{py.proc.cwd}/{name}.py"
        if py.proc.fs.is_file(path):
            py.script_dir = py.proc.cwd
            status = py.run_source(py.proc.fs.read_bytes(path).decode("utf-8", "replace"), path, name=name)
            if status != 0:
                return status
            app = next((v for v in py.main_scope.values.values() if isinstance(v, FlaskApp)), None)
            if app is None:
                break
            return py.guarded(lambda: app.run(host=options["host"], port=options["port"], debug=debug))
    py.proc.err("Usage: flask run [OPTIONS]\nTry 'flask run --help' for help.\n\n"
                "Error: Could not locate a Flask application. Use the 'flask --app' option, 'FLASK_APP' environment "
                "variable, or a 'wsgi.py' or 'app.py' file in the current directory.\n")
    return 2


def main(proc) -> int:
    """The `flask` command pip installs with Flask."""
    from .python import DEFAULT_VERSION, PythonProcess
    version = proc.env.get("PYTHON_VERSION") or DEFAULT_VERSION
    return flask_cli(PythonProcess(proc, version, ["flask"] + proc.argv[1:], set()), proc.argv[1:])
