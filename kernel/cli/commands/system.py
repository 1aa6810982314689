"""docker version, info, system df/prune, events, and `docker inspect` (docker/cli cli/command/system/*)."""
from __future__ import annotations

from ..context import Cli, CliError
from ..formatter.units import human_size_precision


def version(cli: Cli, inv) -> int:
    from ... import client as client_mod
    fmt = inv.opts.get("format") or ""
    server = cli.api.version()
    if fmt:
        from ..formatter.gotemplate import Template, TemplateError
        data = {"Client": client_mod.CLIENT_VERSION, "Server": server}
        try:
            cli.print(Template.parse(fmt).execute(data))
        except TemplateError as e:
            raise CliError(str(e), 1) from None
        return 0
    c = client_mod.CLIENT_VERSION
    lines = ["Client:", f" Version:           {c['Version']}", f" API version:       {c['ApiVersion']}",
             f" Go version:        {c['GoVersion']}", f" Git commit:        {c['GitCommit']}",
             f" Built:             {c['BuildTime']}", f" OS/Arch:           {c['Os']}/{c['Arch']}",
             " Context:           default", "", f"Server: {server.get('Platform', {}).get('Name', '')}".rstrip(),
             " Engine:", f"  Version:          {server.get('Version')}",
             f"  API version:      {server.get('ApiVersion')} (minimum version {server.get('MinAPIVersion')})",
             f"  Go version:       {server.get('GoVersion')}", f"  Git commit:       {server.get('GitCommit')}",
             f"  Built:            {server.get('BuildTime')}",
             f"  OS/Arch:          {server.get('Os')}/{server.get('Arch')}",
             f"  Experimental:     {str(server.get('Experimental', False)).lower()}"]
    cli.out.write("\n".join(lines) + "\n")
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


def df(cli: Cli, inv) -> int:
    from .format import tabwrite
    data = cli.api.df()
    images = data.get("Images") or []
    containers = data.get("Containers") or []
    volumes = data.get("Volumes") or []
    cache = data.get("BuildCache") or []
    active_imgs = sum(1 for i in images if i.get("Containers", 0) > 0)
    unused = sum(i.get("Size", 0) for i in images if i.get("Containers", 0) == 0)
    total_img = data.get("LayersSize", 0)
    ctr_size = sum(c.get("SizeRw", 0) for c in containers)
    ctr_active = sum(1 for c in containers if c.get("State") == "running")
    ctr_reclaim = sum(c.get("SizeRw", 0) for c in containers if c.get("State") != "running")
    vol_sizes = [v.get("UsageData", {}).get("Size", 0) for v in volumes]
    vol_active = sum(1 for v in volumes if v.get("UsageData", {}).get("RefCount", 0) > 0)
    vol_reclaim = sum(v.get("UsageData", {}).get("Size", 0) for v in volumes
                      if v.get("UsageData", {}).get("RefCount", 0) == 0)

    def pct(part, whole):
        return f" ({int(100 * part / whole)}%)" if whole else ""
    rows = ["TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE",
            f"Images\t{len(images)}\t{active_imgs}\t{human_size_precision(total_img, 4)}\t"
            f"{human_size_precision(unused, 4)}{pct(unused, total_img)}",
            f"Containers\t{len(containers)}\t{ctr_active}\t{human_size_precision(ctr_size, 4)}\t"
            f"{human_size_precision(ctr_reclaim, 4)}{pct(ctr_reclaim, ctr_size)}",
            f"Local Volumes\t{len(volumes)}\t{vol_active}\t{human_size_precision(sum(vol_sizes), 4)}\t"
            f"{human_size_precision(vol_reclaim, 4)}{pct(vol_reclaim, sum(vol_sizes))}",
            f"Build Cache\t{len(cache)}\t0\t0B\t0B"]
    cli.out.write(tabwrite(rows))
    return 0


def events(cli: Cli, inv) -> int:
    api = cli.api
    filters = {k: list(v) for k, v in (inv.opts.get("filter") or {}).items()}
    fmt = inv.opts.get("format") or ""
    tmpl = None
    if fmt:
        from ..formatter.gotemplate import Template
        tmpl = Template.parse(fmt)
    for ev in api.events(since=inv.opts.get("since") or None, until=inv.opts.get("until") or None,
                         filters=filters or None, decode=True):
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


