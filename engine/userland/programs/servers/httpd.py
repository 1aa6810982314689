"""`httpd` (Apache 2.4) as the official image runs it: `httpd-foreground`, i.e. `httpd -DFOREGROUND`.

It reads /usr/local/apache2/conf/httpd.conf (Listen, DocumentRoot, DirectoryIndex, ServerName,
`Options Indexes`, ErrorLog, CustomLog/LogFormat, Include), prints the startup lines every user of
the image has seen (AH00558 twice when no ServerName is set, then AH00489 and AH00094), serves
the document root with Apache's headers and error pages, logs each request in the configured
format (the image's CustomLog is /proc/self/fd/1), and stops on SIGWINCH (the image's STOPSIGNAL,
a graceful stop) or SIGTERM. Without -DFOREGROUND it daemonizes and the command returns at once.
"""
from __future__ import annotations

import fnmatch
import html
import posixpath
import re
import shlex
import threading
import time
from dataclasses import dataclass, field

from ....network import http
from ...process import SIGHUP, SIGINT, SIGTERM, Process
from ..busybox.common import strerror
from . import files
from .serving import Serving, apache_error_time, common_log_time, wait_for_signal

DEFAULT_VERSION = "2.4.62"
SERVER_ROOT = "/usr/local/apache2"
SIGUSR1, SIGWINCH = 10, 28
THREAD_ID = 140237158401920  # Apache logs its listener thread's id; one plausible value, always the same
COMMON = '%h %l %u %t "%r" %>s %b'
PAGES = {301: ("Moved Permanently", None), 302: ("Found", None),
         403: ("Forbidden", "You don't have permission to access this resource."),
         404: ("Not Found", "The requested URL was not found on this server."),
         405: ("Method Not Allowed", None)}


@dataclass
class Config:
    server_root: str = SERVER_ROOT
    listens: list[tuple[str, int]] = field(default_factory=list)
    document_root: str = SERVER_ROOT + "/htdocs"
    index: list[str] = field(default_factory=lambda: ["index.html"])
    server_name: str = ""
    error_log: str = "logs/error_log"
    custom_logs: list[tuple[str, str]] = field(default_factory=list)  # (path, format)
    indexes: set[str] = field(default_factory=set)  # directories with `Options Indexes`


class ConfigError(Exception):
    pass


def load_config(proc: Process, path: str, defines: set[str]) -> Config:
    config = Config()
    formats = {"common": COMMON}
    pending_logs: list[tuple[str, str]] = []
    directory: list[str | None] = [None]
    skip = 0  # depth inside an <IfDefine> whose condition is false
    for name, args, where in _lines(proc, path, config):
        lname = name.lower()
        if lname.startswith("</"):
            if skip:
                skip -= 1
            elif lname == "</directory>" and len(directory) > 1:
                directory.pop()
            continue
        if skip:
            if lname.startswith("<"):
                skip += 1
            continue
        if lname == "<ifdefine":
            wanted = args[0] if args else ""
            if (wanted.lstrip("!") in defines) == wanted.startswith("!"):
                skip = 1
        elif lname == "<directory":
            directory.append(args[0] if args else None)
        elif lname == "listen" and args:
            address, _, port = args[0].rpartition(":")
            if not port.isdigit():
                raise ConfigError(f"AH00526: Syntax error on line {where[1]} of {where[0]}:\n"
                                  f"Port must be specified")
            config.listens.append((address.strip("[]") or "0.0.0.0", int(port)))
        elif lname == "documentroot" and args:
            config.document_root = args[0]
        elif lname == "directoryindex" and args:
            config.index = args
        elif lname == "servername" and args:
            config.server_name = args[0]
        elif lname == "errorlog" and args:
            config.error_log = args[0]
        elif lname == "logformat" and len(args) >= 2:
            formats[args[1]] = args[0]
        elif lname == "customlog" and len(args) >= 2:
            pending_logs.append((args[0], args[1]))
        elif lname == "options" and directory[-1] is not None:
            if any(o.lstrip("+") == "Indexes" for o in args):
                config.indexes.add(directory[-1].rstrip("/"))
    config.custom_logs = [(p, formats.get(f, f)) for p, f in pending_logs]
    return config


def _lines(proc: Process, path: str, config: Config):
    """(directive, args, (file, line)) for each configuration line, following Include."""
    try:
        text = proc.fs.read_bytes(path).decode("utf-8", "replace")
    except OSError as e:
        raise ConfigError(f"httpd: Could not open configuration file {path}: {strerror(e)}") from None
    pending = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = pending + raw.strip()
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        pending = ""
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line.rstrip(">") if line.startswith("<") else line)
        except ValueError:
            words = line.split()
        name, args = words[0], words[1:]
        if name.lower() in ("include", "includeoptional") and args:
            yield from _include(proc, args[0], config, optional=name.lower() == "includeoptional")
            continue
        if name.lower() == "serverroot" and args:
            config.server_root = args[0]
        yield name, args, (path, number)


