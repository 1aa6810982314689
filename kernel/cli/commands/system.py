"""docker version, info, system df/prune, events, and `docker inspect` (docker/cli cli/command/system/*)."""
from __future__ import annotations

from ..context import Cli, CliError
from ..formatter.units import human_size_precision


# The client dockyard's front end stands in for (docker CLI 28), by its own numbers.
CLIENT_VERSION = {"Version": "28.2.2", "ApiVersion": "1.41", "DefaultAPIVersion": "1.50", "GoVersion": "python",
                  "Os": "linux", "Arch": "amd64", "BuildTime": "", "Context": "default"}

VERSION_TEMPLATE = """Client:
 Version:           {{.Client.Version}}
 API version:       {{.Client.ApiVersion}} (downgraded from {{.Client.DefaultAPIVersion}})
 Go version:        {{.Client.GoVersion}}
 Git commit:        {{.Client.GitCommit}}
 Built:             {{.Client.BuildTime}}
 OS/Arch:           {{.Client.Os}}/{{.Client.Arch}}
 Context:           {{.Client.Context}}

Server:{{if .Server.Platform.Name}} {{.Server.Platform.Name}}{{end}}
{{- range .Server.Components}}
 {{.Name}}:
  Version:          {{.Version}}
{{- if eq .Name "Engine"}}
  API version:      {{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
  Go version:       {{index .Details "GoVersion"}}
  Git commit:       {{index .Details "GitCommit"}}
  Built:            {{index .Details "BuildTime"}}
  OS/Arch:          {{index .Details "Os"}}/{{index .Details "Arch"}}
  Experimental:     {{index .Details "Experimental"}}
{{- else}}
  GitCommit:        {{index .Details "GitCommit"}}
{{- end}}
{{- end}}
"""


def version(cli: Cli, inv) -> int:
    from ..formatter.gotemplate import Template, TemplateError
    from dockyard.engine.version import git_commit  # the front end's own version, as the engine reports it
    client = dict(CLIENT_VERSION, GitCommit=git_commit(), ApiVersion=cli.api.api_version)
    server = cli.api.version()
    server.setdefault("Platform", {"Name": ""})
    # templates see docker's Go structs, whose field is APIVersion where the JSON says ApiVersion
    for part in (client, server):
        part["APIVersion"] = part.get("ApiVersion", "")
    data = {"Client": client, "Server": server}
    fmt = inv.opts.get("format") or VERSION_TEMPLATE
    try:
        text = Template.parse(fmt).execute(data)
    except TemplateError as e:
        raise CliError(f"{e}", 64 if e.during == "parse" else 1) from None
    cli.out.write(text if text.endswith("\n") else text + "\n")
    return 0


def info(cli: Cli, inv) -> int:
    data = cli.api.info()
    fmt = inv.opts.get("format") or ""
    if fmt:
        from ..formatter.gotemplate import Template, TemplateError
        try:
            cli.print(Template.parse(fmt).execute(data))
        except TemplateError as e:
            raise CliError(str(e), 1) from None
        return 0
    lines = ["Client:", " Context:    default", " Debug Mode: false", "", "Server:",
             f" Containers: {data.get('Containers', 0)}", f"  Running: {data.get('ContainersRunning', 0)}",
             f"  Paused: {data.get('ContainersPaused', 0)}", f"  Stopped: {data.get('ContainersStopped', 0)}",
             f" Images: {data.get('Images', 0)}", f" Server Version: {data.get('ServerVersion')}",
             f" Storage Driver: {data.get('Driver')}", f" Logging Driver: {data.get('LoggingDriver')}",
             f" Cgroup Driver: {data.get('CgroupDriver')}", f" Kernel Version: {data.get('KernelVersion')}",
             f" Operating System: {data.get('OperatingSystem')}", f" OSType: {data.get('OSType')}",
             f" Architecture: {data.get('Architecture')}", f" CPUs: {data.get('NCPU')}",
             f" Total Memory: {human_size_precision(data.get('MemTotal', 0), 4)}", f" Name: {data.get('Name')}",
             f" ID: {data.get('ID')}", f" Docker Root Dir: {data.get('DockerRootDir')}", " Debug Mode: false",
             " Experimental: false", " Insecure Registries:", "  127.0.0.0/8", " Live Restore Enabled: false"]
    cli.out.write("\n".join(lines) + "\n")
    return 0


DF_TABLE = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}"
DF_HEADERS = {"Type": "TYPE", "TotalCount": "TOTAL", "Active": "ACTIVE", "Size": "SIZE",
              "Reclaimable": "RECLAIMABLE"}


