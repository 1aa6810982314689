"""The `registry` program's configuration: the YAML its config files use, and what it takes from them.

Distribution's sample configurations (the `registry` image's /etc/docker/registry/config.yml,
diamol's /app/config.yml) use a small part of YAML: maps nested by indentation, scalars, flow
lists (`[nosniff]`), block lists, comments. That part is parsed here. As in the real registry,
`REGISTRY_<SECTION>_<KEY>` variables override the file (`REGISTRY_STORAGE_DELETE_ENABLED=true`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


class ConfigError(Exception):
    """The text after `configuration error: `, as the registry prints it."""


STORAGE_OPTIONS = ("maintenance", "cache", "delete", "redirect")  # keys beside the one storage driver


@dataclass
class Config:
    addr: str = ""
    root: str = "/var/lib/registry"
    driver: str = "filesystem"
    delete_enabled: bool = False
    secret: str = ""
    headers: dict[str, list[str]] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)  # log.fields, added to every startup line
    level: str = "info"
    access_log: bool = True
    blob_cache: str = ""
    redis: str = ""
    upload_purging: bool = True


def load(text: str, path: str, env: dict[str, str]) -> Config:
    try:
        tree = parse_yaml(text)
    except ValueError as e:
        raise ConfigError(f"error parsing {path}: yaml: {e}") from None
    if not isinstance(tree, dict):
        tree = {}
    version = tree.get("version")
    if str(version if version is not None else "") != "0.1":
        raise ConfigError(f'error parsing {path}: unsupported version: "{_go_text(version)}"')
    for name in sorted(env):
        if name.startswith("REGISTRY_") and name != "REGISTRY_CONFIGURATION_PATH":
            _override(tree, name.lower().split("_")[1:], env[name])
    storage = tree.get("storage") if isinstance(tree.get("storage"), dict) else {}
    drivers = [k for k in storage if k not in STORAGE_OPTIONS]
    if not drivers:
        raise ConfigError(f"error parsing {path}: no storage configuration provided")
    if len(drivers) > 1:
        raise ConfigError(f"error parsing {path}: must provide exactly one storage type. Provided: "
                          f"[{' '.join(drivers)}]")
    config = Config(driver=drivers[0])
    driver = storage.get(config.driver) if isinstance(storage.get(config.driver), dict) else {}
    config.root = str(driver.get("rootdirectory") or config.root)
    config.delete_enabled = _section(storage, "delete").get("enabled") is True
    config.blob_cache = str(_section(storage, "cache").get("blobdescriptor") or "")
    purging = _section(_section(storage, "maintenance"), "uploadpurging")
    config.upload_purging = purging.get("enabled", True) is not False
    http = _section(tree, "http")
    config.addr = str(http.get("addr") or "")
    config.secret = str(http.get("secret") or "")
    config.headers = {str(k): [str(v) for v in (vs if isinstance(vs, list) else [vs])]
                      for k, vs in _section(http, "headers").items()}
    log = _section(tree, "log")
    config.fields = {str(k): _go_text(v) for k, v in _section(log, "fields").items()}
    config.level = str(log.get("level") or tree.get("loglevel") or "info")
    config.access_log = _section(log, "accesslog").get("disabled") is not True
    config.redis = str(_section(tree, "redis").get("addr") or "")
    return config


def _section(tree: dict, key: str) -> dict:
    value = tree.get(key)
    return value if isinstance(value, dict) else {}


def _override(tree: dict, path: list[str], value: str) -> None:
    node = tree
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    if path:
        node[path[-1]] = _scalar(value)


def _go_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# ---------------------------------------------------------------- the YAML subset
def parse_yaml(text: str):
    lines = []
    for number, raw in enumerate(text.splitlines(), 1):
        if "\t" in raw[:len(raw) - len(raw.lstrip())]:
            raise ValueError(f"line {number}: found character that cannot start any token")
        stripped = _uncomment(raw).rstrip()
        if stripped.strip() and stripped.strip() != "---":
            lines.append((len(stripped) - len(stripped.lstrip()), stripped.strip(), number))
    value, rest = _block(lines, 0, lines[0][0] if lines else 0)
    if rest < len(lines):
        raise ValueError(f"line {lines[rest][2]}: did not find expected key")
    return value


def _block(lines, i: int, indent: int):
    if i >= len(lines):
        return None, i
    if lines[i][1].startswith("- ") or lines[i][1] == "-":
        items = []
        while i < len(lines) and lines[i][0] == indent and (lines[i][1].startswith("- ") or lines[i][1] == "-"):
            item = lines[i][1][1:].strip()
            i += 1
            if item:
                items.append(_scalar(item))
            else:
                value, i = _block(lines, i, lines[i][0]) if i < len(lines) and lines[i][0] > indent else (None, i)
                items.append(value)
        return items, i
    mapping = {}
    while i < len(lines) and lines[i][0] == indent:
        key, sep, rest = lines[i][1].partition(":")
        if not sep or (rest and not rest.startswith(" ")):
            raise ValueError(f"line {lines[i][2]}: could not find expected ':'")
        key, rest = _unquote(key.strip()), rest.strip()
        i += 1
        if rest:
            mapping[key] = _scalar(rest)
        elif i < len(lines) and (lines[i][0] > indent or (lines[i][0] == indent and lines[i][1].startswith("-"))):
            mapping[key], i = _block(lines, i, lines[i][0])
        else:
            mapping[key] = None
    if i < len(lines) and lines[i][0] > indent:
        raise ValueError(f"line {lines[i][2]}: mapping values are not allowed in this context")
    return mapping, i


def _uncomment(line: str) -> str:
    quote = None
    for i, c in enumerate(line):
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def _scalar(text: str):
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        return [_scalar(part) for part in inner.split(",")] if inner else []
    if text.startswith("{") and text.endswith("}"):
        inner = text[1:-1].strip()
        return {_unquote(k.strip()): _scalar(v) for k, _, v in (p.partition(":") for p in inner.split(","))} \
            if inner else {}
    if text[:1] in "'\"":
        return _unquote(text)
    lowered = text.lower()
    if lowered in ("true", "yes", "on"):
        return True
    if lowered in ("false", "no", "off"):
        return False
    if lowered in ("null", "~"):
        return None
    if re.fullmatch(r"[-+]?\d+", text):
        return int(text)
    return text


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text
