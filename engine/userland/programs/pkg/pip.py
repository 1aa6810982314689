"""`pip` / `pip3`: install, uninstall, list, freeze and show, against the bundled PyPI.

It works on the interpreter the image has: /usr/local (the `python` images), or the distribution's
/usr/bin/python3 (Debian's python3-pip, Alpine's py3-pip), which refuses to install as PEP 668
says unless `--break-system-packages`. The output is pip 24's: "Collecting", "Downloading
….whl.metadata", the downloads with their progress bars, "Installing collected packages",
"Successfully installed", the root-user warning and the new-release notice. Downloads are kept
in ~/.cache/pip unless `--no-cache-dir` (so the layer carries them, as it would); installed
distributions are written as site-packages holds them (see `pyfiles`), which is what `list`,
`freeze` and `show` read back.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ....catalog.packages import Package, alpine, canonical, debian, pypi, version_key
from ...process import Process
from . import pyfiles
from .target import RootTarget
from .units import pip_size, transfer_time

LATEST_PIP = "24.3.1"
BAR = "━" * 40
EXTERNALLY_MANAGED = """error: externally-managed-environment

× This environment is externally managed
╰─> To install Python packages system-wide, try apt install
    python3-xyz, where xyz is the package you are trying to
    install.
    
    If you wish to install a non-Debian-packaged Python package,
    create a virtual environment using python3 -m venv path/to/venv.
    Then use path/to/venv/bin/python to run the command.

note: If you believe this is a mistake, please contact your Python installation or OS distribution provider. \
You can override this, at the risk of breaking your Python installation or OS, by passing --break-system-packages.
hint: See PEP 668 for the detailed specification.
"""
ROOT_WARNING_OLD = ("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting "
                    "behaviour with the system package manager. It is recommended to use a virtual environment "
                    "instead: https://pip.pypa.io/warnings/venv\n")
ROOT_WARNING = ("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting "
                "behaviour with the system package manager, possibly rendering your system unusable. It is "
                "recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. Use the "
                "--root-user-action option if you know what you are doing and want to suppress this warning.\n")


class PipError(Exception):
    """A failure whose message (ERROR: lines) is already written; pip exits 1."""


@dataclass
class Environment:
    """The interpreter pip installs for: where its site-packages and scripts are."""

    python: str  # e.g. /usr/local/bin/python3.12
    short: str  # 3.12
    site: str
    bindir: str
    managed: bool  # a distribution's Python (PEP 668)
    pip_version: str


def _environment(target: RootTarget) -> Environment:
    """The image's Python: an official image's /usr/local build, or the distribution's /usr/bin/python3.X."""
    for prefix in ("/usr/local", "/usr"):
        try:
            names = target.fs.listdir(f"{prefix}/bin")
        except OSError:
            continue
        versions = sorted((n[6:] for n in names if re.fullmatch(r"python3\.\d+", n)), key=version_key)
        if not versions:
            continue
        short = versions[-1]
        python = f"{prefix}/bin/python{short}"
        if prefix == "/usr/local":
            site = f"/usr/local/lib/python{short}/site-packages"
            pip = next((d for d in _dists(target, site) if canonical(d[0]) == "pip"), None)
            return Environment(python, short, site, "/usr/local/bin", False, pip[1] if pip else LATEST_PIP)
        if target.exists("/etc/debian_version"):
            # Debian's pip, when allowed to, installs beside the system's packages, in /usr/local
            return Environment(python, short, f"/usr/local/lib/python{short}/dist-packages", "/usr/local/bin", True,
                               _upstream(debian()["python3-pip"].version))
        return Environment(python, short, f"/usr/lib/python{short}/site-packages", "/usr/bin", True,
                           alpine()["py3-pip"].version.split("-")[0])
    return Environment("/usr/bin/python3", "3", "/usr/lib/python3/dist-packages", "/usr/bin", True, "23.0.1")


def _upstream(version: str) -> str:
    return re.split(r"[-+~]", version.split(":", 1)[-1])[0]


