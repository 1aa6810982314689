"""The GNU userland of the Debian and Ubuntu images: busybox's work, GNU's words.

Each row was observed side by side with busybox 1.35 and GNU coreutils 9.1 (C locale): the same
failure, as the two word it, with GNU's exit status.
"""
from __future__ import annotations

import pytest

from catalog_harness import container, sh
from dockyard.engine.userland.exec import execute
from dockyard.engine.userland.process import BufferOutput, Process
from dockyard.engine.userland.programs.gnu.lsformat import realign
from dockyard.engine.userland.programs.gnu.messages import Translating


# busybox's line, GNU's line
MESSAGES = [
    ("cat", "cat: can't open '/n.txt': No such file or directory", "cat: /n.txt: No such file or directory"),
    ("ls", "ls: /nope: No such file or directory", "ls: cannot access '/nope': No such file or directory"),
    ("rm", "rm: can't remove '/nope': No such file or directory", "rm: cannot remove '/nope': No such file or directory"),
    ("rm", "rm: 'd' is a directory", "rm: cannot remove 'd': Is a directory"),
    ("mkdir", "mkdir: can't create directory 'd': File exists", "mkdir: cannot create directory 'd': File exists"),
    ("cp", "cp: can't stat '/nope': No such file or directory", "cp: cannot stat '/nope': No such file or directory"),
    ("mv", "mv: can't rename '/nope': No such file or directory", "mv: cannot stat '/nope': No such file or directory"),
    ("head", "head: /nope: No such file or directory", "head: cannot open '/nope' for reading: No such file or directory"),
    ("tail", "tail: can't open '/nope': No such file or directory",
     "tail: cannot open '/nope' for reading: No such file or directory"),
    ("touch", "touch: /a/b: No such file or directory", "touch: cannot touch '/a/b': No such file or directory"),
    ("chmod", "chmod: /nope: No such file or directory", "chmod: cannot access '/nope': No such file or directory"),
    ("sort", "sort: /nope: No such file or directory", "sort: cannot read: /nope: No such file or directory"),
    ("rmdir", "rmdir: '/nope': No such file or directory", "rmdir: failed to remove '/nope': No such file or directory"),
    ("stat", "stat: can't stat '/nope': No such file or directory", "stat: cannot statx '/nope': No such file or directory"),
    ("du", "du: /nope: No such file or directory", "du: cannot access '/nope': No such file or directory"),
    ("find", "find: /nope: No such file or directory", "find: '/nope': No such file or directory"),
    ("uniq", "uniq: can't open '/nope': No such file or directory", "uniq: /nope: No such file or directory"),
    ("md5sum", "md5sum: can't open '/nope': No such file or directory", "md5sum: /nope: No such file or directory"),
    ("tac", "tac: /nope: No such file or directory", "tac: failed to open '/nope' for reading: No such file or directory"),
    ("sed", "sed: /nope: No such file or directory", "sed: can't read /nope: No such file or directory"),
    ("env", "env: can't execute 'nosuch': No such file or directory", "env: 'nosuch': No such file or directory"),
    ("id", "id: unknown user nobodyx", "id: 'nobodyx': no such user"),
    ("chown", "chown: unknown user x", "chown: invalid user: 'x'"),
    ("head", "head: invalid number 'x'", "head: invalid number of lines: 'x'"),
    ("grep", "grep: /nope: No such file or directory", "grep: /nope: No such file or directory"),
    ("wc", "wc: /nope: No such file or directory", "wc: /nope: No such file or directory"),
]


@pytest.mark.parametrize("tool,busybox,gnu", MESSAGES)
def test_messages_in_gnu_words(tool, busybox, gnu):
    out = BufferOutput()
    stream = Translating(out, tool)
    stream.write((busybox + "\n").encode())
    assert out.getvalue().decode() == gnu + "\n"


