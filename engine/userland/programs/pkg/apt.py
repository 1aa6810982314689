"""`apt-get`, `apt`, `apt-cache` and `apt-mark` for the Debian and Ubuntu images.

Packages come from the bundled archive (`catalog.packages.debian`), in the versions of the
container's release (read from /etc/os-release). As on the real images, the package lists start
empty: `apt-get install` before `apt-get update` cannot find anything. An install prints what
apt and dpkg print when not on a terminal (a Dockerfile's RUN), writes the packages' files
(programs simulated, the rest as declared-size bulk, so the layer weighs what it would), dpkg's
status and file lists, and apt's record of which packages were installed automatically.
"""
from __future__ import annotations

from dataclasses import dataclass

from ....catalog.packages import Package, debian
from ...process import Process
from . import debfiles
from .target import RootTarget
from .units import apt_duration, apt_size, transfer_time, wrap_list

LISTS = "/var/lib/apt/lists"
EXTENDED_STATES = "/var/lib/apt/extended_states"
FAILURE = 100
APT_WARNING = "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"


@dataclass(frozen=True)
class Index:
    """One file `apt-get update` fetches: how apt names it, its download size, and how it is stored."""

    label: str
    download: int
    stored: str
    stored_size: int


def _debian_indexes(suite: str) -> list[Index]:
    host = "deb.debian.org_debian"
    sec = "deb.debian.org_debian-security"
    return [
        Index(f"http://deb.debian.org/debian {suite} InRelease", 151_000, f"{host}_dists_{suite}_InRelease", 151_000),
        Index(f"http://deb.debian.org/debian {suite}-updates InRelease", 55_400,
              f"{host}_dists_{suite}-updates_InRelease", 55_400),
        Index(f"http://deb.debian.org/debian-security {suite}-security InRelease", 48_000,
              f"{sec}_dists_{suite}-security_InRelease", 48_000),
        Index(f"http://deb.debian.org/debian {suite}/main amd64 Packages", 8_789_000,
              f"{host}_dists_{suite}_main_binary-amd64_Packages.lz4", 13_620_000),
        Index(f"http://deb.debian.org/debian {suite}-updates/main amd64 Packages", 2_468,
              f"{host}_dists_{suite}-updates_main_binary-amd64_Packages.lz4", 6_400),
        Index(f"http://deb.debian.org/debian-security {suite}-security/main amd64 Packages", 226_000,
              f"{sec}_dists_{suite}-security_main_binary-amd64_Packages.lz4", 520_000)]


def _ubuntu_indexes(suite: str) -> list[Index]:
    archive, security = "http://archive.ubuntu.com/ubuntu", "http://security.ubuntu.com/ubuntu"
    out = [Index(f"{archive} {suite} InRelease", 256_000, f"archive.ubuntu.com_ubuntu_dists_{suite}_InRelease",
                 256_000)]
    for pocket, host in (("security", security), ("updates", archive), ("backports", archive)):
        out.append(Index(f"{host} {suite}-{pocket} InRelease", 126_000,
                         f"{host[7:].replace('/', '_')}_dists_{suite}-{pocket}_InRelease", 126_000))
    for component, size in (("universe", 19_300_000), ("main", 1_808_000), ("restricted", 117_000),
                            ("multiverse", 331_000)):
        out.append(Index(f"{archive} {suite}/{component} amd64 Packages", size,
                         f"archive.ubuntu.com_ubuntu_dists_{suite}_{component}_binary-amd64_Packages.lz4",
                         int(size * 1.6)))
    for component, size in (("main", 1_020_000), ("universe", 1_050_000)):
        out.append(Index(f"{security} {suite}-security/{component} amd64 Packages", size,
                         f"security.ubuntu.com_ubuntu_dists_{suite}-security_{component}_binary-amd64_Packages.lz4",
                         int(size * 1.6)))
    return out


class Fail(Exception):
    """An apt error: its `E:` lines are already printed; the program exits 100."""