def _dists(target: RootTarget, site: str) -> list[tuple[str, str, str]]:
    """(name, version, dist-info directory) of every distribution in `site`."""
    out = []
    try:
        entries = target.fs.listdir(site)
    except OSError:
        return out
    for entry in entries:
        if not entry.endswith(".dist-info"):
            continue
        meta = target.read(f"{site}/{entry}/METADATA").decode(errors="replace")
        name = re.search(r"^Name: (.+)$", meta, re.M)
        version = re.search(r"^Version: (.+)$", meta, re.M)
        if name and version:
            out.append((name.group(1).strip(), version.group(1).strip(), f"{site}/{entry}"))
    return out


@dataclass
class Requirement:
    text: str  # as written: "Werkzeug>=3.0.0"
    name: str  # as written: "Werkzeug"
    specifiers: list[tuple[str, str]]
    parent: "Requirement | None" = None
    origin: str = ""  # "-r requirements.txt (line 2)" for a requirement read from a file

    def chain(self) -> str:
        """pip's "(from Jinja2>=3.1.2->flask)" trail, ending with the file a root came from."""
        trail, node, root = [], self.parent, self
        while node is not None:
            trail.append(node.text)
            root = node
            node = node.parent
        return "->".join(trail + ([root.origin] if root.origin else []))


def parse_requirement(text: str, parent: Requirement | None = None, origin: str = "") -> Requirement:
    text = text.split(";")[0].strip()
    match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)", text)
    name = match.group(1) if match else text
    spec = (match.group(3) if match else "").strip()
    specifiers = [(m.group(1), m.group(2).strip()) for m in re.finditer(r"(~=|==|!=|<=|>=|<|>)\s*([^,\s]+)", spec)]
    return Requirement(text, name, specifiers, parent, origin)


def satisfies(version: str, specifiers: list[tuple[str, str]]) -> bool:
    have = version_key(version)
    for op, want in specifiers:
        if want.endswith(".*"):
            prefix = want[:-2]
            ok = version == prefix or version.startswith(prefix + ".")
            if (op == "==" and not ok) or (op == "!=" and ok):
                return False
            continue
        other = version_key(want)
        if op == "~=":
            parts = want.split(".")
            upper = ".".join(parts[:-2] + [str(int(parts[-2]) + 1)]) if len(parts) > 1 else want
            ok = have >= other and have < version_key(upper)
        else:
            ok = {"==": have == other, "!=": have != other, ">=": have >= other, "<=": have <= other,
                  ">": have > other, "<": have < other}[op]
        if not ok:
            return False
    return True


