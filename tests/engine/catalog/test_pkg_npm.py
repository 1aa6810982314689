"""npm, npx and yarn in the node images: installs from package.json, the node_modules layout, scripts."""
from __future__ import annotations

import json

import pytest

from catalog_harness import added_bytes, container, image_tree, sh

IMAGE = "node:20-slim"
PACKAGE_JSON = {"name": "app", "version": "1.0.0", "scripts": {"start": "echo serving on 80", "fail": "exit 3"},
                "dependencies": {"express": "^4.18.2"}}


def project(manifest: dict | None = PACKAGE_JSON):
    fs = container(IMAGE)
    fs.mkdir("/app")
    if manifest is not None:
        fs.write_bytes("/app/package.json", json.dumps(manifest).encode())
    return fs


def npm(fs, script: str, **kw):
    return sh(fs, script, IMAGE, cwd="/app", **kw)


def test_npm_install_reads_package_json():
    fs = project()
    result = npm(fs, "npm install")
    assert result.out == ("\nadded 65 packages, and audited 66 packages in 653ms\n\n15 packages are looking for funding\n"
                          "  run `npm fund` for details\n\nfound 0 vulnerabilities\n")
    assert result.err.startswith("npm notice\nnpm notice New minor version of npm available! 10.8.2 -> 10.9.0\n")
    assert fs.is_file("/app/node_modules/express/package.json")
    assert fs.is_file("/app/node_modules/send/node_modules/ms/package.json")  # ms@2.1.3 under send, 2.0.0 on top
    assert json.loads(fs.read_bytes("/app/node_modules/ms/package.json"))["version"] == "2.0.0"
    lock = json.loads(fs.read_bytes("/app/package-lock.json"))
    assert lock["lockfileVersion"] == 3 and lock["packages"]["node_modules/express"]["version"] == "4.21.1"


def test_a_second_install_is_up_to_date_and_the_notice_shows_once():
    fs = project()
    npm(fs, "npm install")
    again = npm(fs, "npm install --no-fund")
    assert (again.out, again.err) == ("\nup to date, audited 66 packages in 653ms\n\nfound 0 vulnerabilities\n", "")


def test_install_named_packages_saves_them():
    fs = project({"name": "app", "version": "1.0.0"})
    result = npm(fs, "npm install --no-audit --no-fund lodash && npm install -D nodemon --no-audit --no-fund")
    assert result.out == "\nadded 1 package in 625ms\n\nadded 29 packages in 647ms\n"
    manifest = json.loads(fs.read_bytes("/app/package.json"))
    assert (manifest["dependencies"], manifest["devDependencies"]) == ({"lodash": "^4.17.21"}, {"nodemon": "^3.1.7"})
    assert fs.readlink("/app/node_modules/.bin/nodemon") == "../nodemon/bin/nodemon.js"


def test_node_modules_weigh_what_they_would():
    fs = project()
    npm(fs, "npm install")
    weight = added_bytes(image_tree(IMAGE)[0], fs.tree)
    assert 2_000_000 < weight < 4_500_000


@pytest.mark.parametrize("script,err", [
    ("npm install nosuch", "npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/nosuch - "
                           "Not found\nnpm error 404\nnpm error 404  'nosuch@*' is not in this registry.\nnpm error 404\n"
                           "npm error 404 Note that you can also install from a\nnpm error 404 tarball, folder, http url, "
                           "or git url.\n"),
    ("npm install express@9", "npm error code ETARGET\nnpm error notarget No matching version found for express@9.\n"
                              "npm error notarget In most cases you or one of your dependencies are requesting\n"
                              "npm error notarget a package version that doesn't exist.\n"),
])
def test_registry_errors(script, err):
    result = npm(project(), script)
    assert result.status == 1 and result.err.startswith(err)
    assert "npm error A complete log of this run can be found in: /root/.npm/_logs/" in result.err


def test_scripts_run_through_the_shell():
    fs = project()
    assert npm(fs, "npm start").out == "\n> app@1.0.0 start\n> echo serving on 80\n\nserving on 80\n"
    failed = npm(fs, "npm run fail")
    assert failed.status == 3 and failed.err.startswith("npm error code 3\nnpm error path /app\n"
                                                        "npm error command failed\nnpm error command sh -c exit 3\n")
    missing = npm(fs, "npm run nope")
    assert missing.status == 1 and missing.err.startswith('npm error Missing script: "nope"\n')


def test_ci_needs_a_lockfile_and_installs_it():
    fs = project()
    assert npm(fs, "npm ci").err.startswith("npm error code EUSAGE\n")
    npm(fs, "npm install")
    npm(fs, "rm -rf node_modules")
    assert "added 65 packages" in npm(fs, "npm ci").out


def test_init_and_version():
    fs = project(None)
    result = npm(fs, "npm init -y")
    assert result.out.startswith('Wrote to /app/package.json:\n\n{\n  "name": "app",\n  "version": "1.0.0",')
    assert npm(fs, "npm --version").out == "10.8.2\n"


def test_global_install_links_the_command():
    fs = project()
    result = npm(fs, "npm install -g nodemon")
    assert result.out == "\nadded 29 packages in 600ms\n"
    assert fs.readlink("/usr/local/bin/nodemon") == "../lib/node_modules/nodemon/bin/nodemon.js"


def test_yarn_add_and_run():
    fs = project({"name": "app", "version": "1.0.0", "scripts": {"start": "echo hi"}})
    added = npm(fs, "yarn add lodash")
    assert added.out.splitlines()[:9] == [
        "yarn add v1.22.22", "info No lockfile found.", "[1/4] Resolving packages...", "[2/4] Fetching packages...",
        "[3/4] Linking dependencies...", "[4/4] Building fresh packages...", "success Saved lockfile.",
        "success Saved 1 new dependency.", "info Direct dependencies"]
    assert fs.read_bytes("/app/yarn.lock").startswith(b"# THIS IS AN AUTOGENERATED FILE.")
    assert npm(fs, "yarn start").out == "yarn run v1.22.22\n$ echo hi\nhi\nDone in 0.21s.\n"
