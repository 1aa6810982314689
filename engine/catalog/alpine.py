"""`alpine` images (3.20, 3.19, 3.18), and the Alpine root filesystem the `-alpine` variants start from.

Alpine is busybox (the same simulated multi-call binary as the `busybox` image), musl and apk:
its base packages are recorded in apk's database, /etc/apk/repositories names the release's
repositories, and /var/cache/apk is empty, so `apk add` fetches the index first (and keeps it,
unless `--no-cache`).
"""
from __future__ import annotations

from dataclasses import dataclass

from . import BundledImage, Step
from .busybox import APPLETS
from .layout import Layout
from .packages import alpine, alpine_base

BUILDKIT = "buildkit.dockerfile.v0"
BUSYBOX_SIZE = 808_712  # /bin/busybox of busybox 1.36.1-r29
# busybox applets Alpine's build leaves out (Debian's build has them)
NOT_IN_ALPINE = frozenset("dpkg dpkg-deb rpm rpm2cpio linuxrc".split())
IN_USR_BIN = frozenset("""awk basename beep blkdiscard bunzip2 bzcat bzip2 cal chvt clear cmp comm cpio crontab
    cut dc deallocvt diff dirname dos2unix du eject env expand expr factor fallocate find flock fold free fuser
    getopt groups hd head hexdump hostid iconv id install ipcrm ipcs killall last less logger lsof lsusb lzcat
    lzma lzopcat md5sum mesg microcom mkfifo mkpasswd nc nl nmeter nohup nproc nsenter nslookup od openvt
    paste patch pgrep pkill pmap printf pscan pstree pwdx readlink realpath renice reset resize seq setkeycodes
    setsid sha1sum sha256sum sha3sum sha512sum showkey shred shuf sort split ssl_client strings sum tac tail tee
    test time timeout top tr traceroute traceroute6 tree truncate tty ttysize udhcpc6 unexpand uniq unix2dos
    unlink unlzma unshare unxz unzip uptime uudecode uuencode vi vlock volname wc wget which whoami whois xargs
    xxd xzcat yes""".split())
IN_SBIN = frozenset("""acpid adjtimex arp blkid blockdev depmod fbsplash fdisk findfs fsck fstrim getty halt
    hwclock ifconfig ifdown ifenslave ifup init inotifyd insmod ip ipaddr iplink ipneigh iproute iprule iptunnel
    klogd loadkmap logread losetup lsmod mdev mkdosfs mkfs.vfat mkswap modinfo modprobe nameif nologin pivot_root
    poweroff raidautorun reboot rmmod route setconsole slattach swapoff swapon switch_root sysctl syslogd
    tunctl udhcpc vconfig watchdog""".split())

PASSWD = """root:x:0:0:root:/root:/bin/sh
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/mail:/sbin/nologin
news:x:9:13:news:/usr/lib/news:/sbin/nologin
uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
ftp:x:21:21::/var/lib/ftp:/sbin/nologin
sshd:x:22:22:sshd:/dev/null:/sbin/nologin
games:x:35:35:games:/usr/games:/sbin/nologin
ntp:x:123:123:NTP:/var/empty:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
"""
GROUP = """root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin
adm:x:4:root,daemon
tty:x:5:
disk:x:6:root
lp:x:7:lp
kmem:x:9:
wheel:x:10:root
floppy:x:11:root
mail:x:12:mail
news:x:13:news
uucp:x:14:uucp
cron:x:16:cron
audio:x:18:
cdrom:x:19:
dialout:x:20:root
ftp:x:21:
sshd:x:22:
input:x:23:
tape:x:26:root
video:x:27:root
netdev:x:28:
kvm:x:34:kvm
games:x:35:
shadow:x:42:
www-data:x:82:
users:x:100:games
ntp:x:123:
abuild:x:300:
utmp:x:406:
ping:x:999:
nogroup:x:65533:
nobody:x:65534:
"""
PROFILE = """export CHARSET=UTF-8
export LANG=C.UTF-8
export LC_COLLATE=C

append_path() {
\tcase ":$PATH:" in
\t\t*:"$1":*) ;;
\t\t*) PATH="${PATH:+$PATH:}$1" ;;
\tesac
}

append_path "/usr/local/sbin"
append_path "/usr/local/bin"
append_path "/usr/sbin"
append_path "/usr/bin"
append_path "/sbin"
append_path "/bin"
unset -f append_path

export PATH
export PAGER=less
export PS1='\\h:\\w\\$ '
umask 022

for script in /etc/profile.d/*.sh ; do
\tif [ -r "$script" ] ; then
\t\t. "$script"
\tfi
done
unset script
"""
WORLD = "".join(f"{name}\n" for name in ("alpine-baselayout", "alpine-keys", "alpine-release", "apk-tools", "busybox",
                                          "ca-certificates-bundle", "libc-utils", "ssl_client"))


