"""`busybox httpd`: the tiny web server of the busybox image, serving files from its home directory.

`httpd -f -p 8080 -h /www` serves in the foreground; without -f it daemonizes (the command
returns at once and the server keeps serving until the container stops). It installs no signal
handlers, so as a container's PID 1 it ignores `docker stop`'s SIGTERM and is killed after the
timeout (exit 137), as the real one is. Responses follow busybox 1.35 byte for byte: its headers,
its error pages, a 302 to add a directory's slash, 404 for a directory without index.html, 501
for methods other than GET and HEAD.
"""
from __future__ import annotations

import errno
import stat
import time
from urllib.parse import unquote_plus

from ....network.http import Request, Response, http_date, next_client_port, reason
from ...process import Process
from ..busybox import BANNER
from ..busybox.common import strerror
from ..busybox.options import UsageError, parse
from . import files
from .serving import Serving

USAGE = """\
Usage: httpd [-ifv[v]] [-c CONFFILE] [-p [IP:]PORT] [-u USER[:GRP]] [-r REALM] [-h HOME]
or httpd -d/-e/-m STRING

Listen for incoming HTTP requests

\t-i\t\tInetd mode
\t-f\t\tRun in foreground
\t-v[v]\t\tVerbose
\t-p [IP:]PORT\tBind to IP:PORT (default *:80)
\t-u USER[:GRP]\tSet uid/gid after binding to port
\t-r REALM\tAuthentication Realm for Basic Authentication
\t-h HOME\t\tHome directory (default .)
\t-c FILE\t\tConfiguration file (default {/etc,HOME}/httpd.conf)
\t-m STRING\tMD5 crypt STRING
\t-e STRING\tHTML encode STRING
\t-d STRING\tURL decode STRING
"""

ERRORS = {404: "The requested URL was not found", 403: "Access to this URL is forbidden",
          501: "The requested method is not recognized", 400: "Unsupported method"}


def main(proc: Process) -> int:
    try:
        opts, operands = parse(proc.argv[1:], "ifvc:p:u:r:h:m:e:d:")
    except UsageError as e:
        proc.err(f"httpd: {e.message}\n{BANNER}\n\n{USAGE}")
        return 1
    if "e" in opts:
        proc.out("".join(c if c.isalnum() and c.isascii() else "".join(f"&#{b};" for b in c.encode())
                         for c in opts.value("e")))
        return 0
    if "d" in opts:
        proc.out(unquote_plus(opts.value("d")))
        return 0
    if "m" in opts:
        proc.err("httpd: -m (MD5 crypt) is not available in dockyard\n")
        return 1
    address, port = _listen_address(opts.value("p", "80"))
    home = proc.abspath(opts.value("h", "."))
    try:
        if not stat.S_ISDIR(proc.fs.stat(home).st_mode):
            raise OSError(errno.ENOTDIR, "Not a directory")
    except OSError as e:
        proc.err(f"httpd: can't change directory to '{opts.value('h', '.')}': {strerror(e)}\n")
        return 1
    site = Site(proc, home, opts.count("v"))
    if "i" in opts:
        return _inetd(proc, site)
    serving = Serving(proc, "busybox httpd")
    site.log = serving.err
    try:
        serving.bind(port, site.answer, address)
    except OSError as e:
        proc.err(f"httpd: bind: {strerror(e)}\n")
        return 1
    if "f" not in opts:
        serving.detach()  # daemonized: the parent returns, the server lives on in the container
        return 0
    with serving:
        while True:
            proc.signals.sleep(None)  # no handlers: only a fatal signal ends it


def _listen_address(text: str) -> tuple[str, int]:
    address, _, port = text.rpartition(":")
    return address.strip("[]") or "0.0.0.0", int(port)


class Site:
    """busybox httpd's answers for one home directory."""

    def __init__(self, proc: Process, home: str, verbose: int):
        self.proc = proc
        self.home = home
        self.verbose = verbose
        self.log = proc.err

    def answer(self, request: Request) -> Response:
        response = self._respond(request)
        if self.verbose:
            self.log(f"{request.client}:{request.client_port}: response:{response.status}\n")
        return response

    def _respond(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return _error(501)
        found = files.find(self.proc, files.under_root(self.home, request.path))
        if found.kind == "dir":
            if not request.path.endswith("/"):
                return Response(302, _head("text/html") + [("Location", request.path + "/")], b"")
            found = files.index_file(self.proc, found.path, ["index.html"]) or files.Found("missing", found.path)
        if found.kind == "missing":
            return _error(404)
        body = files.read(self.proc, found) if found.kind == "file" else None
        if body is None:
            return _error(403)
        headers = _head(files.mime_type(found.path)) + [
            ("Accept-Ranges", "bytes"), ("Last-Modified", http_date(found.mtime)), ("ETag", files.etag(found)),
            ("Content-Length", str(len(body)))]
        return Response(200, headers, body)


def _head(content_type: str | None) -> list[tuple[str, str]]:
    headers = [("Date", http_date(time.time())), ("Connection", "close")]
    return headers + ([("Content-type", content_type)] if content_type else [])


def _error(status: int) -> Response:
    title = f"{status} {reason(status)}"
    body = (f"<HTML><HEAD><TITLE>{title}</TITLE></HEAD>\n<BODY><H1>{title}</H1>\n{ERRORS.get(status, '')}\n"
            f"</BODY></HTML>\n").encode()
    return Response(status, _head("text/html"), body)


def _inetd(proc: Process, site: Site) -> int:
    """-i: one request on stdin, its response on stdout (inetd connected them to the client)."""
    line = proc.stdin.readline().decode("latin-1").strip()
    headers = []
    while True:
        raw = proc.stdin.readline().decode("latin-1").strip()
        if not raw:
            break
        name, _, value = raw.partition(":")
        headers.append((name.strip(), value.strip()))
    parts = line.split()
    if len(parts) < 2:
        return 0
    request = Request(parts[0], parts[1], headers, b"", "0.0.0.0", parts[2] if len(parts) > 2 else "HTTP/1.0",
                      next_client_port())
    response = site.answer(request)
    head = response.status_line + "\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in response.headers) + "\r\n"
    proc.out(head.encode("latin-1") + (b"" if request.method == "HEAD" else response.body))
    return 0
