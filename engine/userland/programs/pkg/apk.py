"""`apk`, Alpine's package manager: add, del, update, info, search, list.

Packages come from the bundled v3.20 repositories (`catalog.packages.alpine`). Like the real
tool, `apk add` fetches the repository indexes when there is no fresh copy in /var/cache/apk
(printing a `fetch` line for each) and keeps them there, which weighs on the image's layer;
`--no-cache` fetches them for this run only. Installing writes the packages' files, apk's
database (/lib/apk/db/installed) and the world file (/etc/apk/world).
"""
from __future__ import annotations

import time

from ....catalog.packages import Package, alpine
from ...process import Process
from . import apkfiles
from .target import RootTarget

VERSION = "2.14.4"
MIRROR = "https://dl-cdn.alpinelinux.org/alpine"
INDEX_SIZES = {"main": 1_490_000, "community": 1_140_000}
INDEX_NAMES = {"main": "APKINDEX.cfd3e72f.tar.gz", "community": "APKINDEX.0de0ca1a.tar.gz"}
DESCRIBE = {"main": "v3.20.3-168-g6b46a9f0a02", "community": "v3.20.3-167-g8b2e1f5cf16"}
DISTINCT = 24170
USAGE = (f"apk-tools {VERSION}, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n\n"
         "Package installation and removal:\n  add        Add or update constraints to WORLD and commit changes\n"
         "  del        Remove constraints from WORLD and commit changes\n\nSystem maintenance:\n"
         "  update     Update repository indexes\n  info       Give detailed information about packages or "
         "repositories\n  list       List packages matching a pattern or other criteria\n  search     Search for "
         "packages by name or description\n\nThis apk has coffee making abilities.\n")


