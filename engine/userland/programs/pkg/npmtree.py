"""A node_modules tree: which package versions a project needs, where npm puts them, and on disk.

Resolution follows npm's hoisted layout: every package goes as high as it can, into the
project's top node_modules, unless a different version of it is already there; then it nests
under the package that needs it (`node_modules/send/node_modules/ms`). The tree is written as
npm leaves it: each package's package.json, its code as declared-size bulk, bin links in
node_modules/.bin, and the lockfiles (package-lock.json, node_modules/.package-lock.json) that
`npm ci` and the next install read back.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from ....catalog.packages import Package, npm as registry
from . import semver

REGISTRY = "https://registry.npmjs.org"
# Packages whose package.json has a "funding" field (npm counts them after an install).
FUNDED = frozenset("""express qs side-channel call-bind get-intrinsic object-inspect function-bind has-proto
    has-symbols gopd has-property-descriptors es-define-property define-data-property set-function-length hasown
    nodemon chokidar binary-extensions follow-redirects""".split())


class NotFound(Exception):
    """The registry has no package of this name (npm's E404)."""

    def __init__(self, name: str, spec: str):
        super().__init__(name)
        self.name, self.spec = name, spec


class NoTarget(Exception):
    """The package exists but no version is in the range (npm's ETARGET)."""

    def __init__(self, name: str, spec: str):
        super().__init__(name)
        self.name, self.spec = name, spec


@dataclass
class Node:
    pkg: Package
    path: str  # node_modules/express, node_modules/send/node_modules/ms
    dev: bool = False


def choose(name: str, spec: str) -> Package:
    versions = registry().get(name)
    if not versions:
        raise NotFound(name, spec)
    if spec.startswith(("file:", "git", "http")):
        raise NoTarget(name, spec)
    version = semver.best([p.version for p in versions], spec or "*")
    if version is None:
        raise NoTarget(name, spec)
    return next(p for p in versions if p.version == version)


def resolve(dependencies: dict[str, str], dev_dependencies: dict[str, str] | None = None,
            top: str = "node_modules") -> dict[str, Node]:
    """The placed tree for a project's dependencies: {path: node}, in the order npm lays it out."""
    tree: dict[str, Node] = {}
    queue: list[Node] = []
    for deps, dev in ((dependencies, False), (dev_dependencies or {}, True)):
        for name, spec in deps.items():
            path = f"{top}/{name}"
            if path not in tree:
                tree[path] = Node(choose(name, spec), path, dev)
                queue.append(tree[path])
    while queue:
        node = queue.pop(0)
        for dep in node.pkg.depends:
            name, _, version = dep.rpartition("@")
            pkg = choose(name, version)
            placed = _place(tree, top, node.path, name, version)
            if placed is not None and placed not in tree:
                tree[placed] = Node(pkg, placed, node.dev)
                queue.append(tree[placed])
    return tree


def _place(tree: dict[str, Node], top: str, parent: str, name: str, version: str) -> str | None:
    """Where `name@version`, needed by `parent`, goes; None when the copy `parent` would load serves it.

    Node loads a package from the nearest node_modules up the tree. If that copy has another
    version, this one goes in the shallowest free node_modules below it; if no copy is visible,
    it is hoisted to the top.
    """
    slots = _visible(top, parent, name)
    for i, slot in enumerate(slots):
        if slot in tree:
            return None if tree[slot].pkg.version == version else slots[i - 1] if i else slot
    return slots[-1]


def _visible(top: str, parent: str, name: str) -> list[str]:
    """The slots `parent` would load `name` from, nearest first."""
    slots, path = [], parent
    while path.startswith(top + "/"):
        slots.append(f"{path}/node_modules/{name}")
        head, sep, _ = path.rpartition("/node_modules/")
        path = head if sep else ""
    return slots + [f"{top}/{name}"]


def package_json(pkg: Package) -> str:
    data = {"name": pkg.name, "version": pkg.version, "description": pkg.summary, "main": "index.js",
            "license": "MIT"}
    deps = {}
    for dep in pkg.depends:
        name, _, version = dep.rpartition("@")
        deps[name] = f"^{version}" if not version.startswith("0.") else f"~{version}"
    if deps:
        data["dependencies"] = deps
    if pkg.programs:
        data["bin"] = {name: path for name, path in pkg.programs}
    return json.dumps(data, indent=2) + "\n"


def write(target, root: str, tree: dict[str, Node], top: str = "node_modules") -> None:
    """Put every package of `tree` under the project directory `root`."""
    for path, node in tree.items():
        base = f"{root}/{path}"
        manifest = package_json(node.pkg)
        target.file(f"{base}/package.json", manifest)
        target.bulk(f"{base}/index.js", max(node.pkg.size - len(manifest), 1))
        for name, rel in node.pkg.programs:
            target.file(f"{base}/{rel}", f"#!/usr/bin/env node\n// {node.pkg.name} {node.pkg.version}: "
                                         f"the `{name}` command\n", 0o755)
            if path.count("node_modules/") == 1:
                target.link(f"{root}/{top}/.bin/{name}", f"../{node.pkg.name}/{rel}")


def lockfile(name: str, version: str, manifest: dict, tree: dict[str, Node], hidden: bool = False) -> str:
    """package-lock.json (lockfileVersion 3), or the hidden node_modules/.package-lock.json."""
    packages: dict[str, dict] = {}
    if not hidden:
        root = {k: v for k, v in (("name", name), ("version", version)) if v}
        for key in ("license", "dependencies", "devDependencies"):
            if manifest.get(key):
                root[key] = manifest[key]
        packages[""] = root
    for path in sorted(tree):
        node = tree[path]
        entry: dict = {"version": node.pkg.version,
                       "resolved": f"{REGISTRY}/{node.pkg.name}/-/{node.pkg.name.split('/')[-1]}-"
                                   f"{node.pkg.version}.tgz"}
        if node.dev:
            entry["dev"] = True
        entry["license"] = "MIT"
        deps = json.loads(package_json(node.pkg)).get("dependencies")
        if deps:
            entry["dependencies"] = deps
        if node.pkg.programs:
            entry["bin"] = {n: p for n, p in node.pkg.programs}
        if node.pkg.name in FUNDED:
            entry["funding"] = {"url": f"https://opencollective.com/{node.pkg.name}"}
        packages[path] = entry
    data: dict = {k: v for k, v in (("name", name), ("version", version)) if v}
    data.update({"lockfileVersion": 3, "requires": True, "packages": packages})
    return json.dumps(data, indent=2) + "\n"


def read_lock(text: str) -> dict[str, Node]:
    """The tree a lockfile records (packages the bundled registry has; others are skipped)."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    out: dict[str, Node] = {}
    for path, entry in (data.get("packages") or {}).items():
        if not path:
            continue
        name = path.rsplit("node_modules/", 1)[-1]
        versions = registry().get(name, [])
        pkg = next((p for p in versions if p.version == entry.get("version")), None)
        if pkg is not None:
            out[path] = Node(pkg, path, bool(entry.get("dev")))
    return out
