"""`wget` as busybox 1.35 has it: fetch a URL from a server in this or another container.

The request never leaves the engine: the host name resolves as in the container (`localhost`, a
container's address, or its name on a user-defined network) and the target container's server
answers in-process. Messages follow busybox byte for byte: `Connecting to web (172.18.0.2:80)`,
`saving to 'index.html'`, the progress bar, `wget: server returned error: HTTP/1.1 404 Not Found`,
`wget: bad address 'x'`, `wget: can't connect to remote host (172.17.0.3): Connection refused`.
"""
from __future__ import annotations

import posixpath

from ....network import http
from ...process import Process
from ..busybox import BANNER
from ..busybox.common import strerror
from ..busybox.options import UsageError, parse
from . import urls

USAGE = """\
Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
\t[--post-data STR | --post-file FILE] [-Y on/off]
\t[--no-check-certificate] [-P DIR] [-U AGENT] URL...

Retrieve files via HTTP or FTP

\t--spider\tOnly check URL existence: $? is 0 if exists
\t--header STR\tAdd STR (of form 'header: value') to headers
\t--post-data STR\tSend STR using POST method
\t--post-file FILE\tSend FILE using POST method
\t--no-check-certificate\tDon't validate the server's certificate
\t-c\t\tContinue retrieval of aborted transfer
\t-q\t\tQuiet
\t-P DIR\t\tSave to DIR (default .)
\t-S    \t\tShow server response
\t-O FILE\t\tSave to FILE ('-' for stdout)
\t-o LOGFILE\tLog messages to FILE
\t-U STR\t\tUse STR for User-Agent header
\t-Y on/off\tUse proxy
"""
LONG = {"spider": "spider", "header=": "header", "post-data=": "post-data", "post-file=": "post-file",
        "no-check-certificate": "no-check-certificate", "quiet": "q", "continue": "c", "server-response": "S",
        "output-document=": "O", "output-file=": "o", "directory-prefix=": "P", "user-agent=": "U", "proxy=": "Y",
        "timeout=": "T", "tries=": "t", "no-verbose": "n"}
MAX_REDIRECTS = 20


class Failed(Exception):
    """`wget: <message>` and exit 1."""


def main(proc: Process) -> int:
    try:
        opts, operands = parse(proc.argv[1:], "cqSO:o:P:U:Y:T:t:n", LONG)
    except UsageError as e:
        proc.err(f"wget: {e.message}\n{BANNER}\n\n{USAGE}")
        return 1
    if not operands:
        proc.err(f"{BANNER}\n\n{USAGE}")
        return 1
    log = _Log(proc, opts.value("o"), quiet="q" in opts)
    try:
        for operand in operands:
            _fetch(proc, opts, operand, log)
    except Failed as e:
        log.error(str(e))
        return 1
    finally:
        log.close()
    return 0


class _Log:
    """wget's messages: stderr, or the -o LOGFILE; -q silences all but errors."""

    def __init__(self, proc: Process, path: str | None, quiet: bool):
        self.proc, self.path, self.quiet = proc, path, quiet
        self.lines: list[str] = []

    def info(self, text: str) -> None:
        if not self.quiet:
            self._write(text)

    def error(self, text: str) -> None:
        self._write(f"wget: {text}\n")

    def _write(self, text: str) -> None:
        if self.path is None:
            self.proc.err(text)
        else:
            self.lines.append(text)

    def close(self) -> None:
        if self.path is not None:
            try:
                self.proc.fs.write_bytes(self.proc.abspath(self.path), "".join(self.lines).encode(),
                                         uid=self.proc.uid, gid=self.proc.gid)
            except OSError as e:
                self.proc.err(f"wget: can't open '{self.path}': {strerror(e)}\n")


def _fetch(proc: Process, opts, operand: str, log: _Log) -> None:
    try:
        url = urls.parse(operand)
    except ValueError:
        raise Failed(f"bad port spec '{operand}'") from None
    if url.scheme not in ("http", "https", "ftp"):
        raise Failed(f"not an http or ftp url: {operand}")
    output = opts.value("O")
    name = output if output is not None else _file_name(url, opts.value("P"))
    existing = _partial(proc, name) if "c" in opts and output != "-" else b""
    response = _request(proc, opts, url, log, len(existing))
    if "spider" in opts:
        log.info("remote file exists\n")
        return
    body = response.body
    if output == "-":
        log.info("writing to stdout\n")
        proc.out(body)
        _progress(log, "-", len(body))
        log.info("written to stdout\n")
        return
    path = proc.abspath(name)
    append = response.status == 206 and bool(existing)
    if output is None and not append and "c" not in opts and proc.fs.exists(path, follow=False):
        raise Failed(f"can't open '{name}': File exists")
    log.info(f"saving to '{name}'\n")
    try:
        proc.fs.write_bytes(path, body, append=append, mode=0o666 & ~proc.umask, uid=proc.uid, gid=proc.gid)
    except OSError as e:
        raise Failed(f"can't open '{name}': {strerror(e)}") from None
    _progress(log, posixpath.basename(name) or name, len(body))
    log.info(f"'{name}' saved\n")


