"""The bundled engine's Docker Hub: accounts, and a registry of what users push, in the engine's home.

There is no network, so Docker Hub is simulated: the official images come from the bundled catalog
(pulled as before), and user repositories (`alice/app`) live in a Distribution registry under
`<home>/hub/`, served by the same registry handler a `registry` container serves, called in-process.

Accounts follow Docker Hub's rules as a learner meets them: the first `docker login` of a name
creates the account (its password kept as a salted sha256), later logins must give that password;
a push needs a login as the repository's namespace; the official `library/` namespace and other
users' namespaces are denied. Pulls need no login (every repository is public).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from functools import cached_property

from ..errors import Unauthorized
from .client import registry_error

INDEX_SERVER = "https://index.docker.io/v1/"
# what `docker login` may name Docker Hub as (moby's IndexServer and the hostnames it normalises)
HUB_ADDRESSES = frozenset({"", "docker.io", "index.docker.io", "registry-1.docker.io"})


def is_hub_address(server: str) -> bool:
    """True for any spelling of Docker Hub's address: `https://index.docker.io/v1/`, `docker.io`, ``."""
    host = server.strip()
    for scheme in ("https://", "http://"):
        host = host.removeprefix(scheme)
    host = host.split("/", 1)[0]
    return host in HUB_ADDRESSES


class IncorrectPassword(Unauthorized):
    def __init__(self):
        super().__init__('Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password')


class Hub:
    def __init__(self, root: str | os.PathLike):
        self.root = os.fspath(root)
        self._accounts_path = os.path.join(self.root, "accounts.json")
        self._lock = threading.Lock()

    @cached_property
    def storage(self):
        from .storage import HostFiles, RegistryStorage
        os.makedirs(self.root, exist_ok=True)
        return RegistryStorage(HostFiles(self.root), root="/registry")

    @cached_property
    def handler(self):
        from .server import registry_handler
        return registry_handler(self.storage)

    # ------------------------------------------------------------------ accounts
    def login(self, username: str, password: str) -> None:
        """Docker Hub's login: creates the account the first time, checks the password afterwards."""
        if not username or not password:
            raise IncorrectPassword()
        with self._lock:
            accounts = self._read_accounts()
            account = accounts.get(username)
            if account is None:
                salt = secrets.token_hex(16)
                accounts[username] = {"salt": salt, "sha256": _hash(salt, password)}
                self._write_accounts(accounts)
                return
        if not hmac.compare_digest(account["sha256"], _hash(account["salt"], password)):
            raise IncorrectPassword()

    def authenticates(self, username: str, password: str) -> bool:
        with self._lock:
            account = self._read_accounts().get(username)
        return account is not None and hmac.compare_digest(account["sha256"], _hash(account["salt"], password))

    def _read_accounts(self) -> dict:
        try:
            with open(self._accounts_path, encoding="utf-8") as f:
                return json.load(f)
        except FileNotFoundError:
            return {}

    def _write_accounts(self, accounts: dict) -> None:
        os.makedirs(self.root, exist_ok=True)
        temporary = self._accounts_path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump(accounts, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, self._accounts_path)

    # ------------------------------------------------------------------ permissions
    def check_push(self, path: str, auth: dict) -> None:
        """A push to `path` (`alice/app`) with the client's credentials, as Docker Hub's token service judges it."""
        username, password = auth.get("username") or "", auth.get("password") or ""
        if username and not self.authenticates(username, password):
            raise registry_error("UNAUTHORIZED", "incorrect username or password", 401)
        namespace = path.split("/", 1)[0]
        if not username or namespace != username:
            raise registry_error("DENIED", status=403)

    def has_repository(self, path: str) -> bool:
        return self.storage.tags(path) is not None

    def repositories(self) -> list[str]:
        return self.storage.repositories()


def _hash(salt: str, password: str) -> str:
    return hashlib.sha256((salt + password).encode()).hexdigest()