def _include(proc: Process, pattern: str, config: Config, optional: bool):
    pattern = pattern if pattern.startswith("/") else posixpath.join(config.server_root, pattern)
    folder, glob = posixpath.split(pattern)
    if not any(c in glob for c in "*?["):
        if optional and not proc.fs.exists(pattern):
            return
        yield from _lines(proc, pattern, config)
        return
    try:
        names = sorted(proc.fs.listdir(folder))
    except OSError:
        names = []
    for name in names:
        if fnmatch.fnmatchcase(name, glob):
            yield from _lines(proc, posixpath.join(folder, name), config)


def main(proc: Process) -> int:
    return run(proc, proc.argv[1:])


def foreground(proc: Process) -> int:
    """The image's httpd-foreground: remove a stale pid file, then `httpd -DFOREGROUND "$@"`."""
    try:
        proc.fs.unlink(SERVER_ROOT + "/logs/httpd.pid")
    except OSError:
        pass
    return run(proc, ["-DFOREGROUND"] + proc.argv[1:])


def run(proc: Process, args: list[str]) -> int:
    version = proc.env.get("HTTPD_VERSION") or DEFAULT_VERSION
    defines, conf, flags = set(), SERVER_ROOT + "/conf/httpd.conf", set()
    words = list(args)
    while words:
        word = words.pop(0)
        if word.startswith("-D"):
            defines.add(word[2:] or (words.pop(0) if words else ""))
        elif word == "-f" and words:
            conf = words.pop(0)
        elif word in ("-v", "-V", "-t", "-X", "-S"):
            flags.add(word[1])
        elif word == "-k" and words:
            flags.add("k:" + words.pop(0))
    if "v" in flags or "V" in flags:
        proc.out(f"Server version: Apache/{version} (Unix)\nServer built:   Jul 24 2024 18:03:46\n")
        return 0
    try:
        config = load_config(proc, conf, defines)
    except ConfigError as e:
        proc.err(f"{e}\n")
        return 1
    server = Apache(proc, config, version, _command_line(args))
    if "t" in flags:
        server.name_warning()
        proc.err("Syntax OK\n")
        return 0
    return server.run(foreground="FOREGROUND" in defines or "X" in flags)


def _command_line(args: list[str]) -> str:
    shown = []
    for a in args:
        shown += ["-D", a[2:]] if a.startswith("-D") and len(a) > 2 else [a]
    return " ".join(["httpd"] + shown)


