"""docker cp (docker/cli cli/command/container/cp.go) and the copy rules of moby's pkg/archive/copy.go.

Which directory a copy lands in, and under which name, is decided by the client, not the engine:
the client stats the destination, then renames the archive's entries ("rebases" them) so that
extracting it into the destination's parent gives `cp`'s meaning —

    destination is a directory          the source goes inside it (`dir/.` puts only its contents)
    destination is a file               a file source replaces it; a directory is refused
    destination does not exist          the source takes the destination's name, in its parent;
                                        `dest/` (a directory asserted) with a file is refused

The engine only extracts a tar into a directory that exists (PUT /containers/{id}/archive) and
sends one back (GET), named by the base name of the path asked for.
"""
from __future__ import annotations

import base64
import io
import json
import os
import posixpath
import stat as st
import sys
import tarfile
from dataclasses import dataclass

from ..context import Cli, CliError
from .streams import write_bytes

GO_MODE_DIR = 1 << 31  # Go's fs.ModeDir, as the engine's path stat carries it
GO_MODE_SYMLINK = 1 << 27
GO_MODE_TYPE = GO_MODE_DIR | GO_MODE_SYMLINK | (1 << 26) | (1 << 25) | (1 << 24) | (1 << 23) | (1 << 21) | (1 << 19)

NO_SUCH_DIRECTORY = "no such directory"  # archive.ErrDirNotExists
CANNOT_COPY_DIRECTORY = "cannot copy directory"  # archive.ErrCannotCopyDir
NOT_A_DIRECTORY = "not a directory"  # archive.ErrNotDirectory


@dataclass
class CopyInfo:
    """archive.CopyInfo: a path and what is known of it."""
    path: str
    exists: bool = False
    is_dir: bool = False
    rebase_name: str = ""


def cp(cli: Cli, inv) -> int:
    source, destination = inv.args
    if source == "":
        raise CliError("source can not be empty", 1)
    if destination == "":
        raise CliError("destination can not be empty", 1)
    src_ctr, src_path = split_cp_arg(source)
    dst_ctr, dst_path = split_cp_arg(destination)
    follow, archive = bool(inv.opts.get("follow-link")), bool(inv.opts.get("archive"))
    if src_ctr and dst_ctr:
        raise CliError("copying between containers is not supported", 1)
    if src_ctr:
        return _copy_from_container(cli, src_ctr, src_path, dst_path, follow)
    if dst_ctr:
        return _copy_to_container(cli, src_path, dst_ctr, dst_path, follow, archive)
    raise CliError("must specify at least one container source", 1)


def split_cp_arg(arg: str) -> tuple[str, str]:
    """`ctr:path` or a local path: an absolute path, or one whose part before ':' starts with '.', is local."""
    if arg.startswith("/"):
        return "", arg
    ctr, sep, path = arg.partition(":")
    if not sep or ctr.startswith("."):
        return "", arg
    return ctr, path


# --------------------------------------------------------------------------------------------- path rules
def has_trailing_separator(path: str) -> bool:
    return path.endswith("/")


def specifies_current_dir(path: str) -> bool:
    return posixpath.basename(path) == "."


def asserts_directory(path: str) -> bool:
    """`dir/` and `dir/.` say the path must be a directory."""
    return has_trailing_separator(path) or specifies_current_dir(path)


def split_dir_entry(path: str) -> tuple[str, str]:
    """archive.SplitPathDirEntry: the parent and the entry, keeping a trailing `/.` as the entry '.'."""
    cleaned = posixpath.normpath(path)
    if specifies_current_dir(path):
        cleaned += "/."
    return posixpath.dirname(cleaned), posixpath.basename(cleaned)


def preserve_trailing(cleaned: str, original: str) -> str:
    """archive.PreserveTrailingDotOrSeparator: what Clean took away from `dir/.` or `dir/`, back again."""
    if specifies_current_dir(original) and not specifies_current_dir(cleaned):
        if not has_trailing_separator(cleaned):
            cleaned += "/"
        cleaned += "."
    if has_trailing_separator(original) and not has_trailing_separator(cleaned):
        cleaned += "/"
    return cleaned


