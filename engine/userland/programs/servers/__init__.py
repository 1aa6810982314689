"""Web servers of the bundled images, and the HTTP clients that reach them.

nginx, Apache httpd and busybox httpd serve the container's files through the engine's simulated
network (`engine/network/http.py`); `wget` (busybox's) and `curl` fetch from servers in this or
other containers. No packet leaves the engine: a request is answered in-process by the target
container's server, and reaches the host only through a published port (`engine/network/ports.py`).
`registry` serves the Distribution API v2 (`engine/distribution`) the same way.

`PROGRAMS` is what `exec.REGISTRY` needs; `BUSYBOX_APPLETS` are the busybox applets implemented
here (the multi-call binary routes `httpd` and `wget` to them).
"""

PROGRAMS = {
    "nginx": "dockyard.engine.userland.programs.servers.nginx:main",
    "httpd": "dockyard.engine.userland.programs.servers.httpd:main",
    "httpd-foreground": "dockyard.engine.userland.programs.servers.httpd:foreground",
    "curl": "dockyard.engine.userland.programs.servers.curl:main",
    "registry": "dockyard.engine.userland.programs.servers.registry:main",
}

BUSYBOX_APPLETS = {
    "httpd": "dockyard.engine.userland.programs.servers.bbhttpd:main",
    "wget": "dockyard.engine.userland.programs.servers.wget:main",
}
