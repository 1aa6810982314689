"""docker volume commands (docker/cli cli/command/volume/*)."""
from __future__ import annotations

from ..context import Cli, for_each
from ..formatter.units import human_size
from ..views import VolumeView
from .format import print_table


def create(cli: Cli, inv) -> int:
    name = inv.args[0] if inv.args else (inv.opts.get("name") or None)
    labels = dict(kv.partition("=")[::2] for kv in inv.opts.get("label") or [])
    opts = dict(kv.partition("=")[::2] for kv in inv.opts.get("opt") or [])
    res = cli.api.create_volume(name=name, driver=inv.opts.get("driver") or None, driver_opts=opts or None,
                                labels=labels or None)
    cli.print(res["Name"])
    return 0


def ls(cli: Cli, inv) -> int:
    filters = {k: list(v) for k, v in (inv.opts.get("filter") or {}).items()}
    vols = (cli.api.volumes(filters=filters or None) or {}).get("Volumes") or []
    vols.sort(key=lambda v: _natural(v["Name"]))
    fmt = inv.opts.get("format") or ""
    if inv.opts.get("quiet"):
        fmt = "{{.Name}}"
    elif not fmt or fmt == "table":
        fmt = "table {{.Driver}}\t{{.Name}}"
    print_table(cli, fmt, [VolumeView(v) for v in vols], VolumeView.HEADERS)
    return 0


def _natural(s: str):
    import re
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", s)]


def rm(cli: Cli, inv) -> int:
    force = bool(inv.opts.get("force"))
    return for_each(cli, inv.args, lambda name: cli.api.remove_volume(name, force=force))


def inspect(cli: Cli, inv) -> int:
    from .inspect import inspect_objects
    return inspect_objects(cli, inv.args, inv.opts.get("format") or "", "volume")


def prune(cli: Cli, inv) -> int:
    all_ = bool(inv.opts.get("all"))
    if not inv.opts.get("force"):
        cli.out.write("WARNING! This will remove anonymous local volumes not used by at least one container.\n"
                      if not all_ else "WARNING! This will remove all local volumes not used by at least one "
                      "container.\n")
        cli.out.write("Are you sure you want to continue? [y/N] ")
        cli.flush()
        if (cli.stdin.readline() if cli.stdin else "").strip().lower() not in ("y", "yes"):
            return 0
    filters = {"all": ["true"]} if all_ else {}
    for k, v in (inv.opts.get("filter") or {}).items():
        filters.setdefault(k, []).extend(v)
    res = cli.api.prune_volumes(filters=filters or None)
    deleted = res.get("VolumesDeleted") or []
    if deleted:
        cli.print("Deleted Volumes:")
        for d in deleted:
            cli.print(d)
        cli.print()
    cli.print(f"Total reclaimed space: {human_size(res.get('SpaceReclaimed') or 0)}")
    return 0


