"""tar, gzip, gunzip and zcat: real archive formats, over bytes read from and written to the
container's filesystem.

Python's tarfile reads and writes the archive in memory; every file it describes is created
through RootFS, under the extraction directory, so no member can land outside the container:
a leading `/` and everything up to a `../` are removed from member names, as busybox does, and a
symlink in the archive is resolved inside the container like any other.
"""
from __future__ import annotations

import io
import stat as st
import struct
import tarfile
import time
import zlib

from ...process import Process
from . import accounts
from .common import Fatal, error, perror, read_operand, read_stdin, strerror
from .fsinfo import mode_string, utc
from .numbers import parse_int
from .options import UsageError, parse

GZIP_MAGIC = b"\x1f\x8b"
OS_UNIX = 3


# ---------------------------------------------------------------- gzip format
def gzip_bytes(data: bytes, level: int = 6) -> bytes:
    """A gzip member as busybox writes one: no file name, no time stamp, the Unix OS byte."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = packer.compress(data) + packer.flush()
    header = GZIP_MAGIC + bytes([8, 0]) + struct.pack("<I", 0) + bytes([0, OS_UNIX])
    return header + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def gunzip_bytes(data: bytes) -> bytes:
    """Every gzip member of `data`, decompressed; Fatal with busybox's wording when it is not gzip."""
    if not data.startswith(GZIP_MAGIC):
        raise Fatal("invalid magic")
    out = []
    while data.startswith(GZIP_MAGIC):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out.append(inflater.decompress(data) + inflater.flush())
        except zlib.error:
            raise Fatal("corrupted data") from None
        if not inflater.eof:
            raise Fatal("unexpected end of file")
        data = inflater.unused_data
    return b"".join(out)


# ---------------------------------------------------------------- gzip, gunzip, zcat
def gzip(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "cfkdtqv123456789n", {"stdout": "c", "force": "f", "keep": "k",
                                                              "decompress": "d", "test": "t"})
    if "d" in opts or "t" in opts:
        return _decompress_files(proc, opts, files)
    level = int(opts.last_of(*"123456789") or 6)
    if not files:
        proc.out(gzip_bytes(read_stdin(proc), level))
        return 0
    status = 0
    for name in files:
        try:
            path = proc.abspath(name)
            s = proc.fs.stat(path)
            # a directory reads as empty: busybox writes an empty DIR.gz, then cannot remove DIR
            data = b"" if st.S_ISDIR(s.st_mode) else proc.fs.read_bytes(path)
        except OSError as e:
            perror(proc, name, e)
            status = 1
            continue
        packed = gzip_bytes(data, level)
        if "c" in opts:
            proc.out(packed)
            continue
        try:
            if not _replace(proc, name, name + ".gz", packed, s, opts):
                status = 1
        except OSError as e:
            error(proc, f"can't remove file '{name}': {strerror(e)}")
            status = 1
    return status


def _replace(proc: Process, old: str, new: str, data: bytes, s, opts) -> bool:
    """Write `new` (refusing to overwrite without -f), then remove `old` unless -k."""
    new_path = proc.abspath(new)
    if proc.fs.exists(new_path, follow=False) and "f" not in opts:
        error(proc, f"can't open '{new}': File exists")
        return False
    proc.fs.write_bytes(new_path, data, mode=s.st_mode & 0o7777, uid=s.st_uid, gid=s.st_gid)
    proc.fs.chmod(new_path, s.st_mode & 0o7777)
    proc.fs.utime(new_path, s.st_mtime)
    if "k" not in opts:
        old_path = proc.abspath(old)
        if proc.fs.is_dir(old_path):
            raise IsADirectoryError(21, "Is a directory", old)
        proc.fs.unlink(old_path)
    return True


def gunzip(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "cfkdtvqn", {"stdout": "c", "force": "f", "keep": "k", "test": "t"})
    return _decompress_files(proc, opts, files)


def zcat(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "fqv")
    opts.seen.append(("c", None))
    return _decompress_files(proc, opts, files)