def _partial(proc: Process, name: str) -> bytes:
    """What an aborted transfer left (-c asks the server for the rest)."""
    try:
        return proc.fs.read_bytes(proc.abspath(name))
    except OSError:
        return b""


def _file_name(url: urls.Url, directory: str | None) -> str:
    """The last component of the URL's path (query included, as busybox keeps it), or index.html."""
    last = url.target.rsplit("/", 1)[-1]
    if not last or last == "-":
        last = "index.html"
    return f"{directory.rstrip('/')}/{last}" if directory else last


def _request(proc: Process, opts, url: urls.Url, log: _Log, resume_from: int):
    """Send the request, following redirects; the final 2xx response."""
    announce = True  # a relative redirect reuses the address: busybox does not announce it again
    for _ in range(MAX_REDIRECTS):
        peer = _resolve(proc, url.host)
        if announce:
            log.info(f"Connecting to {url.host_header} ({_join(peer.address, url.port)})\n")
        try:
            entry = http.reach(proc, peer, url.port)
        except http.ConnectError as e:
            raise Failed(f"can't connect to remote host ({peer.address}): {strerror(e)}") from None
        if url.scheme != "http":  # no simulated server speaks TLS or FTP
            raise Failed("error getting response: Connection reset by peer")
        response = http.send(entry, peer, _build(proc, opts, url, resume_from))
        status_line = response.status_line
        if "S" in opts:
            log.info("".join(f"  {line}\n" for line in [status_line, *(f"{k}: {v}" for k, v in response.headers), ""]))
        location = _header(response, "Location")
        if 300 <= response.status < 400 and location:
            url = url.resolve(location)
            announce = "://" in location
            continue
        if not 200 <= response.status < 300:
            raise Failed(f"server returned error: {status_line}")
        return response
    raise Failed("too many redirections")


def _resolve(proc: Process, host: str) -> http.Peer:
    try:
        return http.resolve(proc, host)
    except http.BadAddress:
        raise Failed(f"bad address '{host}'") from None


def _build(proc: Process, opts, url: urls.Url, resume_from: int) -> http.Request:
    headers = [("Host", url.host_header), ("User-Agent", opts.value("U", "Wget"))]
    body = b""
    post = opts.value("post-data")
    if opts.value("post-file") is not None:
        try:
            body = proc.fs.read_bytes(proc.abspath(opts.value("post-file")))
        except OSError as e:
            raise Failed(f"can't open '{opts.value('post-file')}': {strerror(e)}") from None
    elif post is not None:
        body = post.encode()
    if resume_from:
        headers.append(("Range", f"bytes={resume_from}-"))
    method = "GET"
    if post is not None or opts.value("post-file") is not None:
        method = "POST"
        headers += [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", str(len(body)))]
    headers.append(("Connection", "close"))
    for extra in opts.values("header"):
        name, _, value = extra.partition(":")
        headers.append((name.strip(), value.strip()))
    return http.Request(method, url.target, headers, body, version="HTTP/1.1")


def _header(response: http.Response, name: str) -> str:
    for key, value in response.headers:
        if key.lower() == name.lower():
            return value
    return ""


def _join(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def _progress(log: _Log, name: str, size: int) -> None:
    """The finished progress bar (the transfer is instant, so only its last state is drawn)."""
    if size:
        log.info(f"{name:<20.20}{100:4d}% |{'*' * 32}| {size5(size)}  0:00:00 ETA\n")


def size5(n: int) -> str:
    """A size in five columns as busybox's progress bar prints it: `12345`, `97.6k`, ` 120k`, `19.0M`."""
    if n <= 99999:
        return f"{n:5d}"
    tenths, unit = n * 10, 0
    while True:
        tenths //= 1024
        unit += 1
        if tenths < 100000:
            break
    whole, tenth = divmod(tenths, 10)
    scale = " kMGTPEZY"[unit]
    if whole >= 100:
        return f"{whole:4d}{scale}"
    return f"{whole:2d}.{tenth}{scale}"
