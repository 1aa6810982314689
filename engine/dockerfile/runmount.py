"""`RUN --mount=...` values, read and checked as Docker 20.10 does when it parses a Dockerfile.

The classic builder then refuses any RUN flag ("the --mount option requires BuildKit"), but a
malformed mount is reported first, at parse time, with these messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockyard.engine.dockerfile.gocompat import GoSyntaxError, parse_bool, parse_uint

MOUNT_TYPES = frozenset({"bind", "cache", "tmpfs", "secret", "ssh"})
SHARING_MODES = frozenset({"shared", "private", "locked"})


class MountSyntaxError(ValueError):
    """A `--mount` value Docker refuses; str() is Docker's message."""


@dataclass(frozen=True)
class Mount:
    type: str = "bind"
    from_: str = ""
    source: str = ""
    target: str = ""
    read_only: bool = True
    cache_id: str = ""
    cache_sharing: str = ""
    required: bool = False
    mode: int | None = None
    uid: int | None = None
    gid: int | None = None


def parse_mount(value: str) -> Mount:
    """Parse `type=cache,target=/root/.cache,...` (CSV, as Go's encoding/csv reads one record)."""
    fields = _read_csv_record(value)
    settings: dict = {}
    mount_type = "bind"
    read_only_given = False
    for item in fields:
        key, has_value, text = item.partition("=")
        key = key.lower()
        if not has_value:
            if key in ("readonly", "ro"):
                settings["read_only"], read_only_given = True, True
                continue
            if key in ("readwrite", "rw"):
                settings["read_only"], read_only_given = False, True
                continue
            if key == "required":
                if mount_type not in ("secret", "ssh"):
                    raise MountSyntaxError(f"unexpected key '{key}' for mount type '{mount_type}'")
                settings["required"] = True
                continue
            raise MountSyntaxError(f"invalid field '{item}' must be a key=value pair")
        if key == "type":
            if text.lower() not in MOUNT_TYPES:
                raise MountSyntaxError(f'unsupported mount type "{text}"')
            mount_type = text.lower()
        elif key == "from":
            settings["from_"] = text
        elif key in ("source", "src"):
            settings["source"] = text
        elif key in ("target", "dst", "destination"):
            settings["target"] = text
        elif key in ("readonly", "ro", "readwrite", "rw"):
            flag = _bool(key, text)
            settings["read_only"] = flag if key in ("readonly", "ro") else not flag
            read_only_given = True
        elif key == "required":
            if mount_type not in ("secret", "ssh"):
                raise MountSyntaxError(f"unexpected key '{key}' for mount type '{mount_type}'")
            settings["required"] = _bool(key, text)
        elif key == "id":
            settings["cache_id"] = text
        elif key == "sharing":
            if text.lower() not in SHARING_MODES:
                raise MountSyntaxError(f'unsupported sharing value "{text}"')
            settings["cache_sharing"] = text.lower()
        elif key in ("mode", "uid", "gid"):
            settings[key] = _number(key, text, 8 if key == "mode" else 10)
        else:
            raise MountSyntaxError(f"unexpected key '{key}' in '{item}'")
    _check(mount_type, settings)
    if not read_only_given:
        settings["read_only"] = mount_type not in ("cache", "tmpfs")
    return Mount(type=mount_type, **settings)


def _check(mount_type: str, settings: dict) -> None:
    takes_file_info = mount_type in ("secret", "ssh", "cache")
    for key in ("mode", "uid", "gid"):
        if settings.get(key) is not None and not takes_file_info:
            raise MountSyntaxError(f'{key} not allowed for "{mount_type}" type mounts')
    if settings.get("cache_sharing") and mount_type != "cache":
        raise MountSyntaxError(f"invalid cache sharing set for {mount_type} mount")
    if mount_type == "secret":
        if settings.get("from_"):
            raise MountSyntaxError("secret mount should not have a from")
        if not (settings.get("source") or settings.get("target") or settings.get("cache_id")):
            raise MountSyntaxError("invalid secret mount. one of source, target required")
        if settings.get("source") and settings.get("cache_id"):
            raise MountSyntaxError("both source and id can't be set")


def _bool(key: str, text: str) -> bool:
    try:
        return parse_bool(text)
    except GoSyntaxError:
        raise MountSyntaxError(f"invalid value for {key}: {text}") from None


def _number(key: str, text: str, base: int) -> int:
    try:
        return parse_uint(text, base, 32)
    except GoSyntaxError:
        raise MountSyntaxError(f"invalid value {text} for {key}") from None


def _read_csv_record(line: str) -> list[str]:
    """One record of Go's encoding/csv (comma-separated, `"` quoting with `""`), with its errors."""
    if not line:
        raise MountSyntaxError("failed to parse csv mounts: EOF")
    fields = []
    pos = 0  # index in `line`; Go reports 1-based byte columns
    while True:
        if not line.startswith('"', pos):
            comma = line.find(",", pos)
            field = line[pos:] if comma < 0 else line[pos:comma]
            if '"' in field:
                _csv_error(line, pos + field.index('"'), 'bare " in non-quoted field')
            fields.append(field)
            if comma < 0:
                return fields
            pos = comma + 1
            continue
        pos += 1
        field = []
        while True:
            closing = line.find('"', pos)
            if closing < 0:
                _csv_error(line, len(line), 'extraneous or missing " in quoted-field')
            field.append(line[pos:closing])
            pos = closing + 1
            if line.startswith('"', pos):
                field.append('"')
                pos += 1
            elif line.startswith(",", pos):
                fields.append("".join(field))
                pos += 1
                break
            elif pos == len(line):
                fields.append("".join(field))
                return fields
            else:
                _csv_error(line, pos, 'extraneous or missing " in quoted-field')


def _csv_error(line: str, index: int, reason: str) -> None:
    column = len(line[:index].encode("utf-8", "surrogatepass")) + 1
    raise MountSyntaxError(f"failed to parse csv mounts: parse error on line 1, column {column}: {reason}")