class Apk:
    def __init__(self, proc: Process):
        self.proc = proc
        self.target = RootTarget(proc.fs)
        self.catalog = alpine()
        self.no_cache = False
        self.update_cache = False
        self.quiet = False
        self.virtual = ""
        self.words: list[str] = []

    # ------------------------------------------------------------ database
    def installed_text(self) -> str:
        return self.target.read(apkfiles.INSTALLED).decode(errors="replace")

    def installed(self) -> dict[str, dict[str, str]]:
        return apkfiles.parse_installed(self.installed_text())

    def world(self) -> list[str]:
        return self.target.read(apkfiles.WORLD).decode().split()

    def save_world(self, names: list[str]) -> None:
        self.target.file(apkfiles.WORLD, "".join(f"{n}\n" for n in sorted(set(names))))

    def branch(self) -> str:
        version = self.target.read("/etc/alpine-release", b"3.20.3").decode().strip()
        return "v" + ".".join(version.split(".")[:2])

    def repositories(self) -> list[tuple[str, str]]:
        lines = self.target.read(apkfiles.REPOSITORIES).decode().split()
        out = []
        for url in lines or [f"{MIRROR}/{self.branch()}/main", f"{MIRROR}/{self.branch()}/community"]:
            out.append((url, url.rstrip("/").rsplit("/", 1)[-1]))
        return out

    def cached(self) -> bool:
        return all(self.target.exists(f"{apkfiles.CACHE}/{INDEX_NAMES.get(repo, repo)}")
                   for _, repo in self.repositories())

    def fetch_indexes(self, store: bool) -> None:
        for url, repo in self.repositories():
            self.say(f"fetch {url}/{apkfiles.ARCH}/APKINDEX.tar.gz\n")
            if store:
                self.target.bulk(f"{apkfiles.CACHE}/{INDEX_NAMES.get(repo, repo)}", INDEX_SIZES.get(repo, 500_000))

    def say(self, text: str) -> None:
        if not self.quiet:
            self.proc.out(text)

    def ok(self) -> None:
        installed = self.installed()
        size = sum(int(f.get("I", "0")) for f in installed.values())
        self.say(f"OK: {size // (1024 * 1024)} MiB in {len(installed)} packages\n")

    def need_root(self) -> bool:
        if self.proc.uid == 0:
            return True
        self.proc.err("ERROR: Unable to lock database: Permission denied\n"
                      "ERROR: Failed to open apk database: Permission denied\n")
        return False

    # ------------------------------------------------------------ commands
    def add(self) -> int:
        if not self.need_root():
            return 99
        if self.no_cache or self.update_cache or not self.cached():
            self.fetch_indexes(store=not self.no_cache)
        names = [w.split("=")[0].split(">")[0].split("<")[0] for w in self.words]
        missing = [n for n in names if n not in self.catalog]
        if missing:
            self.proc.err("ERROR: unable to select packages:\n" + "".join(
                f"  {n} (no such package):\n    required by: world[{n}]\n" for n in missing))
            return len(missing)
        installed = self.installed()
        plan = self._closure(names, installed)
        steps = len(plan) + (1 if self.virtual else 0)
        text = self.installed_text()
        for i, pkg in enumerate(plan, 1):
            self.proc.signals.check()
            self.say(f"({i}/{steps}) Installing {pkg.name} ({pkg.version})\n")
            text += apkfiles.stanza(pkg, apkfiles.install(self.target, pkg))
        if self.virtual:
            stamp = time.strftime("%Y%m%d.%H%M%S", time.gmtime())
            self.say(f"({steps}/{steps}) Installing {self.virtual} ({stamp})\n")
            text += apkfiles.stanza(Package(self.virtual, stamp, 0, 0, tuple(names)), [])
            self.save_world(self.world() + [self.virtual])
        else:
            self.save_world(self.world() + names)
        self.target.file(apkfiles.INSTALLED, text)
        if plan:
            busybox = installed.get("busybox", {}).get("V", "1.36.1-r29")
            self.say(f"Executing busybox-{busybox}.trigger\n")
            for pkg in plan:
                if pkg.name == "ca-certificates":
                    self.say(f"Executing ca-certificates-{pkg.version}.trigger\n")
        self.ok()
        return 0

    def _closure(self, names: list[str], installed: dict) -> list[Package]:
        plan: list[Package] = []
        seen = set(installed)

        def visit(name: str) -> None:
            if name in seen or name not in self.catalog:
                return
            seen.add(name)
            for dep in self.catalog[name].depends:
                visit(dep)
            plan.append(self.catalog[name])
        for name in names:
            visit(name)
        return plan

    def delete(self) -> int:
        if not self.need_root():
            return 99
        world = [n for n in self.world() if n not in self.words]
        text = self.installed_text()
        installed = self.installed()
        needed: set[str] = set()

        def mark(name: str) -> None:
            if name in needed or name not in installed:
                return
            needed.add(name)
            for dep in installed[name].get("D", "").split():
                mark(dep)
        for name in world:
            mark(name)
        gone = [n for n in reversed(list(installed)) if n not in needed]
        for i, name in enumerate(gone, 1):
            self.say(f"({i}/{len(gone)}) Purging {name} ({installed[name]['V']})\n")
            for path in apkfiles.files_of(text, name):
                self.target.remove(path)
            text = apkfiles.remove_stanza(text, name)
        self.target.file(apkfiles.INSTALLED, text)
        self.save_world(world)
        if gone:
            self.say(f"Executing busybox-{installed.get('busybox', {}).get('V', '1.36.1-r29')}.trigger\n")
        self.ok()
        return 0

    def update(self) -> int:
        if not self.need_root():
            return 99
        self.fetch_indexes(store=True)
        for url, repo in self.repositories():
            self.say(f"{DESCRIBE.get(repo, self.branch())} [{url}]\n")
        self.say(f"OK: {DISTINCT} distinct packages available\n")
        return 0

    def info(self) -> int:
        installed = self.installed()
        if not self.words:
            verbose = "-v" in self.proc.argv or "-vv" in self.proc.argv
            for name, fields in installed.items():
                self.proc.out(f"{name}-{fields['V']}\n" if verbose else f"{name}\n")
            return 0
        for name in self.words:
            fields = installed.get(name)
            pkg = self.catalog.get(name)
            if fields is None and pkg is None:
                continue
            version = fields["V"] if fields else pkg.version  # type: ignore[union-attr]
            summary = fields.get("T", "") if fields else pkg.summary  # type: ignore[union-attr]
            self.proc.out(f"{name}-{version} description:\n{summary}\n\n{name}-{version} webpage:\n"
                          f"https://pkgs.alpinelinux.org/package/edge/main/x86_64/{name}\n\n")
            if fields:
                self.proc.out(f"{name}-{version} installed size:\n{_kib(int(fields.get('I', '0')))}\n\n")
        return 0

    def search(self) -> int:
        terms = [w.lower() for w in self.words]
        for name, pkg in sorted(self.catalog.items()):
            if not terms or any(t in name for t in terms):
                self.proc.out(f"{name}-{pkg.version}\n")
        return 0

    def list(self) -> int:
        installed = self.installed()
        only_installed = "--installed" in self.proc.argv or "-I" in self.proc.argv
        for name, pkg in sorted(self.catalog.items()):
            if only_installed and name not in installed:
                continue
            mark = " [installed]" if name in installed else ""
            self.proc.out(f"{name}-{pkg.version} x86_64 {{{name}}} (MIT){mark}\n")
        return 0


def _kib(size: int) -> str:
    return f"{size // 1024} KiB" if size < 10 * 1024 * 1024 else f"{size // (1024 * 1024)} MiB"


def main(proc: Process) -> int:
    tool = Apk(proc)
    args = iter(proc.argv[1:])
    command = ""
    for arg in args:
        if arg == "--no-cache":
            tool.no_cache = True
        elif arg in ("-U", "--update-cache"):
            tool.update_cache = True
        elif arg in ("-q", "--quiet"):
            tool.quiet = True
        elif arg in ("-t", "--virtual"):
            tool.virtual = next(args, "")
        elif arg.startswith("--virtual="):
            tool.virtual = arg.split("=", 1)[1]
        elif arg == "--print-arch":
            proc.out("x86_64\n")
            return 0
        elif arg in ("-V", "--version"):
            proc.out(f"apk-tools {VERSION}, compiled for x86_64.\n")
            return 0
        elif arg in ("-h", "--help"):
            proc.out(USAGE)
            return 0
        elif arg.startswith("-"):
            continue
        elif not command:
            command = arg
        else:
            tool.words.append(arg)
    handler = {"add": tool.add, "del": tool.delete, "update": tool.update, "info": tool.info,
               "search": tool.search, "list": tool.list}.get(command)
    if handler is None:
        proc.out(USAGE)
        return 1
    if command == "add" and not tool.words and not tool.virtual:
        tool.ok()
        return 0
    return handler()