def resolve_local_path(path: str) -> str:
    return preserve_trailing(os.path.abspath(path), path)


def rebase_name(path: str, resolved: str) -> tuple[str, str]:
    """archive.GetRebaseName: the resolved path with the original's trailing `/.` or `/`, and the
    name the archive's entries must take when following a link changed the last element."""
    if specifies_current_dir(path) and not specifies_current_dir(resolved):
        resolved += "/."
    if has_trailing_separator(path) and not has_trailing_separator(resolved):
        resolved += "/"
    name = posixpath.basename(path) if posixpath.basename(path) != posixpath.basename(resolved) else ""
    return resolved, name


def prepare_archive_copy(archive: bytes, src: CopyInfo, dst: CopyInfo) -> tuple[str, bytes]:
    """archive.PrepareArchiveCopy: the directory to extract into, and the archive renamed to fit."""
    dst_dir, dst_base = split_dir_entry(dst.path)
    _, src_base = split_dir_entry(src.path)
    if src.rebase_name:
        src_base = src.rebase_name
    if dst.exists and dst.is_dir:
        return dst.path, archive
    if dst.exists and src.is_dir:
        raise CliError(CANNOT_COPY_DIRECTORY, 1)
    if not dst.exists and not src.is_dir and asserts_directory(dst.path):
        raise CliError(NO_SUCH_DIRECTORY, 1)
    return dst_dir, rebase_entries(archive, src_base, dst_base)


def rebase_entries(archive: bytes, old_base: str, new_base: str) -> bytes:
    """archive.RebaseArchiveEntries: entries named `old_base[/...]` are renamed `new_base[/...]`."""
    out = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(archive)) as src, \
            tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as dst:
        for member in src:
            name = member.name
            if name == old_base or name.startswith(old_base + "/"):
                member.name = new_base + name[len(old_base):]
            if member.islnk() and (member.linkname == old_base or member.linkname.startswith(old_base + "/")):
                member.linkname = new_base + member.linkname[len(old_base):]
            dst.addfile(member, src.extractfile(member) if member.isreg() else None)
    return out.getvalue()


# --------------------------------------------------------------------------------------- into a container
def _copy_to_container(cli: Cli, src_path: str, ctr: str, dst_path: str, follow: bool, archive: bool) -> int:
    if src_path != "-":
        src_path = resolve_local_path(src_path)
    dst = CopyInfo(dst_path)
    stat = _stat_path(cli, ctr, dst_path)
    if stat is not None and stat.get("mode", 0) & GO_MODE_SYMLINK:
        target = stat.get("linkTarget") or ""
        if not target.startswith("/"):
            target = posixpath.join(split_dir_entry(dst_path)[0], target)
        dst.path = target
        stat = _stat_path(cli, ctr, target)
        if stat is not None and not _dir_or_regular(stat["mode"]):
            raise CliError(f'destination "{ctr}:{dst_path}" must be a directory or a regular file', 1)
    # A failed stat is not an error: the destination may not exist while its parent does.
    if stat is not None:
        dst.exists, dst.is_dir = True, bool(stat.get("mode", 0) & GO_MODE_DIR)

    if src_path == "-":
        if not dst.is_dir:
            raise CliError(f'destination "{ctr}:{dst_path}" must be a directory', 1)
        content, target_dir = _read_stdin(cli), dst.path
    else:
        src = copy_info_source_path(src_path, follow)
        content = tar_resource(src)
        # (docker may also log that its tar writer lost its reader: it races, so it is left out)
        target_dir, content = prepare_archive_copy(content, src, dst)
    api = cli.api
    params = {"path": target_dir, "noOverwriteDirNonDir": "true"}
    if archive:
        params["copyUIDGID"] = "true"
    res = api._put(api._url("/containers/{0}/archive", ctr), params=params, data=content)
    api._raise_for_status(res)
    return 0