# script, stderr, status (GNU coreutils 9.1)
RUNS = [
    ("cat /n.txt", "cat: /n.txt: No such file or directory\n", 1),
    ("ls /nope", "ls: cannot access '/nope': No such file or directory\n", 2),
    ("ls -z", "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", 2),
    ("mkdir", "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", 1),
    ("cp", "cp: missing file operand\nTry 'cp --help' for more information.\n", 1),
    ("sed p /nope", "sed: can't read /nope: No such file or directory\n", 2),
    ("tail /nope", "tail: cannot open '/nope' for reading: No such file or directory\n", 1),
]


@pytest.mark.parametrize("script,err,status", RUNS)
def test_tools_fail_as_gnu_does(script, err, status):
    result = sh(container("debian"), script)
    assert (result.err, result.status) == (err, status)


def test_long_listings_size_columns_to_their_contents():
    busybox = ("total 8\n-rw-r--r--    1 root     root             0 Nov 22 06:45 a\n"
               "drwxr-xr-x    2 app      app           4096 Nov 22 06:45 d\n"
               "lrwxrwxrwx    1 root     root             1 Nov 22 06:45 l -> a\n"
               "crw-rw-rw-    1 root     root       1,   3 Jan  1  1970 null\n")
    assert realign(busybox) == ("total 8\n-rw-r--r-- 1 root root    0 Nov 22 06:45 a\n"
                                "drwxr-xr-x 2 app  app  4096 Nov 22 06:45 d\n"
                                "lrwxrwxrwx 1 root root    1 Nov 22 06:45 l -> a\n"
                                "crw-rw-rw- 1 root root 1, 3 Jan  1  1970 null\n")


def test_versions_come_from_the_installed_packages():
    assert sh(container("debian"), "ls --version").out.splitlines()[0] == "ls (GNU coreutils) 9.1"
    assert sh(container("ubuntu:24.04"), "cat --version", "ubuntu:24.04").out.splitlines()[:2] == [
        "cat (GNU coreutils) 9.4", "Copyright (C) 2023 Free Software Foundation, Inc."]
    assert sh(container("debian"), "bash --version").out.splitlines()[0] == \
        "GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)"


def test_accounts():
    fs = container("debian")
    assert sh(fs, "groupadd -r app && useradd -r -g app app && id app").out == "uid=999(app) gid=999(app) groups=999(app)\n"
    assert sh(fs, "useradd -m -s /bin/bash dev && grep ^dev: /etc/passwd").out == "dev:x:1000:1000::/home/dev:/bin/bash\n"
    assert sorted(fs.listdir("/home/dev")) == [".bashrc", ".profile"]
    again = sh(fs, "useradd dev")
    assert (again.err, again.status) == ("useradd: user 'dev' already exists\n", 9)
    missing = sh(fs, "useradd -g nogroupx x")
    assert (missing.err, missing.status) == ("useradd: group 'nogroupx' does not exist\n", 6)
    added = sh(fs, "adduser --disabled-password --gecos '' web")
    assert added.out.splitlines()[:3] == ["info: Adding user `web' ...",
                                          "info: Selecting UID/GID from range 1000 to 59999 ...",
                                          "info: Adding new group `web' (1001) ..."]
    assert sh(fs, "useradd x", uid=1000).status == 1


def test_installed_tools_answer_their_version_and_nothing_else():
    fs = container("debian")
    sh(fs, "apt-get update && apt-get install -y --no-install-recommends git make")
    assert sh(fs, "git --version").out == "git version 2.39.5\n"
    assert sh(fs, "make --version").out.splitlines()[0] == "GNU Make 4.3"
    clone = sh(fs, "git clone https://example.com/x.git")
    assert (clone.err, clone.status) == ("git: this program is installed, but dockyard does not simulate it yet\n", 127)


def test_hello_world_prints_dockers_greeting():
    out = BufferOutput()
    assert execute(Process(container("hello-world"), ["/hello"], stdout=out)) == 0
    text = out.getvalue().decode()
    assert text.startswith("\nHello from Docker!\nThis message shows that your installation appears to be working "
                           "correctly.\n") and text.endswith("https://docs.docker.com/get-started/\n\n")
