"""`debian` images, and the Debian-family root filesystem the other images start from.

A Debian (or Ubuntu) root filesystem is its base packages, installed as `apt` would leave them:
each package's programs in /usr/bin (simulated: the GNU userland of `programs.gnu`, bash, dash,
apt, dpkg), its libraries and documentation as declared-size bulk, its stanza in dpkg's status
file. `/var/lib/apt/lists` is empty, as in the official images: `apt-get install` finds nothing
until `apt-get update` has run.

`node`, `python`, `nginx` and `httpd` build on `rootfs(BOOKWORM)` or `rootfs(BOOKWORM_SLIM)`.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from . import BundledImage, Step
from .layout import Layout
from .packages import debian, debian_base

# Which base package installs which programs (all run by the GNU userland unless named here).
PROGRAMS = {
    "coreutils": """[ arch b2sum base32 base64 basename basenc cat chcon chgrp chmod chown cksum comm cp csplit cut
        date dd df dir dircolors dirname du echo env expand expr factor false fmt fold groups head hostid id
        install join link ln logname ls md5sum mkdir mkfifo mknod mktemp mv nice nl nohup nproc numfmt od
        paste pathchk pinky pr printenv printf ptx pwd readlink realpath rm rmdir runcon seq sha1sum sha224sum
        sha256sum sha384sum sha512sum shred shuf sleep sort split stat stdbuf stty sum sync tac tail tee test
        timeout touch tr true truncate tsort tty uname unexpand uniq unlink users vdir wc who whoami yes""",
    "bash": "bash", "dash": "dash", "grep": "grep egrep fgrep", "sed": "sed", "tar": "tar",
    "gzip": "gzip gunzip zcat", "findutils": "find xargs", "hostname": "hostname", "mount": "mount umount",
    "util-linux": "more dmesg kill lsblk renice setsid", "diffutils": "diff cmp",
    "debianutils": "which run-parts tempfile", "ncurses-bin": "clear reset tput", "mawk": "mawk",
    "login": "su", "passwd": "passwd", "sysvinit-utils": "pidof", "libc-bin": "getent ldd locale",
    "perl-base": "perl", "apt": "apt apt-get apt-cache apt-mark", "dpkg": "dpkg dpkg-query",
    "bsdutils": "logger", "adduser": "adduser deluser",
}
SBIN = frozenset("useradd groupadd userdel usermod groupdel adduser deluser".split())
# Programs that are more than a GNU tool: they run their own simulation.
OWN_PROGRAM = {"bash": "bash", "dash": "dash", "apt": "apt", "apt-get": "apt-get", "apt-cache": "apt-cache",
               "apt-mark": "apt-mark", "dpkg": "dpkg", "dpkg-query": "dpkg-query", "perl": "perl"}
EXTRA_SBIN = {"passwd": "useradd groupadd userdel usermod groupdel"}

PASSWD = """root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
"""
GROUPS = ("root:0 daemon:1 bin:2 sys:3 adm:4 tty:5 disk:6 lp:7 mail:8 news:9 uucp:10 man:12 proxy:13 kmem:15 "
          "dialout:20 fax:21 voice:22 cdrom:24 floppy:25 tape:26 sudo:27 audio:29 dip:30 www-data:33 backup:34 "
          "operator:37 list:38 irc:39 src:40 shadow:42 utmp:43 video:44 sasl:45 plugdev:46 staff:50 games:60 "
          "users:100 nogroup:65534")
BASHRC = r"""# System-wide .bashrc file for interactive bash(1) shells.

# If not running interactively, don't do anything
[ -z "$PS1" ] && return

# check the window size after each command and, if necessary,
# update the values of LINES and COLUMNS.
shopt -s checkwinsize

# set variable identifying the chroot you work in (used in the prompt below)
if [ -z "${debian_chroot:-}" ] && [ -r /etc/debian_chroot ]; then
    debian_chroot=$(cat /etc/debian_chroot)
fi

# set a fancy prompt (non-color, overwrite the one in /etc/profile)
PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '
"""
PROFILE = """# /etc/profile: system-wide .profile file for the Bourne shell (sh(1))
# and Bourne compatible shells (bash(1), ksh(1), ash(1), ...).

if [ "$(id -u)" -eq 0 ]; then
  PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
else
  PATH="/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"
fi
export PATH

if [ "${PS1-}" ]; then
  if [ "${BASH-}" ] && [ "$BASH" != "/bin/sh" ]; then
    if [ -f /etc/bash.bashrc ]; then
      . /etc/bash.bashrc
    fi
  else
    if [ "$(id -u)" -eq 0 ]; then
      PS1='# '
    else
      PS1='$ '
    fi
  fi
fi
"""
ROOT_BASHRC = """# ~/.bashrc: executed by bash(1) for non-login shells.

# Note: PS1 and umask are already set in /etc/profile. You should not
# need this unless you want different defaults for root.
# PS1='${debian_chroot:+($debian_chroot)}\\h:\\w\\$ '
# umask 022
"""
DOCKER_APT_CONF = {
    # what the official images add so apt behaves well in a container
    "docker-clean": 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb '
                    '/var/cache/apt/*.bin || true"; };\nAPT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb '
                    '/var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n'
                    'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n',
    "docker-gzip-indexes": 'Acquire::GzipIndexes "true";\n',
    "docker-autoremove-suggests": 'Apt::AutoRemove::SuggestsImportant "false";\n',
    "docker-no-languages": 'Acquire::Languages "none";\n',
}


@dataclass(frozen=True)
class Release:
    """One Debian-family release as an image presents it."""

    distro: str  # "debian" or "ubuntu"
    suite: str  # bookworm, noble: the apt suite, and the key of a package's version in other suites
    version: str  # /etc/debian_version or the Ubuntu release
    os_release: str
    size: int  # the official image's size, which the layer adds up to
    created: str
    sources: tuple[tuple[str, str], ...]  # (path under /etc/apt, content)
    slim: bool = False
    usrmerge: bool = True
    extra_users: str = ""  # passwd lines beyond Debian's (Ubuntu 24.04 has `ubuntu`)
    extra_groups: str = ""
    shell_paths: tuple[str, ...] = ("/bin/sh", "/usr/bin/sh", "/bin/bash", "/usr/bin/bash", "/bin/dash",
                                    "/usr/bin/dash")

    def version_of(self, name: str) -> str:
        return debian()[name].version_in(self.suite)


def _debian_os_release(number: str, codename: str) -> str:
    return (f'PRETTY_NAME="Debian GNU/Linux {number} ({codename})"\nNAME="Debian GNU/Linux"\n'
            f'VERSION_ID="{number}"\nVERSION="{number} ({codename})"\nVERSION_CODENAME={codename}\nID=debian\n'
            'HOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\n'
            'BUG_REPORT_URL="https://bugs.debian.org/"\n')


BOOKWORM_SOURCES = (("sources.list.d/debian.sources",
                     "Types: deb\n"
                     "# http://snapshot.debian.org/archive/debian/20241016T000000Z\n"
                     "URIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\n"
                     "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
                     "Types: deb\n"
                     "# http://snapshot.debian.org/archive/debian-security/20241016T000000Z\n"
                     "URIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\nComponents: main\n"
                     "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"),)
BOOKWORM = Release("debian", "bookworm", "12.7", _debian_os_release("12", "bookworm"), 116_520_000,
                   "2024-10-17T00:00:00Z", BOOKWORM_SOURCES)
BOOKWORM_SLIM = dataclasses.replace(BOOKWORM, size=74_770_000, slim=True)
DEBUERREOTYPE = "debuerreotype 0.15"
EPOCH = "@1729036800"  # the snapshot the images were built from (2024-10-16)


def rootfs(release: Release) -> Layout:
    """The root filesystem of a Debian-family image, as one layer."""
    mtime = _epoch(release.created)
    layout = Layout(mtime)
    _skeleton(layout, release)
    _etc(layout, release)
    _packages(layout, release)
    return layout


def _skeleton(layout: Layout, release: Release) -> None:
    if release.usrmerge:
        for name in ("bin", "sbin", "lib", "lib64"):
            layout.dir(f"/usr/{name}")
            layout.link(f"/{name}", f"usr/{name}")
    else:
        layout.dirs("/bin", "/sbin", "/lib", "/lib64", "/usr/bin", "/usr/sbin", "/usr/lib")
    layout.dirs("/boot", "/dev", "/etc", "/home", "/media", "/mnt", "/opt", "/proc", "/run", "/run/lock", "/srv",
                "/sys", "/usr/games", "/usr/include", "/usr/share", "/usr/src", "/usr/local/bin", "/usr/local/etc",
                "/usr/local/games", "/usr/local/include", "/usr/local/lib", "/usr/local/sbin", "/usr/local/share",
                "/usr/local/src", "/var/backups", "/var/cache", "/var/lib", "/var/local", "/var/log", "/var/mail",
                "/var/opt", "/var/spool", "/var/lib/apt/lists/partial", "/var/cache/apt/archives/partial",
                "/var/log/apt", "/var/lib/dpkg/info", "/var/lib/dpkg/updates", "/var/lib/misc")
    layout.dir("/root", 0o700).dir("/tmp", 0o1777).dir("/var/tmp", 0o1777)
    layout.link("/var/run", "/run").link("/var/lock", "/run/lock")
    layout.file("/var/lib/apt/lists/lock", b"", 0o640)
    layout.file("/var/lib/dpkg/lock", b"", 0o640)
    layout.link("/usr/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")


def _etc(layout: Layout, release: Release) -> None:
    layout.file("/usr/lib/os-release", release.os_release)
    layout.link("/etc/os-release", "../usr/lib/os-release")
    layout.file("/etc/debian_version", release.version.split()[0] + "\n" if release.distro == "debian"
                else release.version + "\n")
    layout.file("/etc/passwd", PASSWD + release.extra_users)
    layout.file("/etc/group", "".join(f"{g.split(':')[0]}:x:{g.split(':')[1]}:\n" for g in GROUPS.split())
                + release.extra_groups)
    groups = [g.split(":")[0] for g in GROUPS.split()] + [g.split(":")[0] for g in release.extra_groups.split()]
    layout.file("/etc/gshadow", "".join(f"{g}:*::\n" for g in groups), 0o640)
    users = [line.split(":")[0] for line in (PASSWD + release.extra_users).splitlines()]
    layout.file("/etc/shadow", "".join(f"{u}:*:19836:0:99999:7:::\n" for u in users),
                0o640)
    layout.file("/etc/shells", "# /etc/shells: valid login shells\n" + "".join(p + "\n" for p in release.shell_paths))
    layout.file("/etc/profile", PROFILE)
    layout.file("/etc/bash.bashrc", BASHRC)
    layout.file("/etc/skel/.bashrc", ROOT_BASHRC).file("/etc/skel/.profile", "# ~/.profile\n")
    layout.file("/root/.bashrc", ROOT_BASHRC).file("/root/.profile", "# ~/.profile: executed by Bourne-compatible "
                                                   "login shells.\n\nif [ \"$BASH\" ]; then\n  if [ -f ~/.bashrc ]; "
                                                   "then\n    . ~/.bashrc\n  fi\nfi\n\nmesg n 2> /dev/null || true\n")
    layout.file("/etc/hostname", "")
    layout.file("/etc/issue", f"{_pretty(release)} \\n \\l\n\n")
    layout.file("/etc/nsswitch.conf", "passwd:         files\ngroup:          files\nshadow:         files\n"
                                      "hosts:          files dns\nnetworks:       files\n")
    for path, content in release.sources:
        layout.file(f"/etc/apt/{path}", content)
    for name, content in DOCKER_APT_CONF.items():
        layout.file(f"/etc/apt/apt.conf.d/{name}", content)
    layout.file("/etc/dpkg/dpkg.cfg.d/docker-apt-speedup", "force-unsafe-io\n")
    if release.slim:
        layout.file("/etc/dpkg/dpkg.cfg.d/docker", "path-exclude /usr/share/doc/*\npath-include "
                    "/usr/share/doc/*/copyright\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\n")
    layout.link("/etc/alternatives/awk", "/usr/bin/mawk")
    layout.link("/usr/bin/awk", "/etc/alternatives/awk")
    layout.link("/usr/bin/sh", "dash")
    layout.link("/etc/localtime", "/usr/share/zoneinfo/Etc/UTC")
    layout.file("/etc/timezone", "Etc/UTC\n")


def _pretty(release: Release) -> str:
    for line in release.os_release.splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip('"')
    return release.distro


def _packages(layout: Layout, release: Release) -> None:
    """Install the base packages and write dpkg's database of them."""
    from ..userland.programs.pkg import debfiles

    catalog = debian()
    names = debian_base()
    scale = release.size / sum(catalog[n].size for n in names)
    for name in names:
        pkg = dataclasses.replace(catalog[name], programs=_programs_of(name))
        written = debfiles.install(layout, pkg, scale)
        layout.file(f"{debfiles.INFO}/{name}.list", "".join(p + "\n" for p in sorted(written)))
    layout.file(debfiles.STATUS, debfiles.render_status(base_status(release)))
    layout.settle(f"{debfiles.LIBDIR}/libc.so.6", release.size)


def base_status(release: Release) -> dict[str, dict[str, str]]:
    from ..userland.programs.pkg import debfiles

    catalog = debian()
    return {name: debfiles.stanza(catalog[name], release.version_of(name), priority="required")
            for name in debian_base()}


class PackageLayers:
    """Layers that install Debian packages on top of a base image, as `apt-get install` steps do.

    Each layer holds the packages' files and dpkg's whole status file as it stands after them
    (a layer replaces a file it changes). `size` scales the bulk so the layer weighs what the
    official image's layer does, including packages the catalog does not describe.
    """

    def __init__(self, release: Release):
        self.release = release
        self.status = base_status(release)

    def layer(self, names: list[str], mtime: float, size: int | None = None, recommends: bool = False) -> Layout:
        from ..userland.programs.pkg import debfiles

        catalog = debian()
        wanted = self.closure(names, recommends)
        layout = Layout(mtime)
        total = sum(catalog[n].size for n in wanted)
        scale = size / total if size and total else 1.0
        for name in wanted:
            pkg = catalog[name]
            version = self.release.version_of(name)
            written = debfiles.install(layout, pkg, scale)
            layout.file(f"{debfiles.INFO}/{name}.list", "".join(p + "\n" for p in sorted(written)))
            self.status[name] = debfiles.stanza(pkg, version)
        layout.file(debfiles.STATUS, debfiles.render_status(self.status))
        return layout

    def closure(self, names: list[str], recommends: bool = False) -> list[str]:
        """`names` and what they depend on, minus what is installed: dependencies first."""
        catalog = debian()
        out: list[str] = []
        seen = set(self.status)

        def visit(name: str) -> None:
            if name in seen or name not in catalog:
                return
            seen.add(name)
            pkg = catalog[name]
            for dep in pkg.depends + (pkg.recommends if recommends else ()):
                visit(dep)
            out.append(name)
        for name in names:
            visit(name)
        return out


def _programs_of(package: str) -> tuple[tuple[str, str], ...]:
    out = []
    for name in PROGRAMS.get(package, "").split():
        directory = "/usr/sbin" if name in SBIN else "/usr/bin"
        out.append((f"{directory}/{name}", OWN_PROGRAM.get(name, "gnu")))
    for name in EXTRA_SBIN.get(package, "").split():
        out.append((f"/usr/sbin/{name}", "gnu"))
    return tuple(out)


def _epoch(created: str) -> float:
    import calendar
    import time
    return float(calendar.timegm(time.strptime(created[:19], "%Y-%m-%dT%H:%M:%S")))


# ---------------------------------------------------------------- the `debian` repository
CONFIG = {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": ["bash"]}
TAGS = {
    BOOKWORM: ("latest", "bookworm", "12", "12.7", "bookworm-20241016"),
    BOOKWORM_SLIM: ("bookworm-slim", "12-slim", "12.7-slim", "stable-slim", "bookworm-20241016-slim"),
}


def base_image(release: Release, repository: str, tags: tuple[str, ...]) -> BundledImage:
    """A Debian image: one layer made by debuerreotype, `CMD ["bash"]` with no history entry of its own."""
    created_by = f"# debian.sh --arch 'amd64' out/ '{release.suite}' '{EPOCH}'"
    return BundledImage(repository, tags, release.created, CONFIG,
                        lambda: [Step(created_by, rootfs(release).tree, comment=DEBUERREOTYPE)])


def image(repository: str, tag: str) -> BundledImage | None:
    for release, tags in TAGS.items():
        if tag in tags:
            return base_image(release, repository, tags)
    return None
