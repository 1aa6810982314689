"""Python distributions on disk: what `pip install` leaves in site-packages.

Shared by the catalog (pip itself in the `python` images) and by `pip` in a container. A
distribution is its import package (`flask/__init__.py` plus its modules as declared-size
bulk), a `<name>-<version>.dist-info` directory (METADATA, INSTALLER, RECORD, WHEEL,
top_level.txt, entry_points.txt) that `pip list`, `pip show` and `pip freeze` read back, and a
script in the interpreter's bin directory for each console entry point.
"""
from __future__ import annotations

import re

from ....catalog.packages import Package, canonical

# Import names that differ from the distribution's name.
IMPORT_NAMES = {"beautifulsoup4": "bs4", "pyyaml": "yaml", "pillow": "PIL", "python-dateutil": "dateutil",
                "scikit-learn": "sklearn", "python-dotenv": "dotenv", "psycopg2-binary": "psycopg2",
                "typing-extensions": "typing_extensions", "charset-normalizer": "charset_normalizer",
                "pydantic-core": "pydantic_core", "annotated-types": "annotated_types", "attrs": "attr"}
SINGLE_MODULES = frozenset({"six", "typing-extensions"})  # distributions that are one .py file


def dist_info_name(pkg: Package) -> str:
    """The dist-info directory's name: the project name with `-` as `_`, then the version."""
    return f"{re.sub(r'[-.]+', '_', pkg.name).lower()}-{pkg.version}.dist-info"


def import_name(pkg: Package) -> str:
    key = canonical(pkg.name)
    return IMPORT_NAMES.get(key, key.replace("-", "_"))


def wheel_name(pkg: Package, python_tag: str) -> str:
    """The wheel file pip downloads: normalized name, version, and its compatibility tags."""
    tags = (f"{python_tag}-{python_tag}-manylinux_2_17_x86_64.manylinux2014_x86_64" if pkg.native
            else "py3-none-any")
    return f"{re.sub(r'[-.]+', '_', pkg.name).lower()}-{pkg.version}-{tags}.whl"


def metadata(pkg: Package) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {pkg.name}", f"Version: {pkg.version}"]
    if pkg.summary:
        lines.append(f"Summary: {pkg.summary}")
    lines.append("Requires-Python: >=3.8")
    lines += [f"Requires-Dist: {dep}" for dep in pkg.depends]
    return "\n".join(lines) + "\n\n"


def script(interpreter: str, module: str) -> str:
    """A console script as pip writes it."""
    return (f"#!{interpreter}\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom {module} import main\n"
            "if __name__ == '__main__':\n"
            "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
            "    sys.exit(main())\n")


def install(target, pkg: Package, site: str, bindir: str, interpreter: str, installer: str = "pip") -> list[str]:
    """Write `pkg` into site-packages `site` (and its scripts into `bindir`); the paths written."""
    written: list[str] = []
    name = import_name(pkg)
    if canonical(pkg.name) in SINGLE_MODULES:
        target.bulk(f"{site}/{name}.py", pkg.size)
        written.append(f"{site}/{name}.py")
    else:
        init = f"{site}/{name}/__init__.py"
        target.file(init, f'__version__ = "{pkg.version}"\n')
        body = f"{site}/{name}/_native.cpython-312-x86_64-linux-gnu.so" if pkg.native else f"{site}/{name}/core.py"
        target.bulk(body, max(pkg.size - 64, 1))
        written += [init, body]
    info = f"{site}/{dist_info_name(pkg)}"
    purelib = "false" if pkg.native else "true"
    files = {"METADATA": metadata(pkg), "INSTALLER": f"{installer}\n",
             "WHEEL": f"Wheel-Version: 1.0\nGenerator: setuptools\nRoot-Is-Purelib: {purelib}\n",
             "top_level.txt": name + "\n"}
    if pkg.programs:
        files["entry_points.txt"] = "[console_scripts]\n" + "".join(f"{s} = {m}:main\n" for s, m in pkg.programs)
    for script_name, module in pkg.programs:
        path = f"{bindir}/{script_name}"
        target.file(path, script(interpreter, module), 0o755)
        written.append(path)
    record = [f"{p[len(site) + 1:] if p.startswith(site) else p},," for p in written]
    record += [f"{dist_info_name(pkg)}/{f},," for f in [*files, "RECORD"]]
    files["RECORD"] = "\n".join(record) + "\n"
    for filename, content in files.items():
        target.file(f"{info}/{filename}", content)
        written.append(f"{info}/{filename}")
    return written
