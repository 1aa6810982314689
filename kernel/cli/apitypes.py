"""The Go types docker CLI 28 decodes inspect responses into (moby api/types v28.2.2 and what it vendors).

`docker inspect --format` runs its template on these typed values first, and on the raw JSON only
when that fails (see formatter/gotyped.py), so what a template prints depends on them: field names
as Go spells them (`.ID`, `.HostConfig.DNS`), null slices as `[]`, field order in `json`. The tables
are transcribed from the Go declarations: one "Name Type [json:Name] [omitempty]" string a field.
"""
from __future__ import annotations

from .formatter.gotyped import Schema

# what each inspect command decodes into
INSPECT_TYPES = {
    "container": "container.InspectResponse",
    "image": "image.InspectResponse",
    "volume": "volume.Volume",
    "network": "network.Inspect",
}

STRUCTS = {
    "blkiodev.ThrottleDevice": (
        "Path string", "Rate uint64",
    ),
    "blkiodev.WeightDevice": (
        "Path string", "Weight uint16",
    ),
    "container.Config": (
        "Hostname string", "Domainname string", "User string", "AttachStdin bool", "AttachStdout bool",
        "AttachStderr bool", "ExposedPorts nat.PortSet omitempty", "Tty bool", "OpenStdin bool", "StdinOnce bool",
        "Env []string", "Cmd strslice.StrSlice", "Healthcheck *container.HealthConfig omitempty",
        "ArgsEscaped bool omitempty", "Image string", "Volumes map[string]struct {}", "WorkingDir string",
        "Entrypoint strslice.StrSlice", "NetworkDisabled bool omitempty", "MacAddress string omitempty",
        "OnBuild []string", "Labels map[string]string", "StopSignal string omitempty", "StopTimeout *int omitempty",
        "Shell strslice.StrSlice omitempty",
    ),
    "container.ContainerJSONBase": (
        "ID string json:Id", "Created string", "Path string", "Args []string", "State *container.State",
        "Image string", "ResolvConfPath string", "HostnamePath string", "HostsPath string", "LogPath string",
        "Name string", "RestartCount int", "Driver string", "Platform string", "MountLabel string",
        "ProcessLabel string", "AppArmorProfile string", "ExecIDs []string", "HostConfig *container.HostConfig",
        "GraphDriver storage.DriverData", "SizeRw *int64 omitempty", "SizeRootFs *int64 omitempty",
    ),
    "container.DefaultNetworkSettings": (
        "EndpointID string", "Gateway string", "GlobalIPv6Address string", "GlobalIPv6PrefixLen int",
        "IPAddress string", "IPPrefixLen int", "IPv6Gateway string", "MacAddress string",
    ),
    "container.DeviceMapping": (
        "PathOnHost string", "PathInContainer string", "CgroupPermissions string",
    ),
    "container.DeviceRequest": (
        "Driver string", "Count int", "DeviceIDs []string", "Capabilities [][]string", "Options map[string]string",
    ),
    "container.Health": (
        "Status container.HealthStatus", "FailingStreak int", "Log []*container.HealthcheckResult",
    ),
    "container.HealthcheckResult": (
        "Start time.Time", "End time.Time", "ExitCode int", "Output string",
    ),
    "container.HostConfig": (
        "Binds []string", "ContainerIDFile string", "LogConfig container.LogConfig",
        "NetworkMode container.NetworkMode", "PortBindings nat.PortMap", "RestartPolicy container.RestartPolicy",
        "AutoRemove bool", "VolumeDriver string", "VolumesFrom []string", "ConsoleSize [2]uint",
        "Annotations map[string]string omitempty", "CapAdd strslice.StrSlice", "CapDrop strslice.StrSlice",
        "CgroupnsMode container.CgroupnsMode", "DNS []string json:Dns", "DNSOptions []string json:DnsOptions",
        "DNSSearch []string json:DnsSearch", "ExtraHosts []string", "GroupAdd []string",
        "IpcMode container.IpcMode", "Cgroup container.CgroupSpec", "Links []string", "OomScoreAdj int",
        "PidMode container.PidMode", "Privileged bool", "PublishAllPorts bool", "ReadonlyRootfs bool",
        "SecurityOpt []string", "StorageOpt map[string]string omitempty", "Tmpfs map[string]string omitempty",
        "UTSMode container.UTSMode", "UsernsMode container.UsernsMode", "ShmSize int64",
        "Sysctls map[string]string omitempty", "Runtime string omitempty", "Isolation container.Isolation",
        "container.Resources embedded", "Mounts []mount.Mount omitempty", "MaskedPaths []string",
        "ReadonlyPaths []string", "Init *bool omitempty",
    ),
    "container.InspectResponse": (
        "*container.ContainerJSONBase embedded", "Mounts []container.MountPoint", "Config *container.Config",
        "NetworkSettings *container.NetworkSettings", "ImageManifestDescriptor *ocispec.Descriptor omitempty",
    ),
    "container.LogConfig": (
        "Type string", "Config map[string]string",
    ),
    "container.MountPoint": (
        "Type mount.Type omitempty", "Name string omitempty", "Source string", "Destination string",
        "Driver string omitempty", "Mode string", "RW bool", "Propagation mount.Propagation",
    ),
    "container.NetworkSettings": (
        "container.NetworkSettingsBase embedded", "container.DefaultNetworkSettings embedded",
        "Networks map[string]*network.EndpointSettings",
    ),
    "container.NetworkSettingsBase": (
        "Bridge string", "SandboxID string", "SandboxKey string", "Ports nat.PortMap", "HairpinMode bool",
        "LinkLocalIPv6Address string", "LinkLocalIPv6PrefixLen int", "SecondaryIPAddresses []network.Address",
        "SecondaryIPv6Addresses []network.Address",
    ),
    "container.Resources": (
        "CPUShares int64 json:CpuShares", "Memory int64", "NanoCPUs int64 json:NanoCpus", "CgroupParent string",
        "BlkioWeight uint16", "BlkioWeightDevice []*blkiodev.WeightDevice",
        "BlkioDeviceReadBps []*blkiodev.ThrottleDevice", "BlkioDeviceWriteBps []*blkiodev.ThrottleDevice",
        "BlkioDeviceReadIOps []*blkiodev.ThrottleDevice", "BlkioDeviceWriteIOps []*blkiodev.ThrottleDevice",
        "CPUPeriod int64 json:CpuPeriod", "CPUQuota int64 json:CpuQuota",
        "CPURealtimePeriod int64 json:CpuRealtimePeriod", "CPURealtimeRuntime int64 json:CpuRealtimeRuntime",
        "CpusetCpus string", "CpusetMems string", "Devices []container.DeviceMapping", "DeviceCgroupRules []string",
        "DeviceRequests []container.DeviceRequest", "KernelMemory int64 omitempty",
        "KernelMemoryTCP int64 omitempty", "MemoryReservation int64", "MemorySwap int64", "MemorySwappiness *int64",
        "OomKillDisable *bool", "PidsLimit *int64", "Ulimits []*container.Ulimit", "CPUCount int64 json:CpuCount",
        "CPUPercent int64 json:CpuPercent", "IOMaximumIOps uint64", "IOMaximumBandwidth uint64",
    ),
    "container.RestartPolicy": (
        "Name container.RestartPolicyMode", "MaximumRetryCount int",
    ),
    "container.State": (
        "Status container.ContainerState", "Running bool", "Paused bool", "Restarting bool", "OOMKilled bool",
        "Dead bool", "Pid int", "ExitCode int", "Error string", "StartedAt string", "FinishedAt string",
        "Health *container.Health omitempty",
    ),
    "dockerspec.DockerOCIImageConfig": (
        "ocispec.ImageConfig embedded", "dockerspec.DockerOCIImageConfigExt embedded",
    ),
    "dockerspec.DockerOCIImageConfigExt": (
        "Healthcheck *dockerspec.HealthcheckConfig omitempty", "OnBuild []string omitempty",
        "Shell []string omitempty",
    ),
    "dockerspec.HealthcheckConfig": (
        "Test []string omitempty", "Interval time.Duration omitempty", "Timeout time.Duration omitempty",
        "StartPeriod time.Duration omitempty", "StartInterval time.Duration omitempty", "Retries int omitempty",
    ),
    "image.InspectResponse": (
        "ID string json:Id", "RepoTags []string", "RepoDigests []string", "Parent string", "Comment string",
        "Created string omitempty", "Container string omitempty", "ContainerConfig *container.Config omitempty",
        "DockerVersion string", "Author string", "Config *dockerspec.DockerOCIImageConfig", "Architecture string",
        "Variant string omitempty", "Os string", "OsVersion string omitempty", "Size int64",
        "VirtualSize int64 omitempty", "GraphDriver storage.DriverData", "RootFS image.RootFS",
        "Metadata image.Metadata", "Descriptor *ocispec.Descriptor omitempty",
        "Manifests []image.ManifestSummary omitempty",
    ),
    "image.Metadata": (
        "LastTagTime time.Time omitempty",
    ),
    "image.RootFS": (
        "Type string omitempty", "Layers []string omitempty",
    ),
    "mount.BindOptions": (
        "Propagation mount.Propagation omitempty", "NonRecursive bool omitempty", "CreateMountpoint bool omitempty",
        "ReadOnlyNonRecursive bool omitempty", "ReadOnlyForceRecursive bool omitempty",
    ),
    "mount.ClusterOptions": (

    ),
    "mount.Driver": (
        "Name string omitempty", "Options map[string]string omitempty",
    ),
    "mount.ImageOptions": (
        "Subpath string omitempty",
    ),
    "mount.Mount": (
        "Type mount.Type omitempty", "Source string omitempty", "Target string omitempty",
        "ReadOnly bool omitempty", "Consistency mount.Consistency omitempty",
        "BindOptions *mount.BindOptions omitempty", "VolumeOptions *mount.VolumeOptions omitempty",
        "ImageOptions *mount.ImageOptions omitempty", "TmpfsOptions *mount.TmpfsOptions omitempty",
        "ClusterOptions *mount.ClusterOptions omitempty",
    ),
    "mount.TmpfsOptions": (
        "SizeBytes int64 omitempty", "Mode os.FileMode omitempty", "Options [][]string omitempty",
    ),
    "mount.VolumeOptions": (
        "NoCopy bool omitempty", "Labels map[string]string omitempty", "Subpath string omitempty",
        "DriverConfig *mount.Driver omitempty",
    ),
    "nat.PortBinding": (
        "HostIP string json:HostIp", "HostPort string",
    ),
    "network.Address": (
        "Addr string", "PrefixLen int",
    ),
    "network.ConfigReference": (
        "Network string",
    ),
    "network.EndpointIPAMConfig": (
        "IPv4Address string omitempty", "IPv6Address string omitempty", "LinkLocalIPs []string omitempty",
    ),
    "network.EndpointResource": (
        "Name string", "EndpointID string", "MacAddress string", "IPv4Address string", "IPv6Address string",
    ),
    "network.EndpointSettings": (
        "IPAMConfig *network.EndpointIPAMConfig", "Links []string", "Aliases []string", "MacAddress string",
        "DriverOpts map[string]string", "GwPriority int", "NetworkID string", "EndpointID string", "Gateway string",
        "IPAddress string", "IPPrefixLen int", "IPv6Gateway string", "GlobalIPv6Address string",
        "GlobalIPv6PrefixLen int", "DNSNames []string",
    ),
    "network.IPAM": (
        "Driver string", "Options map[string]string", "Config []network.IPAMConfig",
    ),
    "network.IPAMConfig": (
        "Subnet string omitempty", "IPRange string omitempty", "Gateway string omitempty",
        "AuxAddress map[string]string json:AuxiliaryAddresses omitempty",
    ),
    "network.Inspect": (
        "Name string", "ID string json:Id", "Created time.Time", "Scope string", "Driver string", "EnableIPv4 bool",
        "EnableIPv6 bool", "IPAM network.IPAM", "Internal bool", "Attachable bool", "Ingress bool",
        "ConfigFrom network.ConfigReference", "ConfigOnly bool", "Containers map[string]network.EndpointResource",
        "Options map[string]string", "Labels map[string]string", "Peers []network.PeerInfo omitempty",
        "Services map[string]network.ServiceInfo omitempty",
    ),
    "network.PeerInfo": (
        "Name string", "IP string",
    ),
    "network.ServiceInfo": (
        "VIP string", "Ports []string", "LocalLBIndex int", "Tasks []network.Task",
    ),
    "network.Task": (
        "Name string", "EndpointID string", "EndpointIP string", "Info map[string]string",
    ),
    "ocispec.Descriptor": (
        "MediaType string json:mediaType", "Digest digest.Digest json:digest", "Size int64 json:size",
        "URLs []string json:urls omitempty", "Annotations map[string]string json:annotations omitempty",
        "Data []byte json:data omitempty", "Platform *ocispec.Platform json:platform omitempty",
        "ArtifactType string json:artifactType omitempty",
    ),
    "ocispec.ImageConfig": (
        "User string omitempty", "ExposedPorts map[string]struct {} omitempty", "Env []string omitempty",
        "Entrypoint []string omitempty", "Cmd []string omitempty", "Volumes map[string]struct {} omitempty",
        "WorkingDir string omitempty", "Labels map[string]string omitempty", "StopSignal string omitempty",
        "ArgsEscaped bool omitempty",
    ),
    "ocispec.Platform": (
        "Architecture string json:architecture", "OS string json:os", "OSVersion string json:os.version omitempty",
        "OSFeatures []string json:os.features omitempty", "Variant string json:variant omitempty",
    ),
    "storage.DriverData": (
        "Data map[string]string", "Name string",
    ),
    "units.Ulimit": (
        "Name string", "Hard int64", "Soft int64",
    ),
    "volume.UsageData": (
        "RefCount int64", "Size int64",
    ),
    "volume.Volume": (
        "ClusterVolume *volume.ClusterVolume omitempty", "CreatedAt string omitempty", "Driver string",
        "Labels map[string]string", "Mountpoint string", "Name string", "Options map[string]string", "Scope string",
        "Status map[string]any omitempty", "UsageData *volume.UsageData omitempty",
    ),
}

ALIASES = {
    "container.CgroupSpec": "string", "container.CgroupnsMode": "string", "container.ContainerState": "string",
    "container.HealthConfig": "dockerspec.HealthcheckConfig", "container.HealthStatus": "string",
    "container.IpcMode": "string", "container.Isolation": "string", "container.NetworkMode": "string",
    "container.PidMode": "string", "container.RestartPolicyMode": "string", "container.UTSMode": "string",
    "container.Ulimit": "units.Ulimit", "container.UsernsMode": "string", "mount.Consistency": "string",
    "mount.Propagation": "string", "mount.Type": "string", "nat.Port": "string",
    "nat.PortMap": "map[nat.Port][]nat.PortBinding", "nat.PortSet": "map[nat.Port]struct {}",
    "strslice.StrSlice": "[]string",
}

_schema: Schema | None = None


def typed(kind: str, data: dict):
    """An inspect response of `kind` ("container", "image", ...) as docker CLI's typed value."""
    global _schema
    if _schema is None:
        _schema = Schema(STRUCTS, ALIASES)
    return _schema.value(data, INSPECT_TYPES[kind])
