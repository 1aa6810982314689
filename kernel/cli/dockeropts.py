"""The docker CLI's own flag value types and validators (docker/cli 28.2.2, package ``opts``).

Each type turns the text of one flag occurrence into a Python value shaped like what the docker CLI
hands to the Engine API, and rejects bad text with the CLI's exact message (pflag wraps it as
``invalid argument "bad" for "--add-host" flag: bad format for add-host: "bad"``):

====================  ==========================================================================
kind                  value
====================  ==========================================================================
list                  ``list[str]``, repeatable; a validator may rewrite each item (``-e FOO``
                      becomes ``FOO=<value in the caller's environment>``)
map                   ``dict[str, str]`` from ``KEY=VALUE`` items
filter                ``dict[str, list[str]]``: ``--filter name=web`` → ``{"name": ["web"]}``
bytes / swap-bytes    ``int`` bytes from ``512m``, ``1g`` (binary units); swap also takes ``-1``
decimal               ``int`` nano-CPUs from ``1.5``
ulimit                ``list[dict]`` ``{"Name", "Soft", "Hard"}``, one per name, sorted by name
mount                 ``list[dict]`` in the API's ``Mount`` shape
network               ``list[dict]``: ``{"Target", "Aliases", "IPv4Address", ...}``
gpu-request           ``list[dict]`` in the API's ``DeviceRequest`` shape
weight-device         ``list[dict]`` ``{"Path", "Weight"}``
throttle-device       ``list[dict]`` ``{"Path", "Rate"}``
quoted-string         ``str`` with one pair of surrounding quotes removed
====================  ==========================================================================

Swarm's own types (port, secret, config, pref, command, credential-spec, node-addr, external-ca,
pem-file) are kept as typed: dockyard runs no swarm, so nothing interprets them.
"""
from __future__ import annotations

import os
import posixpath
import re
from typing import Any, Callable

from .flags import (InvalidValue, SetContext, ValueKind, go_quote, parse_go_atoi, parse_go_bool,
                    parse_go_float, parse_go_int, read_csv_record)

# ---------------------------------------------------------------------------------------------------
# Sizes (docker/go-units)
# ---------------------------------------------------------------------------------------------------

_BINARY_UNITS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}


def ram_in_bytes(text: str) -> int:
    """go-units ``RAMInBytes``: ``512m`` → 536870912; ``1.5g``, ``10 KiB``, ``100b``."""
    separator = max(text.rfind(char) for char in "0123456789. ")
    if separator == -1:
        raise InvalidValue(f"invalid size: '{text}'")
    if text[separator] == " ":
        number, suffix = text[:separator], text[separator + 1:]
    else:
        number, suffix = text[:separator + 1], text[separator + 1:]
    size = parse_go_float(number)
    if size < 0:
        raise InvalidValue(f"invalid size: '{text}'")
    if not suffix:
        return int(size)
    lowered = suffix.lower()
    if len(suffix) > 3:
        raise InvalidValue(f"invalid suffix: '{suffix}'")
    if lowered[0] == "b":
        if len(lowered) > 1:
            raise InvalidValue(f"invalid suffix: '{lowered}'")
        return int(size)
    if lowered[0] not in _BINARY_UNITS or (len(lowered) == 2 and lowered[1] != "b") or \
            (len(lowered) == 3 and lowered[1:] != "ib"):
        raise InvalidValue(f"invalid suffix: '{lowered}'")
    return int(size * _BINARY_UNITS[lowered[0]])


def _mem_bytes(current: Any, text: str, context: SetContext) -> int:
    return ram_in_bytes(text)


def _mem_swap_bytes(current: Any, text: str, context: SetContext) -> int:
    return -1 if text == "-1" else ram_in_bytes(text)


# Patterns are kept as text: `re` compiles (and caches) them on first use, not at import.
_RATIONAL = r"(?a)[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?\d+/\d+"


def _nano_cpus(current: Any, text: str, context: SetContext) -> int:
    """opts.NanoCPUs: a rational number of CPUs, stored in billionths."""
    from fractions import Fraction

    if not re.fullmatch(_RATIONAL, text) or text.endswith("/0"):
        raise InvalidValue(f"failed to parse {text} as a rational number")
    nano = Fraction(text) * 1_000_000_000
    if nano.denominator != 1:
        raise InvalidValue("value is too precise")
    return int(nano)