def df(cli: Cli, inv) -> int:
    """docker system df: one row per kind of thing the engine stores (docker/cli formatter/disk_usage.go)."""
    from .format import print_table
    data = cli.api.df()
    images = data.get("Images") or []
    containers = data.get("Containers") or []
    volumes = data.get("Volumes") or []
    cache = data.get("BuildCache") or []

    def size(n: int) -> str:
        return human_size_precision(n, 4)

    def reclaimable(part: int, whole: int) -> str:
        return size(part) + (f" ({int(100 * part / whole)}%)" if whole else "")
    total_images = data.get("LayersSize", 0)
    unused_images = sum(i.get("Size", 0) - max(i.get("SharedSize", 0), 0) for i in images
                        if i.get("Containers", 0) <= 0)
    ctr_size = sum(c.get("SizeRw", 0) for c in containers)
    ctr_reclaim = sum(c.get("SizeRw", 0) for c in containers if c.get("State") != "running")
    vol_size = sum(v.get("UsageData", {}).get("Size", 0) for v in volumes)
    vol_reclaim = sum(v.get("UsageData", {}).get("Size", 0) for v in volumes
                      if v.get("UsageData", {}).get("RefCount", 0) == 0)
    rows = [
        {"Type": "Images", "TotalCount": str(len(images)),
         "Active": str(sum(1 for i in images if i.get("Containers", 0) > 0)), "Size": size(total_images),
         "Reclaimable": reclaimable(unused_images, total_images)},
        {"Type": "Containers", "TotalCount": str(len(containers)),
         "Active": str(sum(1 for c in containers if c.get("State") == "running")), "Size": size(ctr_size),
         "Reclaimable": reclaimable(ctr_reclaim, ctr_size)},
        {"Type": "Local Volumes", "TotalCount": str(len(volumes)),
         "Active": str(sum(1 for v in volumes if v.get("UsageData", {}).get("RefCount", 0) > 0)),
         "Size": size(vol_size), "Reclaimable": reclaimable(vol_reclaim, vol_size)},
        {"Type": "Build Cache", "TotalCount": str(len(cache)), "Active": "0", "Size": "0B", "Reclaimable": "0B"},
    ]
    fmt = inv.opts.get("format") or DF_TABLE
    print_table(cli, DF_TABLE if fmt == "table" else fmt, rows, DF_HEADERS)
    return 0


def events(cli: Cli, inv) -> int:
    api = cli.api
    filters = {k: list(v) for k, v in (inv.opts.get("filter") or {}).items()}
    fmt = inv.opts.get("format") or ""
    tmpl = None
    if fmt:
        from ..formatter.gotemplate import Template
        tmpl = Template.parse(fmt)
    from ..timestamps import get_timestamp
    bounds = {}
    for key in ("since", "until"):
        if inv.opts.get(key):
            try:
                bounds[key] = get_timestamp(inv.opts[key])
            except ValueError as e:
                raise CliError(str(e), 1) from None
    for ev in api.events(since=bounds.get("since"), until=bounds.get("until"), filters=filters or None, decode=True):
        if tmpl is not None:
            cli.print(tmpl.execute(ev))
        else:
            import time
            t = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(ev.get("time", 0)))
            nano = ev.get("timeNano", 0) % 1_000_000_000
            attrs = ", ".join(f"{k}={v}" for k, v in sorted((ev.get("Actor", {}).get("Attributes") or {}).items()))
            cli.print(f"{t}.{nano:09d}+00:00 {ev.get('Type')} {ev.get('Action')} {ev.get('Actor', {}).get('ID')}"
                      + (f" ({attrs})" if attrs else ""))
        cli.flush()
    return 0


def inspect(cli: Cli, inv) -> int:
    from .inspect import inspect_objects
    kind = inv.opts.get("type") or None
    if kind not in (None, "container", "image", "volume", "network"):
        raise CliError(f'"{kind}" is not a valid value for --type', 1)
    return inspect_objects(cli, inv.args, inv.opts.get("format") or "", kind, bool(inv.opts.get("size")))


def prune(cli: Cli, inv) -> int:
    all_ = bool(inv.opts.get("all"))
    if not inv.opts.get("force"):
        cli.out.write("WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at "
                      "least one container\n" + ("  - all images without at least one container associated to "
                                                 "them\n" if all_ else "  - all dangling images\n")
                      + "  - all dangling build cache\n\nAre you sure you want to continue? [y/N] ")
        cli.flush()
        if (cli.stdin.readline() if cli.stdin else "").strip().lower() not in ("y", "yes"):
            return 0
    api = cli.api
    total = 0
    res = api.prune_containers()
    total += res.get("SpaceReclaimed") or 0
    if res.get("ContainersDeleted"):
        cli.print("Deleted Containers:\n" + "\n".join(res["ContainersDeleted"]) + "\n")
    res = api.prune_networks()
    if res.get("NetworksDeleted"):
        cli.print("Deleted Networks:\n" + "\n".join(res["NetworksDeleted"]) + "\n")
    res = api.prune_images(filters={"dangling": ["false" if all_ else "true"]})
    total += res.get("SpaceReclaimed") or 0
    if res.get("ImagesDeleted"):
        lines = [("untagged: " + i["Untagged"]) if "Untagged" in i else ("deleted: " + i["Deleted"])
                 for i in res["ImagesDeleted"]]
        cli.print("Deleted Images:\n" + "\n".join(lines) + "\n")
    from ..formatter.units import human_size
    cli.print(f"Total reclaimed space: {human_size(total)}")
    return 0


