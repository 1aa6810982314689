"""`python -m http.server [port] [-b ADDRESS] [-d DIRECTORY]`: CPython's SimpleHTTPRequestHandler.

Serves the container's directory (the working directory unless -d), answering HTTP/1.0 with its
`SimpleHTTP/0.6` headers, its directory listings and error pages, and logs each request on stderr.
Its "Serving HTTP on ..." line goes to stdout, which is block-buffered when it is not a terminal:
in `docker logs` it appears only when the server exits — as on a real engine, unless
PYTHONUNBUFFERED is set. Ctrl-C (SIGINT) ends it with "Keyboard interrupt received, exiting.".
"""
from __future__ import annotations

import html
import mimetypes
import stat
import time
from urllib.parse import quote

from ....network import http
from ...process import SIGINT, Process
from ..servers import files
from ..servers.serving import Serving, python_log_time, wait_for_signal

ERROR_PAGE = """<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: {code}</p>
        <p>Message: {message}.</p>
        <p>Error code explanation: {code} - {explain}.</p>
    </body>
</html>
"""
EXPLAIN = {404: "Nothing matches the given URI", 501: "Server does not support this operation",
           403: "Request forbidden -- authorization will not help"}
_TYPES = mimetypes.MimeTypes(filenames=())  # Python's own table only, never the host's /etc/mime.types
_EXTRA_TYPES = {".js": "text/javascript", ".gz": "application/gzip", ".Z": "application/octet-stream",
                ".bz2": "application/x-bzip2", ".xz": "application/x-xz"}


def main(proc: Process, args: list[str], version: str) -> int:
    from .python import PythonProcess
    port, bind, directory = 8000, None, proc.cwd
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg in ("-b", "--bind") and rest:
            bind = rest.pop(0)
        elif arg in ("-d", "--directory") and rest:
            directory = proc.abspath(rest.pop(0))
        elif arg.isdigit():
            port = int(arg)
        elif arg in ("--cgi", "-p", "--protocol"):
            if arg != "--cgi" and rest:
                rest.pop(0)
        else:
            proc.err("usage: server.py [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]\n"
                     f"server.py: error: argument port: invalid int value: '{arg}'\n")
            return 2
    python = PythonProcess(proc, version, ["http.server"] + args, set())
    site = DirectoryServer(proc, directory, version)
    address = bind or "0.0.0.0"
    with Serving(proc, "python -m http.server") as serving:
        site.log = serving.err
        try:
            serving.bind(port, site.answer, address)
        except OSError as e:
            python.stdout.flush()
            proc.err(f"OSError: [Errno {e.errno}] {e.strerror}\n")
            return 1
        shown = f"[{address}]" if ":" in address else address
        python.stdout.write(f"Serving HTTP on {address} port {port} (http://{shown}:{port}/) ...\n")
        wait_for_signal(proc, {SIGINT})
        python.stdout.write("\nKeyboard interrupt received, exiting.\n")
        python.stdout.flush()
    return 0


class DirectoryServer:
    def __init__(self, proc: Process, directory: str, version: str):
        self.proc, self.directory = proc, directory
        self.server = f"SimpleHTTP/0.6 Python/{version}"
        self.log = proc.err

    def answer(self, request: http.Request) -> http.Response:
        if request.method not in ("GET", "HEAD"):
            return self._error(request, 501, f"Unsupported method ({request.method!r})")
        response = self._get(request)
        if response.status < 400:
            self._log(request, response.status)
        return response

    def _get(self, request: http.Request) -> http.Response:
        found = files.find(self.proc, files.under_root(self.directory, request.path))
        if found.kind == "dir":
            if not request.path.endswith("/"):
                return http.Response(301, self._head() + [("Location", request.path + "/"), ("Content-Length", "0")],
                                     b"", version="HTTP/1.0")
            index = files.index_file(self.proc, found.path, ["index.html", "index.htm"])
            if index is None:
                return self._listing(request, found.path)
            found = index
        body = files.read(self.proc, found) if found.kind == "file" else None
        if body is None:
            return self._error(request, 404, "File not found")
        return http.Response(200, self._head() + [("Content-type", _guess_type(found.path)),
                                                  ("Content-Length", str(len(body))),
                                                  ("Last-Modified", http.http_date(found.mtime))],
                             body, version="HTTP/1.0")

    def _listing(self, request: http.Request, directory: str) -> http.Response:
        entries = files.listing(self.proc, directory)
        if entries is None:
            return self._error(request, 404, "No permission to list directory")
        title = f"Directory listing for {html.escape(request.path, quote=False)}"
        rows = ["<!DOCTYPE HTML>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
                f"<title>{title}</title>\n</head>", f"<body>\n<h1>{title}</h1>", "<hr>\n<ul>"]
        for name, is_dir in sorted(entries, key=lambda e: e[0].lower()):
            link = name + "/" if is_dir else name
            shown = name + "@" if _is_link(self.proc, f"{directory}/{name}") else link
            rows.append(f'<li><a href="{quote(link)}">{html.escape(shown, quote=False)}</a></li>')
        rows.append("</ul>\n<hr>\n</body>\n</html>\n")
        body = "\n".join(rows).encode()
        return http.Response(200, self._head() + [("Content-type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(body)))], body, version="HTTP/1.0")

    def _head(self) -> list[tuple[str, str]]:
        return [("Server", self.server), ("Date", http.http_date(time.time()))]

    def _error(self, request: http.Request, code: int, message: str) -> http.Response:
        self.log(f"{request.client} - - [{python_log_time(time.time())}] code {code}, message {message}\n")
        self._log(request, code)
        body = ERROR_PAGE.format(code=code, message=html.escape(message, quote=False),
                                 explain=EXPLAIN.get(code, "")).encode()
        return http.Response(code, self._head() + [("Connection", "close"),
                                                   ("Content-Type", "text/html;charset=utf-8"),
                                                   ("Content-Length", str(len(body)))],
                             body, version="HTTP/1.0", phrase=message)

    def _log(self, request: http.Request, code: int) -> None:
        self.log(f'{request.client} - - [{python_log_time(time.time())}] "{request.request_line}" {code} -\n')


def _guess_type(path: str) -> str:
    for ext, kind in _EXTRA_TYPES.items():
        if path.endswith(ext):
            return kind
    return _TYPES.guess_type(path)[0] or "application/octet-stream"


def _is_link(proc: Process, path: str) -> bool:
    try:
        return stat.S_ISLNK(proc.fs.lstat(path).st_mode)
    except OSError:
        return False
