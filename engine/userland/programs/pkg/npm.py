"""`npm` and `npx`, as the `node` images ship them (npm 10).

`npm install` reads package.json (or adds the packages named), resolves them against the bundled
registry (`npmtree`), fills node_modules, writes the lockfiles and prints npm's summary ("added 65
packages, and audited 66 packages in 2s", funding, audit). `npm ci` installs exactly the lockfile.
`npm start`, `npm test` and `npm run X` run the script through `sh -c` with node_modules/.bin on
PATH, after npm's "> name@version script" banner. `npm init -y` writes a package.json. npx runs a
package's command, installing it into npm's cache first when the project does not have it.
"""
from __future__ import annotations

import hashlib
import json
import posixpath
import time

from ...exec import ExecError, execute
from ...process import Process
from . import npmtree
from .target import RootTarget
from .units import transfer_time

LATEST_NPM = "10.9.0"
GLOBAL_ROOT = "/usr/local/lib"


class NpmError(Exception):
    """A failure already reported in npm's "npm error" lines; `status` is the exit code."""

    def __init__(self, status: int = 1):
        super().__init__(status)
        self.status = status


def _npm_version(target: RootTarget) -> str:
    try:
        data = json.loads(target.read(f"{GLOBAL_ROOT}/node_modules/npm/package.json") or b"{}")
    except ValueError:
        data = {}
    return data.get("version", "10.8.2")


def _duration(seconds: float) -> str:
    return f"{int(seconds * 1000)}ms" if seconds < 1 else f"{round(seconds)}s"