class Pip:
    def __init__(self, proc: Process):
        self.proc = proc
        self.target = RootTarget(proc.fs)
        self.env = _environment(self.target)
        self.catalog = pypi()
        self.quiet = 0
        self.tty = proc.stdout.isatty()

    def say(self, text: str) -> None:
        if self.quiet == 0:
            self.proc.out(text)

    def fail(self, text: str) -> PipError:
        self.proc.err(text)
        return PipError()

    def installed(self) -> dict[str, tuple[str, str, str]]:
        return {canonical(name): (name, version, info) for name, version, info in _dists(self.target, self.env.site)}

    # ------------------------------------------------------------ install
    def install(self, args: list[str]) -> int:
        specs: list[tuple[str, str]] = []  # (requirement, where it was read from)
        cache, upgrade, no_deps, break_system, notice = True, False, False, False, True
        it = iter(args)
        for arg in it:
            if arg in ("-r", "--requirement"):
                specs += self._read_requirements(next(it, ""))
            elif arg.startswith("--requirement="):
                specs += self._read_requirements(arg.split("=", 1)[1])
            elif arg == "--no-cache-dir":
                cache = False
            elif arg in ("-U", "--upgrade"):
                upgrade = True
            elif arg == "--no-deps":
                no_deps = True
            elif arg == "--break-system-packages":
                break_system = True
            elif arg == "--disable-pip-version-check":
                notice = False
            elif arg in ("-q", "--quiet"):
                self.quiet += 1
            elif arg in ("-i", "--index-url", "--extra-index-url", "-c", "--constraint", "--root-user-action",
                         "--progress-bar", "-t", "--target", "--prefix", "-f", "--find-links"):
                next(it, None)
            elif arg in ("-e", "--editable"):
                raise self.fail(f"ERROR: editable installs are not simulated by dockyard: {next(it, '')}\n")
            elif arg.startswith("-"):
                continue
            else:
                specs.append((arg, ""))
        if not specs:
            raise self.fail("ERROR: You must give at least one requirement to install (see \"pip help install\")\n")
        if self.env.managed and not break_system:
            self.proc.err(EXTERNALLY_MANAGED)
            return 1
        notice = notice and self.proc.env.get("PIP_DISABLE_PIP_VERSION_CHECK", "") in ("", "0", "false")
        cache = cache and self.proc.env.get("PIP_NO_CACHE_DIR", "") in ("", "0", "false")
        plan = self._resolve([parse_requirement(s, origin=o) for s, o in specs], upgrade, no_deps, cache)
        if plan:
            self._download(plan, cache)
            self._install(plan)
        if self.proc.uid == 0 and self.proc.env.get("PIP_ROOT_USER_ACTION") != "ignore" and \
                "--root-user-action=ignore" not in args:
            self.proc.err(ROOT_WARNING if version_key(self.env.pip_version) >= version_key("24.1") else
                          ROOT_WARNING_OLD)
        if notice and self.quiet == 0 and version_key(self.env.pip_version) < version_key(LATEST_PIP):
            self.proc.err(f"\n[notice] A new release of pip is available: {self.env.pip_version} -> {LATEST_PIP}\n"
                          "[notice] To update, run: pip install --upgrade pip\n")
        return 0

    def _read_requirements(self, path: str) -> list[tuple[str, str]]:
        """The requirements a file lists, each with pip's note of where it came from."""
        try:
            text = self.proc.fs.read_bytes(self.proc.abspath(path)).decode(errors="replace")
        except OSError as e:
            raise self.fail(f"ERROR: Could not open requirements file: [Errno {e.errno}] {e.strerror}: '{path}'\n")
        out: list[tuple[str, str]] = []
        for number, line in enumerate(text.splitlines(), 1):
            line = line.split(" #")[0].strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith(("-r ", "--requirement ")):
                out += self._read_requirements(line.split(None, 1)[1])
            elif not line.startswith("-"):
                out.append((line, f"-r {path} (line {number})"))
        return out

    def _resolve(self, roots: list[Requirement], upgrade: bool, no_deps: bool,
                 cache: bool) -> list[tuple[Requirement, Package, int]]:
        """Breadth first, as pip collects: (requirement, package, depth) of everything to install."""
        installed = self.installed()
        queue = list(roots)
        chosen: dict[str, tuple[Requirement, Package, int]] = {}
        depth = {id(r): 0 for r in roots}
        while queue:
            req = queue.pop(0)
            key = canonical(req.name)
            if key in chosen:
                continue
            have = installed.get(key)
            trail = f" (from {req.chain()})" if req.parent or req.origin else ""
            if have and (not upgrade or req.parent) and satisfies(have[1], req.specifiers):
                self.say(f"Requirement already satisfied: {req.text} in {self.env.site}{trail} ({have[1]})\n")
                continue
            pkg = self.catalog.get(key)
            if pkg is None or not satisfies(pkg.version, req.specifiers):
                versions = pkg.version if pkg else "none"
                raise self.fail(f"ERROR: Could not find a version that satisfies the requirement {req.text} "
                                f"(from versions: {versions})\nERROR: No matching distribution found for {req.text}\n")
            if have and have[1] == pkg.version:
                self.say(f"Requirement already satisfied: {req.text} in {self.env.site}{trail} ({have[1]})\n")
                continue
            self.say(f"Collecting {req.text}{trail}\n")
            wheel = pyfiles.wheel_name(pkg, f"cp{self.env.short.replace('.', '')}")
            verb = "Using cached" if cache and self._cached(wheel) else "Downloading"
            self.say(f"  {verb} {wheel}.metadata ({pip_size(_metadata_size(pkg))})\n")
            chosen[key] = (req, pkg, depth[id(req)])
            if not no_deps:
                for dep in pkg.depends:
                    child = parse_requirement(dep, req)
                    depth[id(child)] = depth[id(req)] + 1
                    queue.append(child)
        return list(chosen.values())

    def _cache_path(self, wheel: str) -> str:
        digest = hashlib.sha224(wheel.encode()).hexdigest()
        home = "/root" if self.proc.uid == 0 else self.proc.env.get("HOME", "/root")
        return f"{home}/.cache/pip/http-v2/{'/'.join(digest[:5])}/{digest}.body"

    def _cached(self, wheel: str) -> bool:
        return self.target.exists(self._cache_path(wheel))

    def _download(self, plan: list[tuple[Requirement, Package, int]], cache: bool) -> None:
        for _, pkg, _ in plan:
            self.proc.signals.check()
            wheel = pyfiles.wheel_name(pkg, f"cp{self.env.short.replace('.', '')}")
            if cache and self._cached(wheel):
                self.say(f"Using cached {wheel} ({pip_size(pkg.download)})\n")
                continue
            self.say(f"Downloading {wheel} ({pip_size(pkg.download)})\n")
            if pkg.download > 512 * 1024:
                self.say(f"   {BAR} {_bar_amount(pkg.download)} {_speed(pkg.download)} eta 0:00:00\n")
            if cache:
                self.target.bulk(self._cache_path(wheel), pkg.download)

    def _install(self, plan: list[tuple[Requirement, Package, int]]) -> None:
        deps = {canonical(p.name): bool(p.depends) for _, p, _ in plan}
        ordered = sorted(plan, key=lambda item: (-item[2], deps[canonical(item[1].name)]))
        self.say("Installing collected packages: " + ", ".join(r.name for r, _, _ in ordered) + "\n")
        installed = self.installed()
        for req, pkg, _ in ordered:
            old = installed.get(canonical(pkg.name))
            if old:
                self.say(f"  Attempting uninstall: {req.name}\n    Found existing installation: {old[0]} {old[1]}\n"
                         f"    Uninstalling {old[0]}-{old[1]}:\n      Successfully uninstalled {old[0]}-{old[1]}\n")
                self._remove(old[2])
            pyfiles.install(self.target, pkg, self.env.site, self.env.bindir, self.env.python)
        done = sorted(f"{r.name}-{p.version}" for r, p, _ in plan)
        self.say("Successfully installed " + " ".join(done) + "\n")

    def _remove(self, info: str) -> list[str]:
        """Delete what a distribution's RECORD lists, and the directories that leaves empty."""
        removed = []
        for line in self.target.read(f"{info}/RECORD").decode().splitlines():
            rel = line.split(",")[0]
            if not rel:
                continue
            path = rel if rel.startswith("/") else f"{self.env.site}/{rel}"
            self.target.remove(path)
            removed.append(path)
        self.target.remove(info)
        for directory in sorted({p.rsplit("/", 1)[0] for p in removed}, key=len, reverse=True):
            if directory.startswith(self.env.site + "/"):
                try:
                    self.proc.fs.rmdir(directory)
                except OSError:
                    pass  # not empty: other files live there
        return removed

    # ------------------------------------------------------------ the other commands
    def uninstall(self, args: list[str]) -> int:
        yes = any(a in ("-y", "--yes") for a in args)
        names = [a for a in args if not a.startswith("-")]
        installed = self.installed()
        for name in names:
            have = installed.get(canonical(name))
            if have is None:
                self.proc.err(f"WARNING: Skipping {name} as it is not installed.\n")
                continue
            dist, version, info = have
            self.say(f"Found existing installation: {dist} {version}\nUninstalling {dist}-{version}:\n")
            if not yes:
                self.say(f"  Would remove:\n    {info}/*\n")
                self.proc.out("Proceed (Y/n)? ")
                raw = self.proc.stdin.readline()
                if not raw or raw.decode(errors="replace").strip().lower() not in ("", "y", "yes"):
                    self.proc.out("\n" if not raw else "")
                    continue
            self._remove(info)
            self.say(f"  Successfully uninstalled {dist}-{version}\n")
        return 0

    def list(self, args: list[str]) -> int:
        rows = sorted(((n, v) for n, v, _ in _dists(self.target, self.env.site)), key=lambda r: r[0].lower())
        if "--format=freeze" in args:
            return self.freeze(args)
        width = max([len(n) for n, _ in rows] + [len("Package")])
        vwidth = max([len(v) for _, v in rows] + [len("Version")])
        self.proc.out(f"{'Package':<{width}} {'Version':<{vwidth}}".rstrip() + "\n" + f"{'-' * width} {'-' * vwidth}\n")
        for name, version in rows:
            self.proc.out(f"{name:<{width}} {version}\n")
        return 0

    def freeze(self, args: list[str]) -> int:
        skip = {"pip", "setuptools", "wheel", "distribute"} if "--all" not in args else set()
        for name, version, _ in sorted(_dists(self.target, self.env.site), key=lambda d: d[0].lower()):
            if canonical(name) not in skip:
                self.proc.out(f"{name}=={version}\n")
        return 0

    def show(self, args: list[str]) -> int:
        names = [a for a in args if not a.startswith("-")]
        dists = _dists(self.target, self.env.site)
        found = False
        for i, name in enumerate(names):
            match = next((d for d in dists if canonical(d[0]) == canonical(name)), None)
            if match is None:
                continue
            dist, version, info = match
            meta = self.target.read(f"{info}/METADATA").decode(errors="replace")
            summary = re.search(r"^Summary: (.*)$", meta, re.M)
            requires = sorted({parse_requirement(m).name for m in re.findall(r"^Requires-Dist: (.+)$", meta, re.M)},
                              key=str.lower)
            required_by = sorted(
                d[0] for d in dists if canonical(name) in {canonical(parse_requirement(m).name) for m in re.findall(
                    r"^Requires-Dist: (.+)$", self.target.read(f"{d[2]}/METADATA").decode(errors="replace"), re.M)})
            self.proc.out(("---\n" if found else "") + f"Name: {dist}\nVersion: {version}\n"
                          f"Summary: {summary.group(1) if summary else ''}\nHome-page: \nAuthor: \nAuthor-email: \n"
                          f"License: \nLocation: {self.env.site}\nRequires: {', '.join(requires)}\n"
                          f"Required-by: {', '.join(required_by)}\n")
            found = True
        if not found:
            self.proc.err(f"WARNING: Package(s) not found: {', '.join(names)}\n")
            return 1
        return 0


