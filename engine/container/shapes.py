"""A container's Config and HostConfig as the 20.10 engine keeps and returns them.

dockerd decodes a create request into Go structs (api/types/container Config and HostConfig of
API 1.41) and encodes them back for inspect: every field appears, in declaration order, as its
zero value when the request left it out (`""`, `0`, `false`, `null`), except the `omitempty` ones,
which appear only when set. Then the daemon fills in its own defaults (`json-file` logging, a 64MB
/dev/shm, `runc`, the masked /proc paths, ...). Clients differ in what they send — the docker CLI
sends `"Dns": []`, docker-py leaves it out — and inspect shows the difference, as on a real engine.
"""
from __future__ import annotations

_LIST, _MAP, _NIL = "list", "map", None  # zero values: nil slices and maps and pointers are all null

# container.Config: (JSON name, zero value, omitempty)
CONFIG_FIELDS = (
    ("Hostname", "", False), ("Domainname", "", False), ("User", "", False), ("AttachStdin", False, False),
    ("AttachStdout", False, False), ("AttachStderr", False, False), ("ExposedPorts", _NIL, True),
    ("Tty", False, False), ("OpenStdin", False, False), ("StdinOnce", False, False), ("Env", _NIL, False),
    ("Cmd", _NIL, False), ("Healthcheck", _NIL, True), ("ArgsEscaped", False, True), ("Image", "", False),
    ("Volumes", _NIL, False), ("WorkingDir", "", False), ("Entrypoint", _NIL, False),
    ("NetworkDisabled", False, True), ("MacAddress", "", True), ("OnBuild", _NIL, False), ("Labels", _NIL, False),
    ("StopSignal", "", True), ("StopTimeout", _NIL, True), ("Shell", _NIL, True),
)

# container.HostConfig with its embedded Resources, API 1.41
HOST_CONFIG_FIELDS = (
    ("Binds", _NIL, False), ("ContainerIDFile", "", False), ("LogConfig", {"Type": "", "Config": None}, False),
    ("NetworkMode", "", False), ("PortBindings", _NIL, False),
    ("RestartPolicy", {"Name": "", "MaximumRetryCount": 0}, False), ("AutoRemove", False, False),
    ("VolumeDriver", "", False), ("VolumesFrom", _NIL, False), ("CapAdd", _NIL, False), ("CapDrop", _NIL, False),
    ("CgroupnsMode", "", False), ("Dns", _NIL, False), ("DnsOptions", _NIL, False), ("DnsSearch", _NIL, False),
    ("ExtraHosts", _NIL, False), ("GroupAdd", _NIL, False), ("IpcMode", "", False), ("Cgroup", "", False),
    ("Links", _NIL, False), ("OomScoreAdj", 0, False), ("PidMode", "", False), ("Privileged", False, False),
    ("PublishAllPorts", False, False), ("ReadonlyRootfs", False, False), ("SecurityOpt", _NIL, False),
    ("StorageOpt", _NIL, True), ("Tmpfs", _NIL, True), ("UTSMode", "", False), ("UsernsMode", "", False),
    ("ShmSize", 0, False), ("Sysctls", _NIL, True), ("Runtime", "", True), ("ConsoleSize", [0, 0], False),
    ("Isolation", "", False),
    # Resources
    ("CpuShares", 0, False), ("Memory", 0, False), ("NanoCpus", 0, False), ("CgroupParent", "", False),
    ("BlkioWeight", 0, False), ("BlkioWeightDevice", _NIL, False), ("BlkioDeviceReadBps", _NIL, False),
    ("BlkioDeviceWriteBps", _NIL, False), ("BlkioDeviceReadIOps", _NIL, False),
    ("BlkioDeviceWriteIOps", _NIL, False), ("CpuPeriod", 0, False), ("CpuQuota", 0, False),
    ("CpuRealtimePeriod", 0, False), ("CpuRealtimeRuntime", 0, False), ("CpusetCpus", "", False),
    ("CpusetMems", "", False), ("Devices", _NIL, False), ("DeviceCgroupRules", _NIL, False),
    ("DeviceRequests", _NIL, False), ("KernelMemory", 0, False), ("KernelMemoryTCP", 0, False),
    ("MemoryReservation", 0, False), ("MemorySwap", 0, False), ("MemorySwappiness", _NIL, False),
    ("OomKillDisable", _NIL, False), ("PidsLimit", _NIL, False), ("Ulimits", _NIL, False), ("CpuCount", 0, False),
    ("CpuPercent", 0, False), ("IOMaximumIOps", 0, False), ("IOMaximumBandwidth", 0, False),
    # after Resources
    ("Mounts", _NIL, True), ("MaskedPaths", _NIL, False), ("ReadonlyPaths", _NIL, False), ("Init", _NIL, True),
)

SHM_SIZE = 64 * 1024 * 1024
MASKED_PATHS = ["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"]
READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]


def _encode(data: dict | None, fields) -> dict:
    data = data or {}
    out = {}
    for name, zero, omitempty in fields:
        value = data.get(name)
        if value is None:
            value = _copy(zero)
        if omitempty and value in (None, "", 0, False, [], {}):
            continue
        out[name] = value
    return out


def _copy(value):
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def config_json(config: dict | None) -> dict:
    """A container.Config as dockerd encodes it (container and image inspect, image configs)."""
    return _encode(config, CONFIG_FIELDS)


def host_config_json(host_config: dict | None) -> dict:
    """A HostConfig as dockerd encodes it."""
    return _encode(host_config, HOST_CONFIG_FIELDS)


def with_daemon_defaults(host_config: dict | None) -> dict:
    """The request's HostConfig with what the daemon fills in at create (adaptContainerSettings and
    the default logging, runtime and namespace settings of a 20.10 daemon on cgroup v1)."""
    hc = host_config_json(host_config)
    log = dict(hc["LogConfig"] or {})
    log["Type"] = log.get("Type") or "json-file"
    log["Config"] = log.get("Config") or {}
    hc["LogConfig"] = {"Type": log["Type"], "Config": log["Config"]}
    hc["NetworkMode"] = hc["NetworkMode"] or "default"
    hc["CgroupnsMode"] = hc["CgroupnsMode"] or "host"
    hc["IpcMode"] = hc["IpcMode"] or "private"
    hc["ShmSize"] = hc["ShmSize"] or SHM_SIZE
    hc["Runtime"] = hc.get("Runtime") or "runc"
    if hc["MemorySwappiness"] == -1:
        hc["MemorySwappiness"] = None
    if hc["PidsLimit"] is not None and hc["PidsLimit"] <= 0:
        hc["PidsLimit"] = None
    if not hc["Privileged"]:
        if hc["MaskedPaths"] is None:
            hc["MaskedPaths"] = list(MASKED_PATHS)
        if hc["ReadonlyPaths"] is None:
            hc["ReadonlyPaths"] = list(READONLY_PATHS)
    return host_config_json(hc)
