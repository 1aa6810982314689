"""The docker commands dockyard implements, by canonical command path (`("container", "run")`).

Each function takes the Cli and the parsed Invocation and returns the exit status. Aliases
(`docker run`, `docker ps`, `docker images`, `docker rmi`) are resolved by the command line parser
to these canonical paths.
"""
from __future__ import annotations

from . import container, cp, engine, image, network, registry, system, volume


def kernel_command(cli, args: list[str]) -> int:
    """`dockyard kernel install [--user|--sys-prefix|--prefix P]`: install the Jupyter kernelspec."""
    if not args or args[0] != "install":
        cli.eprint("Usage:  dockyard kernel install [--user | --sys-prefix | --prefix PATH]")
        return 1
    from ...install import main as install
    return install(args[1:])

COMMANDS = {
    ("container", "attach"): container.attach,
    ("container", "commit"): container.commit,
    ("container", "cp"): cp.cp,
    ("container", "create"): container.create,
    ("container", "diff"): container.diff,
    ("container", "exec"): container.exec_,
    ("container", "export"): container.export,
    ("container", "inspect"): container.inspect,
    ("container", "kill"): container.kill,
    ("container", "logs"): container.logs,
    ("container", "ls"): container.ps,
    ("container", "pause"): container.pause,
    ("container", "port"): container.port,
    ("container", "prune"): container.prune,
    ("container", "rename"): container.rename,
    ("container", "restart"): container.restart,
    ("container", "rm"): container.rm,
    ("container", "run"): container.run,
    ("container", "start"): container.start,
    ("container", "stats"): container.stats,
    ("container", "stop"): container.stop,
    ("container", "top"): container.top,
    ("container", "unpause"): container.unpause,
    ("container", "wait"): container.wait,
    ("image", "build"): image.build,
    ("image", "history"): image.history,
    ("image", "inspect"): image.inspect,
    ("image", "import"): image.import_,
    ("image", "load"): image.load,
    ("image", "ls"): image.images,
    ("image", "prune"): image.prune,
    ("image", "pull"): image.pull,
    ("image", "push"): image.push,
    ("image", "rm"): image.rmi,
    ("image", "save"): image.save,
    ("image", "tag"): image.tag,
    ("builder", "build"): image.build,
    ("volume", "create"): volume.create,
    ("volume", "inspect"): volume.inspect,
    ("volume", "ls"): volume.ls,
    ("volume", "prune"): volume.prune,
    ("volume", "rm"): volume.rm,
    ("network", "connect"): network.connect,
    ("network", "create"): network.create,
    ("network", "disconnect"): network.disconnect,
    ("network", "inspect"): network.inspect,
    ("network", "ls"): network.ls,
    ("network", "prune"): network.prune,
    ("network", "rm"): network.rm,
    ("system", "df"): system.df,
    ("system", "events"): system.events,
    ("system", "info"): system.info,
    ("system", "prune"): system.prune,
    ("inspect",): system.inspect,
    ("login",): registry.login,
    ("logout",): registry.logout,
    ("search",): registry.search,
    ("version",): system.version,
}

# dockyard's own commands: `dockyard engine ...`, `dockyard kernel install ...`
DOCKYARD_COMMANDS = {
    "engine": engine.main,
    "kernel": kernel_command,
}
