"""Image references — `[domain/]path[:tag][@digest]` — parsed and normalised as distribution/reference does.

The grammar (distribution/reference v0.6.0, which docker CLI 28 uses to check names before they
reach the engine):

    reference   := name [ ":" tag ] [ "@" digest ]
    name        := [domain '/'] remote-name
    domain      := host [':' port-number]           host: DNS-ish name, IPv4, or [IPv6]
    remote-name := path-component ['/' path-component]*
    path-component := [a-z0-9]+ ( ([._] | __ | -+) [a-z0-9]+ )*
    tag         := [\\w][\\w.-]{0,127}
    digest      := algorithm ":" hex{32,}

Normalisation (`parse_normalized`) is Docker's "familiar" naming: `nginx` is
`docker.io/library/nginx`; a first component is a registry only if it is `localhost`, contains
`.` or `:`, or has an uppercase letter (so `Foo/bar` is the image `bar` on the host `Foo`);
`index.docker.io` is `docker.io`. The familiar form strips those defaults back off.

Python's `re` finds the same submatches as Go's leftmost-first RE2 for these anchored patterns;
`re.ASCII` makes `\\w` mean what it means in Go.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import InvalidParameter

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_REPO_PREFIX = "library/"
DEFAULT_TAG = "latest"
NAME_TOTAL_LENGTH_MAX = 255

_ALPHANUMERIC = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = rf"{_ALPHANUMERIC}(?:{_SEPARATOR}{_ALPHANUMERIC})*"
_REMOTE_NAME = rf"{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN_NAME = rf"{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*"
_IPV6_ADDRESS = r"\[(?:[a-fA-F0-9:]+)\]"
_DOMAIN_AND_PORT = rf"(?:{_DOMAIN_NAME}|{_IPV6_ADDRESS})(?::[0-9]+)?"
_NAME = rf"(?:{_DOMAIN_AND_PORT}/)?{_REMOTE_NAME}"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}"

_REFERENCE_RE = re.compile(rf"({_NAME})(?::({_TAG}))?(?:@({_DIGEST}))?", re.ASCII)
_NAME_RE = re.compile(rf"(?:({_DOMAIN_AND_PORT})/)?({_REMOTE_NAME})", re.ASCII)
_TAG_RE = re.compile(_TAG, re.ASCII)
_IDENTIFIER_RE = re.compile(r"[a-f0-9]{64}")

# go-digest: the algorithms Docker links in, with their hex lengths, and its loose digest syntax
_DIGEST_HEX_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
_GO_DIGEST_RE = re.compile(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+")
_LOWER_HEX_RE = re.compile(r"[a-f0-9]+")


class InvalidReference(InvalidParameter):
    """A string that is not an image reference, with distribution/reference's message."""


@dataclass(frozen=True)
class Reference:
    """A parsed reference. A digest-only reference (from `parse_any`) has an empty domain and path."""

    domain: str
    path: str
    tag: str = ""
    digest: str = ""

    def name(self) -> str:
        """The full repository name: `docker.io/library/nginx`."""
        return f"{self.domain}/{self.path}" if self.domain else self.path

    def familiar_name(self) -> str:
        """The repository as Docker shows it: `nginx`, `dyonyon/trade`, `localhost:5000/a/b`."""
        if self.domain != DEFAULT_DOMAIN:
            return self.name()
        remainder = self.path.removeprefix(OFFICIAL_REPO_PREFIX)
        return self.path if "/" in remainder else remainder

    def familiar(self) -> str:
        """The reference as Docker shows it: `nginx:latest`, `busybox@sha256:…`."""
        return self._with_suffixes(self.familiar_name())

    def __str__(self) -> str:
        """The canonical string: `docker.io/library/nginx:latest`."""
        return self._with_suffixes(self.name())

    def _with_suffixes(self, name: str) -> str:
        text = name
        if self.tag:
            text += f":{self.tag}"
        if self.digest:
            text = f"{text}@{self.digest}" if name else self.digest
        return text

    def is_name_only(self) -> bool:
        return bool(self.path) and not self.tag and not self.digest

    def with_default_tag(self) -> Reference:
        """`nginx` -> `nginx:latest`; references with a tag or digest are returned as they are."""
        return replace(self, tag=DEFAULT_TAG) if self.is_name_only() else self

    def with_tag(self, tag: str) -> Reference:
        if not _TAG_RE.fullmatch(tag):
            raise InvalidReference("invalid tag format")
        return replace(self, tag=tag)


def parse(text: str) -> Reference:
    """Parse without normalising (distribution's `Parse`): `nginx` has no domain here."""
    match = _REFERENCE_RE.fullmatch(text)
    if match is None:
        if not text:
            raise InvalidReference("repository name must have at least one component")
        if _REFERENCE_RE.fullmatch(text.lower()):
            raise InvalidReference("repository name must be lowercase")
        raise InvalidReference("invalid reference format")
    name, tag, digest = match.group(1), match.group(2) or "", match.group(3) or ""
    name_match = _NAME_RE.fullmatch(name)
    assert name_match is not None  # the same pattern already matched
    domain, path = name_match.group(1) or "", name_match.group(2)
    if len(path) > NAME_TOTAL_LENGTH_MAX:
        raise InvalidReference(f"repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters")
    if digest:
        problem = _digest_problem(digest)
        if problem:
            raise InvalidReference(problem)
    return Reference(domain, path, tag, digest)


def parse_normalized(text: str) -> Reference:
    """Parse a name as a user types it (`ParseNormalizedNamed`): `nginx` is `docker.io/library/nginx`."""
    if _IDENTIFIER_RE.fullmatch(text):
        raise InvalidReference(f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings")
    domain, remainder = _split_docker_domain(text)
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote:
        raise InvalidReference(f"invalid reference format: repository name ({remote}) must be lowercase")
    return parse(f"{domain}/{remainder}")


def parse_any(text: str) -> Reference:
    """A name, or an image ID (64 hex) or digest (`sha256:…`) as a digest-only reference (`ParseAnyReference`)."""
    if _IDENTIFIER_RE.fullmatch(text):
        return Reference("", "", digest=f"sha256:{text}")
    if _digest_problem(text) is None:
        return Reference("", "", digest=text)
    return parse_normalized(text)


def _split_docker_domain(name: str) -> tuple[str, str]:
    first, slash, rest = name.partition("/")
    if not slash:
        return DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name
    if first == "localhost" or ("." in first or ":" in first) or first.lower() != first:
        domain, remainder = first, rest
    else:
        domain, remainder = DEFAULT_DOMAIN, name
    if domain == LEGACY_DEFAULT_DOMAIN:
        domain = DEFAULT_DOMAIN
    if domain == DEFAULT_DOMAIN and "/" not in remainder:
        remainder = OFFICIAL_REPO_PREFIX + remainder
    return domain, remainder


def _digest_problem(text: str) -> str | None:
    """go-digest's `Digest.Validate`: None for a valid digest, else its error message."""
    algorithm, colon, encoded = text.partition(":")
    if not algorithm or not colon or not encoded:
        return "invalid checksum digest format"
    length = _DIGEST_HEX_LENGTHS.get(algorithm)
    if length is None:
        return "unsupported digest algorithm" if _GO_DIGEST_RE.fullmatch(text) else "invalid checksum digest format"
    if len(encoded) != length:
        return "invalid checksum digest length"
    if not _LOWER_HEX_RE.fullmatch(encoded):
        return "invalid checksum digest format"
    return None
