"""`python` images: 3.13 (latest), 3.12 and 3.11; full (buildpack-deps), `-slim` and `-alpine`.

As docker-library/python builds them: CPython compiled into /usr/local (the simulated `python3`
interpreter, libpython, the standard library as bulk), pip installed by ensurepip (a real
dist-info, so `pip list` shows it), `python`, `pip`, `idle`, `pydoc` links, `CMD ["python3"]`.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import BundledImage, Step
from .buildpack import BUILDKIT
from .layout import Layout


@dataclass(frozen=True)
class PythonRelease:
    version: str
    gpg_key: str
    pip: str
    created: str
    tags: tuple[str, ...]
    extra: tuple[str, ...] = ()  # setuptools/wheel, which images up to 3.11 still bundle

    @property
    def short(self) -> str:
        return ".".join(self.version.split(".")[:2])


RELEASES = (
    PythonRelease("3.13.0", "7169605F62C751356D054A26A821E680E5FA6305", "24.2", "2024-10-08T00:12:50Z",
                  ("3.13", "3.13.0", "3")),
    PythonRelease("3.12.7", "7169605F62C751356D054A26A821E680E5FA6305", "24.2", "2024-10-01T23:31:56Z",
                  ("3.12", "3.12.7")),
    PythonRelease("3.11.10", "A035C8C19219BA821ECEA86B64E628F8D684696D", "24.0", "2024-09-07T19:17:31Z",
                  ("3.11", "3.11.10"), ("setuptools", "wheel")),
)
LATEST = RELEASES[0]
# each variant, and the suffixes its tags carry (python:3.12 is python:3.12-bookworm)
VARIANTS = {"": ("", "-bookworm"), "-slim": ("-slim", "-slim-bookworm"), "-alpine": ("-alpine", "-alpine3.20")}
PATH = "/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
BUILD_RUN = ('RUN /bin/sh -c set -eux; \t\twget -O python.tar.xz "https://www.python.org/ftp/python/'
             '${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz"; \twget -O python.tar.xz.asc '
             '"https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz.asc"; '
             '\tGNUPGHOME="$(mktemp -d)"; export GNUPGHOME; \tgpg --batch --keyserver hkps://keys.openpgp.org '
             '--recv-keys "$GPG_KEY"; ... \t./configure \t\t--build="$gnuArch" \t\t--enable-loadable-sqlite-extensions '
             '\t\t--enable-optimizations \t\t--enable-option-checking=fatal \t\t--enable-shared \t\t--with-lto '
             '\t\t--with-ensurepip \t; ... \tpython3 --version; \tpip3 --version # buildkit')
LINKS_RUN = ('RUN /bin/sh -c set -eux; \tfor src in idle3 pip3 pydoc3 python3 python3-config; do \t\tdst="$(echo '
             '"$src" | tr -d 3)"; \t\t[ -s "/usr/local/bin/$src" ]; \t\t[ ! -e "/usr/local/bin/$dst" ]; \t\tln -svT '
             '"$src" "/usr/local/bin/$dst"; \tdone # buildkit')


def tags_of(release: PythonRelease, variant: str) -> tuple[str, ...]:
    suffixes = VARIANTS[variant]
    out = [t + s for s in suffixes for t in release.tags]
    if release is LATEST:
        out += [{"": "latest", "-bookworm": "bookworm"}.get(s, s[1:]) for s in suffixes]
    return tuple(out)


def config(release: PythonRelease) -> dict:
    return {"Env": [f"PATH={PATH}", "LANG=C.UTF-8", f"GPG_KEY={release.gpg_key}",
                    f"PYTHON_VERSION={release.version}"], "Cmd": ["python3"]}


def python_files(layout: Layout, release: PythonRelease, stdlib: int) -> Layout:
    """What `make install` and ensurepip leave in /usr/local."""
    from ..userland.programs.pkg import pyfiles
    from .packages import pypi

    short = release.short
    lib = f"/usr/local/lib/python{short}"
    layout.binary(f"/usr/local/bin/python{short}", "python3", 17_016)
    layout.link("/usr/local/bin/python3", f"python{short}")
    layout.file(f"/usr/local/bin/python{short}-config", "#!/bin/sh\n# the python-config of this build\n", 0o755)
    layout.link("/usr/local/bin/python3-config", f"python{short}-config")
    layout.file(f"/usr/local/bin/idle{short}", f"#!/usr/local/bin/python{short}\n\nfrom idlelib.pyshell import "
                "main\nif __name__ == '__main__':\n    main()\n", 0o755)
    layout.link("/usr/local/bin/idle3", f"idle{short}")
    layout.file(f"/usr/local/bin/pydoc{short}", f"#!/usr/local/bin/python{short}\n\nimport pydoc\nif __name__ == "
                "'__main__':\n    pydoc.cli()\n", 0o755)
    layout.link("/usr/local/bin/pydoc3", f"pydoc{short}")
    layout.bulk(f"/usr/local/lib/libpython{short}.so.1.0", 26_400_000, 0o755)
    layout.link(f"/usr/local/lib/libpython{short}.so", f"libpython{short}.so.1.0")
    layout.bulk("/usr/local/lib/libpython3.so", 15_000, 0o755)
    layout.bulk(f"/usr/local/include/python{short}/Python.h", 3_600_000)
    layout.bulk(f"{lib}/os.py", 40_000)
    layout.bulk(f"{lib}/lib-dynload/_ssl.cpython-{short.replace('.', '')}-x86_64-linux-gnu.so", 4_800_000, 0o755)
    layout.bulk(f"{lib}/stdlib.zip", stdlib)
    site = f"{lib}/site-packages"
    catalog = pypi()
    pip = catalog["pip"]
    from dataclasses import replace
    pip = replace(pip, version=release.pip, programs=())
    pyfiles.install(layout, pip, site, "/usr/local/bin", f"/usr/local/bin/python{short}")
    for script in ("pip", "pip3", f"pip{short}"):
        layout.binary(f"/usr/local/bin/{script}", "pip", 231)
    for name in release.extra:
        pyfiles.install(layout, catalog[name], site, "/usr/local/bin", f"/usr/local/bin/python{short}")
    return layout


def links_layer(mtime: float) -> Layout:
    layout = Layout(mtime)
    for src in ("idle3", "pydoc3", "python3", "python3-config"):
        layout.link(f"/usr/local/bin/{src.replace('3', '')}", src)
    return layout


def _python_steps(release: PythonRelease, mtime: float, stdlib: int) -> list[Step]:
    c = release.created
    return [
        Step(f"ENV GPG_KEY={release.gpg_key}", created=c, comment=BUILDKIT),
        Step(f"ENV PYTHON_VERSION={release.version}", created=c, comment=BUILDKIT),
        Step(BUILD_RUN, python_files(Layout(mtime), release, stdlib).tree, c, BUILDKIT),
        Step(LINKS_RUN, links_layer(mtime).tree, c, BUILDKIT),
        Step('CMD ["python3"]', created=c, comment=BUILDKIT)]


def full(release: PythonRelease) -> list[Step]:
    from . import buildpack
    from .debian import _epoch
    steps, packages = buildpack.steps()
    mtime = _epoch(release.created)
    c = release.created
    return steps + [
        Step("ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
             created=c, comment=BUILDKIT),
        Step("ENV LANG=C.UTF-8", created=c, comment=BUILDKIT),
        Step("RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends "
             "\t\tlibbluetooth-dev \t\ttk-dev \t\tuuid-dev \t; \trm -rf /var/lib/apt/lists/* # buildkit",
             packages.layer(["libffi-dev"], mtime, size=18_150_000).tree, c, BUILDKIT),
    ] + _python_steps(release, mtime, 32_000_000)


def slim(release: PythonRelease) -> list[Step]:
    from .debian import BOOKWORM_SLIM, DEBUERREOTYPE, EPOCH, PackageLayers, _epoch, rootfs
    mtime = _epoch(release.created)
    c = release.created
    packages = PackageLayers(BOOKWORM_SLIM)
    return [
        Step(f"# debian.sh --arch 'amd64' out/ 'bookworm' '{EPOCH}'", rootfs(BOOKWORM_SLIM).tree,
             created=BOOKWORM_SLIM.created, comment=DEBUERREOTYPE),
        Step("ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
             created=c, comment=BUILDKIT),
        Step("ENV LANG=C.UTF-8", created=c, comment=BUILDKIT),
        Step("RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends "
             "\t\tca-certificates \t\tnetbase \t\ttzdata \t; \trm -rf /var/lib/apt/lists/* # buildkit",
             packages.layer(["ca-certificates", "netbase"], mtime, size=3_510_000).tree, c, BUILDKIT),
    ] + _python_steps(release, mtime, 1_500_000)


def alpine_variant(release: PythonRelease) -> list[Step]:
    from . import alpine
    from .debian import _epoch
    mtime = _epoch(release.created)
    c = release.created
    packages = alpine.PackageLayers()
    return alpine.base_steps(alpine.V3_20) + [
        Step("ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
             created=c, comment=BUILDKIT),
        Step("ENV LANG=C.UTF-8", created=c, comment=BUILDKIT),
        Step("RUN /bin/sh -c set -eux; \tapk add --no-cache \t\tca-certificates \t\ttzdata \t; # buildkit",
             packages.layer(["ca-certificates", "tzdata"], mtime).tree, c, BUILDKIT),
    ] + _python_steps(release, mtime, 1_000_000)


BUILDERS = {"": full, "-slim": slim, "-alpine": alpine_variant}


def image(repository: str, tag: str) -> BundledImage | None:
    for release in RELEASES:
        for variant in VARIANTS:
            tags = tags_of(release, variant)
            if tag in tags:
                build = BUILDERS[variant]
                return BundledImage(repository, tags, release.created, config(release), lambda: build(release))
    return None
