"""`nginx` images: mainline 1.27 (latest) and stable 1.26, on Debian bookworm-slim or Alpine 3.20.

The layout is the nginx.org package's (/usr/sbin/nginx, /etc/nginx with `conf.d/default.conf`
serving /usr/share/nginx/html, logs linked to the container's stdout and stderr) plus the
image's entrypoint: /docker-entrypoint.sh runs the scripts in /docker-entrypoint.d/ and prints
the lines `docker logs` shows before nginx's own. The scripts here are dockyard's, written to
print what the official ones print for the default configuration.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import BundledImage, Step
from .buildpack import BUILDKIT
from .layout import Layout

MAINTAINER = "NGINX Docker Maintainers <docker-maint@nginx.com>"
NGINX_CONF = """
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
"""
DEFAULT_CONF = """server {
    listen       80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
"""
INDEX_HTML = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
ERROR_HTML = """<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
"""
ENTRYPOINT_SCRIPT = """#!/bin/sh
# Runs the configuration scripts of /docker-entrypoint.d/ before nginx starts, then the command.
set -e

log() {
    [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$@"
}

if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
    found=
    for f in /docker-entrypoint.d/*; do
        [ -f "$f" ] && found=1
    done
    if [ -n "$found" ]; then
        log "$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
        log "$0: Looking for shell scripts in /docker-entrypoint.d/"
        for f in /docker-entrypoint.d/*; do
            [ -f "$f" ] || continue
            case "$f" in
                *.envsh)
                    if [ -x "$f" ]; then log "$0: Sourcing $f"; . "$f"; else log "$0: Ignoring $f, not executable"; fi
                    ;;
                *.sh)
                    if [ -x "$f" ]; then log "$0: Launching $f"; "$f"; else log "$0: Ignoring $f, not executable"; fi
                    ;;
                *)
                    log "$0: Ignoring $f"
                    ;;
            esac
        done
        log "$0: Configuration complete; ready for start up"
    else
        log "$0: No files found in /docker-entrypoint.d/, skipping configuration"
    fi
fi

exec "$@"
"""
IPV6_SCRIPT = """#!/bin/sh
# Adds an IPv6 listen line beside the IPv4 one in the packaged default server.
set -e

ME=$(basename "$0")
CONF=/etc/nginx/conf.d/default.conf

info() {
    [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$ME: info: $*"
}

if [ ! -f "$CONF" ]; then
    info "$CONF is not a file or does not exist"
    exit 0
fi
if ! touch "$CONF" 2>/dev/null; then
    info "can not modify $CONF (read-only file system?)"
    exit 0
fi
if grep -q "listen  \\[::]:80;" "$CONF"; then
    info "IPv6 listen already enabled"
    exit 0
fi
info "Getting the checksum of $CONF"
if ! grep -q "^    listen       80;$" "$CONF" || ! grep -q "^    server_name  localhost;$" "$CONF"; then
    info "$CONF differs from the packaged version"
    exit 0
fi
sed -i 's,^    listen       80;$,    listen       80;\\n    listen  [::]:80;,' "$CONF"
info "Enabled listen on IPv6 in $CONF"
exit 0
"""
RESOLVERS_SCRIPT = """#!/bin/sh
# With NGINX_ENTRYPOINT_LOCAL_RESOLVERS set, exports the container's name servers for templates.
[ -n "${NGINX_ENTRYPOINT_LOCAL_RESOLVERS:-}" ] || return 0
NGINX_LOCAL_RESOLVERS=$(awk 'BEGIN{ORS=" "} $1=="nameserver" {print $2}' /etc/resolv.conf)
export NGINX_LOCAL_RESOLVERS
"""
TEMPLATES_SCRIPT = """#!/bin/sh
# Renders /etc/nginx/templates/*.template into /etc/nginx/conf.d/ (only when there are templates).
set -e

ME=$(basename "$0")
dir="${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}"
suffix="${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}"
out="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"

[ -d "$dir" ] || exit 0
for template in "$dir"/*"$suffix"; do
    [ -f "$template" ] || continue
    name=$(basename "$template" "$suffix")
    [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$ME: Running envsubst on $template to $out/$name"
    envsubst < "$template" > "$out/$name"
done
"""
WORKERS_SCRIPT = """#!/bin/sh
# With NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE set, sizes worker_processes to the CPUs available.
set -e

[ -n "${NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE:-}" ] || exit 0
ME=$(basename "$0")
ncpu=$(nproc)
sed -i "s/^worker_processes .*;/worker_processes  $ncpu;/" /etc/nginx/nginx.conf
[ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$ME: info: worker_processes set to $ncpu"
"""


@dataclass(frozen=True)
class NginxRelease:
    version: str
    njs: str
    created: str
    tags: tuple[str, ...]


RELEASES = (
    NginxRelease("1.27.2", "0.8.6", "2024-10-02T17:55:35Z", ("mainline", "1", "1.27", "1.27.2")),
    NginxRelease("1.26.2", "0.8.5", "2024-10-02T17:55:35Z", ("stable", "1.26", "1.26.2")),
)
# each variant, and the suffixes its tags carry (nginx:1.27 is nginx:1.27-bookworm)
VARIANTS = {"": ("", "-bookworm"), "-alpine": ("-alpine", "-alpine3.20")}


def tags_of(release: NginxRelease, variant: str) -> tuple[str, ...]:
    suffixes = VARIANTS[variant]
    out = [t + s for s in suffixes for t in release.tags]
    if release is RELEASES[0]:
        out += [{"": "latest", "-bookworm": "bookworm"}.get(s, s[1:]) for s in suffixes]
    return tuple(out)


def config(release: NginxRelease, alpine: bool) -> dict:
    suffix = "" if alpine else "~bookworm"
    return {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    f"NGINX_VERSION={release.version}", f"NJS_VERSION={release.njs}", f"NJS_RELEASE=1{suffix}",
                    f"PKG_RELEASE=1{suffix}", f"DYNPKG_RELEASE=1{suffix}"],
            "Entrypoint": ["/docker-entrypoint.sh"], "Cmd": ["nginx", "-g", "daemon off;"],
            "ExposedPorts": {"80/tcp": {}}, "StopSignal": "SIGQUIT", "Labels": {"maintainer": MAINTAINER}}


def nginx_files(layout: Layout, size: int) -> Layout:
    layout.binary("/usr/sbin/nginx", "nginx", 1_480_000)
    layout.binary("/usr/sbin/nginx-debug", "nginx", 1_520_000)
    layout.file("/etc/nginx/nginx.conf", NGINX_CONF)
    layout.file("/etc/nginx/conf.d/default.conf", DEFAULT_CONF)
    layout.file("/etc/nginx/mime.types", "\ntypes {\n    text/html                                        html htm "
                "shtml;\n    text/css                                         css;\n    application/javascript     "
                "                      js;\n    application/json                                 json;\n    "
                "image/png                                        png;\n    image/jpeg                               "
                "        jpeg jpg;\n}\n")
    for name in ("fastcgi_params", "scgi_params", "uwsgi_params"):
        layout.bulk(f"/etc/nginx/{name}", 1000)
    layout.link("/etc/nginx/modules", "../../usr/lib/nginx/modules")
    layout.bulk("/usr/lib/nginx/modules/ngx_http_js_module.so", size - 3_100_000, 0o755)
    layout.file("/usr/share/nginx/html/index.html", INDEX_HTML)
    layout.file("/usr/share/nginx/html/50x.html", ERROR_HTML)
    layout.link("/var/log/nginx/access.log", "/dev/stdout")
    layout.link("/var/log/nginx/error.log", "/dev/stderr")
    layout.dir("/var/cache/nginx", 0o755, 101, 0)
    layout.dir("/etc/nginx/templates")
    return layout


def entrypoint_layers(mtime: float, created: str) -> list[Step]:
    scripts = [("docker-entrypoint.sh", "/", ENTRYPOINT_SCRIPT),
               ("10-listen-on-ipv6-by-default.sh", "/docker-entrypoint.d", IPV6_SCRIPT),
               ("15-local-resolvers.envsh", "/docker-entrypoint.d", RESOLVERS_SCRIPT),
               ("20-envsubst-on-templates.sh", "/docker-entrypoint.d", TEMPLATES_SCRIPT),
               ("30-tune-worker-processes.sh", "/docker-entrypoint.d", WORKERS_SCRIPT)]
    steps = []
    for name, where, content in scripts:
        layout = Layout(mtime).file(f"{where.rstrip('/')}/{name}", content, 0o755)
        steps.append(Step(f"COPY {name} {where} # buildkit", layout.tree, created, BUILDKIT))
    return steps


def _steps(release: NginxRelease, alpine: bool) -> list[Step]:
    from .debian import BOOKWORM_SLIM, DEBUERREOTYPE, EPOCH, _epoch, rootfs
    from . import alpine as alpine_images
    mtime = _epoch(release.created)
    c = release.created
    suffix = "" if alpine else "~bookworm"
    if alpine:
        base = alpine_images.base_steps(alpine_images.V3_20)
        install = alpine_images.PackageLayers().layer([], mtime)
        alpine_images.add_user(install, "nginx", 101, "/var/cache/nginx", "/sbin/nologin", "nginx")
        nginx_files(install, 39_000_000)
        run = ("RUN /bin/sh -c set -x     && addgroup -g 101 -S nginx     && adduser -S -D -H -u 101 -h "
               "/var/cache/nginx -s /sbin/nologin -G nginx -g nginx nginx     && apkArch=\"$(cat /etc/apk/arch)\" "
               "... # buildkit")
    else:
        base = [Step(f"# debian.sh --arch 'amd64' out/ 'bookworm' '{EPOCH}'", rootfs(BOOKWORM_SLIM).tree,
                     created=BOOKWORM_SLIM.created, comment=DEBUERREOTYPE)]
        from .debian import PackageLayers
        install = PackageLayers(BOOKWORM_SLIM).layer(["ca-certificates"], mtime, size=2_000_000)
        _debian_nginx_user(install)
        nginx_files(install, 110_000_000)
        run = ("RUN /bin/sh -c set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid "
               "nginx --no-create-home --home /nonexistent --comment \"nginx user\" --shell /bin/false --uid 101 "
               "nginx     && apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y "
               "gnupg1 ca-certificates     && ... # buildkit")
    meta = [Step(f'LABEL maintainer={MAINTAINER}', created=c, comment=BUILDKIT),
            Step(f"ENV NGINX_VERSION={release.version}", created=c, comment=BUILDKIT),
            Step(f"ENV NJS_VERSION={release.njs}", created=c, comment=BUILDKIT),
            Step(f"ENV NJS_RELEASE=1{suffix}", created=c, comment=BUILDKIT),
            Step(f"ENV PKG_RELEASE=1{suffix}", created=c, comment=BUILDKIT),
            Step(f"ENV DYNPKG_RELEASE=1{suffix}", created=c, comment=BUILDKIT)]
    tail = [Step('ENTRYPOINT ["/docker-entrypoint.sh"]', created=c, comment=BUILDKIT),
            Step("EXPOSE map[80/tcp:{}]", created=c, comment=BUILDKIT),
            Step("STOPSIGNAL SIGQUIT", created=c, comment=BUILDKIT),
            Step('CMD ["nginx" "-g" "daemon off;"]', created=c, comment=BUILDKIT)]
    return base + meta + [Step(run, install.tree, c, BUILDKIT)] + entrypoint_layers(mtime, c) + tail


def _debian_nginx_user(layout: Layout) -> None:
    from .debian import GROUPS, PASSWD
    users = PASSWD + "nginx:x:101:101:nginx user:/nonexistent:/bin/false\n"
    layout.file("/etc/passwd", users)
    layout.file("/etc/group", "".join(f"{g.split(':')[0]}:x:{g.split(':')[1]}:\n" for g in GROUPS.split())
                + "nginx:x:101:\n")


def image(repository: str, tag: str) -> BundledImage | None:
    for release in RELEASES:
        for variant in VARIANTS:
            tags = tags_of(release, variant)
            if tag in tags:
                alpine = "alpine" in variant
                return BundledImage(repository, tags, release.created, config(release, alpine),
                                    lambda: _steps(release, alpine))
    return None
