"""Static files as web servers find them: a URL path under a document root in the container.

Every lookup reads the container's RootFS at request time, so a file changed with `docker exec`
or `docker cp` is served at once, as a real server would. A URL can never climb out of its
document root (`/../etc/passwd` is `/etc/passwd` *under* the root), and RootFS keeps every path
inside the container.
"""
from __future__ import annotations

import posixpath
import stat as st
from dataclasses import dataclass

from ...process import Process

# The common types, as nginx's mime.types, Apache's mime.types and Python's mimetypes agree on them.
MIME_TYPES = {
    "html": "text/html", "htm": "text/html", "shtml": "text/html", "css": "text/css", "xml": "text/xml",
    "txt": "text/plain", "csv": "text/csv", "md": "text/markdown",
    "js": "application/javascript", "mjs": "application/javascript", "json": "application/json",
    "pdf": "application/pdf", "zip": "application/zip", "gz": "application/gzip", "tar": "application/x-tar",
    "wasm": "application/wasm",
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml",
    "ico": "image/x-icon", "webp": "image/webp",
    "woff": "font/woff", "woff2": "font/woff2", "mp4": "video/mp4", "mp3": "audio/mpeg",
}


def mime_type(path: str, table: dict[str, str] = MIME_TYPES) -> str | None:
    ext = posixpath.splitext(path)[1][1:].lower()
    return table.get(ext)


@dataclass
class Found:
    """What a URL path names under a root: a file, a directory, or nothing (`kind`)."""

    kind: str  # "file", "dir", "missing", "denied"
    path: str  # the container path
    size: int = 0
    mtime: float = 0.0


def under_root(root: str, url_path: str) -> str:
    """The container path for `url_path` inside `root`, with `..` unable to leave the root."""
    clean = posixpath.normpath("/" + url_path.lstrip("/"))
    base = root.rstrip("/")
    return base + clean if clean != "/" else (base or "/")


def find(proc: Process, path: str) -> Found:
    """Stat a container path the way a server running as the container's user would."""
    try:
        s = proc.fs.stat(path)
    except OSError as e:
        return Found("denied" if e.errno == 13 else "missing", path)
    if st.S_ISDIR(s.st_mode):
        return Found("dir", path, s.st_size, s.st_mtime)
    if not st.S_ISREG(s.st_mode):
        return Found("denied", path)
    return Found("file", path, s.st_size, s.st_mtime)


def read(proc: Process, found: Found) -> bytes | None:
    """The file's bytes, or None when it cannot be read (it vanished, or permissions)."""
    try:
        return proc.fs.read_bytes(found.path)
    except OSError:
        return None


def index_file(proc: Process, directory: str, names: list[str]) -> Found | None:
    """The first index file (`index.html index.htm`) present in a directory."""
    for name in names:
        found = find(proc, posixpath.join(directory, name))
        if found.kind == "file":
            return found
    return None


def listing(proc: Process, directory: str) -> list[tuple[str, bool]] | None:
    """(name, is_dir) of a directory's entries, sorted as `ls` would; None if unreadable."""
    try:
        names = proc.fs.listdir(directory)
    except OSError:
        return None
    return [(name, proc.fs.is_dir(posixpath.join(directory, name))) for name in sorted(names)]


def etag(found: Found) -> str:
    """nginx's and busybox httpd's ETag: mtime and size in hex."""
    return f'"{int(found.mtime):x}-{found.size:x}"'