class System:
    """The container's Debian-family system as apt sees it: release, dpkg status, package lists."""

    def __init__(self, proc: Process):
        self.proc = proc
        self.target = RootTarget(proc.fs)
        release = _os_release(self.target.read("/etc/os-release").decode(errors="replace"))
        self.distro = release.get("ID", "debian")
        self.suite = release.get("VERSION_CODENAME", "bookworm")
        self.status = debfiles.parse_status(self.target.read(debfiles.STATUS).decode(errors="replace"))
        self.archive = debian()

    @property
    def indexes(self) -> list[Index]:
        return _ubuntu_indexes(self.suite) if self.distro == "ubuntu" else _debian_indexes(self.suite)

    def has_lists(self) -> bool:
        return any(self.target.exists(f"{LISTS}/{index.stored}") for index in self.indexes if "Packages" in
                   index.label)

    def version(self, pkg: Package) -> str:
        return pkg.version_in(self.suite)

    def installed(self, name: str) -> bool:
        return name in self.status

    def pool(self, pkg: Package) -> str:
        if self.distro == "ubuntu":
            return f"http://archive.ubuntu.com/ubuntu {self.suite}/main"
        return f"http://deb.debian.org/debian {self.suite}/main"

    def save_status(self) -> None:
        self.target.file(debfiles.STATUS, debfiles.render_status(self.status))

    def auto_installed(self) -> set[str]:
        names, current = set(), ""
        for line in self.target.read(EXTENDED_STATES).decode().splitlines():
            if line.startswith("Package: "):
                current = line[9:]
            elif line == "Auto-Installed: 1":
                names.add(current)
        return names

    def save_auto(self, names: set[str]) -> None:
        entries = [f"Package: {n}\nArchitecture: {debfiles.arch(self.archive[n]) if n in self.archive else 'amd64'}\n"
                   "Auto-Installed: 1\n" for n in sorted(names) if n in self.status]
        self.target.file(EXTENDED_STATES, "\n".join(entries))


def _os_release(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key] = value.strip().strip('"')
    return out


@dataclass
class Options:
    yes: bool = False
    quiet: int = 0
    recommends: bool = True
    suggests: bool = False
    simulate: bool = False
    purge: bool = False
    fix_broken: bool = False


def _parse(argv: list[str]) -> tuple[Options, list[str]]:
    opts = Options()
    words: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg in ("-y", "--yes", "--assume-yes", "--force-yes"):
            opts.yes = True
        elif arg in ("-q", "--quiet"):
            opts.quiet += 1
        elif arg == "-qq":
            opts.quiet += 2
        elif arg == "--no-install-recommends":
            opts.recommends = False
        elif arg == "--install-recommends":
            opts.recommends = True
        elif arg == "--install-suggests":
            opts.suggests = True
        elif arg in ("-s", "--simulate", "--dry-run", "--just-print", "--no-act"):
            opts.simulate = True
        elif arg == "--purge":
            opts.purge = True
        elif arg in ("-f", "--fix-broken"):
            opts.fix_broken = True
        elif arg in ("-o", "--option", "-c", "--config-file", "-t", "--target-release"):
            next(args, None)
        elif arg.startswith("-") and len(arg) > 2 and not arg.startswith("--") and set(arg[1:]) <= set("yqfs"):
            for letter in arg[1:]:
                opts.yes |= letter == "y"
                opts.quiet += letter == "q"
                opts.simulate |= letter == "s"
        elif arg.startswith("-"):
            continue  # other options (--no-install-suggests, --allow-*, -V) do not change what is installed
        else:
            words.append(arg)
    return opts, words


# ---------------------------------------------------------------- the programs
def apt_get(proc: Process) -> int:
    return Apt(proc, "apt-get").main()


def apt(proc: Process) -> int:
    return Apt(proc, "apt").main()


