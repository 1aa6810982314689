"""pip in the python images (and Debian's python3-pip): install, requirements files, list, show, freeze."""
from __future__ import annotations

import pytest

from catalog_harness import added_bytes, container, image_tree, sh

IMAGE = "python:3.12-slim"
ROOT_WARNING = ("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour "
                "with the system package manager, possibly rendering your system unusable. It is recommended to use "
                "a virtual environment instead: https://pip.pypa.io/warnings/venv. Use the --root-user-action option "
                "if you know what you are doing and want to suppress this warning.\n")
NOTICE = "\n[notice] A new release of pip is available: 24.2 -> 24.3.1\n[notice] To update, run: pip install --upgrade pip\n"


def pip(script: str, fs=None, **kw):
    return sh(fs or container(IMAGE), script, IMAGE, **kw)


def test_install_flask():
    result = pip("pip install flask")
    assert result.out.splitlines() == [
        "Collecting flask",
        "  Downloading flask-3.0.3-py3-none-any.whl.metadata (3.6 kB)",
        "Collecting Werkzeug>=3.0.0 (from flask)",
        "  Downloading werkzeug-3.0.4-py3-none-any.whl.metadata (2.3 kB)",
        "Collecting Jinja2>=3.1.2 (from flask)",
        "  Downloading jinja2-3.1.4-py3-none-any.whl.metadata (2.2 kB)",
        "Collecting itsdangerous>=2.1.2 (from flask)",
        "  Downloading itsdangerous-2.2.0-py3-none-any.whl.metadata (2.1 kB)",
        "Collecting click>=8.1.3 (from flask)",
        "  Downloading click-8.1.7-py3-none-any.whl.metadata (1.9 kB)",
        "Collecting blinker>=1.6.2 (from flask)",
        "  Downloading blinker-1.8.2-py3-none-any.whl.metadata (2.1 kB)",
        "Collecting MarkupSafe>=2.1.1 (from Werkzeug>=3.0.0->flask)",
        "  Downloading markupsafe-2.1.5-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl.metadata (2.0 kB)",
        "Downloading flask-3.0.3-py3-none-any.whl (101 kB)",
        "Downloading werkzeug-3.0.4-py3-none-any.whl (227 kB)",
        "Downloading jinja2-3.1.4-py3-none-any.whl (133 kB)",
        "Downloading itsdangerous-2.2.0-py3-none-any.whl (16 kB)",
        "Downloading click-8.1.7-py3-none-any.whl (98 kB)",
        "Downloading blinker-1.8.2-py3-none-any.whl (9.5 kB)",
        "Downloading markupsafe-2.1.5-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl (28 kB)",
        "Installing collected packages: MarkupSafe, itsdangerous, click, blinker, Werkzeug, Jinja2, flask",
        "Successfully installed Jinja2-3.1.4 MarkupSafe-2.1.5 Werkzeug-3.0.4 blinker-1.8.2 click-8.1.7 flask-3.0.3 "
        "itsdangerous-2.2.0"]
    assert result.err == ROOT_WARNING + NOTICE


def test_big_downloads_show_a_progress_bar():
    out = pip("pip install --no-cache-dir numpy").out
    assert ("Downloading numpy-2.1.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl (16 MB)\n"
            "   ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 16.3/16.3 MB 10.8 MB/s eta 0:00:00\n") in out


def test_no_cache_dir_keeps_the_layer_lighter():
    cached, uncached = container(IMAGE), container(IMAGE)
    pip("pip install pandas", cached)
    pip("pip install --no-cache-dir pandas", uncached)
    base = image_tree(IMAGE)[0]
    assert 135_000_000 < added_bytes(base, uncached.tree) < 150_000_000
    assert added_bytes(base, cached.tree) - added_bytes(base, uncached.tree) > 30_000_000


def test_requirements_file_and_already_satisfied():
    fs = container(IMAGE)
    fs.mkdir("/app")
    fs.write_bytes("/app/requirements.txt", b"# web\nflask==3.0.3\n\nrequests>=2.0  # http\n")
    result = pip("pip install -r requirements.txt", fs, cwd="/app")
    assert result.out.splitlines()[0] == "Collecting flask==3.0.3 (from -r requirements.txt (line 2))"
    assert "Collecting Werkzeug>=3.0.0 (from flask==3.0.3->-r requirements.txt (line 2))" in result.out
    assert "Successfully installed" in result.out and "requests-2.32.3" in result.out
    again = pip("pip install flask", fs)
    assert again.out.startswith("Requirement already satisfied: flask in /usr/local/lib/python3.12/site-packages "
                                "(3.0.3)\n")


@pytest.mark.parametrize("script,err", [
    ("pip install nosuch", "ERROR: Could not find a version that satisfies the requirement nosuch (from versions: "
                           "none)\nERROR: No matching distribution found for nosuch\n"),
    ("pip install flask==9.9", "ERROR: Could not find a version that satisfies the requirement flask==9.9 (from "
                               "versions: 3.0.3)\nERROR: No matching distribution found for flask==9.9\n"),
    ("pip install -r nope.txt", "ERROR: Could not open requirements file: [Errno 2] No such file or directory: "
                                "'nope.txt'\n"),
])
def test_errors(script, err):
    result = pip(script)
    assert (result.out, result.err, result.status) == ("", err, 1)


def test_list_freeze_show_uninstall():
    fs = container(IMAGE)
    pip("pip install --no-cache-dir flask", fs)
    assert pip("pip list", fs).out.splitlines()[:3] == ["Package      Version", "------------ -------",
                                                         "blinker      1.8.2"]
    assert "Flask==3.0.3\n" in pip("pip freeze", fs).out and "pip==" not in pip("pip freeze", fs).out
    show = pip("pip show flask", fs).out
    assert "Name: Flask\nVersion: 3.0.3\n" in show and "Requires: blinker, click, itsdangerous, Jinja2, Werkzeug\n" \
        in show
    assert pip("pip show werkzeug", fs).out.endswith("Required-by: Flask\n")
    removed = pip("pip uninstall -y flask", fs)
    assert removed.out == ("Found existing installation: Flask 3.0.3\nUninstalling Flask-3.0.3:\n"
                           "  Successfully uninstalled Flask-3.0.3\n")
    assert not fs.exists("/usr/local/lib/python3.12/site-packages/flask")
    assert pip("pip show flask", fs).err == "WARNING: Package(s) not found: flask\n"


def test_version_and_the_upgrade_of_pip_itself():
    fs = container(IMAGE)
    assert pip("pip --version", fs).out == "pip 24.2 from /usr/local/lib/python3.12/site-packages/pip (python 3.12)\n"
    upgrade = pip("pip install --upgrade pip", fs)
    assert "    Found existing installation: pip 24.2\n" in upgrade.out
    assert upgrade.out.endswith("Successfully installed pip-24.3.1\n")


def test_debians_python_is_externally_managed():
    fs = container("debian")
    sh(fs, "apt-get update && apt-get install -y --no-install-recommends python3-pip")
    result = sh(fs, "pip3 install flask")
    assert result.status == 1 and result.err.startswith("error: externally-managed-environment\n")
    forced = sh(fs, "pip3 install --break-system-packages --no-cache-dir flask")
    assert forced.status == 0 and fs.exists("/usr/local/lib/python3.11/dist-packages/flask/__init__.py")
