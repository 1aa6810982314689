"""`curl` (7.88.1, as Debian bookworm's node and python images have it) against servers in containers.

Requests are answered in-process by the target container's server (see `network/http.py`); what
curl prints follows the real one: the body on stdout, the progress meter on stderr when the output
is not a terminal, `-s`/`-S`/`-f`/`-i`/`-I`/`-L`/`-o`/`-O`/`-w`/`-v`, and its numbered errors
(`curl: (7) Failed to connect to web port 80 after 0 ms: Couldn't connect to server`).
"""
from __future__ import annotations

import posixpath
import time

from ....network import http
from ...process import Process
from . import urls

VERSION = "7.88.1"
USER_AGENT = f"curl/{VERSION}"
VERSION_TEXT = (f"curl {VERSION} (x86_64-pc-linux-gnu) libcurl/{VERSION} OpenSSL/3.0.15 zlib/1.2.13 brotli/1.0.9 "
                "zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 "
                "librtmp/2.3 OpenLDAP/2.5.13\n"
                "Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u8\n"
                "Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s "
                "rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\n"
                "Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile "
                "libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n")
TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n"
HELP = """Usage: curl [options...] <url>
 -d, --data <data>          HTTP POST data
 -f, --fail                 Fail fast with no output on HTTP errors
 -h, --help <category>      Get help for commands
 -i, --include              Include protocol response headers in the output
 -o, --output <file>        Write to file instead of stdout
 -O, --remote-name          Write output to a file named as the remote file
 -s, --silent               Silent mode
 -T, --upload-file <file>   Transfer local FILE to destination
 -u, --user <user:password> Server user and password
 -A, --user-agent <name>    Send User-Agent <name> to server
 -v, --verbose              Make the operation more talkative
 -V, --version              Show version number and quit

This is not the full help, this menu is stripped into categories.
Use "--help category" to get an overview of all categories.
For all options use the manual or "--help all".
"""
MAX_REDIRECTS = 50
METER_HEAD = ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
              "                                 Dload  Upload   Total   Spent    Left  Speed\n")

# option letter or long name -> (canonical name, takes an argument)
SHORT = {"s": ("silent", False), "S": ("show-error", False), "f": ("fail", False), "i": ("include", False),
         "I": ("head", False), "L": ("location", False), "v": ("verbose", False), "k": ("insecure", False),
         "O": ("remote-name", False), "4": ("ipv4", False), "6": ("ipv6", False), "G": ("get", False),
         "V": ("version", False), "h": ("help", False), "N": ("no-buffer", False), "#": ("progress-bar", False),
         "o": ("output", True), "X": ("request", True), "d": ("data", True), "H": ("header", True),
         "A": ("user-agent", True), "w": ("write-out", True), "m": ("max-time", True), "u": ("user", True),
         "e": ("referer", True), "b": ("cookie", True), "x": ("proxy", True), "r": ("range", True)}
LONG = {name: (name, arg) for name, arg in SHORT.values()}
LONG.update({"data-raw": ("data-raw", True), "data-binary": ("data-binary", True),
             "data-ascii": ("data", True), "connect-timeout": ("connect-timeout", True), "retry": ("retry", True),
             "retry-delay": ("retry-delay", True), "retry-max-time": ("retry-max-time", True),
             "compressed": ("compressed", False), "fail-with-body": ("fail-with-body", False),
             "max-redirs": ("max-redirs", True), "url": ("url", True), "json": ("json", True)})


