"""The package list in setup.cfg matches the tree, so a non-editable install has every module."""
import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_folder_is_listed_in_setup_cfg():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    listed = set(cfg["options"]["packages"].split())
    found = {"dockyard." + ".".join(p.parent.relative_to(ROOT).parts)
             for top in ("engine", "kernel", "extension") for p in (ROOT / top).rglob("__init__.py")}
    assert found == listed