def _decompress_files(proc: Process, opts, files: list[str]) -> int:
    status = 0
    for name in files or ["-"]:
        to_stdout = "c" in opts or name == "-"
        try:
            data = read_operand(proc, name)
        except OSError as e:
            perror(proc, name, e)
            status = 1
            continue
        if not to_stdout and "t" not in opts and not name.endswith((".gz", ".tgz")):
            error(proc, f"{name}: unknown suffix - ignored")
            status = 1
            continue
        try:
            plain = gunzip_bytes(data)
        except Fatal as e:
            error(proc, e.message)
            status = 1
            continue
        if "t" in opts:
            continue
        if to_stdout:
            proc.out(plain)
            continue
        target = name[:-3] if name.endswith(".gz") else name[:-4] + ".tar"
        if not _replace(proc, name, target, plain, proc.fs.stat(proc.abspath(name)), opts):
            status = 1
    return status


# ---------------------------------------------------------------- tar
TAR_SPEC = "cxtzZjJahmvokOf:C:T:X:"
TAR_LONG = {"overwrite": "overwrite", "strip-components=": "strip", "no-recursion": "no-recursion",
            "numeric-owner": "numeric-owner", "no-same-permissions": "no-same-permissions",
            "to-command=": "to-command", "directory=": "C", "file=": "f", "verbose": "v",
            "extract": "x", "create": "c", "list": "t", "gzip": "z", "gunzip": "z"}


def _old_style(args: list[str]) -> list[str]:
    """`tar cvf x.tar d`: a first argument without a dash is a bundle of options."""
    if args and not args[0].startswith("-"):
        return ["-" + args[0]] + args[1:]
    return args


def tar(proc: Process) -> int:
    opts, names = parse(_old_style(proc.argv[1:]), TAR_SPEC, TAR_LONG)
    modes = [m for m in "cxt" if m in opts]
    if len(modes) != 1:
        raise UsageError()
    mode = modes[0]
    compressed = "z" in opts
    archive = opts.value("f", "-")
    if mode == "c":
        return Creator(proc, opts, archive).run(names, compressed)
    try:
        data = read_operand(proc, archive)
    except OSError as e:
        raise Fatal(f"can't open '{archive}': {strerror(e)}") from None
    if compressed:
        data = gunzip_bytes(data)
    return Extractor(proc, opts, names, list_only=mode == "t").run(data)


def _strip_unsafe(name: str, warned: set[str], proc: Process) -> str:
    """Busybox's rule for member names: drop leading slashes and everything up to a `../`
    (saying so once per archive)."""
    stripped = name.lstrip("/")
    prefix = "/" if stripped != name else ""
    if stripped.startswith("../") or "/../" in stripped:
        prefix = "../"
        stripped = stripped[stripped.rfind("../") + 3:]
    elif stripped == "..":
        prefix, stripped = "../", ""
    if prefix and not warned:
        warned.add(prefix)
        error(proc, f"removing leading '{prefix}' from member names")
    return stripped


