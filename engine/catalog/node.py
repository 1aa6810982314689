"""`node` images: 23 (latest), 22 (lts), 20 and 18; full (buildpack-deps), `-slim` and `-alpine`.

The layout follows docker-library/node: a `node` user (uid 1000), Node.js unpacked into
/usr/local (the simulated `node` binary, npm and corepack under lib/node_modules, `npm` and `npx`
links in /usr/local/bin), yarn classic in /opt, and `docker-entrypoint.sh`, which runs
`node "$@"` when the first argument is an option or not a command, so `docker run node -v` works.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from . import BundledImage, Step
from .buildpack import BUILDKIT
from .layout import Layout

ENTRYPOINT_SCRIPT = """#!/bin/sh
set -e

# When the first argument is an option (-e, --version) or names no command that can run,
# the arguments are for node: `docker run node -v`, `docker run node app.js`.
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
"""
YARN_VERSION = "1.22.22"
NODE_RUN = ('RUN /bin/sh -c ARCH= && dpkgArch="$(dpkg --print-architecture)"   && case "${dpkgArch##*-}" in     '
            'amd64) ARCH=\'x64\';;     ppc64el) ARCH=\'ppc64le\';;     s390x) ARCH=\'s390x\';;     arm64) '
            'ARCH=\'arm64\';;     armhf) ARCH=\'armv7l\';;     i386) ARCH=\'x86\';;     *) echo "unsupported '
            'architecture"; exit 1 ;;   esac   && export GNUPGHOME="$(mktemp -d)"   && set -ex   && for key in '
            '$(curl -sL https://raw.githubusercontent.com/nodejs/docker-node/HEAD/keys/node.keys); do       '
            'gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$key" ;   done   && curl -fsSLO '
            '--compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz"   '
            '&& tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 '
            '--no-same-owner   && rm "node-v$NODE_VERSION-linux-$ARCH.tar.xz" SHASUMS256.txt.asc SHASUMS256.txt   '
            '&& ln -s /usr/local/bin/node /usr/local/bin/nodejs   && node --version   && npm --version # buildkit')
YARN_RUN = ('RUN /bin/sh -c set -ex   && export GNUPGHOME="$(mktemp -d)"   && for key in     '
            '6A010C5166006599AA17F08146C2130DFD2497F5   ; do     gpg --batch --keyserver hkps://keys.openpgp.org '
            '--recv-keys "$key" ;   done   && curl -fsSLO --compressed '
            '"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz"   && mkdir -p /opt   && '
            'tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn '
            '/usr/local/bin/yarn   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarnpkg /usr/local/bin/yarnpkg   && rm '
            'yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz   && yarn --version # buildkit')
ALPINE_NODE_RUN = ('RUN /bin/sh -c addgroup -g 1000 node     && adduser -u 1000 -G node -s /bin/sh -D node     '
                   '&& apk add --no-cache         libstdc++     && apk add --no-cache --virtual .build-deps         '
                   'curl     && ARCH= OPENSSL_ARCH=\'linux*\' && alpineArch="$(apk --print-arch)"       && case '
                   '"${alpineArch##*-}" in         x86_64) ARCH=\'x64\' ... # buildkit')
ALPINE_YARN_RUN = ('RUN /bin/sh -c apk add --no-cache --virtual .build-deps-yarn curl gnupg tar   && export '
                   'GNUPGHOME="$(mktemp -d)"   && for key in     6A010C5166006599AA17F08146C2130DFD2497F5   ; do     '
                   'gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$key" ;   done ... # buildkit')
SLIM_NODE_RUN = ('RUN /bin/sh -c ARCH= OPENSSL_ARCH= && dpkgArch="$(dpkg --print-architecture)"     && case '
                 '"${dpkgArch##*-}" in       amd64) ARCH=\'x64\' OPENSSL_ARCH=\'linux-x86_64\';; ...     && '
                 'set -ex     && savedAptMark="$(apt-mark showmanual)"     && apt-get update && apt-get install -y '
                 'ca-certificates curl wget gnupg dirmngr xz-utils libatomic1 --no-install-recommends ... # buildkit')


@dataclass(frozen=True)
class NodeRelease:
    version: str
    npm: str
    codename: str
    created: str
    binary: int  # bytes of the node binary
    tags: tuple[str, ...]  # the version's own tags (23, 23.1, 23.1.0, current, ...)


RELEASES = (
    NodeRelease("23.1.0", "10.9.0", "", "2024-10-25T03:51:22Z", 121_800_000, ("23", "23.1", "23.1.0", "current")),
    NodeRelease("22.11.0", "10.9.0", "jod", "2024-10-30T02:57:36Z", 117_300_000,
                ("22", "22.11", "22.11.0", "lts", "jod", "lts-jod")),
    NodeRelease("20.18.0", "10.8.2", "iron", "2024-10-17T03:01:02Z", 96_470_000,
                ("20", "20.18", "20.18.0", "iron", "lts-iron")),
    NodeRelease("18.20.4", "10.7.0", "hydrogen", "2024-10-17T03:21:54Z", 94_120_000,
                ("18", "18.20", "18.20.4", "hydrogen", "lts-hydrogen")),
)
LATEST = RELEASES[0]
# each variant, and the suffixes its tags carry (node:20 is node:20-bookworm)
VARIANTS = {"": ("", "-bookworm"), "-slim": ("-slim", "-bookworm-slim"), "-alpine": ("-alpine", "-alpine3.20")}


def tags_of(release: NodeRelease, variant: str) -> tuple[str, ...]:
    suffixes = VARIANTS[variant]
    out = [t + s for s in suffixes for t in release.tags]
    if release is LATEST:
        out += [{"": "latest", "-bookworm": "bookworm"}.get(s, s[1:]) for s in suffixes]
    return tuple(out)


def config(release: NodeRelease) -> dict:
    return {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    f"NODE_VERSION={release.version}", f"YARN_VERSION={YARN_VERSION}"],
            "Entrypoint": ["docker-entrypoint.sh"], "Cmd": ["node"]}


def node_files(layout: Layout, release: NodeRelease, scale: float = 1.0) -> Layout:
    """What the Node.js tarball leaves in /usr/local."""
    lib = "/usr/local/lib/node_modules"
    layout.binary("/usr/local/bin/node", "node", int(release.binary * scale))
    layout.link("/usr/local/bin/nodejs", "/usr/local/bin/node")
    layout.file(f"{lib}/npm/package.json", json.dumps(
        {"name": "npm", "version": release.npm, "description": "a package manager for JavaScript",
         "bin": {"npm": "bin/npm-cli.js", "npx": "bin/npx-cli.js"}, "license": "Artistic-2.0"}, indent=2) + "\n")
    layout.binary(f"{lib}/npm/bin/npm-cli.js", "npm", 54)
    layout.binary(f"{lib}/npm/bin/npx-cli.js", "npx", 2922)
    layout.bulk(f"{lib}/npm/lib/npm.js", 1_250_000)
    layout.bulk(f"{lib}/npm/node_modules/@npmcli/arborist/lib/arborist/index.js", 9_300_000)
    layout.file(f"{lib}/corepack/package.json", json.dumps({"name": "corepack", "version": "0.29.4"}, indent=2) + "\n")
    layout.binary(f"{lib}/corepack/dist/corepack.js", "corepack", 81)
    layout.bulk(f"{lib}/corepack/dist/lib/corepack.cjs", 2_690_000)
    layout.link("/usr/local/bin/npm", "../lib/node_modules/npm/bin/npm-cli.js")
    layout.link("/usr/local/bin/npx", "../lib/node_modules/npm/bin/npx-cli.js")
    layout.link("/usr/local/bin/corepack", "../lib/node_modules/corepack/dist/corepack.js")
    layout.bulk("/usr/local/include/node/node.h", 5_890_000)
    layout.bulk("/usr/local/share/doc/node/gdbinit", 60_000)
    layout.file("/usr/local/share/man/man1/node.1", ".Dd $Mdocdate$\n.Dt NODE 1\n.Sh NAME\n.Nm node\n"
                ".Nd server-side JavaScript runtime\n")
    layout.bulk("/usr/local/CHANGELOG.md", 290_000)
    layout.bulk("/usr/local/LICENSE", 118_000)
    layout.bulk("/usr/local/README.md", 39_000)
    return layout


def yarn_files(layout: Layout) -> Layout:
    opt = f"/opt/yarn-v{YARN_VERSION}"
    layout.binary(f"{opt}/bin/yarn", "yarn", 1_015)
    layout.link(f"{opt}/bin/yarnpkg", "yarn")
    layout.binary(f"{opt}/bin/yarn.js", "yarn", 1_100)
    layout.bulk(f"{opt}/lib/cli.js", 5_330_000)
    layout.file(f"{opt}/package.json", json.dumps({"name": "yarn", "version": YARN_VERSION}, indent=2) + "\n")
    layout.link("/usr/local/bin/yarn", f"{opt}/bin/yarn")
    layout.link("/usr/local/bin/yarnpkg", f"{opt}/bin/yarnpkg")
    return layout


def entrypoint_files(layout: Layout) -> Layout:
    return layout.file("/usr/local/bin/docker-entrypoint.sh", ENTRYPOINT_SCRIPT, 0o755)


def debian_user(mtime: float, extra_users: str = "") -> Layout:
    """`groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node`."""
    from .debian import GROUPS, PASSWD, ROOT_BASHRC
    layout = Layout(mtime)
    users = PASSWD + extra_users + "node:x:1000:1000::/home/node:/bin/bash\n"
    layout.file("/etc/passwd", users)
    layout.file("/etc/group", "".join(f"{g.split(':')[0]}:x:{g.split(':')[1]}:\n" for g in GROUPS.split())
                + "node:x:1000:\n")
    layout.file("/etc/shadow", "".join(f"{line.split(':')[0]}:{'!' if line.startswith('node:') else '*'}:19836:0:"
                                       f"99999:7:::\n" for line in users.splitlines()), 0o640)
    layout.dir("/home/node", 0o755, 1000, 1000)
    layout.file("/home/node/.bashrc", ROOT_BASHRC, uid=1000, gid=1000)
    layout.file("/home/node/.profile", "# ~/.profile\n", uid=1000, gid=1000)
    layout.file("/home/node/.bash_logout", "# ~/.bash_logout: executed by bash(1) when login shell exits.\n",
                uid=1000, gid=1000)
    return layout


def _tail(release: NodeRelease, yarn_run: str, mtime: float) -> list[Step]:
    return [
        Step(f"ENV YARN_VERSION={YARN_VERSION}", created=release.created, comment=BUILDKIT),
        Step(yarn_run, yarn_files(Layout(mtime)).tree, release.created, BUILDKIT),
        Step("COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", entrypoint_files(Layout(mtime)).tree,
             release.created, BUILDKIT),
        Step('ENTRYPOINT ["docker-entrypoint.sh"]', created=release.created, comment=BUILDKIT),
        Step('CMD ["node"]', created=release.created, comment=BUILDKIT)]


def full(release: NodeRelease) -> list[Step]:
    from . import buildpack
    from .debian import _epoch
    steps, _ = buildpack.steps()
    mtime = _epoch(release.created)
    return steps + [
        Step("RUN /bin/sh -c groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash "
             "--create-home node # buildkit", debian_user(mtime).tree, release.created, BUILDKIT),
        Step(f"ENV NODE_VERSION={release.version}", created=release.created, comment=BUILDKIT),
        Step(NODE_RUN, node_files(Layout(mtime), release, 1.55).tree, release.created, BUILDKIT),
    ] + _tail(release, YARN_RUN, mtime)


def slim(release: NodeRelease) -> list[Step]:
    from .debian import BOOKWORM_SLIM, DEBUERREOTYPE, EPOCH, _epoch, rootfs
    mtime = _epoch(release.created)
    return [
        Step(f"# debian.sh --arch 'amd64' out/ 'bookworm' '{EPOCH}'", rootfs(BOOKWORM_SLIM).tree,
             comment=DEBUERREOTYPE, created=BOOKWORM_SLIM.created),
        Step("RUN /bin/sh -c groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash "
             "--create-home node # buildkit", debian_user(mtime).tree, release.created, BUILDKIT),
        Step(f"ENV NODE_VERSION={release.version}", created=release.created, comment=BUILDKIT),
        Step(SLIM_NODE_RUN, node_files(Layout(mtime), release, 1.05).tree, release.created, BUILDKIT),
    ] + _tail(release, YARN_RUN, mtime)


def alpine_variant(release: NodeRelease) -> list[Step]:
    from . import alpine
    from .debian import _epoch
    mtime = _epoch(release.created)
    base = alpine.V3_20
    packages = alpine.PackageLayers()
    node_layer = packages.layer(["libstdc++"], mtime)
    alpine.add_user(node_layer, "node", 1000, home="/home/node", shell="/bin/sh")
    node_files(node_layer, release, 1.0)
    return alpine.base_steps(base) + [
        Step(f"ENV NODE_VERSION={release.version}", created=release.created, comment=BUILDKIT),
        Step(ALPINE_NODE_RUN, node_layer.tree, release.created, BUILDKIT),
    ] + _tail(release, ALPINE_YARN_RUN, mtime)


BUILDERS = {"": full, "-slim": slim, "-alpine": alpine_variant}


def image(repository: str, tag: str) -> BundledImage | None:
    for release in RELEASES:
        for variant in VARIANTS:
            tags = tags_of(release, variant)
            if tag in tags:
                build = BUILDERS[variant]
                return BundledImage(repository, tags, release.created, config(release),
                                    lambda: build(release))  # noqa: B023 (returned at once)
    return None