class Npm:
    def __init__(self, proc: Process):
        self.proc = proc
        self.target = RootTarget(proc.fs)
        self.version = _npm_version(self.target)
        self.prefix = "npm error" if tuple(int(x) for x in self.version.split(".")[:2]) >= (10, 6) else "npm ERR!"
        self.silent = False
        self.started = time.monotonic()

    # ------------------------------------------------------------ messages
    def error(self, *lines: str) -> None:
        self.proc.err("".join(f"{self.prefix} {line}".rstrip() + "\n" for line in lines))

    def log_line(self) -> None:
        stamp = time.strftime("%Y-%m-%dT%H_%M_%S", time.gmtime()) + "_000Z"
        home = self.proc.env.get("HOME") or ("/root" if self.proc.uid == 0 else "/")
        log = f"{home.rstrip('/')}/.npm/_logs/{stamp}-debug-0.log"
        try:
            self.target.file(log, f"0 verbose cli {' '.join(self.proc.argv)}\n")
        except OSError:
            pass
        if self.prefix == "npm error":
            self.proc.err(f"npm error A complete log of this run can be found in: {log}\n")
        else:
            self.proc.err(f"\nnpm ERR! A complete log of this run can be found in: {log}\n")

    def fail_404(self, name: str, spec: str) -> NpmError:
        self.error("code E404", f"404 Not Found - GET {npmtree.REGISTRY}/{name.replace('/', '%2f')} - Not found",
                   "404", f"404  '{name}@{spec or '*'}' is not in this registry.", "404",
                   "404 Note that you can also install from a", "404 tarball, folder, http url, or git url.")
        self.log_line()
        return NpmError(1)

    def fail_target(self, name: str, spec: str) -> NpmError:
        self.error("code ETARGET", f"notarget No matching version found for {name}@{spec}.",
                   "notarget In most cases you or one of your dependencies are requesting",
                   "notarget a package version that doesn't exist.")
        self.log_line()
        return NpmError(1)

    def notice(self) -> None:
        """npm's update notice, once per container (it checks at most once a week)."""
        if self.silent or tuple(int(x) for x in self.version.split(".")) >= (10, 9, 0):
            return
        home = self.proc.env.get("HOME") or "/root"
        stamp = f"{home.rstrip('/')}/.npm/_update-notifier-last-checked"
        if self.target.exists(stamp):
            return
        try:
            self.target.file(stamp, "")
        except OSError:
            return
        self.proc.err(f"npm notice\nnpm notice New minor version of npm available! {self.version} -> {LATEST_NPM}\n"
                      f"npm notice Changelog: https://github.com/npm/cli/releases/tag/v{LATEST_NPM}\n"
                      f"npm notice To update run: npm install -g npm@{LATEST_NPM}\nnpm notice\n")

    # ------------------------------------------------------------ the project
    def project(self) -> str:
        return self.proc.cwd

    def read_manifest(self, required: bool) -> dict:
        path = f"{self.project().rstrip('/')}/package.json"
        try:
            text = self.proc.fs.read_bytes(path).decode(errors="replace")
        except OSError:
            if required:
                self.error("code ENOENT", "syscall open", f"path {path}", "errno -2",
                           f"enoent Could not read package.json: Error: ENOENT: no such file or directory, open "
                           f"'{path}'", "enoent This is related to npm not being able to find a file.", "enoent")
                self.log_line()
                raise NpmError(254)
            return {}
        try:
            return json.loads(text) if text.strip() else {}
        except ValueError as e:
            self.error("code EJSONPARSE", f"JSON.parse Invalid package.json: JSONParseError: {e}",
                       "JSON.parse Failed to parse JSON data.",
                       "JSON.parse Note: package.json must be actual JSON, not just JavaScript.")
            self.log_line()
            raise NpmError(1)

    def write_manifest(self, manifest: dict) -> None:
        self.target.file(f"{self.project().rstrip('/')}/package.json", json.dumps(manifest, indent=2) + "\n")

    # ------------------------------------------------------------ install
    def install(self, args: list[str], clean: bool = False) -> int:
        names = [a for a in args if not a.startswith("-")]
        dev_save = any(a in ("-D", "--save-dev") for a in args)
        omit_dev = any(a in ("--production", "--omit=dev", "--only=prod", "--only=production") for a in args) or \
            self.proc.env.get("NODE_ENV") == "production"
        audit = "--no-audit" not in args
        fund = "--no-fund" not in args
        if "-g" in args or "--global" in args:
            return self.install_global(names)
        root = self.project().rstrip("/") or "/"
        manifest = self.read_manifest(required=clean)
        if clean:
            lock = self.target.read(f"{root}/package-lock.json")
            if not lock:
                self.error("code EUSAGE", "", "The `npm ci` command can only install with an existing "
                           "package-lock.json or", "npm-shrinkwrap.json with lockfileVersion >= 1. Run an install "
                           "with npm@5 or", "later to generate a package-lock.json file, then try again.", "",
                           "Clean install a project", "", "Usage:", "npm ci", "",
                           'Run "npm help ci" for more info')
                self.log_line()
                raise NpmError(1)
            tree = npmtree.read_lock(lock.decode(errors="replace"))
            self.target.remove(f"{root}/node_modules")
            before: dict = {}
        else:
            before = npmtree.read_lock(self.target.read(f"{root}/node_modules/.package-lock.json").decode())
            for spec in names:
                name, version = _split_spec(spec)
                try:
                    pkg = npmtree.choose(name, version)
                except npmtree.NotFound:
                    raise self.fail_404(name, version) from None
                except npmtree.NoTarget:
                    raise self.fail_target(name, version) from None
                key = "devDependencies" if dev_save else "dependencies"
                manifest.setdefault(key, {})[name] = version if version and version[0].isdigit() and \
                    "x" not in version else f"^{pkg.version}"
                if key == "devDependencies":
                    manifest.get("dependencies", {}).pop(name, None)
            if names:
                manifest = _sorted_dependencies(manifest)
                self.write_manifest(manifest)
            try:
                tree = npmtree.resolve(manifest.get("dependencies", {}),
                                       {} if omit_dev else manifest.get("devDependencies", {}))
            except npmtree.NotFound as e:
                raise self.fail_404(e.name, e.spec) from None
            except npmtree.NoTarget as e:
                raise self.fail_target(e.name, e.spec) from None
        if omit_dev:
            tree = {p: n for p, n in tree.items() if not n.dev}
        added = {p: n for p, n in tree.items() if p not in before or before[p].pkg.version != n.pkg.version}
        removed = [p for p in before if p not in tree]
        for path in removed:
            self.target.remove(f"{root}/{path}")
        self.proc.signals.check()
        npmtree.write(self.target, root, added)
        name, version = manifest.get("name", posixpath.basename(root) if not manifest else ""), \
            manifest.get("version", "")
        self.target.file(f"{root}/package-lock.json", npmtree.lockfile(name, version, manifest, tree))
        if tree:
            self.target.file(f"{root}/node_modules/.package-lock.json",
                             npmtree.lockfile(name, version, manifest, tree, hidden=True))
        self._cache(list(added.values()))
        self.summary(len(added), len(removed), len(tree) + 1, tree, audit, fund)
        return 0

    def install_global(self, names: list[str]) -> int:
        added = 0
        for spec in names:
            name, version = _split_spec(spec)
            try:
                tree = npmtree.resolve({name: version})
            except npmtree.NotFound as e:
                raise self.fail_404(e.name, e.spec) from None
            except npmtree.NoTarget as e:
                raise self.fail_target(e.name, e.spec) from None
            top = tree[f"node_modules/{name}"]
            nested = {p.replace(f"node_modules/{name}/", "", 1) if p != f"node_modules/{name}" else p: n
                      for p, n in tree.items()}
            placed = {f"node_modules/{name}": top}
            for path, node in nested.items():
                if path != f"node_modules/{name}":
                    placed[f"node_modules/{name}/{path}"] = node
            self.target.remove(f"{GLOBAL_ROOT}/node_modules/{name}")
            npmtree.write(self.target, GLOBAL_ROOT, placed)
            for command, rel in top.pkg.programs:
                self.target.link(f"/usr/local/bin/{command}", f"../lib/node_modules/{name}/{rel}")
            added += len(placed)
            self._cache(list(placed.values()))
        self.summary(added, 0, 0, {}, audit=False, fund=False)
        return 0

    def _cache(self, nodes: list) -> None:
        """npm keeps every tarball it fetched in ~/.npm/_cacache (a layer carries it, as a real one does)."""
        home = self.proc.env.get("HOME") or ("/root" if self.proc.uid == 0 else "/")
        total = sum(n.pkg.download for n in nodes)
        if total:
            digest = hashlib.sha512(" ".join(sorted(n.path for n in nodes)).encode()).hexdigest()
            self.target.bulk(f"{home.rstrip('/')}/.npm/_cacache/content-v2/sha512/{digest[:2]}/{digest[2:4]}/"
                             f"{digest[4:]}", total)

    def summary(self, added: int, removed: int, audited: int, tree: dict, audit: bool, fund: bool) -> None:
        elapsed = 0.4 + transfer_time(sum(n.pkg.download for n in tree.values()))
        parts = []
        if added:
            parts.append(f"added {added} package{'s' if added != 1 else ''}")
        if removed:
            parts.append(f"removed {removed} package{'s' if removed != 1 else ''}")
        head = ", ".join(parts) if parts else "up to date"
        if audit and audited:
            head += f", and audited {audited} package{'s' if audited != 1 else ''}" if parts else \
                f", audited {audited} package{'s' if audited != 1 else ''}"
        out = f"\n{head} in {_duration(elapsed)}\n"
        funded = sum(1 for n in tree.values() if n.pkg.name in npmtree.FUNDED)
        if fund and funded:
            out += (f"\n{funded} package{'s are' if funded != 1 else ' is'} looking for funding\n"
                    "  run `npm fund` for details\n")
        if audit and audited:
            out += "\nfound 0 vulnerabilities\n"
        if not self.silent:
            self.proc.out(out)
        self.notice()

    def uninstall(self, args: list[str]) -> int:
        names = [a for a in args if not a.startswith("-")]
        manifest = self.read_manifest(required=False)
        for name in names:
            for key in ("dependencies", "devDependencies"):
                manifest.get(key, {}).pop(name, None)
        if manifest:
            self.write_manifest(manifest)
        return self.install([])

    # ------------------------------------------------------------ scripts
    def run_script(self, name: str, extra: list[str]) -> int:
        manifest = self.read_manifest(required=True)
        scripts = manifest.get("scripts") or {}
        command = scripts.get(name)
        if command is None and name == "start" and self.proc.fs.exists(f"{self.project().rstrip('/')}/server.js"):
            command = "node server.js"
        if command is None:
            self.error(f'Missing script: "{name}"', "", "To see a list of scripts, run:", "  npm run")
            self.log_line()
            return 1
        if extra:
            command = " ".join([command] + [_quote(a) for a in extra])
        label = "@".join(x for x in (manifest.get("name"), manifest.get("version")) if x)
        if not self.silent:
            self.proc.out(f"\n> {label + ' ' if label else ''}{name}\n> {command}\n\n")
        status = self.shell(command)
        if status != 0:
            self.error(f"code {status}", f"path {self.project()}", "command failed", f"command sh -c {command}")
            self.log_line()
        return status

    def shell(self, command: str) -> int:
        root = self.project().rstrip("/")
        env = dict(self.proc.env)
        env["PATH"] = f"{root}/node_modules/.bin:" + env.get("PATH", "/usr/local/bin:/usr/bin:/bin")
        env.setdefault("npm_lifecycle_event", "")
        child = self.proc.child(["sh", "-c", command], env=env)
        try:
            return execute(child)
        except ExecError as e:
            self.proc.err(f"sh: {e.strerror}\n")
            return 127

    def init(self, args: list[str]) -> int:
        root = self.project().rstrip("/") or "/"
        name = posixpath.basename(root) or "root"
        manifest = {"name": name, "version": "1.0.0", "main": "index.js",
                    "scripts": {"test": 'echo "Error: no test specified" && exit 1'}, "keywords": [],
                    "author": "", "license": "ISC", "description": ""}
        text = json.dumps(manifest, indent=2) + "\n"
        self.write_manifest(manifest)
        self.proc.out(f"Wrote to {root.rstrip('/')}/package.json:\n\n{text}\n\n")
        return 0

    def ls(self, args: list[str]) -> int:
        root = self.project().rstrip("/") or "/"
        manifest = self.read_manifest(required=False)
        tree = npmtree.read_lock(self.target.read(f"{root}/node_modules/.package-lock.json").decode())
        label = "@".join(x for x in (manifest.get("name"), manifest.get("version")) if x)
        self.proc.out(f"{label + ' ' if label else ''}{root}\n")
        direct = list((manifest.get("dependencies") or {}).items()) + list(
            (manifest.get("devDependencies") or {}).items())
        for i, (name, _) in enumerate(sorted(direct)):
            node = tree.get(f"node_modules/{name}")
            branch = "└──" if i == len(direct) - 1 else "├──"
            self.proc.out(f"{branch} {name}@{node.pkg.version}\n" if node else f"{branch} UNMET DEPENDENCY {name}\n")
        if not direct:
            self.proc.out("└── (empty)\n")
        return 0


