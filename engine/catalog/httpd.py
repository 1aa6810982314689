"""`httpd` images: Apache httpd 2.4.62 on Debian bookworm-slim or Alpine 3.20.

Apache is built into /usr/local/apache2 (the simulated `httpd` in bin/, `conf/httpd.conf`, the
"It works!" page in htdocs/); `httpd-foreground` starts it in the foreground, and the image stops
it with SIGWINCH, Apache's graceful stop. `diamol/apache` and the book's web images build on the
Alpine variant.
"""
from __future__ import annotations

from . import BundledImage, Step
from .buildpack import BUILDKIT
from .layout import Layout

VERSION = "2.4.62"
PREFIX = "/usr/local/apache2"
CREATED = "2024-10-17T01:09:20Z"
FOREGROUND = """#!/bin/sh
set -e

# Apache refuses to start over a PID file a stopped container left behind
rm -f /usr/local/apache2/logs/httpd.pid

exec httpd -DFOREGROUND "$@"
"""
INDEX_HTML = "<html><body><h1>It works!</h1></body></html>\n"
HTTPD_CONF = """#
# This is the main Apache HTTP server configuration file.  It contains the
# configuration directives that give the server its instructions.
# See <URL:http://httpd.apache.org/docs/2.4/> for detailed information.
#
ServerRoot "/usr/local/apache2"

Listen 80

LoadModule mpm_event_module modules/mod_mpm_event.so
LoadModule authz_core_module modules/mod_authz_core.so
LoadModule mime_module modules/mod_mime.so
LoadModule log_config_module modules/mod_log_config.so
LoadModule headers_module modules/mod_headers.so
LoadModule unixd_module modules/mod_unixd.so
LoadModule status_module modules/mod_status.so
LoadModule dir_module modules/mod_dir.so
LoadModule alias_module modules/mod_alias.so

<IfModule unixd_module>
User www-data
Group www-data
</IfModule>

ServerAdmin you@example.com

<Directory />
    AllowOverride none
    Require all denied
</Directory>

DocumentRoot "/usr/local/apache2/htdocs"
<Directory "/usr/local/apache2/htdocs">
    Options Indexes FollowSymLinks
    AllowOverride None
    Require all granted
</Directory>

<IfModule dir_module>
    DirectoryIndex index.html
</IfModule>

<Files ".ht*">
    Require all denied
</Files>

ErrorLog /proc/self/fd/2

LogLevel warn

<IfModule log_config_module>
    LogFormat "%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined
    LogFormat "%h %l %u %t \\"%r\\" %>s %b" common
    CustomLog /proc/self/fd/1 common
</IfModule>

<IfModule mime_module>
    TypesConfig conf/mime.types
    AddType application/x-compress .Z
    AddType application/x-gzip .gz .tgz
</IfModule>
"""
TAGS = {False: ("latest", "2", "2.4", VERSION, "bookworm", "2-bookworm", "2.4-bookworm", f"{VERSION}-bookworm"),
        True: ("alpine", "2-alpine", "2.4-alpine", f"{VERSION}-alpine", "alpine3.20", f"{VERSION}-alpine3.20")}