def _metadata_size(pkg: Package) -> int:
    return 1200 + len(pkg.summary) * 17 + 280 * len(pkg.depends)


def _bar_amount(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1e6:.1f}/{size / 1e6:.1f} MB"
    return f"{size / 1e3:.1f}/{size / 1e3:.1f} kB"


def _speed(size: int) -> str:
    rate = size / transfer_time(size)
    return f"{rate / 1e6:.1f} MB/s" if rate >= 1e6 else f"{rate / 1e3:.1f} kB/s"


def main(proc: Process) -> int:
    args = proc.argv[1:]
    pip = Pip(proc)
    words = [a for a in args if not a.startswith("-")]
    if "--version" in args or "-V" in args:
        proc.out(f"pip {pip.env.pip_version} from {pip.env.site}/pip (python {pip.env.short})\n")
        return 0
    if not words:
        proc.out("\nUsage:   \n  pip <command> [options]\n\nCommands:\n  install                     Install "
                 "packages.\n  uninstall                   Uninstall packages.\n  freeze                      Output "
                 "installed packages in requirements format.\n  list                        List installed packages.\n"
                 "  show                        Show information about installed packages.\n")
        return 0
    command = words[0]
    rest = args[args.index(command) + 1:]
    handler = {"install": pip.install, "uninstall": pip.uninstall, "list": pip.list, "freeze": pip.freeze,
               "show": pip.show}.get(command)
    if handler is None:
        proc.err(f'ERROR: unknown command "{command}"\n')
        return 1
    try:
        return handler(rest)
    except PipError:
        return 1
