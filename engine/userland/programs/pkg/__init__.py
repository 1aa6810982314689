"""The package managers of the bundled images, and the programs those images need beyond busybox.

`PROGRAMS` maps each simulated program name (what `make_binary(name, …)` files in the catalog's
images run) to its "module:function"; the engine adds it to `userland.exec.REGISTRY`:

- apt-get, apt, apt-cache, apt-mark, dpkg, dpkg-query (Debian, Ubuntu): `apt`, `dpkg`;
- apk (Alpine): `apk`;  pip (the `python` images, python3-pip, py3-pip): `pip`;
- npm, npx (the `node` images), yarn: `npm`, `yarn`;
- gnu, bash, dash: the GNU userland of Debian and Ubuntu (`programs.gnu`);
- git, gcc, make, … installed but not simulated: they answer --version (`tools`); tini and su-exec;
- hello: the `hello-world` image's program.
"""
from __future__ import annotations

_PKG = "dockyard.engine.userland.programs.pkg"
_GNU = "dockyard.engine.userland.programs.gnu"
UNSIMULATED_TOOLS = ("git", "gcc", "g++", "make", "perl", "jq", "openssl", "psql", "mysql", "redis-cli", "java",
                     "nano", "htop", "tree", "zip", "sudo", "sqlite3", "ssh", "scp", "dig", "gpg", "corepack",
                     "tini", "su-exec")

PROGRAMS: dict[str, str] = {
    "apt-get": f"{_PKG}.apt:apt_get", "apt": f"{_PKG}.apt:apt", "apt-cache": f"{_PKG}.apt:apt_cache",
    "apt-mark": f"{_PKG}.apt:apt_mark", "dpkg": f"{_PKG}.dpkg:dpkg", "dpkg-query": f"{_PKG}.dpkg:dpkg_query",
    "apk": f"{_PKG}.apk:main", "pip": f"{_PKG}.pip:main",
    "npm": f"{_PKG}.npm:main", "npx": f"{_PKG}.npm:npx", "yarn": f"{_PKG}.yarn:main",
    "gnu": f"{_GNU}:main", "bash": f"{_GNU}.shells:bash", "dash": f"{_GNU}.shells:dash",
    "hello": "dockyard.engine.userland.programs.hello:main",
    **{name: f"{_PKG}.tools:main" for name in UNSIMULATED_TOOLS},
}