class Apache:
    def __init__(self, proc: Process, config: Config, version: str, command: str):
        self.proc, self.config, self.version, self.command = proc, config, version, command
        self.serving = Serving(proc, "httpd")
        self._lock = threading.Lock()

    # -- logs
    def error(self, module: str, text: str) -> None:
        self._log(self.config.error_log,
                  f"[{apache_error_time(time.time())}] [{module}] [pid 1:tid {THREAD_ID}] {text}\n")

    def _log(self, path: str, text: str) -> None:
        if not path.startswith("/"):
            path = posixpath.join(self.config.server_root, path)
        if path in ("/proc/self/fd/1", "/dev/stdout"):
            self.serving.out(text)
        elif path in ("/proc/self/fd/2", "/dev/stderr"):
            self.serving.err(text)
        else:
            try:
                self.proc.fs.write_bytes(path, text.encode(), append=True)
            except OSError:
                pass

    def name_warning(self) -> None:
        if not self.config.server_name:
            address = http.own_address(self.proc) or "127.0.0.1"
            self.proc.err("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, "
                          f"using {address}. Set the 'ServerName' directive globally to suppress this message\n")

    # -- the process
    def run(self, foreground: bool) -> int:
        self.name_warning()
        self.name_warning()  # once while checking the configuration, once while loading it
        for address, port in self.config.listens or [("0.0.0.0", 80)]:
            try:
                self.serving.bind(port, self.answer, address)
            except OSError as e:
                self.serving.close()
                where = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
                self.proc.err(f"({e.errno}){strerror(e)}: AH00072: make_sock: could not bind to address {where}\n"
                              "no listening sockets available, shutting down\nAH00015: Unable to open logs\n")
                return 1
        self.error("mpm_event:notice", f"AH00489: Apache/{self.version} (Unix) configured -- resuming normal "
                                       "operations")
        self.error("core:notice", f"AH00094: Command line: '{self.command}'")
        if not foreground:
            self.serving.detach()
            return 0
        with self.serving:
            while True:
                signum = wait_for_signal(self.proc, {SIGTERM, SIGINT, SIGWINCH, SIGHUP, SIGUSR1})
                if signum == SIGWINCH:
                    self.error("mpm_event:notice", "AH00492: caught SIGWINCH, shutting down gracefully")
                    return 0
                if signum in (SIGTERM, SIGINT):
                    self.error("mpm_event:notice", "AH00491: caught SIGTERM, shutting down")
                    return 0
                if signum == SIGHUP:
                    self.error("mpm_event:notice", "AH00493: SIGHUP received.  Attempting to restart")
                else:
                    self.error("mpm_event:notice", "AH00494: SIGUSR1 received.  Doing graceful restart")
                self.error("mpm_event:notice", f"AH00489: Apache/{self.version} (Unix) configured -- resuming "
                                               "normal operations")
                self.error("core:notice", f"AH00094: Command line: '{self.command}'")

    # -- requests
    def answer(self, request: http.Request) -> http.Response:
        response = self._respond(request)
        size = "-" if not response.body or request.method == "HEAD" else str(len(response.body))
        for path, fmt in self.config.custom_logs:
            self._log(path, _format_log(fmt, request, response.status, size) + "\n")
        return response

    def _respond(self, request: http.Request) -> http.Response:
        root = self.config.document_root.rstrip("/")
        found = files.find(self.proc, files.under_root(root, request.path))
        if found.kind == "dir":
            if not request.path.endswith("/"):
                host = request.header("Host") or self.config.server_name or "localhost"
                return self._page(301, request, location=f"http://{host}{request.path}/")
            index = files.index_file(self.proc, found.path, self.config.index)
            if index is None:
                if found.path.rstrip("/") in self.config.indexes or root in self.config.indexes:
                    return self._listing(request, found.path)
                return self._page(403, request)
            found = index
        if found.kind == "missing":
            return self._page(404, request)
        body = files.read(self.proc, found) if found.kind == "file" else None
        if body is None:
            return self._page(403, request)
        if request.method not in ("GET", "HEAD"):
            return self._page(405, request)
        headers = [("Date", http.http_date(time.time())), ("Server", f"Apache/{self.version} (Unix)"),
                   ("Last-Modified", http.http_date(found.mtime)),
                   ("ETag", f'"{found.size:x}-{int(found.mtime * 1_000_000):x}"'), ("Accept-Ranges", "bytes"),
                   ("Content-Length", str(len(body)))]
        content_type = files.mime_type(found.path)
        if content_type:
            headers.append(("Content-Type", content_type))
        return http.Response(200, headers, body)

    def _page(self, status: int, request: http.Request, location: str = "") -> http.Response:
        title, text = PAGES[status]
        if status in (301, 302):
            text = f'The document has moved <a href="{html.escape(location)}">here</a>.'
        elif status == 405:
            text = f"The requested method {request.method} is not allowed for this URL."
        body = (f'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>{status} {title}</title>\n'
                f"</head><body>\n<h1>{title}</h1>\n<p>{text}</p>\n</body></html>\n").encode()
        headers = [("Date", http.http_date(time.time())), ("Server", f"Apache/{self.version} (Unix)")]
        if location:
            headers.append(("Location", location))
        if status == 405:
            headers.append(("Allow", "GET,POST,OPTIONS,HEAD"))
        headers += [("Content-Length", str(len(body))), ("Content-Type", "text/html; charset=iso-8859-1")]
        return http.Response(status, headers, body)

    def _listing(self, request: http.Request, directory: str) -> http.Response:
        """mod_autoindex without FancyIndexing (the image's default): a plain list."""
        path = request.path.rstrip("/") or "/"
        parent = posixpath.dirname(path.rstrip("/")) or "/"
        parent = parent if parent.endswith("/") else parent + "/"
        items = "".join(f'<li><a href="{html.escape(n)}{"/" if d else ""}"> {html.escape(n)}{"/" if d else ""}</a>'
                        f"</li>\n" for n, d in files.listing(self.proc, directory) or [] if not n.startswith("."))
        body = ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<html>\n <head>\n'
                f"  <title>Index of {html.escape(path)}</title>\n </head>\n <body>\n"
                f"<h1>Index of {html.escape(path)}</h1>\n"
                + (f'<ul><li><a href="{parent}"> Parent Directory</a></li>\n' if path != "/" else "<ul>")
                + items + "</ul>\n</body></html>\n").encode()
        return http.Response(200, [("Date", http.http_date(time.time())), ("Server", f"Apache/{self.version} (Unix)"),
                                   ("Content-Length", str(len(body))),
                                   ("Content-Type", "text/html;charset=UTF-8")], body)


def _format_log(fmt: str, request: http.Request, status: int, size: str) -> str:
    """mod_log_config's %-directives for the formats the image defines."""
    def value(m: re.Match) -> str:
        arg, code = m.group(1), m.group(2)
        if code == "h":
            return request.client
        if code in ("l", "u"):
            return "-"
        if code == "t":
            return f"[{common_log_time(time.time())}]"
        if code == "r":
            return request.request_line
        if code == "s":
            return str(status)
        if code == "b":
            return size
        if code == "i":
            return request.header(arg or "") or "-"
        return m.group(0)
    return re.sub(r"%(?:\{([^}]*)\})?>?([a-zA-Z%])", value, fmt)