# ---------------------------------------------------------------------------------------------------
# Validators of list items (each returns the item as the CLI stores it)
# ---------------------------------------------------------------------------------------------------

def validate_env(text: str, context: SetContext) -> str:
    """``-e KEY=VALUE``, or ``-e KEY`` to take KEY from the caller's environment when it is set."""
    key, has_value, _ = text.partition("=")
    if not key:
        raise InvalidValue(f"invalid environment variable: {text}")
    if not has_value and key in context.environ:
        return f"{key}={context.environ[key]}"
    return text


def validate_label(text: str, context: SetContext) -> str:
    key = text.partition("=")[0].lstrip(" \t")
    if not key:
        raise InvalidValue(f"invalid label '{text}': empty name")
    if " " in key or "\t" in key:
        raise InvalidValue(f"label '{key}' contains whitespaces")
    return text


def parse_ip(text: str) -> str | None:
    """Go's ``net.ParseIP(...).String()``, or None when the text is no IP address."""
    import ipaddress

    if "%" in text:
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(address)


def validate_ip_address(text: str, context: SetContext) -> str:
    address = parse_ip(text.strip())
    if address is None:
        raise InvalidValue(f"IP address is not correctly formatted: {text}")
    return address


_DOMAIN = (r"^(:?(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9]))"
           r"(:?\.(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9])))*)\.?[\t\n\f\r ]*$")


def validate_dns_search(text: str, context: SetContext) -> str:
    value = text.strip(" ")
    if value == ".":
        return value
    match = re.match(_DOMAIN, value) if re.search("[a-zA-Z]", value) else None
    if match and len(match.group(1)) < 255:
        return match.group(1)
    raise InvalidValue(f"{value} is not a valid domain")


def validate_link(text: str, context: SetContext) -> str:
    if text == "":
        raise InvalidValue("empty string specified for links")
    if text.count(":") > 1:
        raise InvalidValue("bad format for links: " + text)
    return text


def validate_extra_host(text: str, context: SetContext) -> str:
    """``--add-host name:ip`` (or ``name=ip``); returns ``name:ip`` as the API expects."""
    key, sep, value = text.partition("=")
    if not sep:
        key, sep, value = text.partition(":")
    if not sep or not key or ":" in key:
        raise InvalidValue(f"bad format for add-host: {go_quote(text)}")
    if value != "host-gateway":
        if len(value) > 2 and value[0] == "[" and value[-1] == "]":
            value = value[1:-1]
        if parse_ip(value.strip()) is None:
            raise InvalidValue(f"invalid IP address in add-host: {go_quote(value)}")
    return f"{key}:{value}"


def validate_attach(text: str, context: SetContext) -> str:
    if text.lower() in ("stdin", "stdout", "stderr"):
        return text.lower()
    raise InvalidValue("valid streams are STDIN, STDOUT and STDERR")


_DEVICE_CGROUP_RULE = r"^[acb] ([0-9]+|\*):([0-9]+|\*) [rwm]{1,3}$"


def validate_device_cgroup_rule(text: str, context: SetContext) -> str:
    if re.match(_DEVICE_CGROUP_RULE, text):
        return text
    raise InvalidValue(f"invalid device cgroup format '{text}'")


def validate_generic_resource(text: str, context: SetContext) -> str:
    if "=" not in text:
        raise InvalidValue(f"invalid generic-resource format `{text}` expected `name=value`")
    return text


_SYSCTLS = {"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
            "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"}


def validate_sysctl(text: str, context: SetContext) -> str:
    key, sep, _ = text.partition("=")
    if sep and key and (key in _SYSCTLS or key.startswith(("net.", "fs.mqueue."))):
        return text
    raise InvalidValue(f"sysctl '{text}' is not allowed")


# distribution/reference v0.6.0, for `docker build -t` (the only reference the CLI checks itself)
_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = _ALNUM + rf"(?:{_SEPARATOR}{_ALNUM})*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[(?:[a-fA-F0-9:]+)\])"
_DOMAIN_AND_PORT = _HOST + r"(?::[0-9]+)?"
_NAME = rf"(?:{_DOMAIN_AND_PORT}/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}"
_REFERENCE = rf"(?a)^({_NAME})(?::({_TAG}))?(?:@({_DIGEST}))?$"
_ANCHORED_NAME = rf"(?a)^(?:({_DOMAIN_AND_PORT})/)?({_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*)$"
_DIGEST_SIZES = {"sha256": 64, "sha384": 96, "sha512": 128}


