"""A registry's storage, in the layout Distribution's filesystem driver keeps on disk.

Under `<root>/docker/registry/v2/`:

    blobs/sha256/<first 2 hex>/<hex>/data                         every blob, once, by digest
    repositories/<name>/_layers/sha256/<hex>/link                  the blobs a repository may serve
    repositories/<name>/_manifests/revisions/sha256/<hex>/link     the manifests it holds
    repositories/<name>/_manifests/tags/<tag>/current/link         what a tag points at now
    repositories/<name>/_manifests/tags/<tag>/index/sha256/<hex>/link   every manifest the tag has had
    repositories/<name>/_uploads/<uuid>/data, startedat            uploads in progress

A link file holds a digest (`sha256:<hex>`, no newline). So `find /var/lib/registry` in a
registry container shows what a real one keeps, and a registry's data directory can be read by
either. A blob's data is complete before it is linked anywhere, and each file is written whole
(temp file, then rename): a crash never leaves a half-written blob visible under its digest.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import posixpath
import re
import shutil
import stat
import tempfile
import uuid as uuidlib
from typing import Protocol

SHA256 = re.compile(r"^sha256:([a-f0-9]{64})$")
# Distribution's repository name grammar (github.com/distribution/reference, NameRegexp).
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
_DOMAIN = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
NAME_PATTERN = rf"(?:(?:{_DOMAIN}|\[[a-fA-F0-9:]+\])(?::[0-9]+)?/)?{_COMPONENT}(?:/{_COMPONENT})*"
TAG_PATTERN = r"[\w][\w.-]{0,127}"
_NAME = re.compile(rf"^{NAME_PATTERN}$")
_TAG = re.compile(rf"^{TAG_PATTERN}$")
MANIFEST_V1 = "application/vnd.docker.distribution.manifest.v1+prettyjws"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"


class Files(Protocol):
    """What the storage needs of a filesystem. Paths are posix and absolute."""

    def read_bytes(self, path: str) -> bytes: ...  # OSError (FileNotFoundError) when missing

    def write_bytes(self, path: str, data: bytes) -> None: ...  # whole or not at all; creates parents

    def exists(self, path: str) -> bool: ...

    def listdir(self, path: str) -> list[str]: ...  # [] when missing

    def remove(self, path: str) -> None: ...  # a file or a whole directory; no error when missing


class HostFiles:
    """Files in a host directory: "/x/y" is <root>/x/y, and no path (`..`, a symlink) leaves <root>."""

    def __init__(self, root: str | os.PathLike):
        self.root = os.path.realpath(os.fspath(root))

    def _host(self, path: str) -> str:
        clean = posixpath.normpath("/" + path).lstrip("/")
        host = os.path.join(self.root, *clean.split("/")) if clean else self.root
        if os.path.commonpath([self.root, os.path.realpath(host)]) != self.root:
            raise PermissionError(13, "Permission denied", path)
        return host

    def read_bytes(self, path: str) -> bytes:
        with open(self._host(path), "rb") as f:
            return f.read()

    def write_bytes(self, path: str, data: bytes) -> None:
        host = self._host(path)
        os.makedirs(os.path.dirname(host), exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(host), prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temp, host)
        except BaseException:
            try:
                os.unlink(temp)
            except OSError:
                pass
            raise

    def exists(self, path: str) -> bool:
        return os.path.exists(self._host(path))

    def listdir(self, path: str) -> list[str]:
        try:
            return sorted(n for n in os.listdir(self._host(path)) if not n.startswith(".tmp-"))
        except OSError:
            return []

    def remove(self, path: str) -> None:
        host = self._host(path)
        if os.path.isdir(host) and not os.path.islink(host):
            shutil.rmtree(host, ignore_errors=True)
        else:
            try:
                os.unlink(host)
            except FileNotFoundError:
                pass


class RootFSFiles:
    """Files through a container's filesystem (`proc.fs`): what the `registry` program writes lands
    in the container — its writable layer, or the volume mounted at its data directory."""

    def __init__(self, fs):
        self.fs = fs

    def read_bytes(self, path: str) -> bytes:
        return self.fs.read_bytes(path)

    def write_bytes(self, path: str, data: bytes) -> None:
        folder, name = posixpath.split(path)
        self.fs.mkdir(folder, parents=True, exist_ok=True)
        temp = posixpath.join(folder, f".tmp-{name}-{uuidlib.uuid4().hex[:8]}")
        self.fs.write_bytes(temp, data)
        self.fs.rename(temp, path)

    def exists(self, path: str) -> bool:
        return self.fs.exists(path)

    def listdir(self, path: str) -> list[str]:
        try:
            return sorted(n for n in self.fs.listdir(path) if not n.startswith(".tmp-"))
        except OSError:
            return []

    def remove(self, path: str) -> None:
        try:
            if stat.S_ISDIR(self.fs.lstat(path).st_mode):
                for name in self.fs.listdir(path):
                    self.remove(posixpath.join(path, name))
                self.fs.rmdir(path)
            else:
                self.fs.unlink(path)
        except FileNotFoundError:
            pass


def is_digest(text: str) -> bool:
    return SHA256.match(text) is not None


def valid_name(name: str) -> bool:
    return _NAME.match(name) is not None and len(name) <= 255


def sniff_media_type(body: bytes) -> str:
    """A stored manifest's type, as Distribution reads it back: from the document itself."""
    try:
        doc = json.loads(body)
    except ValueError:
        return MANIFEST_V1
    if not isinstance(doc, dict) or doc.get("schemaVersion") == 1:
        return MANIFEST_V1
    if doc.get("mediaType"):
        return str(doc["mediaType"])
    return OCI_INDEX if doc.get("manifests") is not None else OCI_MANIFEST


