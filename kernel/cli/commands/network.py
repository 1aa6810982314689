"""docker network commands (docker/cli cli/command/network/*)."""
from __future__ import annotations

import re

from ..context import Cli, for_each
from ..views import NetworkView
from .format import print_table


def create(cli: Cli, inv) -> int:
    labels = dict(kv.partition("=")[::2] for kv in inv.opts.get("label") or [])
    subnets = inv.opts.get("subnet") or []
    ipam = None
    if subnets:
        import docker.types
        ipam = docker.types.IPAMConfig(pool_configs=[docker.types.IPAMPool(subnet=s) for s in subnets])
    res = cli.api.create_network(inv.args[0], driver=inv.opts.get("driver") or None, labels=labels or None,
                                 internal=bool(inv.opts.get("internal")), ipam=ipam)
    cli.print(res["Id"])
    return 0


def ls(cli: Cli, inv) -> int:
    filters = {k: list(v) for k, v in (inv.opts.get("filter") or {}).items()}
    nets = cli.api.networks(filters=filters or None)
    nets.sort(key=lambda n: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", n["Name"])])
    fmt = inv.opts.get("format") or ""
    if inv.opts.get("quiet"):
        fmt = "{{.ID}}"
    elif not fmt or fmt == "table":
        fmt = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"
    print_table(cli, fmt, [NetworkView(n, trunc=not inv.opts.get("no-trunc")) for n in nets], NetworkView.HEADERS)
    return 0


def rm(cli: Cli, inv) -> int:
    status = for_each(cli, inv.args, cli.api.remove_network)
    if status:
        cli.eprint("exit status 1")  # docker/cli network rm reports its failures this way too
    return status


def connect(cli: Cli, inv) -> int:
    cli.api.connect_container_to_network(inv.args[1], inv.args[0], aliases=inv.opts.get("alias") or None)
    return 0


def disconnect(cli: Cli, inv) -> int:
    cli.api.disconnect_container_from_network(inv.args[1], inv.args[0], force=bool(inv.opts.get("force")))
    return 0


def inspect(cli: Cli, inv) -> int:
    from .inspect import inspect_objects
    return inspect_objects(cli, inv.args, inv.opts.get("format") or "", "network")


def prune(cli: Cli, inv) -> int:
    if not inv.opts.get("force"):
        cli.out.write("WARNING! This will remove all custom networks not used by at least one container.\n"
                      "Are you sure you want to continue? [y/N] ")
        cli.flush()
        if (cli.stdin.readline() if cli.stdin else "").strip().lower() not in ("y", "yes"):
            return 0
    res = cli.api.prune_networks()
    deleted = res.get("NetworksDeleted") or []
    if deleted:
        cli.print("Deleted Networks:")
        for d in deleted:
            cli.print(d)
        cli.print()
    return 0
