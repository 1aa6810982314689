"""apk in the Alpine images: add (with and without its index cache), del, update, info."""
from __future__ import annotations

from catalog_harness import added_bytes, container, image_tree, sh

FETCH = ("fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz\n"
         "fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/community/x86_64/APKINDEX.tar.gz\n")
CURL = ("(1/10) Installing ca-certificates (20240705-r0)\n(2/10) Installing brotli-libs (1.1.0-r2)\n"
        "(3/10) Installing c-ares (1.33.1-r0)\n(4/10) Installing libunistring (1.2-r0)\n"
        "(5/10) Installing libidn2 (2.3.7-r0)\n(6/10) Installing libpsl (0.21.5-r1)\n"
        "(7/10) Installing nghttp2-libs (1.62.1-r0)\n(8/10) Installing zstd-libs (1.5.6-r0)\n"
        "(9/10) Installing libcurl (8.10.1-r0)\n(10/10) Installing curl (8.10.1-r0)\n"
        "Executing busybox-1.36.1-r29.trigger\nExecuting ca-certificates-20240705-r0.trigger\n")


def test_add_curl_fetches_the_index_then_installs():
    fs = container("alpine")
    result = sh(fs, "apk add curl", "alpine")
    assert (result.out, result.status) == (FETCH + CURL + "OK: 13 MiB in 26 packages\n", 0)
    assert fs.is_file("/usr/bin/curl") and "curl\n" in fs.read_bytes("/etc/apk/world").decode()


def test_the_index_is_kept_unless_no_cache():
    cached, uncached = container("alpine"), container("alpine")
    sh(cached, "apk add curl", "alpine")
    sh(uncached, "apk add --no-cache curl", "alpine")
    base = image_tree("alpine")[0]
    assert added_bytes(base, cached.tree) - added_bytes(base, uncached.tree) > 2_500_000
    assert uncached.listdir("/var/cache/apk") == []
    again = sh(cached, "apk add jq", "alpine")
    assert not again.out.startswith("fetch")  # the kept index is used


def test_unknown_packages():
    result = sh(container("alpine"), "apk add --no-cache nosuch", "alpine")
    assert (result.out, result.err, result.status) == (
        FETCH, "ERROR: unable to select packages:\n  nosuch (no such package):\n    required by: world[nosuch]\n", 1)


def test_virtual_packages_come_and_go_with_their_dependencies():
    fs = container("alpine")
    sh(fs, "apk add --no-cache --virtual .build-deps make", "alpine")
    result = sh(fs, "apk del .build-deps", "alpine")
    assert result.out.splitlines()[1] == "(2/2) Purging make (4.4.1-r2)"
    assert result.out.endswith("OK: 7 MiB in 16 packages\n") and not fs.exists("/usr/bin/make")


def test_update_and_info():
    fs = container("alpine")
    update = sh(fs, "apk update", "alpine")
    assert update.out == (FETCH + "v3.20.3-168-g6b46a9f0a02 [https://dl-cdn.alpinelinux.org/alpine/v3.20/main]\n"
                          "v3.20.3-167-g8b2e1f5cf16 [https://dl-cdn.alpinelinux.org/alpine/v3.20/community]\n"
                          "OK: 24170 distinct packages available\n")
    assert sh(fs, "apk info", "alpine").out.split() == [
        "alpine-baselayout", "alpine-baselayout-data", "alpine-keys", "alpine-release", "apk-tools", "busybox",
        "busybox-binsh", "ca-certificates-bundle", "libcrypto3", "libssl3", "musl", "musl-utils", "libc-utils",
        "scanelf", "ssl_client", "zlib"]


def test_not_root():
    result = sh(container("alpine"), "apk add curl", "alpine", uid=1000)
    assert (result.err, result.status) == ("ERROR: Unable to lock database: Permission denied\n"
                                           "ERROR: Failed to open apk database: Permission denied\n", 99)
