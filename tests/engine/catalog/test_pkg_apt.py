"""apt-get, apt and dpkg in the Debian and Ubuntu images, run as a Dockerfile's RUN runs them.

Outputs are what apt 2.6 and dpkg 1.21 print when stdout is not a terminal (Docker's build
logs): "Reading package lists..." without "Done", sizes without digit grouping (C locale).
"""
from __future__ import annotations

import pytest

from catalog_harness import added_bytes, container, image_tree, sh

READING = "Reading package lists...\nBuilding dependency tree...\nReading state information...\n"


def test_install_before_update_cannot_find_anything():
    result = sh(container("debian"), "apt-get install -y curl")
    assert (result.out, result.err, result.status) == (READING, "E: Unable to locate package curl\n", 100)


def test_update_fetches_the_indexes():
    result = sh(container("debian"), "apt-get update")
    assert result.status == 0
    assert result.out.splitlines() == [
        "Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]",
        "Get:2 http://deb.debian.org/debian bookworm-updates InRelease [55.4 kB]",
        "Get:3 http://deb.debian.org/debian-security bookworm-security InRelease [48.0 kB]",
        "Get:4 http://deb.debian.org/debian bookworm/main amd64 Packages [8789 kB]",
        "Get:5 http://deb.debian.org/debian bookworm-updates/main amd64 Packages [2468 B]",
        "Get:6 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages [226 kB]",
        "Fetched 9272 kB in 0s (9845 kB/s)",
        "Reading package lists..."]


def test_update_then_install_curl():
    fs = container("debian")
    result = sh(fs, "apt-get update >/dev/null && apt-get install -y curl")
    assert result.status == 0
    lines = result.out.splitlines()
    assert lines[:4] == READING.splitlines() + ["The following additional packages will be installed:"]
    assert "The following NEW packages will be installed:" in lines
    assert "0 upgraded, 22 newly installed, 0 to remove and 0 not upgraded." in lines
    assert "Need to get 6087 kB of archives." in lines
    assert "After this operation, 16.1 MB of additional disk space will be used." in lines
    assert "Get:22 http://deb.debian.org/debian bookworm/main amd64 curl amd64 7.88.1-10+deb12u7 [316 kB]" in lines
    assert "Selecting previously unselected package libbrotli1:amd64." in lines
    assert "(Reading database ... 5938 files and directories currently installed.)" in lines
    assert "Preparing to unpack .../21-curl_7.88.1-10+deb12u7_amd64.deb ..." in lines
    assert "Setting up curl (7.88.1-10+deb12u7) ..." in lines
    assert lines[-4:] == ["Updating certificates in /etc/ssl/certs...", "0 added, 0 removed; done.",
                          "Running hooks in /etc/ca-certificates/update.d...", "done."]
    assert result.err == "debconf: delaying package configuration, since apt-utils is not installed\n"
    assert fs.is_file("/usr/bin/curl") and "Package: curl\n" in fs.read_bytes("/var/lib/dpkg/status").decode()


def test_the_layer_weighs_what_the_packages_and_lists_weigh():
    fs = container("debian")
    base = image_tree("debian")[0]
    sh(fs, "apt-get update && apt-get install -y curl")
    with_lists = added_bytes(base, fs.tree)
    sh(fs, "rm -rf /var/lib/apt/lists/*")
    without_lists = added_bytes(base, fs.tree)
    assert 16_000_000 < without_lists < 18_000_000
    assert 14_000_000 < with_lists - without_lists < 15_000_000  # why Dockerfiles remove the lists


def test_without_yes_apt_asks_and_a_build_has_no_answer():
    result = sh(container("debian"), "apt-get update >/dev/null; apt-get install git")
    assert result.out.endswith("Do you want to continue? [Y/n] Abort.\n") and result.status == 1


def test_a_package_that_needs_nothing_else_installs_without_asking():
    result = sh(container("debian"), "apt-get update >/dev/null; apt-get install tree")
    assert result.status == 0 and "Setting up tree (2.1.0-1) ..." in result.out


@pytest.mark.parametrize("script,out,err,status", [
    ("apt-get install -y nosuch", READING, "E: Unable to locate package nosuch\n", 100),
    ("apt-get install -y curl=1.0", READING, "E: Version '1.0' for 'curl' was not found\n", 100),
    ("apt-get install -y bash", READING + "bash is already the newest version (5.2.15-2+b7).\n"
     "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n", "", 0),
    ("apt-get frobnicate", "", "E: Invalid operation frobnicate\n", 100),
    ("apt-get remove -y nosuch", READING, "E: Unable to locate package nosuch\n", 100),
])
def test_answers_and_errors(script, out, err, status):
    result = sh(container("debian"), "apt-get update >/dev/null; " + script)
    assert (result.out, result.err, result.status) == (out, err, status)


def test_apt_warns_that_its_interface_is_not_for_scripts():
    result = sh(container("ubuntu"), "apt install -y nosuch")
    assert result.err == ("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"
                          "E: Unable to locate package nosuch\n")


def test_not_root():
    result = sh(container("debian"), "apt-get install -y curl", uid=1000)
    assert (result.err, result.status) == (
        "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n"
        "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n", 100)


def test_ubuntu_uses_its_archive_and_versions():
    fs = container("ubuntu:22.04")
    result = sh(fs, "apt-get update && apt-get install -y --no-install-recommends curl", "ubuntu:22.04")
    assert "Get:1 http://archive.ubuntu.com/ubuntu jammy InRelease [256 kB]" in result.out
    assert "Setting up curl (7.81.0-1ubuntu1.18) ..." in result.out
    assert "Recommended packages:\n  ca-certificates krb5-locales libldap-common libsasl2-modules publicsuffix\n" \
        in result.out


def test_remove_and_autoremove():
    fs = container("debian")
    sh(fs, "apt-get update && apt-get install -y curl")
    removed = sh(fs, "apt-get remove -y curl")
    assert "The following packages were automatically installed and are no longer required:\n" in removed.out
    assert "Removing curl (7.88.1-10+deb12u7) ..." in removed.out and not fs.exists("/usr/bin/curl")
    auto = sh(fs, "apt-get autoremove -y")
    assert "Removing libcurl4:amd64 (7.88.1-10+deb12u7) ..." in auto.out


def test_dpkg_lists_and_answers():
    fs = container("debian")
    listing = sh(fs, "dpkg -l 'bas*'")
    assert listing.out.splitlines()[3:6] == [
        "||/ Name           Version      Architecture Description",
        "+++-==============-============-============-========================================",
        "ii  base-files     12.4+deb12u7 amd64        Debian base system miscellaneous files"]
    assert sh(fs, "dpkg --print-architecture").out == "amd64\n"
    assert sh(fs, "dpkg-query -W -f='${Version}' bash").out == "5.2.15-2+b7"
    missing = sh(fs, "dpkg -s curl")
    assert (missing.err.splitlines()[0], missing.status) == (
        "dpkg-query: package 'curl' is not installed and no information is available".replace("dpkg-query", "dpkg"),
        1)
