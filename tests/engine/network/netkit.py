"""Test kit: containers with files, server programs running in threads, and a daemon-shaped network.

Every server started here is stopped (signal, then an engine SIGKILL) and joined when its `with`
block ends, so no thread or port outlives a test.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from dockyard.engine.catalog import busybox
from dockyard.engine.catalog import nginx as nginx_image
from dockyard.engine.container.rootfs import RootFS
from dockyard.engine.network.http import ServerRegistry, registry_for
from dockyard.engine.userland.process import (SIGKILL, BufferOutput, BytesInput, Host, Killed, Process,
                                              Signals)

NGINX_CONF = nginx_image.NGINX_CONF.lstrip("\n")  # the image's own main configuration
DEFAULT_CONF = """server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
"""
MIME_TYPES = """types {
    text/html                                        html htm shtml;
    text/css                                         css;
    application/javascript                           js;
    image/png                                        png;
    text/plain                                       txt;
}
"""
HTTPD_CONF = '''ServerRoot "/usr/local/apache2"
Listen 80
<IfModule dir_module>
    DirectoryIndex index.html
</IfModule>
DocumentRoot "/usr/local/apache2/htdocs"
<Directory "/usr/local/apache2/htdocs">
    Options Indexes FollowSymLinks
    Require all granted
</Directory>
ErrorLog /proc/self/fd/2
LogLevel warn
<IfModule log_config_module>
    LogFormat "%h %l %u %t \\"%r\\" %>s %b" common
    CustomLog /proc/self/fd/1 common
</IfModule>
'''


def container(files: dict[str, bytes | str] | None = None, links: dict[str, str] | None = None) -> RootFS:
    """A busybox container with extra files (parents created) and symlinks."""
    fs = RootFS(busybox.tree())
    for path, data in (files or {}).items():
        fs.mkdir(path.rsplit("/", 1)[0] or "/", parents=True, exist_ok=True)
        fs.write_bytes(path, data.encode() if isinstance(data, str) else data)
    for path, target in (links or {}).items():
        fs.mkdir(path.rsplit("/", 1)[0], parents=True, exist_ok=True)
        fs.symlink(target, path)
    return fs


def nginx_container(files: dict | None = None) -> RootFS:
    """The official nginx image's configuration and log links, plus `files`."""
    base = {"/etc/nginx/nginx.conf": NGINX_CONF, "/etc/nginx/conf.d/default.conf": DEFAULT_CONF,
            "/etc/nginx/mime.types": MIME_TYPES, "/usr/share/nginx/html/index.html": "<h1>Welcome to nginx!</h1>\n",
            "/var/run/.keep": ""}
    base.update(files or {})
    return container(base, links={"/var/log/nginx/access.log": "/dev/stdout",
                                  "/var/log/nginx/error.log": "/dev/stderr"})


def run(main, fs: RootFS, argv: list[str], host: Host | None = None, cwd: str = "/", stdin: bytes = b"",
        env: dict | None = None) -> tuple[int, str, str]:
    """Run a program to completion: (status, stdout, stderr)."""
    out, err = BufferOutput(), BufferOutput()
    status = main(Process(fs, argv, env=dict(env or {}), cwd=cwd, stdout=out, stderr=err, stdin=BytesInput(stdin),
                          host=host or Host(container_id="c1")))
    return status, out.getvalue().decode(), err.getvalue().decode()