class RegistryStorage:
    """Blobs, repositories, manifests, tags and uploads of one registry, over `files`."""

    def __init__(self, files: Files, root: str = "/var/lib/registry"):
        self.files = files
        self.base = posixpath.join(root, "docker/registry/v2")

    # ---------------------------------------------------------------- paths
    def _blob(self, digest: str) -> str:
        hexa = _hex(digest)
        return f"{self.base}/blobs/sha256/{hexa[:2]}/{hexa}/data"

    def _repo(self, repo: str) -> str:
        if not valid_name(repo):
            raise ValueError(f"invalid repository name: {repo!r}")
        return f"{self.base}/repositories/{repo}"

    def _layer_link(self, repo: str, digest: str) -> str:
        return f"{self._repo(repo)}/_layers/sha256/{_hex(digest)}/link"

    def _revision(self, repo: str, digest: str) -> str:
        return f"{self._repo(repo)}/_manifests/revisions/sha256/{_hex(digest)}"

    def _tag(self, repo: str, tag: str) -> str:
        if not _TAG.match(tag):
            raise ValueError(f"invalid tag: {tag!r}")
        return f"{self._repo(repo)}/_manifests/tags/{tag}"

    def _upload(self, repo: str, upload_id: str) -> str:
        if not re.match(r"^[a-zA-Z0-9-_.=]+$", upload_id) or upload_id in (".", ".."):
            raise ValueError(f"invalid upload id: {upload_id!r}")
        return f"{self._repo(repo)}/_uploads/{upload_id}"

    def _read_link(self, path: str) -> str | None:
        try:
            target = self.files.read_bytes(path).decode("ascii", "replace").strip()
        except OSError:
            return None
        return target if is_digest(target) else None

    def _link(self, path: str, digest: str) -> None:
        self.files.write_bytes(path, digest.encode())

    # ---------------------------------------------------------------- blobs
    def blob_size(self, digest: str) -> int | None:
        if not is_digest(digest):
            return None
        try:
            return len(self.files.read_bytes(self._blob(digest)))
        except OSError:
            return None

    def read_blob(self, digest: str) -> bytes:
        if not is_digest(digest):
            raise FileNotFoundError(2, "No such file or directory", digest)
        return self.files.read_bytes(self._blob(digest))

    def write_blob(self, data: bytes) -> str:
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        if not self.files.exists(self._blob(digest)):
            self.files.write_bytes(self._blob(digest), data)
        return digest

    def link_blob(self, repo: str, digest: str) -> None:
        self._link(self._layer_link(repo, digest), digest)

    def repository_has_blob(self, repo: str, digest: str) -> bool:
        if not is_digest(digest) or not valid_name(repo):
            return False
        return self._read_link(self._layer_link(repo, digest)) == digest and self.files.exists(self._blob(digest))

    def unlink_blob(self, repo: str, digest: str) -> bool:
        """Take a blob out of a repository (DELETE on it); the bytes stay for the garbage collector."""
        if not self.repository_has_blob(repo, digest):
            return False
        self.files.remove(posixpath.dirname(self._layer_link(repo, digest)))
        return True

    def mount_blob(self, repo: str, digest: str, from_repo: str) -> bool:
        """A cross-repository mount: link `from_repo`'s blob into `repo` without its bytes moving."""
        if not self.repository_has_blob(from_repo, digest):
            return False
        self.link_blob(repo, digest)
        return True

    # ---------------------------------------------------------------- repositories and tags
    def repositories(self) -> list[str]:
        """Every repository (a directory holding `_layers`), in the catalog's order."""
        found: list[str] = []

        def walk(folder: str, prefix: str) -> None:
            for entry in self.files.listdir(folder):
                if entry == "_layers":
                    found.append(prefix.rstrip("/"))
                elif not entry.startswith("_"):
                    walk(f"{folder}/{entry}", f"{prefix}{entry}/")

        walk(f"{self.base}/repositories", "")
        return sorted((r for r in found if r), key=lambda r: r.replace("/", "\x00"))

    def tags(self, repo: str) -> list[str] | None:
        if not valid_name(repo):
            return None
        folder = f"{self._repo(repo)}/_manifests/tags"
        if not self.files.exists(folder):
            return None
        return self.files.listdir(folder)

    # ---------------------------------------------------------------- manifests
    def resolve(self, repo: str, reference: str) -> str | None:
        """The manifest digest a tag (or a digest) names in `repo`, if it holds that manifest."""
        if not valid_name(repo):
            return None
        if is_digest(reference):
            digest = reference
        elif _TAG.match(reference):
            digest = self._read_link(f"{self._tag(repo, reference)}/current/link")
        else:
            return None
        if digest is None or self._read_link(f"{self._revision(repo, digest)}/link") != digest:
            return None
        return digest

    def get_manifest(self, repo: str, reference: str) -> tuple[bytes, str, str] | None:
        digest = self.resolve(repo, reference)
        if digest is None:
            return None
        try:
            body = self.read_blob(digest)
        except OSError:
            return None
        return body, sniff_media_type(body), digest

    def put_manifest(self, repo: str, reference: str, body: bytes, media_type: str) -> str:
        """Store a manifest (already validated) and, when `reference` is a tag, point the tag at it."""
        digest = self.write_blob(body)
        self._link(f"{self._revision(repo, digest)}/link", digest)
        if not is_digest(reference):
            tag = self._tag(repo, reference)
            self._link(f"{tag}/index/sha256/{_hex(digest)}/link", digest)
            self._link(f"{tag}/current/link", digest)
        return digest

    def delete_manifest(self, repo: str, digest: str) -> bool:
        """Forget a manifest revision and every tag pointing at it; its blob stays for the garbage collector."""
        if self.resolve(repo, digest) is None:
            return False
        self.files.remove(self._revision(repo, digest))
        for tag in self.tags(repo) or []:
            if self._read_link(f"{self._tag(repo, tag)}/current/link") == digest:
                self.files.remove(self._tag(repo, tag))
        return True

    # ---------------------------------------------------------------- uploads
    def start_upload(self, repo: str) -> str:
        upload_id = str(uuidlib.uuid4())
        started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        folder = self._upload(repo, upload_id)
        self.files.write_bytes(f"{folder}/startedat", started.encode())
        self.files.write_bytes(f"{folder}/data", b"")
        return upload_id

    def upload_size(self, repo: str, upload_id: str) -> int | None:
        """The bytes received so far; None for an upload that was never started, or is over."""
        try:
            folder = self._upload(repo, upload_id)
            if not self.files.exists(f"{folder}/startedat"):
                return None
            return len(self.files.read_bytes(f"{folder}/data"))
        except (OSError, ValueError):
            return None

    def upload_started_at(self, repo: str, upload_id: str) -> str:
        """When the upload began (its `startedat` file, RFC 3339), "" if unknown."""
        try:
            return self.files.read_bytes(f"{self._upload(repo, upload_id)}/startedat").decode().strip()
        except (OSError, ValueError):
            return ""

    def append_upload(self, repo: str, upload_id: str, data: bytes) -> int:
        path = f"{self._upload(repo, upload_id)}/data"
        content = self.files.read_bytes(path) + data
        if data:
            self.files.write_bytes(path, content)
        return len(content)

    def commit_upload(self, repo: str, upload_id: str, digest: str) -> str | None:
        """Finish an upload: its content must hash to `digest`. Either way the upload is over;
        on a match the blob is stored and linked into `repo`, and its digest returned."""
        folder = self._upload(repo, upload_id)
        data = self.files.read_bytes(f"{folder}/data")
        actual = "sha256:" + hashlib.sha256(data).hexdigest()
        if actual == digest:
            self.write_blob(data)
            self.link_blob(repo, digest)
        self.files.remove(folder)
        return actual if actual == digest else None

    def cancel_upload(self, repo: str, upload_id: str) -> None:
        self.files.remove(self._upload(repo, upload_id))


def _hex(digest: str) -> str:
    match = SHA256.match(digest)
    if match is None:
        raise ValueError(f"invalid digest: {digest!r}")
    return match.group(1)
