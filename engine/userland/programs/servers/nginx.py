"""`nginx`: the official image's web server — its command line, its master process and its logs.

`nginx -g 'daemon off;'` (the image's CMD) reads /etc/nginx/nginx.conf, binds the ports its
`server` blocks listen on, logs its startup notices to the error log and one line per request to
the access log (in the official image both are symlinks to the container's stderr and stdout),
and runs until a signal: SIGQUIT (the image's STOPSIGNAL) shuts down gracefully, SIGTERM/SIGINT
quickly, SIGHUP reloads the configuration, SIGUSR1 reopens the logs. With `daemon on` (nginx's
default) the master goes to the background and the command returns at once — the reason a
container running plain `nginx` exits immediately. `nginx -t`, `-T`, `-v`, `-V`, `-s reload` work.
"""
from __future__ import annotations

import time

from ....network.http import registry_for
from ...process import SIGHUP, SIGINT, SIGQUIT, SIGTERM, Process
from ..busybox import machine
from ..busybox.common import strerror
from .nginx_conf import ConfigError, Directive, load
from .nginx_site import Site
from .serving import Serving, nginx_error_time, wait_for_signal

DEFAULT_VERSION = "1.27.2"
CONF = "/etc/nginx/nginx.conf"
DEFAULT_ERROR_LOG = "/var/log/nginx/error.log"
SIGUSR1, SIGWINCH, SIGCHLD = 10, 28, 17
SIGNAL_NAMES = {SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGTERM: "SIGTERM", SIGUSR1: "SIGUSR1",
                SIGWINCH: "SIGWINCH"}
CONTROL = {"stop": SIGTERM, "quit": SIGQUIT, "reopen": SIGUSR1, "reload": SIGHUP}
LEVELS = ("debug", "info", "notice", "warn", "error", "crit", "alert", "emerg")
FIRST_WORKER_PID = 29  # after the official image's entrypoint scripts have run
BUILT_BY = "gcc 12.2.0 (Debian 12.2.0-14) "
HELP = """Usage: nginx [-?hvVtTq] [-s signal] [-p prefix]
             [-e filename] [-c filename] [-g directives]

Options:
  -?,-h         : this help
  -v            : show version and exit
  -V            : show version and configure options then exit
  -t            : test configuration and exit
  -T            : test configuration, dump it and exit
  -q            : suppress non-error messages during configuration testing
  -s signal     : send signal to a master process: stop, quit, reopen, reload
  -p prefix     : set prefix path (default: /etc/nginx/)
  -e filename   : set error log file (default: /var/log/nginx/error.log)
  -c filename   : set configuration file (default: /etc/nginx/nginx.conf)
  -g directives : set global directives out of configuration file

"""


class _Args:
    def __init__(self):
        self.flags: set[str] = set()
        self.conf = CONF
        self.globals = ""
        self.signal: str | None = None
        self.error_log = DEFAULT_ERROR_LOG


def _parse(argv: list[str]) -> _Args:
    """nginx's own option parser: letters may be grouped (`-tq`), values follow (`-g 'daemon off;'`)."""
    args = _Args()
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if not arg.startswith("-") or len(arg) < 2:
            raise ValueError(f'invalid option: "{arg}"')
        letters = arg[1:]
        for j, letter in enumerate(letters):
            if letter in "?hvVtTq":
                args.flags.add("h" if letter == "?" else letter)
                continue
            if letter not in "spceg":
                raise ValueError(f'invalid option: "{letters[j:]}"')
            value = letters[j + 1:]
            if not value:
                if i >= len(argv):
                    raise ValueError(f'option "-{letter}" requires {_VALUE_NAMES[letter]}')
                value, i = argv[i], i + 1
            if letter == "s":
                if value not in CONTROL:
                    raise ValueError(f'invalid option: "-s {value}"')
                args.signal = value
            elif letter == "c":
                args.conf = value if value.startswith("/") else "/etc/nginx/" + value
            elif letter == "g":
                args.globals = value
            elif letter == "e":
                args.error_log = value
            break
    return args


_VALUE_NAMES = {"s": "signal number", "p": "prefix path", "c": "file name", "e": "file name",
                "g": "directives"}


def main(proc: Process) -> int:
    version = proc.env.get("NGINX_VERSION") or DEFAULT_VERSION
    try:
        args = _parse(proc.argv[1:])
    except ValueError as e:
        proc.err(f"nginx: {e}\n")
        return 1
    if args.flags & {"v", "V", "h"}:
        proc.err(f"nginx version: nginx/{version}\n")
        if "V" in args.flags:
            proc.err(f"built by {BUILT_BY}\nbuilt with OpenSSL 3.0.14 4 Jun 2024\nTLS SNI support enabled\n"
                     "configure arguments: --prefix=/etc/nginx --sbin-path=/usr/sbin/nginx "
                     "--conf-path=/etc/nginx/nginx.conf --error-log-path=/var/log/nginx/error.log "
                     "--http-log-path=/var/log/nginx/access.log --pid-path=/var/run/nginx.pid "
                     "--lock-path=/var/run/nginx.lock --user=nginx --group=nginx --with-http_ssl_module "
                     "--with-http_v2_module --with-http_realip_module --with-http_gzip_static_module "
                     "--with-http_stub_status_module --with-stream\n")
        if "h" in args.flags:
            proc.err(HELP)
        return 0
    if args.signal is not None:
        return _send_signal(proc, args)
    try:
        config = load(proc.fs, args.conf, args.globals)
    except ConfigError as e:
        return _emerg(proc, str(e), args)
    master = _Master(proc, config, args, version)
    if args.flags & {"t", "T"}:
        return master.test()
    return master.run()