def _split_spec(spec: str) -> tuple[str, str]:
    if spec.startswith("@"):
        name, _, version = spec[1:].partition("@")
        return "@" + name, version
    name, _, version = spec.partition("@")
    return name, version


def _sorted_dependencies(manifest: dict) -> dict:
    for key in ("dependencies", "devDependencies"):
        if key in manifest:
            manifest[key] = dict(sorted(manifest[key].items()))
    return manifest


def _quote(arg: str) -> str:
    return arg if arg and all(c.isalnum() or c in "-_./=:@" for c in arg) else "'" + arg.replace("'", "'\\''") + "'"


def main(proc: Process) -> int:
    npm = Npm(proc)
    args = proc.argv[1:]
    if any(a in ("--silent", "-s") for a in args) or "--loglevel=silent" in args:
        npm.silent = True
        args = [a for a in args if a not in ("--silent", "-s", "--loglevel=silent")]
    if not args:
        proc.out(f"npm <command>\n\nUsage:\n\nnpm install        install all the dependencies in your project\n"
                 f"npm install <foo>  add the <foo> dependency to your project\nnpm test           run this "
                 f"project's tests\nnpm run <foo>      run the script named <foo>\n\nnpm@{npm.version} "
                 f"{GLOBAL_ROOT}/node_modules/npm\n")
        return 1
    if args[0] in ("-v", "--version"):
        proc.out(f"{npm.version}\n")
        return 0
    command, rest = args[0], args[1:]
    try:
        if command in ("install", "i", "add", "in", "isntall"):
            return npm.install(rest)
        if command in ("ci", "clean-install", "install-clean"):
            return npm.install(rest, clean=True)
        if command in ("uninstall", "un", "remove", "rm", "r"):
            return npm.uninstall(rest)
        if command in ("start", "test", "t", "stop", "restart"):
            return npm.run_script({"t": "test"}.get(command, command), _after_dashes(rest))
        if command in ("run", "run-script", "rum", "urn"):
            if not rest:
                manifest = npm.read_manifest(required=True)
                scripts = manifest.get("scripts") or {}
                label = "@".join(x for x in (manifest.get("name"), manifest.get("version")) if x)
                proc.out(f"Scripts available in {label} via `npm run-script`:\n" + "".join(
                    f"  {k}\n    {v}\n" for k, v in scripts.items()))
                return 0
            return npm.run_script(rest[0], _after_dashes(rest[1:]))
        if command in ("init", "create"):
            return npm.init(rest)
        if command in ("ls", "list", "la", "ll"):
            return npm.ls(rest)
        if command == "cache":
            return 0 if rest[:1] in (["clean"], ["verify"], ["ls"]) else 1
        if command == "config":
            return 0
        if command in ("audit", "fund"):
            proc.out("found 0 vulnerabilities\n" if command == "audit" else "")
            return 0
    except NpmError as e:
        return e.status
    npm.error(f'Unknown command: "{command}"', "", 'To see a list of supported npm commands, run:', "  npm help")
    npm.log_line()
    return 1


