"""`dockyard kernel install [--user | --sys-prefix | --prefix PREFIX]`: make Jupyter see the kernel.

The kernelspec (kernel.json and the logos) lives in `resources/kernelspec/`; a package install also
puts it in `share/jupyter/kernels/dockyard`. Installing by hand writes this Python into kernel.json,
so the kernel runs with the interpreter dockyard is installed in, wherever Jupyter itself runs.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

KERNEL_NAME = "dockyard"


def install_kernelspec(*, user: bool = False, prefix: str | None = None) -> str:
    """Install the kernelspec; returns the folder it went to."""
    from jupyter_client.kernelspec import KernelSpecManager

    with tempfile.TemporaryDirectory() as staging:
        spec_dir = Path(staging) / KERNEL_NAME
        source = resources.files("dockyard.kernel").joinpath("resources", "kernelspec")
        with resources.as_file(source) as folder:
            shutil.copytree(folder, spec_dir)
        spec_file = spec_dir / "kernel.json"
        spec = json.loads(spec_file.read_text(encoding="utf-8"))
        spec["argv"][0] = sys.executable
        spec_file.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
        return KernelSpecManager().install_kernel_spec(str(spec_dir), KERNEL_NAME, user=user, prefix=prefix)


def main(argv: list[str] | None = None) -> int:
    """The words after `dockyard kernel install`; returns the exit status."""
    parser = argparse.ArgumentParser(prog="dockyard kernel install",
                                     description="Install the dockyard kernel (\"Docker (dockyard)\") for Jupyter.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="install for the current user (the default unless root)")
    where.add_argument("--sys-prefix", action="store_true", help=f"install into this Python's prefix ({sys.prefix})")
    where.add_argument("--prefix", metavar="PREFIX", help="install into PREFIX/share/jupyter/kernels")
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, or a usage error argparse has already printed
        return int(e.code or 0)
    prefix = sys.prefix if args.sys_prefix else args.prefix
    user = args.user or (prefix is None and not _is_root())
    try:
        destination = install_kernelspec(user=user, prefix=prefix)
    except OSError as e:
        print(f"dockyard kernel install: {e.strerror}: {e.filename}", file=sys.stderr)
        return 1
    print(f"Installed the dockyard kernelspec in {destination}")
    return 0


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
