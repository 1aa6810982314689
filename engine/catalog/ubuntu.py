"""`ubuntu` images: 24.04 (latest), 22.04, 20.04, 18.04, 16.04 and 14.04.

The root filesystem is the Debian family's (see `debian.rootfs`) with Ubuntu's identity, its apt
sources and its versions of the user-visible packages. Images since 18.04 are built on Launchpad
and carry its history (`ARG RELEASE`, the two OCI labels, `ADD file:… in /`, `CMD ["/bin/bash"]`);
14.04 and 16.04 show the older Dockerfile steps. 14.04 still ships `ifconfig` (net-tools), which
the course's notes run inside it.
"""
from __future__ import annotations

import dataclasses

from . import BundledImage, Step, file_id
from .debian import Release, rootfs
from .layout import Layout

ARCHIVE = "http://archive.ubuntu.com/ubuntu/"
SECURITY = "http://security.ubuntu.com/ubuntu/"


def _os_release(version: str, point: str, codename: str, nickname: str, logo: bool) -> str:
    return (f'PRETTY_NAME="Ubuntu {point} LTS"\nNAME="Ubuntu"\nVERSION_ID="{version}"\n'
            f'VERSION="{point} LTS ({nickname})"\nVERSION_CODENAME={codename}\nID=ubuntu\nID_LIKE=debian\n'
            'HOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\n'
            'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\n'
            'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\n'
            f"UBUNTU_CODENAME={codename}\n" + ("LOGO=ubuntu-logo\n" if logo else ""))


def _sources_list(codename: str) -> tuple[tuple[str, str], ...]:
    lines = []
    for suite in (codename, f"{codename}-updates", f"{codename}-backports"):
        lines.append(f"deb {ARCHIVE} {suite} main restricted universe multiverse\n")
    lines.append(f"deb {SECURITY} {codename}-security main restricted universe multiverse\n")
    return (("sources.list", "".join(lines)),)


def _deb822_sources(codename: str) -> tuple[tuple[str, str], ...]:
    body = (f"Types: deb\nURIs: {ARCHIVE[:-1]}\nSuites: {codename} {codename}-updates {codename}-backports\n"
            "Components: main universe restricted multiverse\n"
            "Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n\n"
            f"Types: deb\nURIs: {SECURITY[:-1]}\nSuites: {codename}-security\n"
            "Components: main universe restricted multiverse\n"
            "Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n")
    return (("sources.list", "# Ubuntu sources have moved to /etc/apt/sources.list.d/ubuntu.sources\n"),
            ("sources.list.d/ubuntu.sources", body))


def _release(version: str, point: str, codename: str, nickname: str, size: int, created: str, **kw) -> Release:
    sources = _deb822_sources(codename) if version >= "24.04" else _sources_list(codename)
    return Release("ubuntu", codename, {"24.04": "trixie/sid", "22.04": "bookworm/sid", "20.04": "bullseye/sid",
                                        "18.04": "buster/sid", "16.04": "stretch/sid"}.get(version, "jessie/sid"),
                   _os_release(version, point, codename, nickname, version >= "24.04"), size, created, sources, **kw)


NOBLE = _release("24.04", "24.04.1", "noble", "Noble Numbat", 78_110_000, "2024-10-11T03:27:57.597932779Z",
                 extra_users="ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n", extra_groups="ubuntu:x:1000:\n")
JAMMY = _release("22.04", "22.04.5", "jammy", "Jammy Jellyfish", 77_860_000, "2024-09-11T16:25:22.212316223Z")
FOCAL = _release("20.04", "20.04.6", "focal", "Focal Fossa", 72_810_000, "2024-09-11T16:25:07.458929447Z")
BIONIC = _release("18.04", "18.04.6", "bionic", "Bionic Beaver", 63_150_000, "2023-05-30T09:32:09.432301537Z")
XENIAL = _release("16.04", "16.04.7", "xenial", "Xenial Xerus", 135_000_000, "2021-08-31T01:21:30.672229355Z",
                  usrmerge=False)
TRUSTY = _release("14.04", "14.04.6", "trusty", "Trusty Tahr", 196_600_000, "2019-03-07T22:19:53.447205048Z",
                  usrmerge=False)
TAGS = {
    NOBLE: ("latest", "24.04", "noble", "noble-20241011", "rolling"),
    JAMMY: ("22.04", "jammy", "jammy-20240911"),
    FOCAL: ("20.04", "focal", "focal-20240918"),
    BIONIC: ("18.04", "bionic", "bionic-20230530"),
    XENIAL: ("16.04", "xenial", "xenial-20210804"),
    TRUSTY: ("14.04", "trusty", "trusty-20191217"),
}
ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]


