"""`registry`: Distribution's registry 2.8.3, as the `registry` and `diamol/registry` images run it.

`registry serve <config.yml>` reads the configuration from the container, prints the startup
lines registry 2.8.3 prints with logrus' text formatter (the HTTP secret warning, "redis not
configured", the upload purge, the blob descriptor cache, "listening on [::]:5000"), binds
`http.addr` and serves the Distribution API v2 (`engine/distribution/server.py`) over its storage
directory in the container — for the `registry` image a volume at /var/lib/registry. Each request
logs a logrus line to stderr ("response completed", or "response completed with error" per
error) and a combined-log-format line to stdout, as gorilla's handler writes it. The registry
installs no signal handler: as PID 1, SIGTERM or SIGINT ends it with Go's exit status 2.
"""
from __future__ import annotations

import json
import secrets
import threading
import time
import uuid

from ....distribution.server import ROUTES, registry_handler
from ....distribution.storage import RegistryStorage, RootFSFiles
from ....network.http import Request, Response
from ...process import SIGHUP, SIGINT, SIGTERM, Killed, Process
from ..busybox.common import strerror
from . import registry_config
from .serving import Serving, common_log_time, wait_for_signal

VERSION = "2.8.3"
PACKAGE = "github.com/docker/distribution"
GO_VERSION = "go1.20.8"
SECRET_WARNING = ("No HTTP secret provided - generated random secret. This may cause problems with uploads if "
                  "multiple registries are behind a load-balancer. To provide a shared secret, fill in http.secret "
                  "in the configuration file or set the REGISTRY_HTTP_SECRET environment variable.")
# cobra's usage and help texts, as the registry's old vendored cobra renders them.
COMMANDS = {"serve": "`serve` stores and distributes Docker images",
            "garbage-collect": "`garbage-collect` deletes layers not referenced by any manifests",
            "help": "Help about any command"}
ROOT_USAGE = ("\nUsage: \n  registry [flags]\n  registry [command]\n\nAvailable Commands: "
              + "".join(f"\n  {name:<15} {short}" for name, short in COMMANDS.items())
              + "\n\nFlags:\n  -h, --help=false: help for registry\n  -v, --version=false: show the version and exit\n"
              "\n\nUse \"registry help [command]\" for more information about a command.\n")
SERVE_USAGE = "\nUsage: \n  registry serve <config> [flags]\nFlags:\n  -h, --help=false: help for serve\n\n\n" \
              "Additional help topics:\n\n"
GC_USAGE = "\nUsage: \n  registry garbage-collect <config> [flags]\nFlags:\n" \
           "  -m, --delete-untagged=false: delete manifests that are not currently referenced via tag\n" \
           "  -d, --dry-run=false: do everything except remove the blobs\n  -h, --help=false: help for garbage-collect" \
           "\n\n\nAdditional help topics:\n\n"
LEVELS = {"debug": 5, "info": 4, "warn": 3, "warning": 3, "error": 2, "fatal": 1, "panic": 0}
HELP = {None: ("`registry`", ROOT_USAGE), "serve": ("`serve` stores and distributes Docker images.", SERVE_USAGE),
        "garbage-collect": (COMMANDS["garbage-collect"], GC_USAGE)}


def main(proc: Process) -> int:
    args = proc.argv[1:]
    words = [a for a in args if not a.startswith("-")]
    command = words[0] if words else None
    if command is None:
        flags = [a for a in args if a.startswith("-")]
        for flag in flags:
            if flag not in ("-v", "--version", "-h", "--help"):
                return _flag_error(proc, flag)
        if any(f in ("-h", "--help") for f in flags):
            return _help(proc, None)
        if flags:
            proc.out(f"{proc.argv[0]} {PACKAGE} {VERSION}\n")
        else:
            proc.err(ROOT_USAGE)
        return 0  # cobra's errors do not reach the exit status: main ignores Execute's result
    rest = args[args.index(command) + 1:]
    if command == "help":
        topic = rest[0] if rest else None
        if topic is not None and topic not in HELP:
            proc.err(f"Unknown help topic [`{topic}`].")
            proc.err(ROOT_USAGE)
            return 0
        return _help(proc, topic)
    if command not in COMMANDS:
        proc.err(f'Error: unknown command "{command}"\nRun \'registry help\' for usage.\n')
        return 0
    for flag in (a for a in rest if a.startswith("-")):
        if flag in ("-h", "--help"):
            return _help(proc, command)
        if command == "serve" or flag not in ("-d", "--dry-run", "-m", "--delete-untagged"):
            return _flag_error(proc, flag)
    operands = [a for a in rest if not a.startswith("-")]
    usage = SERVE_USAGE if command == "serve" else GC_USAGE
    try:
        config = _resolve(proc, operands)
    except registry_config.ConfigError as e:
        proc.err(f"configuration error: {e}\n{usage}")
        return 1
    if command == "garbage-collect":
        proc.err("registry: garbage-collect is not available in dockyard\n")
        return 1
    return Registry(proc, config).serve()