def copy_info_source_path(path: str, follow: bool) -> CopyInfo:
    """archive.CopyInfoSourcePath: links in the parent are resolved; the last element only with -L."""
    if follow:
        resolved, name = rebase_name(path, _eval_symlinks(path))
    else:
        parent, base = posixpath.split(path)
        resolved = _eval_symlinks(parent or ".").rstrip("/") + "/" + base
        name = posixpath.basename(path) if (has_trailing_separator(path) and
                                            posixpath.basename(path) != posixpath.basename(resolved)) else ""
    try:
        info = os.lstat(resolved)
    except OSError as e:
        raise CliError(f"lstat {resolved}: {_strerror(e)}", 1) from None
    return CopyInfo(resolved, True, st.S_ISDIR(info.st_mode), name)


def _eval_symlinks(path: str) -> str:
    """Go's filepath.EvalSymlinks: every link resolved; a missing element is lstat's error."""
    cleaned = posixpath.normpath(path)
    probe = cleaned
    while True:
        try:
            os.lstat(probe)
            break
        except OSError as e:
            parent = posixpath.dirname(probe)
            if parent == probe or os.path.exists(parent):
                raise CliError(f"lstat {probe}: {_strerror(e)}", 1) from None
            probe = parent
    return os.path.realpath(cleaned)


def tar_resource(src: CopyInfo) -> bytes:
    """archive.TarResource: the source named by its base name (`.` for `dir/.`), the directory itself included."""
    source_dir, base = split_dir_entry(src.path)
    walk_root = posixpath.join(source_dir, base)
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for path, name in _walk(walk_root, base):
            if src.rebase_name and (name == base or name.startswith(base + "/")):
                name = src.rebase_name + name[len(base):]
            tf.add(path, arcname=name, recursive=False)
    return out.getvalue()


def _walk(root: str, name: str):
    """(host path, entry name) in lexical order, as Go's filepath.WalkDir visits them."""
    yield root, name
    if os.path.isdir(root) and not os.path.islink(root):
        for entry in sorted(os.listdir(root)):
            yield from _walk(posixpath.join(root, entry), f"{name}/{entry}")


def _read_stdin(cli: Cli) -> bytes:
    stream = cli.stdin if cli.stdin is not None else sys.stdin
    return getattr(stream, "buffer", stream).read()


# -------------------------------------------------------------------------------------- out of a container
def _copy_from_container(cli: Cli, ctr: str, src_path: str, dst_path: str, follow: bool) -> int:
    if dst_path != "-":
        dst_path = resolve_local_path(dst_path)
        validate_output_path(dst_path)
    rebase = ""
    if follow:
        stat = _stat_path(cli, ctr, src_path)
        if stat is not None and stat.get("mode", 0) & GO_MODE_SYMLINK:
            target = stat.get("linkTarget") or ""
            if not target.startswith("/"):
                target = posixpath.join(split_dir_entry(src_path)[0], target)
            src_path, rebase = rebase_name(src_path, target)
    api = cli.api
    res = api._get(api._url("/containers/{0}/archive", ctr), params={"path": src_path}, stream=True)
    api._raise_for_status(res)
    content = res.content
    if dst_path == "-":
        write_bytes(cli.out, content)
        return 0
    stat = _decode_stat(res.headers.get("X-Docker-Container-Path-Stat"))
    src = CopyInfo(src_path, True, bool(stat.get("mode", 0) & GO_MODE_DIR), rebase)
    if src.rebase_name:
        content = rebase_entries(content, split_dir_entry(src.path)[1], src.rebase_name)
    dst = copy_info_destination_path(dst_path)
    target_dir, content = prepare_archive_copy(content, src, dst)
    try:
        untar(content, target_dir)
    except OSError as e:  # the host refused a write (permissions, a full disk): Go's *PathError words
        raise CliError(f"open {e.filename}: {_strerror(e)}", 1) from None
    return 0


def validate_output_path(path: str) -> None:
    """command.ValidateOutputPath: the parent must exist; an existing path must be a directory or a file."""
    parent = posixpath.dirname(posixpath.normpath(path))
    if parent not in ("", ".") and not os.path.exists(parent):
        raise CliError(f'invalid output path: directory "{parent}" does not exist', 1)
    if os.path.exists(path):
        mode = os.stat(path).st_mode
        if not (st.S_ISDIR(mode) or st.S_ISREG(mode)):
            raise CliError(f'invalid output path: "{path}" must be a directory or a regular file: '
                           f'got a {_kind(mode)}', 1)