class CurlError(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class _Options:
    def __init__(self):
        self.flags: set[str] = set()
        self.values: dict[str, list[str]] = {}
        self.urls: list[str] = []

    def value(self, name: str, default: str | None = None) -> str | None:
        return self.values[name][-1] if name in self.values else default

    def all(self, name: str) -> list[str]:
        return self.values.get(name, [])


def _parse(args: list[str]) -> _Options:
    opts = _Options()
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg.startswith("--") and len(arg) > 2:
            name = arg[2:]
            if name.startswith("no-") and LONG.get(name[3:], ("", True))[1] is False:
                opts.flags.discard(LONG[name[3:]][0])
                continue
            if name not in LONG:
                raise CurlError(2, f"option {arg}: is unknown")
            canonical, takes = LONG[name]
            if takes:
                if i >= len(args):
                    raise CurlError(2, f"option {arg}: requires parameter")
                opts.values.setdefault(canonical, []).append(args[i])
                i += 1
            else:
                opts.flags.add(canonical)
        elif arg.startswith("-") and len(arg) > 1:
            for j, letter in enumerate(arg[1:], 1):
                if letter not in SHORT:
                    raise CurlError(2, f"option -{letter}: is unknown")
                canonical, takes = SHORT[letter]
                if not takes:
                    opts.flags.add(canonical)
                    continue
                value = arg[j + 1:]
                if not value:
                    if i >= len(args):
                        raise CurlError(2, f"option -{letter}: requires parameter")
                    value, i = args[i], i + 1
                opts.values.setdefault(canonical, []).append(value)
                break
        else:
            opts.urls.append(arg)
    opts.urls += opts.all("url")
    return opts


def main(proc: Process) -> int:
    try:
        opts = _parse(proc.argv[1:])
    except CurlError as e:
        proc.err(f"curl: {e.message}\n{TRY_HELP}")
        return e.code
    if "help" in opts.flags:
        proc.out(HELP)
        return 0
    if "version" in opts.flags:
        proc.out(VERSION_TEXT)
        return 0
    if not opts.urls:
        proc.err(TRY_HELP)
        return 2
    status = 0
    for url in opts.urls:
        status = _Transfer(proc, opts, url).run()
    return status


class _Transfer:
    """One URL: the request, its redirects, the output, the meter and the messages."""

    def __init__(self, proc: Process, opts: _Options, url: str):
        self.proc, self.opts, self.text = proc, opts, url
        self.silent = "silent" in opts.flags
        self.show_errors = not self.silent or "show-error" in opts.flags
        self.output = opts.value("output")
        self.meter = not self.silent and (self.output is not None or "remote-name" in opts.flags
                                          or not proc.stdout.isatty())
        self.verbose = "verbose" in opts.flags
        self.started = time.monotonic()
        self.redirects = 0

    def run(self) -> int:
        if "remote-name" in self.opts.flags and self.output is None:
            self.output = _remote_name(self.text)
            if self.output == "":
                self.proc.err("curl: Remote file name has no length!\n")
                if self.show_errors:
                    self.proc.err("curl: (23) Failed writing received data to disk/application\n")
                return 23
        if self.meter:
            self.proc.err(METER_HEAD + "\r" + _meter_line(0, 0, 0.0))
        try:
            url, response = self._exchange()
            self._deliver(url, response)
        except CurlError as e:
            if self.opts.value("write-out") is not None and e.code != 22:
                self.proc.out(_write_out(self.opts.value("write-out"), None, None, 0, 0.0, self.redirects,
                                         self.text))
            if self.show_errors:
                self.proc.err(f"curl: ({e.code}) {e.message}\n")
            return e.code
        return 0

    # -- the exchange
    def _exchange(self) -> tuple[urls.Url, http.Response]:
        try:
            url = urls.parse(self.text)
        except ValueError:
            raise CurlError(3, "URL using bad/illegal format or missing URL") from None
        if url.scheme not in ("http", "https"):
            raise CurlError(1, f'Protocol "{url.scheme}" not supported or disabled in libcurl')
        limit = int(self.opts.value("max-redirs", str(MAX_REDIRECTS)))
        while True:
            response = self._once(url)
            location = _header(response, "Location")
            if "location" not in self.opts.flags or not (300 <= response.status < 400 and location):
                return url, response
            if self.redirects >= limit:
                raise CurlError(47, f"Maximum ({limit}) redirects followed")
            self.redirects += 1
            url = url.resolve(location)
            if self.verbose:
                self.proc.err(f"* Issue another request to this URL: '{url.scheme}://{url.host_header}{url.target}'\n")

    def _once(self, url: urls.Url) -> http.Response:
        try:
            peer = http.resolve(self.proc, url.host)
        except http.BadAddress:
            raise CurlError(6, f"Could not resolve host: {url.host}") from None
        if self.verbose:
            self.proc.err(f"*   Trying {_join(peer.address, url.port)}...\n")
        try:
            entry = http.reach(self.proc, peer, url.port)
        except http.ConnectError:
            if self.meter:
                self.proc.err("\r" + _meter_line(0, 0, 0.0) + "\n")
            raise CurlError(7, f"Failed to connect to {url.host} port {url.port} after 0 ms: "
                               f"Couldn't connect to server") from None
        if self.verbose:
            self.proc.err(f"* Connected to {url.host} ({peer.address}) port {url.port} (#0)\n")
        if url.scheme == "https":  # the container's server answers TLS's hello in plain HTTP
            raise CurlError(35, "error:0A00010B:SSL routines::wrong version number")
        request = self._request(url)
        if self.verbose:
            self.proc.err(f"> {request.method} {request.target} HTTP/1.1\r\n"
                          + "".join(f"> {k}: {v}\r\n" for k, v in request.headers) + "> \r\n")
        response = http.send(entry, peer, request)
        if self.verbose:
            if response.version == "HTTP/1.0":
                self.proc.err("* HTTP 1.0, assume close after body\n")
            self.proc.err(f"< {response.status_line}\r\n"
                          + "".join(f"< {k}: {v}\r\n" for k, v in response.headers) + "< \r\n")
        return response

    def _request(self, url: urls.Url) -> http.Request:
        opts = self.opts
        data = [self._data(d) for d in opts.all("data")] + [d.encode() for d in opts.all("data-raw")]
        data += [self._data(d) for d in opts.all("data-binary")]
        method = "HEAD" if "head" in opts.flags else ("POST" if data else "GET")
        target = url.target
        if "get" in opts.flags and data:
            target += ("&" if "?" in target else "?") + b"&".join(data).decode()
            method, data = "GET", []
        method = opts.value("request", method)
        headers = [("Host", url.host_header), ("User-Agent", opts.value("user-agent", USER_AGENT)),
                   ("Accept", "*/*")]
        if opts.value("referer"):
            headers.append(("Referer", opts.value("referer")))
        body = b"&".join(data)
        if data:
            headers += [("Content-Length", str(len(body))),
                        ("Content-Type", "application/x-www-form-urlencoded")]
        for extra in opts.all("header"):
            name, _, value = extra.partition(":")
            headers = [(k, v) for k, v in headers if k.lower() != name.strip().lower()]
            if value.strip():
                headers.append((name.strip(), value.strip()))
        return http.Request(method, target, headers, body, version="HTTP/1.1")

    def _data(self, value: str) -> bytes:
        if not value.startswith("@"):
            return value.encode()
        try:
            return self.proc.fs.read_bytes(self.proc.abspath(value[1:])).replace(b"\r", b"").replace(b"\n", b"")
        except OSError:
            self.proc.err(f"Warning: Couldn't read data from file \"{value[1:]}\", this makes an empty POST.\n")
            return b""

    # -- the result
    def _deliver(self, url: urls.Url, response: http.Response) -> None:
        opts = self.opts
        failed = response.status >= 400 and ("fail" in opts.flags or "fail-with-body" in opts.flags)
        head = (response.status_line + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in response.headers)
                + "\r\n").encode("latin-1")
        body = b"" if "head" in opts.flags or failed and "fail" in opts.flags else response.body
        shown = (head if {"include", "head"} & opts.flags else b"") + body
        elapsed = time.monotonic() - self.started
        if self.verbose and body:
            self.proc.err(f"{{ [{len(body)} bytes data]\n")
        if failed and "fail" in opts.flags:
            if self.meter:
                self.proc.err("\r" + _meter_line(0, 0, elapsed, total=len(response.body)) + "\n")
            raise CurlError(22, f"The requested URL returned error: {response.status}")
        written = self._write(self.output, shown)
        if self.meter:
            self.proc.err("\r" + _meter_line(len(body), len(body), elapsed) + "\n")
        if self.verbose:
            self.proc.err("* Closing connection 0\n" if response.version == "HTTP/1.0"
                          else f"* Connection #0 to host {url.host} left intact\n")
        if not written:
            raise CurlError(23, "Failure writing output to destination")
        if opts.value("write-out") is not None:
            self.proc.out(_write_out(opts.value("write-out"), url, response, len(body), elapsed, self.redirects))
        if failed:
            raise CurlError(22, f"The requested URL returned error: {response.status}")

    def _write(self, destination: str | None, data: bytes) -> bool:
        if destination is None or destination == "-":
            self.proc.out(data)
            return True
        try:
            self.proc.fs.write_bytes(self.proc.abspath(destination), data, mode=0o666 & ~self.proc.umask,
                                     uid=self.proc.uid, gid=self.proc.gid)
            return True
        except OSError as e:
            if self.meter:
                self.proc.err(f"Warning: Failed to open the file {destination}: {e.strerror}\n")
            return False