def _flag_error(proc: Process, flag: str) -> int:
    name = flag.lstrip("-").split("=")[0]
    text = f"unknown flag: --{name}" if flag.startswith("--") else f'unknown shorthand flag: {name[:1]!r} in {flag}'
    proc.err(f"Error: {text.replace(chr(39), chr(34))}\nRun 'registry help' for usage.\n")
    return 0


def _help(proc: Process, topic: str | None) -> int:
    long, usage = HELP[topic]
    proc.out(f"{long}\n{usage}\n")
    return 0


def _resolve(proc: Process, operands: list[str]) -> registry_config.Config:
    path = operands[0] if operands else proc.env.get("REGISTRY_CONFIGURATION_PATH", "")
    if not path:
        raise registry_config.ConfigError("configuration path unspecified")
    try:
        text = proc.fs.read_bytes(proc.abspath(path)).decode("utf-8", "replace")
    except OSError as e:
        raise registry_config.ConfigError(f"open {path}: {strerror(e).lower()}") from None
    return registry_config.load(text, path, proc.env)


class Registry:
    """One serving registry: its storage in the container, its port, its two logs."""

    def __init__(self, proc: Process, config: registry_config.Config):
        self.proc = proc
        self.config = config
        self.serving = Serving(proc, "registry")
        self.instance = str(uuid.uuid4())
        self.storage = RegistryStorage(RootFSFiles(proc.fs), config.root)
        self.handler = registry_handler(self.storage, delete_enabled=config.delete_enabled,
                                        headers=config.headers, secret=config.secret or None)
        self._lock = threading.Lock()

    def serve(self) -> int:
        fields = {"go.version": GO_VERSION, "instance.id": self.instance, "version": VERSION, **self.config.fields}
        if self.config.driver != "filesystem":
            self.proc.err(f"registry: the {self.config.driver} storage driver is not available in dockyard\n")
            return 1
        if not self.config.secret:
            self._logrus("warning", SECRET_WARNING, fields)
        if not self.config.redis:
            self._logrus("info", "redis not configured", fields)
        if self.config.upload_purging:
            self._logrus("info", _purge_delay(), fields)
        if self.config.blob_cache == "inmemory":
            self._logrus("info", "using inmemory blob descriptor cache", fields)
        host, _, port = self.config.addr.rpartition(":")
        try:
            self.serving.bind(int(port), self.answer, host.strip("[]") or "0.0.0.0")
        except (OSError, ValueError) as e:
            reason = f"bind: {strerror(e).lower()}" if isinstance(e, OSError) else f"address {self.config.addr}: " \
                                                                                    "missing port in address"
            self._logrus("fatal", f"listen tcp {self.config.addr}: {reason}", {})
            return 1
        self._logrus("info", f"listening on {f'[::]:{port}' if not host else self.config.addr}", fields)
        with self.serving:
            signum = wait_for_signal(self.proc, {SIGTERM, SIGINT, SIGHUP})
        if not self.proc.signals.pid1:
            raise Killed(signum)  # Go's default action: the signal kills it
        return 2  # PID 1 survives the re-raised signal, so Go's runtime exits with status 2

    # ---------------------------------------------------------------- requests and their logs
    def answer(self, request: Request) -> Response:
        started = time.time()
        response = self.handler(request)
        self._log_request(request, response, started, time.time() - started)
        return response

    def _log_request(self, request: Request, response: Response, started: float, duration: float) -> None:
        fields = _request_fields(request, response, duration)
        errors = _json_errors(response)
        if errors:
            variables = _route_vars(request.path)
            for error in errors:
                line = dict(fields, **variables, **{"err.code": error.get("code", "").lower().replace("_", " "),
                                                    "err.message": error.get("message", "")})
                detail = go_detail(error.get("detail"))
                if detail is not None:
                    line["err.detail"] = detail
                self._logrus("error", "response completed with error", line)
        elif 200 <= response.status <= 399 and request.path != "/":
            self._logrus("info", "response completed", fields)
        if self.config.access_log:
            self.serving.out(_access_line(request, response, started))

    def _logrus(self, level: str, message: str, fields: dict) -> None:
        if LEVELS.get(level, 4) > LEVELS.get(self.config.level, 4):
            return
        self.serving.err(logrus_line(level, message, fields))