class Running:
    """A long-running program (a server) in a thread, as a container's PID 1."""

    def __init__(self, main, fs: RootFS, argv: list[str], host: Host, cwd: str = "/", env: dict | None = None,
                 stop: int = SIGKILL, wait_for_port: int | None = None):
        self.main, self.stop_signal, self.port = main, stop, wait_for_port
        self.out, self.err = BufferOutput(), BufferOutput()
        self.signals = Signals(pid1=True)
        self.proc = Process(fs, argv, env=dict(env or {}), cwd=cwd, stdout=self.out, stderr=self.err,
                            signals=self.signals, host=host)
        self.status: int | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self.status = self.main(self.proc)
        except Killed as k:
            self.status = k.status

    def __enter__(self) -> "Running":
        self.thread.start()
        if self.port is not None:
            registry = registry_for(self.proc)  # the one the server binds in
            deadline = time.monotonic() + 5
            while registry.bound(self.proc.host.container_id, self.port) is None:
                if not self.thread.is_alive() or time.monotonic() > deadline:
                    raise AssertionError(f"the server did not bind {self.port}: {self.stderr}")
                time.sleep(0.005)
        return self

    def stop(self, signum: int | None = None, timeout: float = 5.0) -> int | None:
        """Deliver the stop signal and wait; a server that ignores it gets the engine's SIGKILL."""
        self.signals.deliver(signum or self.stop_signal, external=True)
        self.thread.join(timeout)
        if self.thread.is_alive():
            self.signals.deliver(SIGKILL, external=True)
            self.thread.join(timeout)
        return self.status

    def __exit__(self, *exc) -> None:
        if self.thread.is_alive():
            self.stop()

    @property
    def stdout(self) -> str:
        return self.out.getvalue().decode()

    @property
    def stderr(self) -> str:
        return self.err.getvalue().decode()


# ---------------------------------------------------------------- a daemon-shaped network
@dataclass
class _State:
    running: bool = True


@dataclass
class FakeContainer:
    id: str
    name: str
    network: dict = field(default_factory=dict)
    state: _State = field(default_factory=_State)


class FakeDaemon:
    """What programs ask the daemon about networks: its containers, get_container, resolve_name."""

    def __init__(self):
        self.servers = ServerRegistry()
        self.containers: dict[str, FakeContainer] = {}

    def add(self, cid: str, name: str, endpoints: dict[str, str]) -> Host:
        """A running container with an address on each named network; returns its process Host."""
        network = {"Networks": list(endpoints),
                   "Endpoints": {net: {"IPAddress": ip, "Gateway": ip.rsplit(".", 1)[0] + ".1", "IPPrefixLen": 16}
                                 for net, ip in endpoints.items()}}
        self.containers[cid] = FakeContainer(cid, name, network)
        first_ip = next(iter(endpoints.values()), "")
        return Host(hostname=cid[:12], container_id=cid, name=name, ip=first_ip, services=self)

    def get_container(self, ref: str) -> FakeContainer:
        return self.containers[ref]

    def resolve_name(self, c: FakeContainer, host: str) -> str | None:
        """As the daemon: by name or short ID, on a user-defined network both are on."""
        mine = set(c.network.get("Networks", []))
        for other in self.containers.values():
            if not other.state.running:
                continue
            for net, ep in other.network["Endpoints"].items():
                if net in mine and net not in ("bridge", "host", "none") and host in (other.name, other.id[:12]):
                    return ep["IPAddress"]
        return None


class Box:
    """One container: its filesystem and the host its processes run on (a fresh one per test)."""

    def __init__(self, fs: RootFS, host: Host | None = None):
        self.fs = fs
        self.host = host or Host(hostname="4f1e2d3c4b5a", container_id="c1", ip="172.17.0.2")

    def run(self, main, argv: list[str], cwd: str = "/", stdin: bytes = b"", env: dict | None = None):
        return run(main, self.fs, argv, self.host, cwd, stdin, env)

    def serve(self, main, argv: list[str], port: int, stop: int = SIGKILL, cwd: str = "/",
              env: dict | None = None) -> Running:
        return Running(main, self.fs, argv, self.host, cwd=cwd, env=env, stop=stop, wait_for_port=port)

    def fetch(self, url: str, *options: str) -> str:
        """`curl -s [options] url` inside the container: what it prints."""
        from dockyard.engine.userland.programs.servers import curl
        return self.run(curl.main, ["curl", "-s", *options, url])[1]