def _remote_name(text: str) -> str | None:
    """-O's file name: the URL's last path segment ("" when it has none; None for a bad URL)."""
    try:
        return posixpath.basename(urls.parse(text).target.split("?", 1)[0])
    except ValueError:
        return None


def _header(response: http.Response, name: str) -> str:
    for key, value in response.headers:
        if key.lower() == name.lower():
            return value
    return ""


def _join(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def _meter_line(received: int, expected: int, elapsed: float, total: int | None = None) -> str:
    """One line of curl's progress meter: sizes, percentages and average speeds."""
    total = expected if total is None else total
    percent = 100 if expected and received >= expected else 0
    speed = int(received / elapsed) if received and elapsed > 0 else 0
    return (f"{percent:3d} {max5(total)}  {percent:3d} {max5(received)}    0     0  {max5(speed)}      0 "
            f"--:--:-- --:--:-- --:--:-- {max5(speed)}")


def max5(n: int) -> str:
    """curl's five-column sizes: 12345, 1205k, 19.0M, 1234M, 12.5G."""
    k, m, g = 1024, 1024 ** 2, 1024 ** 3
    if n < 100000:
        return f"{n:5d}"
    if n < 10000 * k:
        return f"{n // k:4d}k"
    if n < 100 * m:
        return f"{n // m:2d}.{(n % m) // (m // 10)}M"
    if n < 10000 * m:
        return f"{n // m:4d}M"
    if n < 100 * g:
        return f"{n // g:2d}.{(n % g) // (g // 10)}G"
    return f"{n // g:4d}G"


def _write_out(template: str, url: urls.Url | None, response: http.Response | None, size: int, elapsed: float,
               redirects: int, text: str = "") -> str:
    """-w's variables; a transfer that failed before a response reports http_code 000."""
    status = response.status if response is not None else 0
    values = {"http_code": f"{status:03d}", "response_code": f"{status:03d}",
              "url_effective": f"{url.scheme}://{url.host_header}{url.target}" if url is not None else text,
              "size_download": str(size), "time_total": f"{elapsed:.6f}", "num_redirects": str(redirects),
              "content_type": _header(response, "Content-Type") if response is not None else "",
              "redirect_url": _header(response, "Location") if response is not None else "",
              "remote_port": str(url.port) if url is not None else "",
              "http_version": response.version.split("/")[1] if response is not None else "0"}
    out, i = [], 0
    while i < len(template):
        c = template[i]
        if c == "%" and template.startswith("%{", i) and "}" in template[i:]:
            end = template.index("}", i)
            out.append(values.get(template[i + 2:end], ""))
            i = end + 1
        elif c == "%" and template.startswith("%%", i):
            out.append("%")
            i += 2
        elif c == "\\" and i + 1 < len(template) and template[i + 1] in "nrt\\":
            out.append({"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}[template[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)