class Apt:
    def __init__(self, proc: Process, name: str):
        self.proc = proc
        self.name = name
        self.opts, self.words = _parse(proc.argv[1:])
        self.tty = proc.stdout.isatty()

    def out(self, text: str) -> None:
        self.proc.out(text)

    def say(self, text: str) -> None:
        """apt's own progress lines, which -qq silences."""
        if self.opts.quiet < 2:
            self.out(text)

    def error(self, text: str) -> None:
        self.proc.err(f"E: {text}\n")

    def main(self) -> int:
        if not self.words:
            self.out(f"apt {debian()['apt'].version} (amd64)\nUsage: {self.name} [options] command\n")
            return 1
        command, names = self.words[0], self.words[1:]
        handler = {"update": self.update, "install": self.install, "remove": self.remove, "purge": self.purge,
                   "autoremove": self.autoremove, "upgrade": self.upgrade, "dist-upgrade": self.upgrade,
                   "full-upgrade": self.upgrade, "clean": self.clean, "autoclean": self.clean,
                   "list": self.list, "search": self.search, "show": self.show, "policy": self.policy}.get(command)
        if handler is None or (self.name == "apt-get" and command in ("list", "search", "show", "policy")):
            self.error(f"Invalid operation {command}")
            return FAILURE
        if self.name == "apt" and not self.tty:
            self.proc.err(APT_WARNING)
        try:
            return handler(names)
        except Fail:
            return FAILURE

    def _done(self, text: str) -> None:
        self.say(f"{text}... Done\n" if self.tty else f"{text}...\n")

    def _need_root(self, what: str) -> None:
        if self.proc.uid != 0:
            if what == "lists":
                self._done("Reading package lists")
                self.error(f"List directory {LISTS}/partial is missing. - Acquire (13: Permission denied)")
            else:
                self.error("Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)")
                self.error("Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?")
            raise Fail()

    def _reading(self) -> System:
        system = System(self.proc)
        self._done("Reading package lists")
        self._done("Building dependency tree")
        self._done("Reading state information")
        return system

    # ------------------------------------------------------------ update
    def update(self, names: list[str]) -> int:
        self._need_root("lists")
        system = System(self.proc)
        total = 0
        for i, index in enumerate(system.indexes, 1):
            self.say(f"Get:{i} {index.label} [{apt_size(index.download)}B]\n")
            system.target.bulk(f"{LISTS}/{index.stored}", index.stored_size)
            total += index.download
        elapsed = transfer_time(total)
        self.say(f"Fetched {apt_size(total)}B in {apt_duration(elapsed)} ({apt_size(total / elapsed)}B/s)\n")
        self._done("Reading package lists")
        if self.name == "apt":
            self._done("Building dependency tree")
            self._done("Reading state information")
            self.say("All packages are up to date.\n")
        return 0

    # ------------------------------------------------------------ install
    def install(self, names: list[str]) -> int:
        self._need_root("dpkg")
        system = self._reading()
        requested = self._locate(system, names)
        plan, already = self._plan(system, requested)
        for name in already:
            self.say(f"{name} is already the newest version ({system.status[name]['Version']}).\n")
        if not plan:
            self.say("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
            return 0
        extra = [p.name for p in plan if p.name not in requested]
        self._show_plan(system, plan, extra)
        if extra and not self.opts.yes and not self._confirm():
            return 1
        if self.opts.simulate:
            for pkg in plan:
                self.out(f"Inst {pkg.name} ({system.version(pkg)} Debian:{system.suite} [{debfiles.arch(pkg)}])\n")
            return 0
        self._download(system, plan)
        self._unpack(system, plan)
        auto = system.auto_installed() | set(extra)
        auto -= set(requested)
        system.save_auto(auto)
        return 0

    def _locate(self, system: System, names: list[str]) -> list[str]:
        """The requested names, checking each exists in the lists (or is installed)."""
        found, missing = [], False
        for spec in names:
            name, _, version = spec.partition("=")
            pkg = system.archive.get(name) if system.has_lists() else None
            if pkg is None and not system.installed(name):
                self.error(f"Unable to locate package {name}")
                missing = True
                continue
            if version and pkg is not None and version != system.version(pkg):
                self.error(f"Version '{version}' for '{name}' was not found")
                missing = True
                continue
            found.append(name)
        if missing:
            raise Fail()
        return found

    def _plan(self, system: System, requested: list[str]) -> tuple[list[Package], list[str]]:
        """Packages to install, dependencies before their users; and requested ones already installed."""
        plan: list[Package] = []
        seen: set[str] = set()
        already = [n for n in requested if system.installed(n)]

        def visit(name: str) -> None:
            if name in seen or system.installed(name) or name not in system.archive:
                return
            seen.add(name)
            pkg = system.archive[name]
            for dep in pkg.depends + (pkg.recommends if self.opts.recommends else ()):
                visit(dep)
            plan.append(pkg)
        for name in requested:
            visit(name)
        return plan, already

    def _show_plan(self, system: System, plan: list[Package], extra: list[str]) -> None:
        names = {p.name for p in plan}
        if extra:
            self.say("The following additional packages will be installed:\n" + wrap_list(sorted(extra)))
        suggested = sorted({s for p in plan for s in p.suggests if s not in names and not system.installed(s)})
        if suggested:
            self.say("Suggested packages:\n" + wrap_list(suggested))
        if not self.opts.recommends:
            recommended = sorted({r for p in plan for r in p.recommends if r not in names and not system.installed(r)})
            if recommended:
                self.say("Recommended packages:\n" + wrap_list(recommended))
        self.say("The following NEW packages will be installed:\n" + wrap_list(sorted(names)))
        self.say(f"0 upgraded, {len(plan)} newly installed, 0 to remove and 0 not upgraded.\n")
        download = sum(p.download for p in plan)
        installed = sum(p.size // 1024 * 1024 for p in plan)
        self.say(f"Need to get {apt_size(download)}B of archives.\n")
        self.say(f"After this operation, {apt_size(installed)}B of additional disk space will be used.\n")

    def _confirm(self) -> bool:
        """apt's question: Enter or y goes on; anything else, or no answer at all (no stdin), aborts."""
        self.out("Do you want to continue? [Y/n] ")
        raw = self.proc.stdin.readline()
        if raw and raw.decode(errors="replace").strip().lower() in ("", "y", "yes"):
            return True
        self.out("Abort.\n")
        return False

    def _download(self, system: System, plan: list[Package]) -> None:
        for i, pkg in enumerate(plan, 1):
            self.say(f"Get:{i} {system.pool(pkg)} amd64 {pkg.name} {debfiles.arch(pkg)} {system.version(pkg)} "
                     f"[{apt_size(pkg.download)}B]\n")
        self.proc.err("debconf: delaying package configuration, since apt-utils is not installed\n")
        total = sum(p.download for p in plan)
        elapsed = transfer_time(total)
        self.say(f"Fetched {apt_size(total)}B in {apt_duration(elapsed)} ({apt_size(total / elapsed)}B/s)\n")

    def _unpack(self, system: System, plan: list[Package]) -> None:
        """What dpkg prints and does: select and unpack every package, then set each up."""
        self.proc.signals.check()
        width = len(str(len(plan) - 1))
        for i, pkg in enumerate(plan):
            version = system.version(pkg)
            self.out(f"Selecting previously unselected package {debfiles.qualified(pkg)}.\n")
            if i == 0:
                self.out(self._reading_database(system))
            archive = f"{pkg.name}_{version.replace(':', '%3a')}_{debfiles.arch(pkg)}.deb"
            prefix = f"{i:0{width}d}-" if len(plan) > 1 else ""
            self.out(f"Preparing to unpack .../{prefix}{archive} ...\n")
            self.out(f"Unpacking {debfiles.qualified(pkg)} ({version}) ...\n")
            written = debfiles.install(system.target, pkg)
            system.target.file(f"{debfiles.INFO}/{pkg.name}.list", "".join(p + "\n" for p in sorted(written)))
            system.status[pkg.name] = debfiles.stanza(pkg, version)
        system.save_status()
        for pkg in plan:
            self.out(f"Setting up {debfiles.qualified(pkg)} ({system.version(pkg)}) ...\n")
            if pkg.name == "ca-certificates":
                self.out("Updating certificates in /etc/ssl/certs...\n140 added, 0 removed; done.\n")
        if any(p.name.startswith("lib") for p in plan) and "libc-bin" in system.status:
            self.out(f"Processing triggers for libc-bin ({system.status['libc-bin']['Version']}) ...\n")
        if any(p.name == "ca-certificates" for p in plan):
            version = system.version(system.archive["ca-certificates"])
            self.out(f"Processing triggers for ca-certificates ({version}) ...\nUpdating certificates in "
                     "/etc/ssl/certs...\n0 added, 0 removed; done.\nRunning hooks in /etc/ca-certificates/update.d..."
                     "\ndone.\n")

    def _reading_database(self, system: System) -> str:
        """dpkg's line before it unpacks; on a terminal it counts up in percent first."""
        head = "(Reading database ... "
        done = f"{debfiles.file_count(system.status)} files and directories currently installed.)\n"
        if not self.tty:
            return head + done
        return head + "".join(f"\r{head}{p}%" for p in range(5, 101, 5)) + f"\r{head}{done}"

    # ------------------------------------------------------------ removal
    def remove(self, names: list[str], purge: bool = False) -> int:
        self._need_root("dpkg")
        system = self._reading()
        targets = []
        for name in names:
            if system.installed(name):
                targets.append(name)
            elif name in system.archive:
                self.say(f"Package '{name}' is not installed, so not removed\n")
            else:
                self.error(f"Unable to locate package {name}")
                raise Fail()
        return self._remove(system, targets, purge or self.opts.purge, autoremove=False)

    def purge(self, names: list[str]) -> int:
        return self.remove(names, purge=True)

    def autoremove(self, names: list[str]) -> int:
        self._need_root("dpkg")
        system = self._reading()
        return self._remove(system, [], self.opts.purge, autoremove=True)

    def _orphans(self, system: System, removing: set[str]) -> list[str]:
        """Automatically installed packages nothing that stays depends on."""
        auto = system.auto_installed()
        keep = {n for n in system.status if n not in removing and n not in auto}
        needed: set[str] = set()

        def mark(name: str) -> None:
            if name in needed or name not in system.status:
                return
            needed.add(name)
            pkg = system.archive.get(name)
            for dep in (pkg.depends + pkg.recommends) if pkg else ():
                mark(dep)
        for name in keep:
            mark(name)
        return sorted(n for n in auto if n in system.status and n not in needed and n not in removing)

    def _remove(self, system: System, targets: list[str], purge: bool, autoremove: bool) -> int:
        orphans = self._orphans(system, set(targets))
        if autoremove:
            targets, orphans = orphans, []
        if orphans:
            self.say("The following packages were automatically installed and are no longer required:\n"
                     + wrap_list(orphans) + f"Use '{self.name} autoremove' to remove them.\n")
        if not targets:
            self.say("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
            return 0
        label = [f"{n}*" if purge else n for n in sorted(targets)]
        self.say("The following packages will be REMOVED:\n" + wrap_list(label))
        self.say(f"0 upgraded, 0 newly installed, {len(targets)} to remove and 0 not upgraded.\n")
        freed = sum(int(system.status[n].get("Installed-Size", "0")) * 1024 for n in targets)
        self.say(f"After this operation, {apt_size(freed)}B disk space will be freed.\n")
        if len(targets) > 1 and not self.opts.yes and not self._confirm():
            return 1
        self.out(self._reading_database(system))
        for name in targets:
            version = system.status[name]["Version"]
            pkg = system.archive.get(name)
            self.out(f"Removing {debfiles.qualified(pkg) if pkg else name} ({version}) ...\n")
            listing = system.target.read(f"{debfiles.INFO}/{name}.list").decode().split()
            for path in listing:
                system.target.remove(path)
            system.target.remove(f"{debfiles.INFO}/{name}.list")
            del system.status[name]
        system.save_status()
        system.save_auto(system.auto_installed() - set(targets))
        return 0

    # ------------------------------------------------------------ the rest
    def upgrade(self, names: list[str]) -> int:
        self._need_root("dpkg")
        self._reading()
        self._done("Calculating upgrade")
        self.say("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        return 0

    def clean(self, names: list[str]) -> int:
        self._need_root("dpkg")
        return 0

    def list(self, names: list[str]) -> int:
        system = System(self.proc)
        self.out("Listing..." + (" Done\n" if self.tty else "\n"))
        installed_only = "--installed" in self.proc.argv
        names_shown = sorted(system.status) if installed_only else sorted(set(system.archive) | set(system.status))
        for name in names_shown:
            pkg = system.archive.get(name)
            if name in system.status:
                fields = system.status[name]
                self.out(f"{name}/now {fields['Version']} {fields.get('Architecture', 'amd64')} [installed]\n")
            elif pkg is not None and system.has_lists():
                self.out(f"{name}/{system.suite} {system.version(pkg)} {debfiles.arch(pkg)}\n")
        return 0

    def search(self, names: list[str]) -> int:
        system = System(self.proc)
        term = (names or [""])[0].lower()
        if self.name == "apt":
            self.out("Sorting..." + (" Done\n" if self.tty else "\n") + "Full Text Search..."
                     + (" Done\n" if self.tty else "\n"))
        for name, pkg in sorted(system.archive.items()) if system.has_lists() else []:
            if term in name or term in pkg.summary.lower():
                if self.name == "apt":
                    self.out(f"{name}/{system.suite} {system.version(pkg)} {debfiles.arch(pkg)}\n"
                             f"  {pkg.summary}\n\n")
                else:
                    self.out(f"{name} - {pkg.summary}\n")
        return 0

    def show(self, names: list[str]) -> int:
        system = System(self.proc)
        for name in names:
            pkg = system.archive.get(name) if system.has_lists() else None
            if pkg is None:
                if self.name == "apt":
                    self.proc.err(f"N: Unable to locate package {name}\n")
                self.error("No packages found")
                raise Fail()
            self.out(f"Package: {name}\nVersion: {system.version(pkg)}\nArchitecture: {debfiles.arch(pkg)}\n"
                     f"Installed-Size: {pkg.size // 1024}\n" + (f"Depends: {', '.join(pkg.depends)}\n" if pkg.depends
                                                                else "")
                     + f"Download-Size: {apt_size(pkg.download)}B\nDescription: {pkg.summary}\n\n")
        return 0

    def policy(self, names: list[str]) -> int:
        system = System(self.proc)
        for name in names:
            pkg = system.archive.get(name) if system.has_lists() else None
            installed = system.status.get(name, {}).get("Version")
            if pkg is None and installed is None:
                continue
            candidate = system.version(pkg) if pkg else installed
            self.out(f"{name}:\n  Installed: {installed or '(none)'}\n  Candidate: {candidate}\n  Version table:\n"
                     f" {'***' if installed else '   '} {candidate} 500\n        500 {system.pool(pkg) if pkg else ''} "
                     "amd64 Packages\n" + ("        100 /var/lib/dpkg/status\n" if installed else ""))
        return 0


def apt_cache(proc: Process) -> int:
    """apt-cache: search, show and policy, over the same lists."""
    tool = Apt(proc, "apt-cache")
    if not tool.words:
        proc.out(f"apt {debian()['apt'].version} (amd64)\nUsage: apt-cache [options] command\n")
        return 1
    command, names = tool.words[0], tool.words[1:]
    handler = {"search": tool.search, "show": tool.show, "policy": tool.policy}.get(command)
    if handler is None:
        tool.error(f"Invalid operation {command}")
        return FAILURE
    try:
        return handler(names)
    except Fail:
        return FAILURE


def apt_mark(proc: Process) -> int:
    """apt-mark auto|manual|showmanual|showauto: apt's record of automatically installed packages."""
    system = System(proc)
    words = [w for w in proc.argv[1:] if not w.startswith("-")]
    if not words:
        proc.out("Usage: apt-mark [options] {auto|manual} pkg1 [pkg2 ...]\n")
        return 1
    command, names = words[0], words[1:]
    auto = system.auto_installed()
    if command == "showmanual":
        proc.out("".join(f"{n}\n" for n in sorted(system.status) if n not in auto))
    elif command == "showauto":
        proc.out("".join(f"{n}\n" for n in sorted(auto)))
    elif command in ("auto", "manual"):
        for name in names:
            if name not in system.status:
                proc.err(f"E: Unable to locate package {name}\n")
                return FAILURE
            proc.out(f"{name} set to {'automatically' if command == 'auto' else 'manually'} installed.\n")
            auto = auto | {name} if command == "auto" else auto - {name}
        system.save_auto(auto)
    else:
        proc.err(f"E: Invalid operation {command}\n")
        return FAILURE
    return 0