class Extractor:
    """tar -x and -t."""

    def __init__(self, proc: Process, opts, wanted: list[str], list_only: bool):
        self.proc = proc
        self.opts = opts
        self.wanted = {w.rstrip("/"): False for w in wanted}
        self.list_only = list_only
        self.warned: set[str] = set()
        self.strip = parse_int(opts.value("strip")) if "strip" in opts else 0
        self.base = proc.abspath(opts.value("C")) if "C" in opts else proc.cwd
        self.names = accounts.NameCache(proc)

    def run(self, data: bytes) -> int:
        proc = self.proc
        if "C" in self.opts and not proc.fs.is_dir(self.base):
            raise Fatal(f"can't change directory to '{self.opts.value('C')}': No such file or directory")
        if len(data) < 512:
            raise Fatal("short read")
        try:
            archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:")
            members = archive.getmembers()
        except tarfile.TarError:
            raise Fatal("invalid tar magic") from None
        status = 0
        for member in members:
            proc.signals.check()
            name = _strip_unsafe(member.name, self.warned, proc)
            if self.strip:
                name = "/".join(name.split("/")[self.strip:])
            if not name:
                continue
            if self.wanted and not self._selected(name):
                continue
            if member.isdir():
                name = name.rstrip("/") + "/"  # tarfile drops the slash a directory's name is stored with
            if self.list_only:
                proc.out(self._listing(member, name) if "v" in self.opts else name + "\n")
                continue
            if "v" in self.opts:
                proc.out(name + "\n")
            if "O" in self.opts:
                if member.isfile():
                    proc.out(archive.extractfile(member).read())
                continue
            if not self._extract(archive, member, name):
                status = 1
        for want, found in self.wanted.items():
            if not found:
                error(proc, f"{want}: not found in archive")
                status = 1
        return status

    def _selected(self, name: str) -> bool:
        for want in self.wanted:
            if name.rstrip("/") == want or name.startswith(want + "/"):
                self.wanted[want] = True
                return True
        return False

    def _listing(self, member: tarfile.TarInfo, name: str) -> str:
        kind = {tarfile.DIRTYPE: st.S_IFDIR, tarfile.SYMTYPE: st.S_IFLNK, tarfile.CHRTYPE: st.S_IFCHR,
                tarfile.BLKTYPE: st.S_IFBLK, tarfile.FIFOTYPE: st.S_IFIFO}.get(member.type, st.S_IFREG)
        if "numeric-owner" in self.opts:
            owner = f"{member.uid}/{member.gid}"
        else:
            owner = f"{member.uname or member.uid}/{member.gname or member.gid}"
        t = utc(member.mtime)
        line = (f"{mode_string(kind | member.mode)} {owner} {member.size if member.isfile() else 0:9d} "
                f"{time.strftime('%Y-%m-%d %H:%M:%S', t)} {name}")
        if member.issym() or member.islnk():
            line += f" -> {member.linkname}"
        return line + "\n"

    def _extract(self, archive: tarfile.TarFile, member: tarfile.TarInfo, name: str) -> bool:
        proc, fs = self.proc, self.proc.fs
        path = f"{self.base.rstrip('/')}/{name.rstrip('/')}"
        try:
            parent = path.rsplit("/", 1)[0] or "/"
            if not fs.exists(parent):
                fs.mkdir(parent, 0o755, proc.uid, proc.gid, parents=True)
            exists = fs.exists(path, follow=False)
            if member.isdir():
                if not fs.is_dir(path):
                    fs.mkdir(path, member.mode & 0o7777, proc.uid, proc.gid)
                fs.chmod(path, member.mode & 0o7777)
            else:
                if exists:
                    if "k" in self.opts:
                        return True
                    if not fs.is_dir(path) or st.S_ISLNK(fs.lstat(path).st_mode):
                        fs.unlink(path)
                if member.issym():
                    fs.symlink(member.linkname, path, proc.uid, proc.gid)
                    return True
                if member.islnk():
                    target = _strip_unsafe(member.linkname, self.warned, proc)
                    content = fs.read_bytes(f"{self.base.rstrip('/')}/{target}")
                elif member.isfile():
                    content = archive.extractfile(member).read()
                else:
                    fs.mknod(path, member.mode | {tarfile.CHRTYPE: st.S_IFCHR, tarfile.BLKTYPE: st.S_IFBLK}.get(
                        member.type, st.S_IFIFO), (member.devmajor, member.devminor))
                    return True
                fs.write_bytes(path, content, mode=member.mode & 0o7777, uid=proc.uid, gid=proc.gid)
                fs.chmod(path, member.mode & 0o7777)
            if "m" not in self.opts:
                fs.utime(path, float(member.mtime))
            if proc.uid == 0 and "o" not in self.opts:
                fs.chown(path, *self._owner(member), follow=False)
        except OSError as e:
            error(proc, f"can't create '{name}': {strerror(e)}" if not member.isdir() else
                  f"can't make dir {name}: {strerror(e)}")
            return False
        return True

    def _owner(self, member: tarfile.TarInfo) -> tuple[int, int]:
        """The archive's owner names if the container knows them (and not --numeric-owner), else its ids."""
        uid, gid = member.uid, member.gid
        if "numeric-owner" not in self.opts:
            user = accounts.user_by_name(self.proc, member.uname) if member.uname else None
            group = accounts.group_by_name(self.proc, member.gname) if member.gname else None
            uid = user.uid if user else uid
            gid = group.gid if group else gid
        return uid, gid