def _emerg(proc: Process, message: str, args: _Args, to_log: bool = False) -> int:
    if "t" in args.flags or "T" in args.flags:
        proc.err(f"nginx: [emerg] {message}\nnginx: configuration file {args.conf} test failed\n")
    else:
        if to_log:
            proc.err(f"{nginx_error_time(time.time())} [emerg] 1#1: {message}\n")
        proc.err(f"nginx: [emerg] {message}\n")
    return 1


def _send_signal(proc: Process, args: _Args) -> int:
    """`nginx -s reload`: read the master's pid file, and signal it."""
    try:
        config = load(proc.fs, args.conf, args.globals)
    except ConfigError as e:
        return _emerg(proc, str(e), args)
    pid_file = _main_setting(config, "pid", "/var/run/nginx.pid")
    try:
        pid = proc.fs.read_bytes(pid_file).decode().strip()
    except OSError as e:
        proc.err(f'nginx: [error] open() "{pid_file}" failed ({e.errno}: {strerror(e)})\n')
        return 1
    signum = CONTROL[args.signal]
    masters = [e for e in registry_for(proc).listening(proc.host.container_id) if e.program == "nginx"]
    if not masters or masters[0].signals is None:
        proc.err(f"nginx: [alert] kill({pid}, {signum}) failed (3: No such process)\n")
        return 1
    masters[0].signals.deliver(signum)
    return 0


def _main_setting(config: Directive, name: str, default: str) -> str:
    found = config.first(name)
    return found.args[0] if found is not None and found.args else default