def _after_dashes(args: list[str]) -> list[str]:
    return args[args.index("--") + 1:] if "--" in args else [a for a in args if not a.startswith("-")]


def npx(proc: Process) -> int:
    """npx <command> [args]: the project's command, or a registry package's, fetched into npm's cache."""
    npm = Npm(proc)
    args = [a for a in proc.argv[1:] if a not in ("-y", "--yes", "--no-install", "-q", "--quiet")]
    if not args:
        npm.error("code EUSAGE", "", "Run a command from a local or remote npm package", "", "Usage:",
                  "npm exec -- <pkg>[@<version>] [args...]")
        return 1
    if args[0] in ("-v", "--version"):
        proc.out(f"{npm.version}\n")
        return 0
    spec, rest = args[0], args[1:]
    name, version = _split_spec(spec)
    local = f"{npm.project().rstrip('/')}/node_modules/.bin/{name}"
    if proc.fs.exists(local):
        return _run_bin(npm, local, rest)
    try:
        pkg = npmtree.choose(name, version)
    except npmtree.NotFound as e:
        return npm.fail_404(e.name, e.spec).status
    except npmtree.NoTarget as e:
        return npm.fail_target(e.name, e.spec).status
    digest = hashlib.sha512(f"{name}@{pkg.version}".encode()).hexdigest()[:16]
    cache = f"{proc.env.get('HOME') or '/root'}/.npm/_npx/{digest}"
    if not proc.fs.exists(f"{cache}/node_modules/{name}/package.json"):
        proc.err(f"npm warn exec The following package was not found and will be installed: {name}@{pkg.version}\n")
        npmtree.write(npm.target, cache, npmtree.resolve({name: pkg.version}))
    command = next((rel for cmd, rel in pkg.programs if cmd == name), pkg.programs[0][1] if pkg.programs else "")
    if not command:
        npm.error("could not determine executable to run")
        return 1
    return _run_bin(npm, f"{cache}/node_modules/{name}/{command}", rest)


def _run_bin(npm: Npm, path: str, args: list[str]) -> int:
    child = npm.proc.child([path] + args)
    try:
        return execute(child)
    except ExecError as e:
        npm.proc.err(f"sh: 1: {posixpath.basename(path)}: {e.strerror}\n")
        return 127

