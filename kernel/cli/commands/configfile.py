"""The docker CLI's config file, `config.json` in the config directory, where `docker login` keeps credentials.

It follows docker/cli's cli/config/configfile and credentials.fileStore: credentials live under
`"auths"`, keyed by registry (`https://index.docker.io/v1/` for Docker Hub, `host[:port]` for others),
as `{"auth": base64("user:password")}`; the file is rewritten whole (tab-indented, mode 0600 when new)
through a temporary file and a rename. Keys dockyard does not use are kept as they were.
"""
from __future__ import annotations

import base64
import binascii
import json
import os

from ..commandtree import config_dir
from ..context import Cli, CliError

CONFIG_FILE_NAME = "config.json"
INDEX_SERVER = "https://index.docker.io/v1/"  # docker's registry.IndexServer: Docker Hub's key in "auths"
INDEX_NAME = "docker.io"

# credentials/file_store.go: printed once, after a password (not a token) was written to the file
UNENCRYPTED_WARNING = """
WARNING! Your credentials are stored unencrypted in '{path}'.
Configure a credential helper to remove this warning. See
https://docs.docker.com/go/credential-store/
"""


def auth_config_key(domain: str) -> str:
    """The "auths" key for a registry domain (docker's getAuthConfigKey): Docker Hub has its index URL."""
    return INDEX_SERVER if domain in (INDEX_NAME, "index.docker.io") else domain


def convert_to_hostname(address: str) -> str:
    """`https://host:5000/v2/` → `host:5000` (credentials.ConvertToHostname)."""
    if "://" in address:
        from urllib.parse import urlsplit
        try:
            parts = urlsplit(address)
            if parts.hostname:
                host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
                return host if parts.port is None else f"{host}:{parts.port}"
        except ValueError:
            pass
    return address.split("/", 1)[0]


class Credentials:
    """One "auths" entry, decoded (docker's types.AuthConfig as loaded: auth split into user and password)."""

    def __init__(self, server: str, username: str = "", password: str = "", identity_token: str = ""):
        self.server = server
        self.username = username
        self.password = password
        self.identity_token = identity_token

    def as_tuple(self):
        return self.server, self.username, self.password, self.identity_token

    def request_body(self) -> dict:
        """The JSON body of POST /auth, with Go's omitempty."""
        body = {"username": self.username, "password": self.password, "serveraddress": self.server,
                "identitytoken": self.identity_token}
        return {k: v for k, v in body.items() if v}