class _Master:
    """The master process: its logs, its workers (as it reports them), its ports, its signals."""

    def __init__(self, proc: Process, config: Directive, args: _Args, version: str):
        self.proc, self.config, self.args, self.version = proc, config, args, version
        self.pid = 1 if proc.signals.pid1 else 7
        self.serving = Serving(proc, "nginx")
        self.workers: list[int] = []
        self.next_worker = FIRST_WORKER_PID if self.pid == 1 else self.pid + 1
        self._configure(config)

    def _configure(self, config: Directive, site: Site | None = None) -> None:
        self.config = config
        log = config.first("error_log")
        self.error_path = log.args[0] if log is not None and log.args else self.args.error_log
        self.level = LEVELS.index(log.args[1]) if log is not None and len(log.args) > 1 and log.args[1] in LEVELS \
            else LEVELS.index("error")
        self.site = site or Site(self.proc, config, self.version, self._site_error, self._access)

    # -- logs
    def log(self, level: str, text: str, pid: int | None = None) -> None:
        if LEVELS.index(level) < self.level:
            return
        pid = self.pid if pid is None else pid
        self._write(self.error_path, f"{nginx_error_time(time.time())} [{level}] {pid}#{pid}: {text}\n")

    def _site_error(self, level: str, text: str) -> None:
        self.log(level, text, self.workers[0] if self.workers else self.pid)

    def _access(self, path: str, line: str) -> None:
        self._write(path, line)

    def _write(self, path: str, text: str) -> None:
        """To the container's stdout/stderr when the log file is a link to them (the official image's
        /var/log/nginx/*.log are), else appended to the file."""
        stream = _stream_behind(self.proc, path)
        if stream == 1:
            self.serving.out(text)
        elif stream == 2:
            self.serving.err(text)
        else:
            try:
                self.proc.fs.write_bytes(path, text.encode(), append=True)
            except OSError:
                pass

    # -- commands
    def test(self) -> int:
        try:
            self.site.resolve_upstreams()
        except ConfigError as e:
            return _emerg(self.proc, str(e), self.args)
        if "q" not in self.args.flags:
            self.proc.err(f"nginx: the configuration file {self.args.conf} syntax is ok\n"
                          f"nginx: configuration file {self.args.conf} test is successful\n")
        if "T" in self.args.flags:
            self.proc.out(f"# configuration file {self.args.conf}:\n")
            try:
                self.proc.out(self.proc.fs.read_bytes(self.args.conf))
            except OSError:
                pass
        return 0

    def run(self) -> int:
        try:
            self.site.resolve_upstreams()
        except ConfigError as e:
            return _emerg(self.proc, str(e), self.args, to_log=True)
        for address, port in self.site.ports():
            try:
                self.serving.bind(port, self._handler(port), address)
            except OSError as e:
                self.serving.close()
                return self._bind_failed(address, port, e)
        self.log("notice", 'using the "epoll" event method')
        self.log("notice", f"nginx/{self.version}")
        self.log("notice", f"built by {BUILT_BY}")
        self.log("notice", f"OS: {machine.SYSNAME} {machine.KERNEL_RELEASE}")
        self.log("notice", "getrlimit(RLIMIT_NOFILE): 1048576:1048576")
        self._start_workers()
        pid_file = _main_setting(self.config, "pid", "/var/run/nginx.pid")
        self._write_pid(pid_file)
        if _main_setting(self.config, "daemon", "on") != "off":
            self.serving.detach()  # the master forked into the background; this process is done
            return 0
        try:
            self._serve()
        finally:
            self.serving.close()
            try:
                self.proc.fs.unlink(pid_file)
            except OSError:
                pass
        return 0

    def _handler(self, port: int):
        return lambda request: self.site.answer(port, request)

    def _bind_failed(self, address: str, port: int, e: OSError) -> int:
        where = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
        message = f"bind() to {where} failed ({e.errno}: {strerror(e)})"
        for _ in range(5):  # nginx tries five times, half a second apart, before giving up
            self.log("emerg", message)
            self.proc.err(f"nginx: [emerg] {message}\n")
        self.log("emerg", "still could not bind()")
        self.proc.err("nginx: [emerg] still could not bind()\n")
        return 1

    def _write_pid(self, path: str) -> None:
        try:
            self.proc.fs.write_bytes(path, f"{self.pid}\n".encode())
        except OSError:
            pass

    def _serve(self) -> None:
        handled = {SIGQUIT, SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGWINCH}
        while True:
            signum = wait_for_signal(self.proc, handled)
            name = SIGNAL_NAMES[signum]
            if signum == SIGQUIT:
                self.log("notice", f"signal {signum} ({name}) received, shutting down")
                self._stop_workers(graceful=True)
                return
            if signum in (SIGTERM, SIGINT):
                self.log("notice", f"signal {signum} ({name}) received, exiting")
                self._stop_workers(graceful=False)
                return
            if signum == SIGHUP:
                self.log("notice", f"signal {signum} ({name}) received, reconfiguring")
                self._reload()
            elif signum == SIGUSR1:
                self.log("notice", f"signal {signum} ({name}) received, reopening logs")
                self.log("notice", "reopening logs")

    def _start_workers(self) -> None:
        setting = _main_setting(self.config, "worker_processes", "1")
        count = machine.CPUS if setting == "auto" else max(1, int(setting) if setting.isdigit() else 1)
        self.log("notice", "start worker processes")
        for _ in range(count):
            self.workers.append(self.next_worker)
            self.log("notice", f"start worker process {self.next_worker}")
            self.next_worker += 1

    def _stop_workers(self, graceful: bool) -> None:
        old, self.workers = self.workers, []
        self._retire(old, graceful)
        self.log("notice", "exit")

    def _retire(self, workers: list[int], graceful: bool) -> None:
        """Workers finishing: each says so, then the master reaps it."""
        for pid in workers:
            if graceful:
                self.log("notice", "gracefully shutting down", pid)
            self.log("notice", "exiting", pid)
            self.log("notice", "exit", pid)
        for pid in workers:
            self.log("notice", f"signal {SIGCHLD} (SIGCHLD) received from {pid}")
            self.log("notice", f"worker process {pid} exited with code 0")

    def _reload(self) -> None:
        """Re-read the configuration; on an error keep the old one, as nginx does."""
        try:
            config = load(self.proc.fs, self.args.conf, self.args.globals)
            site = Site(self.proc, config, self.version, self._site_error, self._access)
            site.resolve_upstreams()
        except ConfigError as e:
            self.log("emerg", str(e))
            return
        self.log("notice", "reconfiguring")
        old_ports = self.site.ports()
        self._configure(config, site)
        if self.site.ports() != old_ports:
            self.serving.close()
            for address, port in self.site.ports():
                try:
                    self.serving.bind(port, self._handler(port), address)
                except OSError as e:
                    self.log("emerg", f"bind() to {address}:{port} failed ({e.errno}: {strerror(e)})")
        self.log("notice", 'using the "epoll" event method')
        old, self.workers = self.workers, []
        self._start_workers()
        self._retire(old, graceful=True)


def _stream_behind(proc: Process, path: str) -> int | None:
    """1 or 2 when `path` is (a link to) the process's stdout or stderr, else None."""
    for _ in range(8):
        if path in ("/dev/stdout", "/proc/self/fd/1"):
            return 1
        if path in ("/dev/stderr", "/proc/self/fd/2"):
            return 2
        try:
            target = proc.fs.readlink(path)
        except OSError:
            return None
        path = target if target.startswith("/") else path.rsplit("/", 1)[0] + "/" + target
    return None