def copy_info_destination_path(path: str) -> CopyInfo:
    """archive.CopyInfoDestinationPath: links at the destination are followed (up to ten)."""
    original = path
    for _ in range(11):
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            break
        if not st.S_ISLNK(info.st_mode):
            return CopyInfo(path, True, st.S_ISDIR(info.st_mode))
        target = os.readlink(path)
        path = target if target.startswith("/") else posixpath.join(split_dir_entry(path)[0], target)
    else:
        raise CliError(f"too many symlinks in {original}", 1)
    parent = split_dir_entry(path)[0]
    try:
        info = os.stat(parent)
    except OSError as e:
        raise CliError(f"stat {parent}: {_strerror(e)}", 1) from None
    if not st.S_ISDIR(info.st_mode):
        raise CliError(NOT_A_DIRECTORY, 1)
    return CopyInfo(path)


def untar(archive: bytes, dest: str) -> None:
    """archive.Untar with NoLchown and NoOverwriteDirNonDir: files keep their modes and times, the
    user's ownership; a directory is never replaced by a file, nor a file by a directory."""
    dest = posixpath.normpath(dest)
    dirs: list[tuple[str, tarfile.TarInfo]] = []
    with tarfile.open(fileobj=io.BytesIO(archive)) as tf:
        for member in tf:
            rel = posixpath.normpath(member.name.lstrip("/"))
            if rel == ".." or rel.startswith("../"):
                raise CliError(f'invalid archive entry "{member.name}": it would be written outside {dest}', 1)
            path = dest if rel == "." else posixpath.join(dest, rel)
            parent = posixpath.dirname(path)
            if not os.path.lexists(parent):
                os.makedirs(parent, 0o755)
            if os.path.lexists(path):
                is_dir = os.path.isdir(path) and not os.path.islink(path)
                if is_dir and not member.isdir():
                    raise CliError(f'cannot overwrite directory "{path}" with non-directory "{dest}"', 1)
                if not is_dir and member.isdir():
                    raise CliError(f'cannot overwrite non-directory "{path}" with directory "{dest}"', 1)
                if is_dir and rel == ".":
                    continue
                if not is_dir:
                    os.unlink(path)
            _create(tf, member, path, dest)
            if member.isdir():
                dirs.append((path, member))
    for path, member in reversed(dirs):  # last, so that writing into them left their times alone
        os.chmod(path, member.mode & 0o7777)
        os.utime(path, (member.mtime, member.mtime))


def _create(tf: tarfile.TarFile, member: tarfile.TarInfo, path: str, dest: str) -> None:
    if member.isdir():
        if not os.path.isdir(path):
            os.mkdir(path, 0o755)
    elif member.issym():
        os.symlink(member.linkname, path)
    elif member.islnk():
        os.link(posixpath.join(dest, posixpath.normpath(member.linkname.lstrip("/"))), path)
    elif member.isreg():
        with open(path, "wb") as f:
            f.write(tf.extractfile(member).read())  # type: ignore[union-attr]
        os.chmod(path, member.mode & 0o7777)
        os.utime(path, (member.mtime, member.mtime))


# ------------------------------------------------------------------------------------------------ helpers
def _stat_path(cli: Cli, ctr: str, path: str) -> dict | None:
    """HEAD /containers/{id}/archive (ContainerStatPath); None when the engine cannot stat it."""
    api = cli.api
    res = api.head(api._url("/containers/{0}/archive", ctr), params={"path": path}, timeout=api.timeout)
    if res.status_code != 200:
        return None
    return _decode_stat(res.headers.get("X-Docker-Container-Path-Stat"))


def _decode_stat(header: str | None) -> dict:
    if not header:
        return {}
    return json.loads(base64.b64decode(header))


def _dir_or_regular(mode: int) -> bool:
    return bool(mode & GO_MODE_DIR) or not (mode & GO_MODE_TYPE)


def _kind(mode: int) -> str:
    return "symlink" if st.S_ISLNK(mode) else "named pipe" if st.S_ISFIFO(mode) else \
        "socket" if st.S_ISSOCK(mode) else "device"


def _strerror(e: OSError) -> str:
    return (e.strerror or str(e)).lower()