class ConfigFile:
    def __init__(self, cli: Cli, directory: str):
        self.cli = cli
        self.path = os.path.join(directory, CONFIG_FILE_NAME)
        self.data = self._load()

    @classmethod
    def of(cls, cli: Cli, inv) -> ConfigFile:
        """The file `--config DIR` or $DOCKER_CONFIG names; otherwise ~/.docker for a real engine, and for the
        bundled engine a directory in its home: the bundled Docker Hub's logins must never replace the
        user's real Docker Hub credentials in ~/.docker/config.json."""
        if "config" in inv.global_changed or os.environ.get("DOCKER_CONFIG"):
            return cls(cli, inv.global_opts.get("config") or config_dir(os.environ))
        from ...client import bundled_engine_home
        home = bundled_engine_home(cli.host, engine=cli.engine)
        return cls(cli, str(home.root / "docker-config") if home is not None else config_dir(os.environ))

    def _load(self) -> dict:
        try:
            with open(self.path, encoding="utf-8") as f:
                text = f.read()
        except FileNotFoundError:
            return {}
        except OSError as e:
            self.cli.eprint(f"WARNING: Error loading config file: {e.strerror.lower() if e.strerror else e}")
            return {}
        try:
            data = json.loads(text) if text.strip() else {}
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except ValueError as e:
            # docker warns and goes on with an empty configuration (config.LoadDefaultConfigFile)
            self.cli.eprint(f"WARNING: Error parsing config file ({self.path}): {e}")
            return {}
        return data

    @property
    def auths(self) -> dict:
        auths = self.data.get("auths")
        if not isinstance(auths, dict):
            auths = self.data["auths"] = {}
        return auths

    def credentials(self, server: str) -> Credentials:
        """fileStore.Get: the entry for `server`, else one whose key is a URL of that host; empty if none."""
        entry = self.auths.get(server)
        key = server
        if not isinstance(entry, dict):
            key, entry = next(((k, e) for k, e in self.auths.items()
                               if isinstance(e, dict) and convert_to_hostname(k) == server), (server, {}))
        username, password = _decode_auth(entry.get("auth") or "", self.path)
        return Credentials(key, username, password, entry.get("identitytoken") or "")

    def store(self, creds: Credentials) -> None:
        """fileStore.Store: write the credentials unless they are already there; warn once for a password."""
        if creds.server in self.auths and self.credentials(creds.server).as_tuple() == creds.as_tuple():
            return
        entry = {"auth": _encode_auth(creds.username, creds.password)}
        if not entry["auth"]:
            del entry["auth"]
        if creds.identity_token:
            entry["identitytoken"] = creds.identity_token
        self.auths[creds.server] = entry
        try:
            self.save()
        except OSError as e:
            raise CliError(f"Error saving credentials: {_os_error_text(e)}", 1) from None
        if creds.password:
            self.cli.eprint(UNENCRYPTED_WARNING.format(path=self.path))

    def erase(self, server: str) -> None:
        """fileStore.Erase: remove the entry named exactly `server`; the file is untouched if there is none."""
        if server not in self.auths:
            return
        del self.auths[server]
        self.save()

    def save(self) -> None:
        """configfile.Save: "auths" first (sorted, as Go marshals a map), the rest as it was; atomic rename."""
        data = {"auths": dict(sorted(self.auths.items()))}
        data.update((k, v) for k, v in self.data.items() if k != "auths")
        target = os.path.realpath(self.path)  # a symlinked config file stays a symlink
        directory = os.path.dirname(target)
        os.makedirs(directory, mode=0o700, exist_ok=True)
        import tempfile  # only a login or logout writes; every command start reads this module
        fd, temp = tempfile.mkstemp(prefix=os.path.basename(target), dir=directory)  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(json.dumps(data, indent="\t", ensure_ascii=False))
            try:
                os.chmod(temp, os.stat(target).st_mode & 0o7777)
            except FileNotFoundError:
                pass
            os.replace(temp, target)
        except BaseException:
            try:
                os.unlink(temp)
            except OSError:
                pass
            raise

    def registry_auth_header(self, domain: str) -> str:
        """X-Registry-Auth for a registry domain: what `docker push`/`search` send (an empty `{}` when
        not logged in). docker-py resolves it, including credential helpers named in the file."""
        from docker import auth, errors
        has_auth = any(self.data.get(k) for k in ("auths", "credsStore", "credHelpers"))
        config = {}
        if has_auth:
            try:
                # a copy: docker-py's loader consumes the dict it is given
                resolved = auth.load_config(config_dict=json.loads(json.dumps(self.data)))
                config = auth.resolve_authconfig(resolved, None if domain == INDEX_NAME else domain) or {}
            except errors.InvalidConfigFile as e:
                self.cli.eprint(f"WARNING: Error parsing config file ({self.path}): {e}")
            except errors.DockerException:
                pass  # a credential helper that fails: docker pushes without credentials (ResolveAuthConfig)
        return auth.encode_header(config).decode("ascii")


def _encode_auth(username: str, password: str) -> str:
    if not username and not password:
        return ""
    return base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


def _decode_auth(value: str, path: str) -> tuple[str, str]:
    if not value:
        return "", ""
    try:
        decoded = base64.b64decode(value, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise CliError(f"parsing config file ({path}): illegal base64 data", 1) from None
    username, colon, password = decoded.partition(":")
    if not colon or not username:
        raise CliError(f"parsing config file ({path}): Invalid auth configuration file", 1)
    return username, password.strip("\x00")


def _os_error_text(e: OSError) -> str:
    return f"{e.filename}: {(e.strerror or str(e)).lower()}" if e.filename else str(e)
