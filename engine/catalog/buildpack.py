"""The buildpack-deps layers under the full `node` and `python` images.

docker-library's `buildpack-deps:bookworm` adds three layers to Debian: curl and TLS tools, the
version-control tools, then compilers and development headers. The full `node` and `python`
images are built on it, so they share those layers: pulling `python` after `node` finds them
"Already exists". Built deterministically here, they are byte-identical in both images.
"""
from __future__ import annotations

from . import Step
from .debian import BOOKWORM, DEBUERREOTYPE, EPOCH, PackageLayers, _epoch, rootfs

BUILDKIT = "buildkit.dockerfile.v0"
CREATED = {"curl": "2024-10-17T01:02:50Z", "scm": "2024-10-17T01:03:38Z", "full": "2024-10-17T01:06:00Z"}
CURL = ["ca-certificates", "curl", "gnupg", "netbase", "sq", "wget"]
SCM = ["git", "mercurial", "openssh-client", "subversion", "procps"]
FULL = ["autoconf", "automake", "bzip2", "dpkg-dev", "file", "g++", "gcc", "libc6-dev", "libffi-dev", "libpq-dev",
        "libssl-dev", "libtool", "make", "patch", "unzip", "xz-utils", "zlib1g-dev"]
FULL_ALL = FULL[:4] + ["default-libmysqlclient-dev"] + FULL[4:7] + ["imagemagick", "libbz2-dev"] + FULL[7:8] + [
    "libcurl4-openssl-dev", "libdb-dev", "libevent-dev"] + FULL[8:9] + ["libgdbm-dev", "libglib2.0-dev", "libgmp-dev",
    "libjpeg-dev", "libkrb5-dev", "liblzma-dev", "libmagickcore-dev", "libmagickwand-dev", "libmaxminddb-dev",
    "libncurses5-dev", "libncursesw5-dev", "libpng-dev"] + FULL[9:10] + ["libreadline-dev", "libsqlite3-dev"] + \
    FULL[10:12] + ["libwebp-dev", "libxml2-dev", "libxslt-dev", "libyaml-dev"] + FULL[12:]


def _apt_run(packages: list[str], flags: str = "set -eux") -> str:
    listed = " ".join(f"\\t\\t{p}" for p in packages)
    return (f"RUN /bin/sh -c {flags}; \\tapt-get update; \\tapt-get install -y --no-install-recommends {listed} "
            "\\t; \\trm -rf /var/lib/apt/lists/* # buildkit").replace("\\t", "\t")


def steps() -> tuple[list[Step], PackageLayers]:
    """Debian bookworm plus the three buildpack-deps layers, and the package state they leave."""
    packages = PackageLayers(BOOKWORM)
    base = Step(f"# debian.sh --arch 'amd64' out/ 'bookworm' '{EPOCH}'", rootfs(BOOKWORM).tree, comment=DEBUERREOTYPE)
    curl = packages.layer(CURL, _epoch(CREATED["curl"]), size=48_490_000)
    scm = packages.layer(SCM, _epoch(CREATED["scm"]), size=177_390_000)
    full = packages.layer(FULL, _epoch(CREATED["full"]), size=587_600_000)
    return [base,
            Step(_apt_run(CURL), curl.tree, CREATED["curl"], BUILDKIT),
            Step(_apt_run(SCM), scm.tree, CREATED["scm"], BUILDKIT),
            Step(_apt_run(FULL_ALL, "set -ex"), full.tree, CREATED["full"], BUILDKIT)], packages
