"""`docker run`/`docker create` flags → the Engine API's Config, HostConfig and NetworkingConfig
(docker/cli cli/command/container/opts.go `parse`)."""
from __future__ import annotations

import os
import re
import shlex

from ..context import CliError

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$")


def _list(opts: dict, name: str) -> list:
    v = opts.get(name)
    if v is None:
        return []
    return list(v) if isinstance(v, (list, tuple)) else [v]


def read_env_file(path: str) -> list[str]:
    """`--env-file`: KEY=VAL lines; a bare KEY takes the value from the client's environment."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise CliError(f"open {path}: {e.strerror.lower() if e.strerror else e}", 125) from None
    out = []
    for line in lines:
        line = line.lstrip()
        if not line or line.startswith("#"):
            continue
        key, eq, val = line.partition("=")
        if not eq:
            if key in os.environ:
                out.append(f"{key}={os.environ[key]}")
            continue
        out.append(f"{key}={val}")
    return out


def parse_env(opts: dict) -> list[str]:
    env = []
    for f in _list(opts, "env-file"):
        env += read_env_file(f)
    for kv in _list(opts, "env"):
        # opts.ValidateEnv: a bare NAME takes the client's value; without one it is sent bare,
        # which unsets NAME in the container
        if "=" not in kv and kv in os.environ:
            kv = f"{kv}={os.environ[kv]}"
        env.append(kv)
    return env


def parse_labels(opts: dict) -> dict:
    labels = {}
    for kv in _list(opts, "label"):
        k, _, v = kv.partition("=")
        labels[k] = v
    return labels


def parse_publish(specs: list[str]) -> tuple[dict, dict]:
    """`-p [ip:][hostPort:]containerPort[/proto]` with ranges → (ExposedPorts, PortBindings)."""
    exposed: dict = {}
    bindings: dict = {}
    for spec in specs:
        proto = "tcp"
        body = spec
        if "/" in body:
            body, proto = body.rsplit("/", 1)
        ip = host = ""
        if body.startswith("["):  # [::1]:8080:80
            end = body.index("]")
            ip, body = body[1:end], body[end + 2:]
        parts = body.split(":")
        if len(parts) == 1:
            container = parts[0]
        elif len(parts) == 2:
            host, container = parts
        elif len(parts) == 3:
            ip, host, container = parts
        else:
            raise CliError(f"invalid port format: {spec}", 125)
        c_lo, c_hi = _port_range(container, spec)
        if host:
            h_lo, h_hi = _port_range(host, spec)
            if h_hi - h_lo != c_hi - c_lo and h_lo != h_hi:
                raise CliError(f"invalid ranges specified for container and host Ports: {container} and {host}", 125)
        for i, port in enumerate(range(c_lo, c_hi + 1)):
            key = f"{port}/{proto}"
            exposed[key] = {}
            hp = ""
            if host:
                h_lo, h_hi = _port_range(host, spec)
                hp = str(h_lo + i) if h_hi != h_lo else (str(h_lo) if c_lo == c_hi else f"{h_lo}")
            bindings.setdefault(key, []).append({"HostIp": ip, "HostPort": hp})
    return exposed, bindings


def _port_range(text: str, spec: str) -> tuple[int, int]:
    lo, _, hi = text.partition("-")
    try:
        a, b = int(lo), int(hi or lo)
    except ValueError:
        raise CliError(f'invalid containerPort: {text}' if text else f"no port specified: {spec}<empty>", 125) \
            from None
    if not (0 < a <= 65535 and 0 < b <= 65535) or b < a:
        raise CliError(f"invalid range specified for port: {text}", 125)
    return a, b


def parse_restart(value: str) -> dict:
    if not value:
        return {"Name": "", "MaximumRetryCount": 0}
    name, _, count = value.partition(":")
    if name not in ("no", "always", "unless-stopped", "on-failure"):
        raise CliError(f"invalid restart policy format: {value}", 125)
    if count and name != "on-failure":
        raise CliError(f"maximum retry count cannot be used with restart policy '{name}'", 125)
    return {"Name": name, "MaximumRetryCount": int(count) if count else 0}


def parse_mount(spec) -> dict:
    """`--mount type=bind,source=/x,target=/y,readonly` → an API Mount (the parser may have done it)."""
    if isinstance(spec, dict):
        return spec
    m: dict = {"Type": "volume"}
    for field in spec.split(","):
        k, eq, v = field.partition("=")
        k = k.strip().lower()
        if k == "type":
            m["Type"] = v
        elif k in ("source", "src"):
            m["Source"] = v
        elif k in ("target", "destination", "dst"):
            m["Target"] = v
        elif k in ("readonly", "ro"):
            m["ReadOnly"] = (v.lower() in ("", "1", "true")) if eq else True
        elif k in ("volume-driver", "volume-label", "volume-opt", "bind-propagation", "consistency",
                   "tmpfs-size", "tmpfs-mode", "volume-nocopy", "bind-nonrecursive"):
            continue
        else:
            raise CliError(f"invalid argument \"{spec}\" for \"--mount\" flag: unexpected key '{k}' in '{field}'", 125)
    if "Target" not in m:
        raise CliError(f'invalid argument "{spec}" for "--mount" flag: target is required', 125)
    return m


def build_create_body(opts: dict, image: str, command: list[str], changed=frozenset()) -> tuple[dict, dict, dict]:
    """Config, HostConfig and NetworkingConfig for POST /containers/create."""
    exposed, bindings = parse_publish(_list(opts, "publish"))
    for e in _list(opts, "expose"):
        p, _, proto = e.partition("/")
        lo, hi = _port_range(p, e)
        for port in range(lo, hi + 1):
            exposed[f"{port}/{proto or 'tcp'}"] = {}
    attach_stdin = bool(opts.get("interactive"))
    detach = bool(opts.get("detach"))
    attach = _list(opts, "attach")
    # `--entrypoint ""` resets the image's entrypoint; no flag at all keeps it
    entrypoint = opts.get("entrypoint") if "entrypoint" in changed else None
    # The shapes docker CLI 28 sends (its Config and HostConfig structs, encoded): the daemon
    # keeps what it is given, so `docker inspect` shows `"Dns": []` where docker-py sends nothing.
    config = {
        "Hostname": opts.get("hostname") or "",
        "Domainname": opts.get("domainname") or "",
        "User": opts.get("user") or "",
        "AttachStdin": attach_stdin and not detach,
        "AttachStdout": not detach and (not attach or "stdout" in attach),
        "AttachStderr": not detach and (not attach or "stderr" in attach),
    }
    if exposed:
        config["ExposedPorts"] = exposed
    config.update({
        "Tty": bool(opts.get("tty")),
        "OpenStdin": attach_stdin,
        "StdinOnce": attach_stdin and not detach,
        "Env": parse_env(opts) or None,
        "Cmd": command or None,
        "Image": image,
        "Volumes": {},
        "WorkingDir": opts.get("workdir") or "",
        "Entrypoint": ([entrypoint] if entrypoint else [""]) if entrypoint is not None else None,
        "OnBuild": None,
        "Labels": parse_labels(opts),
    })
    if opts.get("stop-signal"):
        config["StopSignal"] = opts["stop-signal"]
    if "stop-timeout" in changed:
        config["StopTimeout"] = opts.get("stop-timeout")
    binds = []
    for v in _list(opts, "volume"):
        if ":" in v:
            binds.append(_absolute_bind(v))
        else:
            config["Volumes"][v] = {}
    networks = [n for n in (opts.get("network") or []) if isinstance(n, dict) and n.get("Target")]
    network = networks[0]["Target"] if networks else "default"
    host_config = {
        "Binds": binds or None, "ContainerIDFile": opts.get("cidfile") or "",
        "LogConfig": {"Type": opts.get("log-driver") or "", "Config": dict(o.partition("=")[::2] for o in
                                                                      _list(opts, "log-opt"))},
        "NetworkMode": network, "PortBindings": bindings or {},
        "RestartPolicy": parse_restart(opts.get("restart") or ""),
        "AutoRemove": bool(opts.get("rm")), "VolumeDriver": opts.get("volume-driver") or "",
        "VolumesFrom": _list(opts, "volumes-from") or None, "ConsoleSize": [0, 0],
        "CapAdd": _list(opts, "cap-add") or None, "CapDrop": _list(opts, "cap-drop") or None,
        "CgroupnsMode": opts.get("cgroupns") or "", "Dns": _list(opts, "dns"), "DnsOptions": _list(opts, "dns-option"),
        "DnsSearch": _list(opts, "dns-search"), "ExtraHosts": _list(opts, "add-host") or None,
        "GroupAdd": _list(opts, "group-add") or None, "IpcMode": opts.get("ipc") or "", "Cgroup": "",
        "Links": _list(opts, "link") or None, "OomScoreAdj": 0, "PidMode": opts.get("pid") or "",
        "Privileged": bool(opts.get("privileged")), "PublishAllPorts": bool(opts.get("publish-all")),
        "ReadonlyRootfs": bool(opts.get("read-only")), "SecurityOpt": _list(opts, "security-opt") or None,
        "UTSMode": opts.get("uts") or "", "UsernsMode": opts.get("userns") or "", "ShmSize": 0, "Isolation": "",
        # Resources
        "CpuShares": 0, "Memory": 0, "NanoCpus": 0, "CgroupParent": "", "BlkioWeight": 0, "BlkioWeightDevice": [],
        "BlkioDeviceReadBps": [], "BlkioDeviceWriteBps": [], "BlkioDeviceReadIOps": [], "BlkioDeviceWriteIOps": [],
        "CpuPeriod": 0, "CpuQuota": 0, "CpuRealtimePeriod": 0, "CpuRealtimeRuntime": 0, "CpusetCpus": "",
        "CpusetMems": "", "Devices": [], "DeviceCgroupRules": None, "DeviceRequests": None, "MemoryReservation": 0,
        "MemorySwap": 0, "MemorySwappiness": -1, "OomKillDisable": False, "PidsLimit": 0, "Ulimits": [],
        "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0,
    }
    tmpfs = dict((t.split(":", 1) + [""])[:2] for t in _list(opts, "tmpfs"))
    if tmpfs:
        host_config["Tmpfs"] = tmpfs
    mounts = [parse_mount(m) for m in _list(opts, "mount")]
    if mounts:
        host_config["Mounts"] = mounts
    host_config.update({"MaskedPaths": None, "ReadonlyPaths": None})
    if opts.get("init"):
        host_config["Init"] = True
    if opts.get("rm") and host_config["RestartPolicy"]["Name"] not in ("", "no"):
        # docker/cli opts.go parse(): checked client-side, before the daemon's own AutoRemove check
        raise CliError("conflicting options: cannot specify both --restart and --rm", 125)
    aliases = _list(opts, "network-alias") + (list(networks[0].get("Aliases") or []) if networks else [])
    networking = {"EndpointsConfig": {network: {"Aliases": aliases or None}}} if network != "default" else {}
    return config, host_config, networking


def _absolute_bind(spec: str) -> str:
    """`-v ./site:/usr/share/nginx/html` works relative to the client's directory, as in Docker 23+."""
    src, _, rest = spec.partition(":")
    if src.startswith(".") or src.startswith("~"):
        src = os.path.abspath(os.path.expanduser(src))
    return f"{src}:{rest}"


def split_command(text: str) -> list[str]:
    return shlex.split(text)
