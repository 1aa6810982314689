"""Every applet dockyard implements: name -> "module:function" inside this package.

Modules are imported when an applet first runs, so `echo` never loads tar or awk. An applet the
image links but this table lacks answers `applet not supported in dockyard yet`.
"""
from __future__ import annotations

APPLETS: dict[str, str] = {
    # the shell, and the builtins it shares with the applets
    "sh": "shell:sh", "ash": "shell:sh",
    "echo": "shell:echo", "printf": "shell:printf",
    "test": "shell:test", "[": "shell:test", "[[": "shell:test",
    "true": "shell:true", "false": "shell:false",
    # text
    "cat": "textutils:cat", "tac": "textutils:tac", "rev": "textutils:rev", "nl": "textutils:nl",
    "tee": "textutils:tee", "yes": "textutils:yes", "paste": "textutils:paste", "fold": "textutils:fold",
    "wc": "textutils:wc", "uniq": "textutils:uniq", "seq": "textutils:seq",
    "head": "headtail:head", "tail": "headtail:tail",
    "cut": "cut:cut", "tr": "tr:tr", "sort": "sort:sort", "expr": "expr:expr",
    "grep": "grep:grep", "egrep": "grep:grep", "fgrep": "grep:grep",
    "sed": "sed:sed", "awk": "awk:awk", "xargs": "xargs:xargs",
    # bytes: checksums, encodings, dumps, archives
    "md5sum": "digest:checksum", "sha1sum": "digest:checksum", "sha256sum": "digest:checksum",
    "sha512sum": "digest:checksum", "sha3sum": "digest:checksum", "base64": "digest:base64",
    "od": "dump:od", "hexdump": "dump:hexdump", "xxd": "dump:xxd",
    "tar": "archive:tar", "gzip": "archive:gzip", "gunzip": "archive:gunzip", "zcat": "archive:zcat",
    # files
    "ls": "ls:ls", "find": "find:find",
    "mkdir": "fileutils:mkdir", "rmdir": "fileutils:rmdir", "rm": "fileutils:rm", "unlink": "fileutils:unlink",
    "touch": "fileutils:touch", "ln": "fileutils:ln", "pwd": "fileutils:pwd",
    "basename": "fileutils:basename", "dirname": "fileutils:dirname",
    "readlink": "fileutils:readlink", "realpath": "fileutils:realpath", "mktemp": "fileutils:mktemp",
    "cp": "copy:cp", "mv": "copy:mv",
    "chmod": "perms:chmod", "chown": "perms:chown", "chgrp": "perms:chgrp",
    "du": "diskinfo:du", "df": "diskinfo:df", "stat": "diskinfo:stat", "mount": "diskinfo:mount",
    # the process and its machine
    "env": "sysutils:env", "id": "sysutils:id", "whoami": "sysutils:whoami", "groups": "sysutils:groups",
    "logname": "sysutils:logname", "tty": "sysutils:tty", "hostname": "sysutils:hostname",
    "uname": "sysutils:uname", "arch": "sysutils:arch", "nproc": "sysutils:nproc", "uptime": "sysutils:uptime",
    "sleep": "sysutils:sleep", "usleep": "sysutils:usleep", "date": "sysutils:date",
    "which": "sysutils:which", "kill": "sysutils:kill",
    "ps": "procinfo:ps", "top": "procinfo:top", "free": "procinfo:free",
}

# the web server and HTTP client live with the engine's other servers and clients
from ..servers import BUSYBOX_APPLETS  # noqa: E402

APPLETS.update(BUSYBOX_APPLETS)
