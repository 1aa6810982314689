"""The busybox binary itself: its banner and --list, applets by name, --help, usage errors; and
operands every applet must refuse the same way (an empty name, the root directory).

A row is (argv, files, stdin, stdout, stderr, status[, files changed]), recorded from the real
busybox.
"""
from __future__ import annotations

import pytest

from applet_harness import check_changes, row_id, run, usage

NONE: dict = {}
FILES = {"f": "x\n", "d/": None}

ROWS = [
    # ---- multicall
    (['busybox'], NONE, '',
     'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n'
     'BusyBox is copyrighted by many authors between 1998-2015.\n'
     'Licensed under GPLv2. See source distribution for detailed\n'
     'copyright notices.\n'
     '\n'
     'Usage: busybox [function [arguments]...]\n'
     '   or: busybox --list[-full]\n'
     '   or: busybox --install [-s] [DIR]\n'
     '   or: function [arguments]...\n'
     '\n'
     '\tBusyBox is a multi-call binary that combines many common Unix\n'
     '\tutilities into a single executable.  The shell in this build\n'
     '\tis configured to run built-in utilities without $PATH search.\n'
     "\tYou don't need to install a link to busybox for each utility.\n"
     '\tTo run external program, use full path (/sbin/ip instead of ip).\n'
     '\n'
     'Currently defined functions:\n'
     '\t[, [[, acpid, adjtimex, ar, arch, arp, arping, ascii, ash, awk, base64,\n'
     '\tbasename, bc, blkdiscard, blockdev, brctl, bunzip2, busybox, bzcat,\n'
     '\tbzip2, cal, cat, chgrp, chmod, chown, chroot, chvt, clear, cmp, cp,\n'
     '\tcpio, crc32, crond, crontab, cttyhack, cut, date, dc, dd, deallocvt,\n'
     '\tdepmod, devmem, df, diff, dirname, dmesg, dnsdomainname, dos2unix,\n'
     '\tdpkg, dpkg-deb, du, dumpkmap, dumpleases, echo, ed, egrep, env, expand,\n'
     '\texpr, factor, fallocate, false, fatattr, fdisk, fgrep, find, findfs,\n'
     '\tfold, free, freeramdisk, fsfreeze, fstrim, ftpget, ftpput, getopt,\n'
     '\tgetty, grep, groups, gunzip, gzip, halt, head, hexdump, hostid,\n'
     '\thostname, httpd, hwclock, i2cdetect, i2cdump, i2cget, i2cset,\n'
     '\ti2ctransfer, id, ifconfig, ifdown, ifup, init, insmod, ionice, ip,\n'
     '\tipcalc, ipneigh, kill, killall, klogd, last, less, link, linux32,\n'
     '\tlinux64, linuxrc, ln, loadfont, loadkmap, logger, login, logname,\n'
     '\tlogread, losetup, ls, lsmod, lsscsi, lzcat, lzma, lzop, md5sum, mdev,\n'
     '\tmicrocom, mim, mkdir, mkdosfs, mke2fs, mkfifo, mknod, mkpasswd, mkswap,\n'
     '\tmktemp, modinfo, modprobe, more, mount, mt, mv, nameif, nc, netstat,\n'
     '\tnl, nologin, nproc, nsenter, nslookup, nuke, od, openvt, partprobe,\n'
     '\tpasswd, paste, patch, pidof, ping, ping6, pivot_root, poweroff, printf,\n'
     '\tps, pwd, rdate, readlink, realpath, reboot, renice, reset, resume, rev,\n'
     '\trm, rmdir, rmmod, route, rpm, rpm2cpio, run-init, run-parts, sed, seq,\n'
     '\tsetkeycodes, setpriv, setsid, sh, sha1sum, sha256sum, sha3sum,\n'
     '\tsha512sum, shred, shuf, sleep, sort, ssl_client, start-stop-daemon,\n'
     '\tstat, strings, stty, su, sulogin, svc, svok, swapoff, swapon,\n'
     '\tswitch_root, sync, sysctl, syslogd, tac, tail, tar, taskset, tc, tee,\n'
     '\ttelnet, telnetd, test, tftp, time, timeout, top, touch, tr, traceroute,\n'
     '\ttraceroute6, true, truncate, ts, tty, tunctl, ubirename, udhcpc,\n'
     '\tudhcpd, uevent, umount, uname, uncompress, unexpand, uniq, unix2dos,\n'
     '\tunlink, unlzma, unshare, unxz, unzip, uptime, usleep, uudecode,\n'
     '\tuuencode, vconfig, vi, w, watch, watchdog, wc, wget, which, who,\n'
     '\twhoami, xargs, xxd, xz, xzcat, yes, zcat\n',
     '', 0),
    (['busybox', '--list'], NONE, '',
     '[\n'
     '[[\n'
     'acpid\n'
     'adjtimex\n'
     'ar\n'
     'arch\n'
     'arp\n'
     'arping\n'
     'ascii\n'
     'ash\n'
     'awk\n'
     'base64\n'
     'basename\n'
     'bc\n'
     'blkdiscard\n'
     'blockdev\n'
     'brctl\n'
     'bunzip2\n'
     'busybox\n'
     'bzcat\n'
     'bzip2\n'
     'cal\n'
     'cat\n'
     'chgrp\n'
     'chmod\n'
     'chown\n'
     'chroot\n'
     'chvt\n'
     'clear\n'
     'cmp\n'
     'cp\n'
     'cpio\n'
     'crc32\n'
     'crond\n'
     'crontab\n'
     'cttyhack\n'
     'cut\n'
     'date\n'
     'dc\n'
     'dd\n'
     'deallocvt\n'
     'depmod\n'
     'devmem\n'
     'df\n'
     'diff\n'
     'dirname\n'
     'dmesg\n'
     'dnsdomainname\n'
     'dos2unix\n'
     'dpkg\n'
     'dpkg-deb\n'
     'du\n'
     'dumpkmap\n'
     'dumpleases\n'
     'echo\n'
     'ed\n'
     'egrep\n'
     'env\n'
     'expand\n'
     'expr\n'
     'factor\n'
     'fallocate\n'
     'false\n'
     'fatattr\n'
     'fdisk\n'
     'fgrep\n'
     'find\n'
     'findfs\n'
     'fold\n'
     'free\n'
     'freeramdisk\n'
     'fsfreeze\n'
     'fstrim\n'
     'ftpget\n'
     'ftpput\n'
     'getopt\n'
     'getty\n'
     'grep\n'
     'groups\n'
     'gunzip\n'
     'gzip\n'
     'halt\n'
     'head\n'
     'hexdump\n'
     'hostid\n'
     'hostname\n'
     'httpd\n'
     'hwclock\n'
     'i2cdetect\n'
     'i2cdump\n'
     'i2cget\n'
     'i2cset\n'
     'i2ctransfer\n'
     'id\n'
     'ifconfig\n'
     'ifdown\n'
     'ifup\n'
     'init\n'
     'insmod\n'
     'ionice\n'
     'ip\n'
     'ipcalc\n'
     'ipneigh\n'
     'kill\n'
     'killall\n'
     'klogd\n'
     'last\n'
     'less\n'
     'link\n'
     'linux32\n'
     'linux64\n'
     'linuxrc\n'
     'ln\n'
     'loadfont\n'
     'loadkmap\n'
     'logger\n'
     'login\n'
     'logname\n'
     'logread\n'
     'losetup\n'
     'ls\n'
     'lsmod\n'
     'lsscsi\n'
     'lzcat\n'
     'lzma\n'
     'lzop\n'
     'md5sum\n'
     'mdev\n'
     'microcom\n'
     'mim\n'
     'mkdir\n'
     'mkdosfs\n'
     'mke2fs\n'
     'mkfifo\n'
     'mknod\n'
     'mkpasswd\n'
     'mkswap\n'
     'mktemp\n'
     'modinfo\n'
     'modprobe\n'
     'more\n'
     'mount\n'
     'mt\n'
     'mv\n'
     'nameif\n'
     'nc\n'
     'netstat\n'
     'nl\n'
     'nologin\n'
     'nproc\n'
     'nsenter\n'
     'nslookup\n'
     'nuke\n'
     'od\n'
     'openvt\n'
     'partprobe\n'
     'passwd\n'
     'paste\n'
     'patch\n'
     'pidof\n'
     'ping\n'
     'ping6\n'
     'pivot_root\n'
     'poweroff\n'
     'printf\n'
     'ps\n'
     'pwd\n'
     'rdate\n'
     'readlink\n'
     'realpath\n'
     'reboot\n'
     'renice\n'
     'reset\n'
     'resume\n'
     'rev\n'
     'rm\n'
     'rmdir\n'
     'rmmod\n'
     'route\n'
     'rpm\n'
     'rpm2cpio\n'
     'run-init\n'
     'run-parts\n'
     'sed\n'
     'seq\n'
     'setkeycodes\n'
     'setpriv\n'
     'setsid\n'
     'sh\n'
     'sha1sum\n'
     'sha256sum\n'
     'sha3sum\n'
     'sha512sum\n'
     'shred\n'
     'shuf\n'
     'sleep\n'
     'sort\n'
     'ssl_client\n'
     'start-stop-daemon\n'
     'stat\n'
     'strings\n'
     'stty\n'
     'su\n'
     'sulogin\n'
     'svc\n'
     'svok\n'
     'swapoff\n'
     'swapon\n'
     'switch_root\n'
     'sync\n'
     'sysctl\n'
     'syslogd\n'
     'tac\n'
     'tail\n'
     'tar\n'
     'taskset\n'
     'tc\n'
     'tee\n'
     'telnet\n'
     'telnetd\n'
     'test\n'
     'tftp\n'
     'time\n'
     'timeout\n'
     'top\n'
     'touch\n'
     'tr\n'
     'traceroute\n'
     'traceroute6\n'
     'true\n'
     'truncate\n'
     'ts\n'
     'tty\n'
     'tunctl\n'
     'ubirename\n'
     'udhcpc\n'
     'udhcpd\n'
     'uevent\n'
     'umount\n'
     'uname\n'
     'uncompress\n'
     'unexpand\n'
     'uniq\n'
     'unix2dos\n'
     'unlink\n'
     'unlzma\n'
     'unshare\n'
     'unxz\n'
     'unzip\n'
     'uptime\n'
     'usleep\n'
     'uudecode\n'
     'uuencode\n'
     'vconfig\n'
     'vi\n'
     'w\n'
     'watch\n'
     'watchdog\n'
     'wc\n'
     'wget\n'
     'which\n'
     'who\n'
     'whoami\n'
     'xargs\n'
     'xxd\n'
     'xz\n'
     'xzcat\n'
     'yes\n'
     'zcat\n',
     '', 0),
    (['busybox', 'nosuch'], NONE, '', '', 'nosuch: applet not found\n', 127),
    (['busybox', '--bogus'], NONE, '', '', '--bogus: applet not found\n', 127),
    (['busybox', 'ls', '-z'], NONE, '', '', "ls: invalid option -- 'z'\n" + usage('ls'), 1),
    (['busybox', 'cat', '--help'], NONE, '', '', usage('cat'), 0),
    (['[', '--help'], NONE, '', '', usage('['), 0),
    (['true', '--help'], NONE, '', '', '', 0),
    (['false', '--help'], NONE, '', '', '', 1),
    (['busybox', 'echo', 'hi'], NONE, '', 'hi\n', '', 0),
    (['cat', '--help', 'x'], NONE, '', '', "cat: unrecognized option '--help'\n" + usage('cat'), 1),
    (['busybox', '[', '1', '=', '1'], NONE, '', '', '[: missing ]\n', 2),
    # ---- an empty name is no file; the root is never removed
    (['cat', ''], FILES, '', '', "cat: can't open '': No such file or directory\n", 1),
    (['ls', ''], FILES, '', '', 'ls: : No such file or directory\n', 1),
    (['rm', ''], FILES, '', '', "rm: can't remove '': No such file or directory\n", 1),
    (['mkdir', ''], FILES, '', '', "mkdir: can't create directory '': No such file or directory\n", 1),
    (['touch', ''], FILES, '', '', 'touch: : No such file or directory\n', 1),
    (['rmdir', ''], FILES, '', '', "rmdir: '': No such file or directory\n", 1),
    (['stat', ''], FILES, '', '', "stat: can't stat '': No such file or directory\n", 1),
    (['wc', ''], FILES, '', '', 'wc: : No such file or directory\n', 1),
    (['head', ''], FILES, '', '', 'head: : No such file or directory\n', 1),
    (['chmod', '644', ''], FILES, '', '', 'chmod: : No such file or directory\n', 1),
    (['chown', 'root', ''], FILES, '', '', 'chown: : No such file or directory\n', 1),
    (['du', ''], FILES, '', '', 'du: : No such file or directory\n', 1),
    (['cp', 'f', ''], FILES, '', '', "cp: can't create '': No such file or directory\n", 1),
    (['mv', 'f', ''], FILES, '', '', "mv: can't rename 'f': No such file or directory\n", 1),
    (['ln', '-s', 'f', ''], FILES, '', '', 'ln: : No such file or directory\n', 1),
    (['tail', ''], FILES, '', '', "tail: can't open '': No such file or directory\ntail: no files\n", 1),
    (['grep', 'x', ''], FILES, '', '', 'grep: : No such file or directory\n', 2),
    (['sed', '-i', 'p', ''], FILES, '', '', 'sed: : No such file or directory\n', 1),
    (['tee', ''], FILES, '', '', 'tee: : No such file or directory\n', 1),
    (['gzip', ''], FILES, '', '', 'gzip: : No such file or directory\n', 1),
    (['tar', '-cf', 'x.tar', ''], FILES, '',
     '',
     'tar: : No such file or directory\n'
     'tar: error exit delayed from previous errors\n', 1,
     {'x.tar': '\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'}),
    (['readlink', ''], FILES, '', '', '', 1),
    (['realpath', ''], FILES, '', '', 'realpath: : No such file or directory\n', 1),
    (['unlink', ''], FILES, '', '', "unlink: can't remove file '': No such file or directory\n", 1),
    (['md5sum', ''], FILES, '', '', "md5sum: can't open '': No such file or directory\n", 1),
    (['gunzip', ''], FILES, '', '', 'gunzip: : No such file or directory\n', 1),
    (['cp', '-r', 'd', ''], FILES, '', '', "cp: can't create directory '': No such file or directory\n", 1),
    (['date', '-r', ''], FILES, '', '', "date: can't stat '': No such file or directory\n", 1),
    (['sort', '-o', ''], FILES, '', '', "sort: can't open '': No such file or directory\n", 2),
    (['uniq', 'f', ''], FILES, '', '', "uniq: can't open '': No such file or directory\n", 1),
    (['rmdir', '/'], FILES, '', '', "rmdir: '/': Device or resource busy\n", 1),
    (['mv', '/', '/tmp/x'], FILES, '', '', "mv: can't rename '/': Device or resource busy\n", 1),
    (['ln', '-f', '/', '/'], FILES, '', '', 'ln: /: File exists\n', 1),
    (['ln', '-sfT', 'f', 'd'], FILES, '', '', "ln: 'd' is a directory\n", 1),
    (['date', '-D', '%Y%m%d', '-d', '20200102', '+%F'], FILES, '', '2020-01-02\n', '', 0),
    (['date', '-D', '%s', '-d', '0'], FILES, '', 'Thu Jan  1 00:00:00 UTC 1970\n', '', 0),
    (['date', '-D', '%Y', '-d', 'xx'], FILES, '', '', "date: invalid date 'xx'\n", 1),
    (['xxd', '-c', '0'], FILES, 'abc\n', '00000000: 6162 630a                                abc.\n', '', 0),
    (['xxd', '-p', '-c', '0'], FILES, 'abc\n', '6162630a\n', '', 0),
    (['xxd', '-g', '0'], FILES, 'abc\n', '00000000: 6162630a                          abc.\n', '', 0),
]


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_multicall_as_busybox_does(row):
    argv, files, stdin, out, err, status, *changes = row
    result = run(argv, files, stdin)
    assert (result.output(out), result.err, result.status) == (out, err, status)
    if changes:
        check_changes(result.fs, changes[0])