class Creator:
    """tar -c."""

    def __init__(self, proc: Process, opts, archive: str):
        self.proc = proc
        self.opts = opts
        self.archive = archive
        self.base = proc.abspath(opts.value("C")) if "C" in opts else proc.cwd
        self.names = accounts.NameCache(proc)
        self.warned: set[str] = set()
        self.failed = False
        # where -v lists: stderr when the archive itself goes to stdout
        self.say = proc.err if archive == "-" else proc.out
        self.archive_real: str | None = None

    def _real(self, path: str) -> str | None:
        try:
            return self.proc.fs.realpath(path)
        except OSError:
            return None

    def run(self, names: list[str], compressed: bool) -> int:
        proc = self.proc
        if not names:
            raise Fatal("empty archive")
        if self.archive != "-":  # the archive exists from the start, so the walk can recognise it
            proc.fs.write_bytes(proc.abspath(self.archive), b"", uid=proc.uid, gid=proc.gid)
            self.archive_real = self._real(proc.abspath(self.archive))
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:", format=tarfile.GNU_FORMAT) as out:
            for name in names:
                self._add(out, name, top=True)
            end = out.offset
        # busybox ends the archive with its two zero blocks; it does not pad to a 10 KiB record
        data = buffer.getvalue()[:end + 2 * tarfile.BLOCKSIZE]
        if compressed:
            data = gzip_bytes(data)
        if self.archive == "-":
            proc.out(data)
        else:
            proc.fs.write_bytes(proc.abspath(self.archive), data, uid=proc.uid, gid=proc.gid)
        if self.failed:
            error(proc, "error exit delayed from previous errors")
            return 1
        return 0

    def _add(self, out: tarfile.TarFile, name: str, top: bool = False) -> None:
        proc, fs = self.proc, self.proc.fs
        path = name if name.startswith("/") else f"{self.base.rstrip('/')}/{name}"
        try:
            if not name:
                raise FileNotFoundError(2, "", name)  # an empty name names no file
            s = fs.stat(path) if "h" in self.opts else fs.lstat(path)
        except OSError as e:
            perror(proc, name, e)
            self.failed = True
            return
        if self.archive_real is not None and self._real(path) == self.archive_real:
            error(proc, f"{name}: file is the archive; skipping")
            return
        member_name = _strip_unsafe(name, self.warned, proc) if top else name.lstrip("/")
        info = tarfile.TarInfo(member_name)
        info.mode = s.st_mode & 0o7777
        info.uid, info.gid = s.st_uid, s.st_gid
        info.uname = self.names.user(s.st_uid) or ""
        info.gname = self.names.group(s.st_gid) or ""
        info.mtime = int(s.st_mtime)
        content = None
        if st.S_ISDIR(s.st_mode):
            info.type = tarfile.DIRTYPE
            info.name = member_name.rstrip("/") + "/"
        elif st.S_ISLNK(s.st_mode):
            info.type = tarfile.SYMTYPE
            info.linkname = fs.readlink(path)
        elif st.S_ISREG(s.st_mode):
            content = fs.read_bytes(path)
            info.size = len(content)
        elif st.S_ISCHR(s.st_mode) or st.S_ISBLK(s.st_mode):
            info.type = tarfile.CHRTYPE if st.S_ISCHR(s.st_mode) else tarfile.BLKTYPE
            info.devmajor, info.devminor = s.st_rdev
        else:
            info.type = tarfile.FIFOTYPE
        if "v" in self.opts:
            self.say(info.name + "\n")
        out.addfile(info, io.BytesIO(content) if content is not None else None)
        if st.S_ISDIR(s.st_mode) and "no-recursion" not in self.opts:
            for child in fs.listdir(path):
                self._add(out, f"{name.rstrip('/')}/{child}")
