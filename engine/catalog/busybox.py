"""The `busybox` image: the official image's layout, with our simulated multi-call binary.

It mirrors the image the reference transcripts were recorded with (Debian's busybox-static 1.35
imported with `CMD ["sh"]`): `/bin/busybox` plus one symlink per applet, `/etc/passwd` with root and
nobody, empty `/home /root /tmp /var/www`. The applet list is that binary's `busybox --list`.
"""
from __future__ import annotations

from ..layer.tree import Dir, File, S_IFDIR, Symlink, Writer
from ..userland.exec import make_binary

VERSION = "1.35.0"
BINARY_SIZE = 1982256  # the size of Debian's busybox-static 1.35 binary

APPLETS = """
    [ [[ acpid adjtimex ar arch arp arping ascii ash awk base64 basename bc blkdiscard blockdev brctl bunzip2
    bzcat bzip2 cal cat chgrp chmod chown chroot chvt clear cmp cp cpio crc32 crond crontab cttyhack cut date
    dc dd deallocvt depmod devmem df diff dirname dmesg dnsdomainname dos2unix dpkg dpkg-deb du dumpkmap
    dumpleases echo ed egrep env expand expr factor fallocate false fatattr fdisk fgrep find findfs fold free
    freeramdisk fsfreeze fstrim ftpget ftpput getopt getty grep groups gunzip gzip halt head hexdump hostid
    hostname httpd hwclock i2cdetect i2cdump i2cget i2cset i2ctransfer id ifconfig ifdown ifup init insmod
    ionice ip ipcalc ipneigh kill killall klogd last less link linux32 linux64 linuxrc ln loadfont loadkmap
    logger login logname logread losetup ls lsmod lsscsi lzcat lzma lzop md5sum mdev microcom mim mkdir mkdosfs
    mke2fs mkfifo mknod mkpasswd mkswap mktemp modinfo modprobe more mount mt mv nameif nc netstat nl nologin
    nproc nsenter nslookup nuke od openvt partprobe passwd paste patch pidof ping ping6 pivot_root poweroff
    printf ps pwd rdate readlink realpath reboot renice reset resume rev rm rmdir rmmod route rpm rpm2cpio
    run-init run-parts sed seq setkeycodes setpriv setsid sh sha1sum sha256sum sha3sum sha512sum shred shuf
    sleep sort ssl_client start-stop-daemon stat strings stty su sulogin svc svok swapoff swapon switch_root
    sync sysctl syslogd tac tail tar taskset tc tee telnet telnetd test tftp time timeout top touch tr
    traceroute traceroute6 true truncate ts tty tunctl ubirename udhcpc udhcpd uevent umount uname uncompress
    unexpand uniq unix2dos unlink unlzma unshare unxz unzip uptime usleep uudecode uuencode vconfig vi w watch
    watchdog wc wget which who whoami xargs xxd xz xzcat yes zcat
""".split()

PASSWD = b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n"
GROUP = b"root:x:0:\nnobody:x:65534:\n"
# No Env: Docker itself gives every container and build step the default PATH when the image sets none.
CONFIG = {
    "Cmd": ["sh"],
}


CREATED = "2024-09-26T21:31:42Z"
TAGS = ("latest", VERSION, "1.35", "1")


def image(repository: str, tag: str):
    """The catalog entry: one layer (the tree below) and `CMD ["sh"]`."""
    from . import BundledImage, Step
    if tag not in TAGS:
        return None
    # as on the machines the course's transcripts were recorded on: Debian's busybox-static imported
    # with `docker import --change 'CMD ["sh"]'` — one layer, and the history an import writes
    return BundledImage(repository, TAGS, CREATED, CONFIG, lambda: [
        Step("", tree(mtime=1727386302.0), comment="Imported from -")])


def tree(mtime: float = 0.0) -> Dir:
    """The image's filesystem, built fresh (callers cache it)."""
    w = Writer(Dir(mtime=mtime))
    for d in ("bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var", "var/www"):
        perm = 0o1777 if d == "tmp" else (0o700 if d == "root" else 0o755)
        w.set(d.split("/"), Dir(S_IFDIR | perm, mtime=mtime))
    w.set(["bin", "busybox"], make_binary("busybox", BINARY_SIZE, mtime=mtime))
    for name in APPLETS:
        w.set(["bin", name], Symlink("busybox", mtime=mtime))
    w.set(["etc", "passwd"], File(PASSWD, mtime=mtime))
    w.set(["etc", "group"], File(GROUP, mtime=mtime))
    return w.root
