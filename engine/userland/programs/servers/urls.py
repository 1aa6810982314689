"""URLs as the HTTP clients (wget, curl) read them, and the request they make to a container."""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}


@dataclass
class Url:
    scheme: str
    host: str
    port: int
    target: str  # path and query, as sent on the request line
    explicit_port: bool  # the URL named its port (clients print `host:port` then)

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}" if self.explicit_port else host

    def resolve(self, location: str) -> "Url":
        """Where a redirect's Location leads from this URL."""
        if "://" in location:
            return parse(location)
        if location.startswith("/"):
            return Url(self.scheme, self.host, self.port, location, self.explicit_port)
        base = self.target.split("?", 1)[0].rsplit("/", 1)[0]
        return Url(self.scheme, self.host, self.port, f"{base}/{location}", self.explicit_port)


def parse(text: str, default_scheme: str = "http") -> Url:
    """`http://user@host:8080/p?q`, `host/p`, `[::1]:80` -> Url; ValueError for a bad port."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = default_scheme, text
    scheme = scheme.lower()
    authority, slash, path = rest.partition("/")
    target = slash + path
    if "?" in authority:  # `host?q` has no path
        authority, _, query = authority.partition("?")
        target = "/?" + query + target
    authority = authority.rpartition("@")[2]
    if authority.startswith("["):
        host, _, tail = authority[1:].partition("]")
        port_text = tail[1:] if tail.startswith(":") else ""
    else:
        host, _, port_text = authority.partition(":")
    if port_text and not port_text.isdigit():
        raise ValueError(port_text)
    port = int(port_text) if port_text else DEFAULT_PORTS.get(scheme, 80)
    return Url(scheme, host, port, target or "/", bool(port_text))