@dataclass(frozen=True)
class Release:
    version: str  # 3.20.3
    size: int
    created: str

    @property
    def branch(self) -> str:
        return "v" + ".".join(self.version.split(".")[:2])

    @property
    def os_release(self) -> str:
        return (f'NAME="Alpine Linux"\nID=alpine\nVERSION_ID={self.version}\n'
                f'PRETTY_NAME="Alpine Linux {self.branch}"\nHOME_URL="https://alpinelinux.org/"\n'
                'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n')


V3_20 = Release("3.20.3", 7_797_000, "2024-09-06T22:20:07Z")
V3_19 = Release("3.19.4", 7_379_000, "2024-09-06T22:29:47Z")
V3_18 = Release("3.18.9", 7_370_000, "2024-09-06T22:16:02Z")
TAGS = {V3_20: ("latest", "3", "3.20", "3.20.3"), V3_19: ("3.19", "3.19.4"), V3_18: ("3.18", "3.18.9")}
CONFIG = {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": ["/bin/sh"]}


def rootfs(release: Release) -> Layout:
    """The root filesystem of an Alpine image, as one layer."""
    from .debian import _epoch
    layout = Layout(_epoch(release.created))
    layout.dirs("/bin", "/dev", "/etc", "/home", "/lib", "/media/cdrom", "/media/floppy", "/media/usb", "/mnt",
                "/opt", "/proc", "/run", "/sbin", "/srv", "/sys", "/usr/bin", "/usr/lib", "/usr/local/bin",
                "/usr/local/lib", "/usr/local/share", "/usr/sbin", "/usr/share", "/var/cache/apk", "/var/cache/misc",
                "/var/empty", "/var/lib/misc", "/var/local", "/var/lock/subsys", "/var/log", "/var/mail",
                "/var/opt", "/var/spool/cron/crontabs", "/etc/apk/keys", "/etc/apk/protected_paths.d",
                "/etc/profile.d", "/etc/ssl/certs", "/lib/apk/db", "/lib/apk/exec")
    layout.dir("/root", 0o700).dir("/tmp", 0o1777).dir("/var/tmp", 0o1777)
    layout.link("/var/run", "/run").link("/var/spool/mail", "../mail")
    layout.binary("/bin/busybox", "busybox", BUSYBOX_SIZE)
    for name in APPLETS:
        if name in NOT_IN_ALPINE:
            continue
        where = "/usr/bin" if name in IN_USR_BIN else "/sbin" if name in IN_SBIN else "/bin"
        layout.link(f"{where}/{name}", "/bin/busybox")
    layout.file("/etc/alpine-release", release.version + "\n")
    layout.file("/usr/lib/os-release", release.os_release).link("/etc/os-release", "../usr/lib/os-release")
    layout.file("/etc/passwd", PASSWD).file("/etc/group", GROUP)
    layout.file("/etc/shadow", "".join(f"{line.split(':')[0]}:{'*' if i else ''}::0:::::\n"
                                       for i, line in enumerate(PASSWD.splitlines())), 0o640)
    layout.file("/etc/shells", "# valid login shells\n/bin/sh\n/bin/ash\n")
    layout.file("/etc/profile", PROFILE).file("/etc/hostname", "localhost\n")
    layout.file("/etc/issue", f"Welcome to Alpine Linux {release.branch[1:]}\nKernel \\r on an \\m (\\l)\n\n")
    layout.file("/etc/motd", "Welcome to Alpine!\n\nThe Alpine Wiki contains a large amount of how-to guides "
                             "and general\ninformation about administrating Alpine systems.\nSee "
                             "<https://wiki.alpinelinux.org/>.\n\nYou can setup the system with the command: "
                             "setup-alpine\n\nYou may change this message by editing /etc/motd.\n\n")
    layout.file("/etc/apk/repositories", f"https://dl-cdn.alpinelinux.org/alpine/{release.branch}/main\n"
                                         f"https://dl-cdn.alpinelinux.org/alpine/{release.branch}/community\n")
    layout.file("/etc/apk/arch", "x86_64\n").file("/etc/apk/world", WORLD)
    layout.link("/lib/libc.musl-x86_64.so.1", "ld-musl-x86_64.so.1")
    layout.link("/etc/ssl/cert.pem", "certs/ca-certificates.crt")
    _packages(layout, release)
    return layout


def _packages(layout: Layout, release: Release) -> None:
    """Install the base packages (scaled to add up to the image's size) and write apk's database."""
    from ..userland.programs.pkg import apkfiles
    catalog = alpine()
    names = alpine_base()
    scale = (release.size - BUSYBOX_SIZE) / sum(catalog[n].size for n in names if n != "busybox")
    db = []
    for name in names:
        pkg = catalog[name]
        if name == "musl":
            layout.bulk("/lib/ld-musl-x86_64.so.1", int(pkg.size * scale), 0o755)
            files = ["/lib/ld-musl-x86_64.so.1"]
        elif name == "busybox":
            files = ["/bin/busybox"]
        elif name == "ca-certificates-bundle":
            layout.bulk("/etc/ssl/certs/ca-certificates.crt", int(pkg.size * scale))
            files = ["/etc/ssl/certs/ca-certificates.crt"]
        else:
            files = apkfiles.install(layout, pkg, scale)
        db.append(apkfiles.stanza(pkg, files))
    layout.file(apkfiles.INSTALLED, "".join(db))
    layout.settle("/lib/ld-musl-x86_64.so.1", release.size)


class PackageLayers:
    """Layers that `apk add` packages on top of the Alpine base, each holding apk's whole database."""

    def __init__(self):
        from ..userland.programs.pkg import apkfiles
        self.world = WORLD.split()
        catalog = alpine()
        self.installed = {name: apkfiles.stanza(catalog[name], []) for name in alpine_base()}

    def layer(self, names: list[str], mtime: float, world: bool = False) -> Layout:
        from ..userland.programs.pkg import apkfiles
        catalog = alpine()
        layout = Layout(mtime)
        for name in self.closure(names):
            self.installed[name] = apkfiles.stanza(catalog[name], apkfiles.install(layout, catalog[name]))
        if world:
            self.world = sorted(set(self.world) | set(names))
        layout.file(apkfiles.INSTALLED, "".join(self.installed.values()))
        layout.file(apkfiles.WORLD, "".join(n + "\n" for n in self.world))
        return layout

    def closure(self, names: list[str]) -> list[str]:
        catalog = alpine()
        out: list[str] = []
        seen = set(self.installed)

        def visit(name: str) -> None:
            if name in seen or name not in catalog:
                return
            seen.add(name)
            for dep in catalog[name].depends:
                visit(dep)
            out.append(name)
        for name in names:
            visit(name)
        return out


def add_user(layout: Layout, name: str, uid: int, home: str, shell: str = "/bin/sh",
             gecos: str = "Linux User,,,", new_group: bool = True) -> Layout:
    """`addgroup -g UID NAME && adduser -u UID -G NAME -s SHELL -D NAME`: the account files, rewritten."""
    layout.file("/etc/passwd", PASSWD + f"{name}:x:{uid}:{uid}:{gecos}:{home}:{shell}\n")
    if new_group:
        layout.file("/etc/group", GROUP + f"{name}:x:{uid}:{name}\n")
    layout.file("/etc/shadow", "".join(f"{line.split(':')[0]}:{'*' if i else ''}::0:::::\n"
                                       for i, line in enumerate(PASSWD.splitlines())) + f"{name}:!::0:::::\n", 0o640)
    layout.dir(home, 0o2755, uid, uid)
    return layout


def base_steps(release: Release) -> list[Step]:
    """Alpine's own history, as docker-library builds it with BuildKit."""
    return [Step(f"ADD alpine-minirootfs-{release.version}-x86_64.tar.gz / # buildkit", rootfs(release).tree,
                 comment=BUILDKIT),
            Step('CMD ["/bin/sh"]', comment=BUILDKIT)]


def base_image(release: Release, repository: str, tags: tuple[str, ...]) -> BundledImage:
    return BundledImage(repository, tags, release.created, CONFIG, lambda: base_steps(release))


def image(repository: str, tag: str) -> BundledImage | None:
    for release, tags in TAGS.items():
        if tag in tags:
            return base_image(release, repository, tags)
    return None