def _launchpad(release: Release, repository: str, tags: tuple[str, ...], version: str) -> BundledImage:
    config = {"Env": ENV, "Cmd": ["/bin/bash"],
              "Labels": {"org.opencontainers.image.ref.name": "ubuntu", "org.opencontainers.image.version": version}}
    digest = file_id(f"ubuntu-{release.suite}-oci-amd64-root.tar.gz")
    return BundledImage(repository, tags, release.created, config, lambda: [
        Step("/bin/sh -c #(nop)  ARG RELEASE"),
        Step("/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH"),
        Step("/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu"),
        Step(f"/bin/sh -c #(nop)  LABEL org.opencontainers.image.version={version}"),
        Step(f"/bin/sh -c #(nop) ADD file:{digest} in / ", rootfs(release).tree),
        Step('/bin/sh -c #(nop)  CMD ["/bin/bash"]')])


def _legacy(release: Release, repository: str, tags: tuple[str, ...]) -> BundledImage:
    """14.04 and 16.04: the Dockerfile steps docker-library's images had before Launchpad built them."""
    def steps() -> list[Step]:
        base = _with_net_tools(release) if release.suite == "trusty" else rootfs(release)
        mtime = base.mtime
        policy = Layout(mtime).file("/usr/sbin/policy-rc.d", "#!/bin/sh\n\nexit 101\n", 0o755)
        policy.file("/etc/dpkg/dpkg.cfg.d/docker-apt-speedup", "force-unsafe-io\n")
        policy.file("/etc/apt/apt.conf.d/docker-clean", "DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb "
                    "/var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true\"; };\n")
        universe = Layout(mtime).file("/etc/apt/sources.list", release.sources[0][1])
        systemd = Layout(mtime).file("/run/systemd/container", "docker\n")
        ident = file_id(f"ubuntu-{release.suite}-core-cloudimg-amd64-root.tar.gz")
        return [
            Step(f"/bin/sh -c #(nop) ADD file:{ident} in / ", base.tree),
            Step("/bin/sh -c set -xe \t\t&& echo '#!/bin/sh' > /usr/sbin/policy-rc.d \t&& echo 'exit 101' >> "
                 "/usr/sbin/policy-rc.d \t&& chmod +x /usr/sbin/policy-rc.d \t\t&& dpkg-divert --local --rename --add "
                 "/sbin/initctl \t&& cp -a /usr/sbin/policy-rc.d /sbin/initctl \t&& sed -i 's/^exit.*/exit 0/' "
                 "/sbin/initctl \t\t&& echo 'force-unsafe-io' > /etc/dpkg/dpkg.cfg.d/docker-apt-speedup \t\t&& "
                 "echo 'DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*"
                 ".deb /var/cache/apt/*.bin || true\"; };' > /etc/apt/apt.conf.d/docker-clean", policy.tree),
            Step("/bin/sh -c rm -rf /var/lib/apt/lists/*", Layout(mtime).tree),
            Step("/bin/sh -c sed -i 's/^#\\s*\\(deb.*universe\\)$/\\1/g' /etc/apt/sources.list", universe.tree),
            Step("/bin/sh -c mkdir -p /run/systemd && echo 'docker' > /run/systemd/container", systemd.tree),
            Step('/bin/sh -c #(nop)  CMD ["/bin/bash"]')]
    return BundledImage(repository, tags, release.created, {"Env": ENV, "Cmd": ["/bin/bash"]}, steps)


def _with_net_tools(release: Release) -> Layout:
    """trusty's image still had net-tools: `ifconfig` works in it."""
    from ..userland.programs.pkg import debfiles
    from .packages import debian

    layout = rootfs(release)
    pkg = dataclasses.replace(debian()["net-tools"], programs=(("/sbin/ifconfig", "gnu"), ("/bin/netstat", "gnu"),
                                                               ("/sbin/route", "gnu")))
    debfiles.install(layout, pkg)
    return layout


def image(repository: str, tag: str) -> BundledImage | None:
    for release, tags in TAGS.items():
        if tag in tags:
            if release.suite in ("trusty", "xenial"):
                return _legacy(release, repository, tags)
            return _launchpad(release, repository, tags, tags[1] if tags[0] == "latest" else tags[0])
    return None