def _split_docker_domain(name: str) -> tuple[str, str]:
    first, sep, rest = name.partition("/")
    if not sep:
        return "docker.io", "library/" + name
    if first == "localhost":
        domain, remote = first, rest
    elif first == "index.docker.io":
        domain, remote = "docker.io", rest
    elif any(char in first for char in ".:") or first.lower() != first:
        domain, remote = first, rest
    else:
        domain, remote = "docker.io", name
    if domain == "docker.io" and "/" not in remote:
        remote = "library/" + remote
    return domain, remote


def validate_reference(text: str, context: SetContext) -> str:
    """distribution/reference ``ParseNormalizedNamed`` (messages of ``docker build -t``)."""
    if re.fullmatch(r"[a-f0-9]{64}", text):
        raise InvalidValue(f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings")
    domain, remainder = _split_docker_domain(text)
    remote = remainder.partition(":")[0]
    if remote.lower() != remote:
        raise InvalidValue(f"invalid reference format: repository name ({remote}) must be lowercase")
    full = domain + "/" + remainder
    match = re.match(_REFERENCE, full)
    if match is None:
        if re.match(_REFERENCE, full.lower()):
            raise InvalidValue("repository name must be lowercase")
        raise InvalidValue("invalid reference format")
    name_match = re.match(_ANCHORED_NAME, match.group(1))
    if len(name_match.group(2)) > 255:
        raise InvalidValue("repository name must not be more than 255 characters")
    if match.group(3):
        algorithm, _, hexdigits = match.group(3).partition(":")
        if algorithm not in _DIGEST_SIZES:
            raise InvalidValue("unsupported digest algorithm")
        if len(hexdigits) != _DIGEST_SIZES[algorithm]:
            raise InvalidValue("invalid checksum digest length")
        if not re.fullmatch("[a-f0-9]+", hexdigits):
            raise InvalidValue("invalid checksum digest format")
    return text


LIST_VALIDATORS: dict[str, Callable[[str, SetContext], str]] = {
    "env": validate_env, "label": validate_label, "ip-address": validate_ip_address,
    "dns-search": validate_dns_search, "link": validate_link, "extra-host": validate_extra_host,
    "attach": validate_attach, "device-cgroup-rule": validate_device_cgroup_rule,
    "tag": validate_reference, "generic-resource": validate_generic_resource, "sysctl": validate_sysctl,
}


def _device_path(text: str) -> tuple[str, str]:
    path, sep, value = text.partition(":")
    if not sep or not path:
        raise InvalidValue(f"bad format: {text}")
    if not path.startswith("/dev/"):
        raise InvalidValue(f"bad format for device path: {text}")
    return path, value


def weight_device(text: str) -> dict:
    path, value = _device_path(text)
    weight = int(value) if value.isascii() and value.isdigit() else None  # ParseUint(value, 10, 16)
    if weight is None or weight >= 1 << 16 or (weight > 0 and not 10 <= weight <= 1000):
        raise InvalidValue(f"invalid weight for device: {text}")
    return {"Path": path, "Weight": weight}


def throttle_bps_device(text: str) -> dict:
    path, value = _device_path(text)
    try:
        rate = ram_in_bytes(value)
    except InvalidValue:
        rate = -1
    if rate < 0:
        raise InvalidValue(f"invalid rate for device: {text}. The correct format is "
                           "<device-path>:<number>[<unit>]. Number must be a positive integer. "
                           "Unit is optional and can be kb, mb, or gb")
    return {"Path": path, "Rate": rate}


def throttle_iops_device(text: str) -> dict:
    path, value = _device_path(text)
    if not (value.isascii() and value.isdigit()) or int(value) >= 1 << 64:
        raise InvalidValue(f"invalid rate for device: {text}. The correct format is "
                           "<device-path>:<number>. Number must be a positive integer")
    return {"Path": path, "Rate": int(value)}


# ---------------------------------------------------------------------------------------------------
# Structured options: ulimits, mounts, networks, GPUs
# ---------------------------------------------------------------------------------------------------

_ULIMITS = {"core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc",
            "rss", "rtprio", "rttime", "sigpending", "stack"}


def parse_ulimit(text: str) -> dict:
    """go-units ``ParseUlimit``: ``nofile=1024:2048`` (soft[:hard])."""
    name, sep, limits = text.partition("=")
    if not sep:
        raise InvalidValue(f"invalid ulimit argument: {text}")
    if name not in _ULIMITS:
        raise InvalidValue(f"invalid ulimit type: {name}")
    parts = limits.split(":")
    if len(parts) > 2:
        raise InvalidValue(f"too many limit value arguments - {limits}, can only have up to two, `soft[:hard]`")
    hard = parse_go_int(parts[1], base10=True) if len(parts) == 2 else None
    soft = parse_go_int(parts[0], base10=True)
    hard = soft if hard is None else hard
    if hard != -1:
        if soft == -1:
            raise InvalidValue("ulimit soft limit must be less than or equal to hard limit: "
                               f"soft: -1 (unlimited), hard: {hard}")
        if soft > hard:
            raise InvalidValue(f"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}")
    return {"Name": name, "Hard": hard, "Soft": soft}


def _ulimits(current: list[dict], text: str, context: SetContext) -> list[dict]:
    limit = parse_ulimit(text)
    by_name = {item["Name"]: item for item in current}
    by_name[limit["Name"]] = limit
    return [by_name[name] for name in sorted(by_name)]


def _key_value_into(target: dict, text: str) -> None:
    key, _, value = text.partition("=")
    if key:
        target[key] = value


def parse_mount(text: str, cwd: str) -> dict:
    """opts.MountOpt: ``type=bind,source=./src,target=/app,readonly`` → an API ``Mount``."""
    mount: dict[str, Any] = {"Type": "volume"}
    options: dict[str, dict] = {}

    def section(name: str) -> dict:
        # as in Go, touching the volume options creates their labels and driver config too
        fresh = {"Labels": {}, "DriverConfig": {}} if name == "VolumeOptions" else {}
        return options.setdefault(name, fresh)

    def boolean(key: str, value: str, message: str) -> bool:
        try:
            return parse_go_bool(value)
        except InvalidValue:
            raise InvalidValue(message) from None

    for item in read_csv_record(text):
        key, has_value, value = item.partition("=")
        key = key.lower()
        if not has_value:
            if key in ("readonly", "ro"):
                mount["ReadOnly"] = True
            elif key == "volume-nocopy":
                section("VolumeOptions")["NoCopy"] = True
            elif key == "bind-nonrecursive":
                section("BindOptions")["NonRecursive"] = True
            else:
                raise InvalidValue(f"invalid field '{item}' must be a key=value pair")
            continue
        if key == "type":
            mount["Type"] = value.lower()
        elif key in ("source", "src"):
            mount["Source"] = posixpath.normpath(os.path.join(cwd, value)) \
                if not value.startswith("/") and value.startswith(".") else value
        elif key in ("target", "dst", "destination"):
            mount["Target"] = value
        elif key in ("readonly", "ro"):
            mount["ReadOnly"] = boolean(key, value, f"invalid value for {key}: {value}")
        elif key == "consistency":
            mount["Consistency"] = value.lower()
        elif key == "bind-propagation":
            section("BindOptions")["Propagation"] = value.lower()
        elif key == "bind-nonrecursive":
            section("BindOptions")["NonRecursive"] = boolean(key, value, f"invalid value for {key}: {value}")
        elif key == "bind-recursive":
            flag = {"enabled": None, "disabled": "NonRecursive", "writable": "ReadOnlyNonRecursive",
                    "readonly": "ReadOnlyForceRecursive"}
            if value not in flag:
                raise InvalidValue(f'invalid value for {key}: {value} '
                                   '(must be "enabled", "disabled", "writable", or "readonly")')
            if flag[value]:
                section("BindOptions")[flag[value]] = True
        elif key == "volume-subpath":
            section("VolumeOptions")["Subpath"] = value
        elif key == "volume-nocopy":
            section("VolumeOptions")["NoCopy"] = boolean(key, value, f"invalid value for volume-nocopy: {value}")
        elif key == "volume-label":
            _key_value_into(section("VolumeOptions")["Labels"], value)
        elif key == "volume-driver":
            section("VolumeOptions")["DriverConfig"]["Name"] = value
        elif key == "volume-opt":
            _key_value_into(section("VolumeOptions")["DriverConfig"].setdefault("Options", {}), value)
        elif key == "image-subpath":
            section("ImageOptions")["Subpath"] = value
        elif key == "tmpfs-size":
            try:
                section("TmpfsOptions")["SizeBytes"] = ram_in_bytes(value)
            except InvalidValue:
                raise InvalidValue(f"invalid value for {key}: {value}") from None
        elif key == "tmpfs-mode":  # strconv.ParseUint(value, 8, 32)
            if not re.fullmatch("[0-7]+", value) or int(value, 8) >= 1 << 32:
                raise InvalidValue(f"invalid value for {key}: {value}")
            section("TmpfsOptions")["Mode"] = int(value, 8)
        else:
            raise InvalidValue(f"unexpected key '{key}' in '{item}'")
    if not mount["Type"]:
        raise InvalidValue("type is required")
    if not mount.get("Target"):
        raise InvalidValue("target is required")
    for name, mount_type in (("VolumeOptions", "volume"), ("ImageOptions", "image"),
                             ("BindOptions", "bind"), ("TmpfsOptions", "tmpfs")):
        if name in options and mount["Type"] != mount_type:
            raise InvalidValue(f"cannot mix '{mount_type}-*' options with mount type '{mount['Type']}'")
    bind = options.get("BindOptions", {})
    if bind.get("ReadOnlyNonRecursive") and not mount.get("ReadOnly"):
        raise InvalidValue("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction")
    if bind.get("ReadOnlyForceRecursive"):
        if not mount.get("ReadOnly"):
            raise InvalidValue("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction")
        if bind.get("Propagation") != "rprivate":
            raise InvalidValue("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' "
                               "to be specified in conjunction")
    return {**mount, **options}


_NETWORK_LONG_SYNTAX = r"(?a)\w+=\w+(,\w+=\w+)*"  # Go's \w is ASCII-only


def parse_network(text: str) -> dict:
    """opts.NetworkOpt: a network name, or ``name=web,alias=db,ip=172.20.0.5,...``."""
    attachment: dict[str, Any] = {"Target": text, "Aliases": [], "DriverOpts": {}, "IPv4Address": "",
                                  "IPv6Address": "", "LinkLocalIPs": [], "MacAddress": "", "GwPriority": 0}
    if not re.search(_NETWORK_LONG_SYNTAX, text):
        return attachment
    attachment["Target"] = ""
    single = {"name": "Target", "ip": "IPv4Address", "ip6": "IPv6Address", "mac-address": "MacAddress"}
    for item in read_csv_record(text):
        key, sep, value = item.lower().partition("=")
        if not sep or not key:
            raise InvalidValue(f"invalid field {item}")
        key, value = key.strip(), value.strip()
        if key in single:
            attachment[single[key]] = value
        elif key == "alias":
            attachment["Aliases"].append(value)
        elif key == "link-local-ip":
            attachment["LinkLocalIPs"].append(value)
        elif key == "driver-opt":
            option_key, option_sep, option_value = value.partition("=")
            if not option_sep or not option_key:
                raise InvalidValue("invalid key value pair format in driver options")
            attachment["DriverOpts"][option_key.strip()] = option_value.strip()
        elif key == "gw-priority":
            try:
                attachment["GwPriority"] = parse_go_atoi(value)
            except InvalidValue as error:
                raise InvalidValue(f"invalid gw-priority ({value}): {str(error).rpartition(': ')[2]}") from None
        else:
            raise InvalidValue("invalid field key " + key)
    if not attachment["Target"]:
        raise InvalidValue("network name/id is not specified")
    return attachment


def _gpu_count(text: str) -> int:
    if text == "all":
        return -1
    try:
        return parse_go_atoi(text)
    except InvalidValue as error:
        reason = str(error).rpartition(": ")[2]
        raise InvalidValue(f'invalid count ({text}): value must be either "all" or an integer: {reason}') from None


def parse_gpu_request(text: str) -> dict:
    """opts.GpuOpts: ``all``, ``2``, ``device=0,1``, ``"capabilities=compute,utility"`` → a DeviceRequest."""
    request: dict[str, Any] = {"Driver": "", "Count": 0, "DeviceIDs": None, "Capabilities": None, "Options": None}
    seen: set[str] = set()
    for item in read_csv_record(text):
        key, has_value, value = item.partition("=")
        if key in seen:
            raise InvalidValue(f"gpu request key '{key}' can be specified only once")
        seen.add(key)
        if not has_value:
            seen.add("count")
            request["Count"] = _gpu_count(key)
        elif key == "driver":
            request["Driver"] = value
        elif key == "count":
            request["Count"] = _gpu_count(value)
        elif key == "device":
            request["DeviceIDs"] = value.split(",")
        elif key == "capabilities":
            request["Capabilities"] = [[*value.split(","), "gpu"]]
        elif key == "options":
            try:
                pairs = read_csv_record(value)
            except InvalidValue as error:
                raise InvalidValue(f"failed to read gpu options: {error}") from None
            request["Options"] = dict(pair.partition("=")[::2] for pair in pairs)
        else:
            raise InvalidValue(f"unexpected key '{key}' in '{item}'")
    if "count" not in seen and request["DeviceIDs"] is None:
        request["Count"] = 1
    request["Options"] = request["Options"] or {}
    request["Capabilities"] = request["Capabilities"] or [["gpu"]]
    return request


# ---------------------------------------------------------------------------------------------------
# The kinds
# ---------------------------------------------------------------------------------------------------

def _appending(convert: Callable[[str, SetContext], Any]) -> Callable[[Any, str, SetContext], Any]:
    return lambda current, text, context: [*current, convert(text, context)]


def _filter(current: dict[str, list[str]], text: str, context: SetContext) -> dict[str, list[str]]:
    """opts.FilterOpt: ``name=value`` pairs, names lower-cased, a value counted once."""
    if text == "":
        return current
    if "=" not in text:
        raise InvalidValue("bad format of filter (expected name=value)")
    name, _, value = text.partition("=")
    name, value = name.strip().lower(), value.strip()
    values = current.get(name, [])
    return {**current, name: values if value in values else [*values, value]}


def _map(current: dict[str, str], text: str, context: SetContext) -> dict:
    key, _, value = text.partition("=")
    return {**current, key: value}


def _trim_quotes(current: Any, text: str, context: SetContext) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _engine(current: Any, text: str, context: SetContext) -> str:
    if text not in ("bundled", "docker"):
        raise InvalidValue('must be "bundled" or "docker"')
    return text


def _kept(current: Any, text: str, context: SetContext) -> str:
    return text


DOCKER_KINDS: dict[str, ValueKind] = {
    "list": ValueKind(list, _appending(lambda text, context: text)),
    "map": ValueKind(dict, _map),
    "filter": ValueKind(dict, _filter),
    "bytes": ValueKind(int, _mem_bytes),
    "swap-bytes": ValueKind(int, _mem_swap_bytes),
    "decimal": ValueKind(int, _nano_cpus),
    "ulimit": ValueKind(list, _ulimits),
    "mount": ValueKind(list, _appending(lambda text, context: parse_mount(text, context.cwd))),
    "network": ValueKind(list, _appending(lambda text, context: parse_network(text))),
    "gpu-request": ValueKind(list, _appending(lambda text, context: parse_gpu_request(text))),
    "weight-device": ValueKind(list, _appending(lambda text, context: weight_device(text))),
    "quoted-string": ValueKind(str, _trim_quotes),
    "engine": ValueKind(lambda: "", _engine),
    **{kind: ValueKind(list, _appending(lambda text, context: text))
       for kind in ("port", "secret", "config", "pref", "external-ca")},
    **{kind: ValueKind(str, _kept) for kind in ("command", "credential-spec", "node-addr", "pem-file")},
}


def validated_kind(kind: str, validator: str) -> ValueKind:
    """The value kind of a list/map flag whose items pass through one of docker's validators."""
    if kind == "throttle-device":
        convert = throttle_bps_device if validator == "throttle-bps" else throttle_iops_device
        return ValueKind(list, _appending(lambda text, context: convert(text)))
    check = LIST_VALIDATORS[validator]
    if kind == "map":
        return ValueKind(dict, lambda current, text, context: _map(current, check(text, context), context))
    return ValueKind(list, _appending(check))