def config(alpine: bool) -> dict:
    return {"Env": ["PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    f"HTTPD_PREFIX={PREFIX}", f"HTTPD_VERSION={VERSION}", "HTTPD_PATCHES="],
            "Cmd": ["httpd-foreground"], "WorkingDir": PREFIX, "ExposedPorts": {"80/tcp": {}},
            "StopSignal": "SIGWINCH"}


def apache_files(layout: Layout, modules: int) -> Layout:
    layout.binary(f"{PREFIX}/bin/httpd", "httpd", 2_790_000)
    layout.file(f"{PREFIX}/bin/apachectl", "#!/bin/sh\n# control the Apache server: start, stop, graceful\n"
                "exec /usr/local/apache2/bin/httpd \"$@\"\n", 0o755)
    layout.file(f"{PREFIX}/conf/httpd.conf", HTTPD_CONF)
    layout.bulk(f"{PREFIX}/conf/mime.types", 60_800)
    layout.bulk(f"{PREFIX}/conf/magic", 13_000)
    layout.bulk(f"{PREFIX}/conf/extra/httpd-ssl.conf", 13_400)
    layout.file(f"{PREFIX}/htdocs/index.html", INDEX_HTML)
    layout.dirs(f"{PREFIX}/logs", f"{PREFIX}/cgi-bin")
    layout.bulk(f"{PREFIX}/modules/mod_ssl.so", modules, 0o755)
    layout.bulk(f"{PREFIX}/include/httpd.h", 1_200_000)
    layout.bulk(f"{PREFIX}/error/HTTP_NOT_FOUND.html.var", 450_000)
    layout.bulk(f"{PREFIX}/icons/apache_pb.png", 1_100_000)
    return layout


def _steps(alpine: bool) -> list[Step]:
    from . import alpine as alpine_images
    from .debian import BOOKWORM_SLIM, DEBUERREOTYPE, EPOCH, PackageLayers, _epoch, rootfs
    mtime = _epoch(CREATED)
    meta = lambda text: Step(text, created=CREATED, comment=BUILDKIT)  # noqa: E731
    if alpine:
        base = alpine_images.base_steps(alpine_images.V3_20)
        deps = alpine_images.PackageLayers().layer(["libpq", "pcre2"], mtime)
        deps_run = ("RUN /bin/sh -c set -x \t&& adduser -u 82 -D -S -G www-data www-data # buildkit",
                    alpine_images.add_user(Layout(mtime), "www-data", 82, "/home/www-data", "/sbin/nologin",
                                           new_group=False))
        build = apache_files(Layout(mtime), 11_800_000)
        runs = [("RUN /bin/sh -c apk add --no-cache \t\tapr \t\tapr-util \t\tapr-util-ldap \t\tca-certificates "
                 "\t\tperl # buildkit", deps)]
    else:
        base = [Step(f"# debian.sh --arch 'amd64' out/ 'bookworm' '{EPOCH}'", rootfs(BOOKWORM_SLIM).tree,
                     created=BOOKWORM_SLIM.created, comment=DEBUERREOTYPE)]
        deps = PackageLayers(BOOKWORM_SLIM).layer(["libapr1", "libaprutil1", "ca-certificates"], mtime,
                                                   size=4_730_000)
        deps_run = ('RUN /bin/sh -c mkdir -p "$HTTPD_PREFIX" \t&& chown www-data:www-data "$HTTPD_PREFIX" '
                    '# buildkit', Layout(mtime).dir(PREFIX, 0o755, 33, 33))
        build = apache_files(Layout(mtime), 66_500_000)
        runs = [("RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends "
                 "\t\tca-certificates \t\tlibaprutil1-ldap \t\tlibldap-common \t; \trm -rf /var/lib/apt/lists/* "
                 "# buildkit", deps)]
    return base + [
        meta("ENV HTTPD_PREFIX=/usr/local/apache2"),
        meta("ENV PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
        Step(deps_run[0], deps_run[1].tree, CREATED, BUILDKIT),
        meta("WORKDIR /usr/local/apache2"),
    ] + [Step(text, layout.tree, CREATED, BUILDKIT) for text, layout in runs] + [
        meta(f"ENV HTTPD_VERSION={VERSION}"),
        meta("ENV HTTPD_PATCHES="),
        Step("RUN /bin/sh -c set -eux; \t\tsavedAptMark=\"$(apt-mark showmanual)\"; \tapt-get update; ... "
             "\thttpd -v # buildkit" if not alpine else
             "RUN /bin/sh -c set -eux; \t\tapk add --no-cache --virtual .build-deps \t\tapr-dev ... \thttpd -v "
             "# buildkit", build.tree, CREATED, BUILDKIT),
        meta("STOPSIGNAL SIGWINCH"),
        Step("COPY httpd-foreground /usr/local/bin/ # buildkit",
             Layout(mtime).file("/usr/local/bin/httpd-foreground", FOREGROUND, 0o755).tree, CREATED, BUILDKIT),
        meta("EXPOSE map[80/tcp:{}]"),
        meta('CMD ["httpd-foreground"]')]


def image(repository: str, tag: str) -> BundledImage | None:
    for alpine, tags in TAGS.items():
        if tag in tags:
            return BundledImage(repository, tags, CREATED, config(alpine), lambda: _steps(alpine))
    return None