def _purge_delay() -> str:
    """The upload purger's first run: a random whole number of minutes under an hour, as Go prints it."""
    minutes = secrets.randbelow(60)
    return f"Starting upload purge in {minutes}m0s" if minutes else "Starting upload purge in 0s"


def logrus_line(level: str, message: str, fields: dict, now: float | None = None) -> str:
    """logrus' TextFormatter as registry 2.8 vendors it: time, level, msg, then sorted fields;
    values quoted unless plain ([A-Za-z0-9.-]), every pair followed by a space."""
    pairs = [("time", rfc3339_nano(time.time() if now is None else now)), ("level", level), ("msg", message)]
    pairs += sorted(fields.items())
    return "".join(f"{key}={_logrus_value(value)} " for key, value in pairs) + "\n"


def _logrus_value(value) -> str:
    if isinstance(value, str):
        plain = value != "" and all(c.isascii() and (c.isalnum() or c in "-.") for c in value)
        return value if plain or value == "" else f'"{value}"'
    return str(value)


def rfc3339_nano(t: float) -> str:
    whole = int(t)
    fraction = f"{int(round((t - whole) * 1e9)) % 1_000_000_000:09d}".rstrip("0")
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)) + (f".{fraction}" if fraction else "") + "Z"


def go_duration(seconds: float) -> str:
    """time.Duration's String: 1.5ms, 523.1µs, 2.000345s."""
    ns = max(int(seconds * 1e9), 0)
    for unit, size, digits in (("s", 10 ** 9, 9), ("ms", 10 ** 6, 6), ("µs", 10 ** 3, 3)):
        if ns >= size:
            whole, rest = divmod(ns, size)
            fraction = f"{rest:0{digits}d}".rstrip("0")
            return f"{whole}{'.' + fraction if fraction else ''}{unit}"
    return f"{ns}ns"


def go_detail(detail) -> str | None:
    """An error's detail as Go prints the value (fmt's %v) in the log, not as its JSON."""
    if detail is None or detail == {}:
        return None
    if isinstance(detail, str):
        return detail
    if isinstance(detail, dict):
        if set(detail) == {"Tag"}:
            return f"unknown tag={detail['Tag']}"
        if set(detail) == {"Name", "Revision"}:
            return f"unknown manifest name={detail['Name']} revision={detail['Revision']}"
        if set(detail) == {"Digest", "Reason"}:
            return f"invalid digest for referenced layer: {detail['Digest']}, content does not match digest"
        return "map[" + " ".join(f"{k}:{v}" for k, v in sorted(detail.items())) + "]"
    return str(detail)


def _request_fields(request: Request, response: Response, duration: float) -> dict:
    headers = {k.lower(): v for k, v in response.headers}
    remote = request.header("X-Forwarded-For").split(",")[0].strip() or request.header("X-Real-Ip") \
        or f"{request.client}:{request.client_port}"
    fields = {"go.version": GO_VERSION, "http.request.host": request.header("Host"),
              "http.request.id": str(uuid.uuid4()), "http.request.method": request.method,
              "http.request.remoteaddr": remote, "http.request.uri": request.target,
              "http.request.useragent": request.header("User-Agent"),
              "http.response.duration": go_duration(duration), "http.response.status": response.status,
              "http.response.written": len(response.body)}
    for key, value in (("http.request.referer", request.header("Referer")),
                       ("http.request.contenttype", request.header("Content-Type")),
                       ("http.response.contenttype", headers.get("content-type", ""))):
        if value:
            fields[key] = value
    return fields


def _json_errors(response: Response) -> list[dict]:
    if response.status < 400 or not any(k.lower() == "content-type" and v.startswith("application/json")
                                        for k, v in response.headers):
        return []
    try:
        errors = json.loads(response.body).get("errors")
    except (ValueError, AttributeError):
        return []
    return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []


def _route_vars(path: str) -> dict:
    for _, pattern in ROUTES:
        match = pattern.fullmatch(path)
        if match is not None:
            return {f"vars.{k}": v for k, v in match.groupdict().items() if v is not None}
    return {}


def _access_line(request: Request, response: Response, started: float) -> str:
    """gorilla/handlers' combined log line, quoting as its appendQuoted does."""
    def quoted(text: str) -> str:
        return text.replace("\\", "\\\\").replace('"', '\\"')
    return (f'{request.client} - - [{common_log_time(started)}] "{request.method} {quoted(request.target)} '
            f'{request.version}" {response.status} {len(response.body)} "{quoted(request.header("Referer"))}" '
            f'"{quoted(request.header("User-Agent"))}"\n')
