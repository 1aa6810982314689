"""Walking trees and measuring them: find, du, stat, as busybox 1.35 does.

A row is (argv, files, stdin, stdout, stderr, status[, files changed]), recorded from the real
busybox. This busybox has no `find -delete`; `-size N` compares bytes with N 512-byte blocks.
"""
from __future__ import annotations

import pytest

from applet_harness import check_changes, link, row_id, run, usage

FIND = {"d/a": "x\n", "d/e/b.TXT": "y\n", "d/l": link("a"), "d/empty": "", "d/e/f/": None}
DU = {"d/a": "x\n", "d/e/b": b"z" * 5000, "d/l": link("a"), "f": "", "g": "hello\n"}

ROWS = [
    # ---- find
    (['find', 'd', '-name', '*.txt'], FIND, '', '', '', 0),
    (['find', 'd', '-iname', '*.txt'], FIND, '', 'd/e/b.TXT\n', '', 0),
    (['find', 'd', '-type', 'l'], FIND, '', 'd/l\n', '', 0),
    (['find', 'nope'], FIND, '', '', 'find: nope: No such file or directory\n', 1),
    (['find', 'd', '-bogus'], FIND, '', '', 'find: unrecognized: -bogus\n' + usage('find'), 1),
    (['find', 'd', '-name'], FIND, '', '', 'find: -name requires an argument\n', 1),
    (['find', 'd', '-type', 'x'], FIND, '', '', "find: invalid argument 'x' to '-type'\n", 1),
    (['find', 'd', '-size', '-1c'], FIND, '', 'd/empty\n', '', 0),
    (['find', 'd', '-exec', 'echo'], FIND, '', '', 'find: -exec requires an argument\n', 1),
    (['find', 'd', '-maxdepth', 'x'], FIND, '', '', "find: invalid number 'x'\n", 1),
    (['find', 'd', '-user', 'nosuch'], FIND, '', '', 'find: unknown user nosuch\n', 1),
    (['find', 'd', '-regex', '.*e'], FIND, '', 'd/e\n', '', 0),
    (['find', 'd', '(', '-type', 'f'], FIND, '', '', "find: unpaired '('\n", 1),
    (['find', 'd', '-type', 'f,d'], FIND, '', '', "find: invalid argument 'f,d' to '-type'\n", 1),
    (['find', 'd', '-delete'], FIND, '', '', 'find: unrecognized: -delete\n' + usage('find'), 1),
    (['find', 'd', '-maxdepth', '0'], FIND, '', 'd\n', '', 0),
    (['find', 'd', '-not', '-name', '[ae]*', '-type', 'f'], FIND, '', 'd/e/b.TXT\n', '', 0),
    (['find', 'd', '-name', 'b*', '-exec', 'echo', '[{}]', '-{}-', ';'], FIND, '',
     '[d/e/b.TXT] -d/e/b.TXT-\n',
     '', 0),
    (['find', 'd', '-links', '2'], FIND, '', 'd/e/f\n', '', 0),
    (['find', 'd', '-empty', '-type', 'd'], FIND, '', 'd/e/f\n', '', 0),
    (['find', 'd', '-exec', 'echo', 'x', '+', ';'], FIND, '', '', "find: only one '{}' allowed for -exec +\n", 1),
    (['find', 'd/e', '-name', 'b*', '-exec', 'cat', '{}', '+'], FIND, '', 'y\n', '', 0),
    (['find', 'd', '-path', '*/e/*', '-type', 'f'], FIND, '', 'd/e/b.TXT\n', '', 0),
    (['find', 'd', '-newer', 'nope'], FIND, '', '', "find: can't stat 'nope': No such file or directory\n", 1),
    (['find', 'd', '-perm', '-u+x', '-type', 'f'], FIND, '', '', '', 0),
    # ---- du and stat
    (['du', '-s', 'd'], DU, '', '20\td\n', '', 0),
    (['du', '-sh', 'd', 'd/a'], DU, '', '20.0K\td\n4.0K\td/a\n', '', 0),
    (['du', '-k', 'd/a'], DU, '', '4\td/a\n', '', 0),
    (['du', 'nope'], DU, '', '', 'du: nope: No such file or directory\n', 1),
    (['du', '-c', 'd', 'd'], DU, '', '12\td/e\n20\td\n20\ttotal\n', '', 0),
    (['du', '-d', '0', 'd'], DU, '', '20\td\n', '', 0),
    (['du', '-m', 'd'], DU, '', '1\td/e\n1\td\n', '', 0),
    (['du', '-b', 'd/a'], DU, '', '2\td/a\n', '', 0),
    (['du', '-sL', 'd'], DU, '', '24\td\n', '', 0),
    (['du', '-s', 'd/e'], DU, '', '12\td/e\n', '', 0),
    (['du', '-h', 'd/e/b'], DU, '', '8.0K\td/e/b\n', '', 0),
    (['stat', '-c', '%n %s %a %A %U %G %u %g %F %h %b %B %o %N %%', 'g', 'f', 'd', 'd/l'], DU, '',
     'g 6 644 -rw-r--r-- root root 0 0 regular file 1 8 512 4096 g %\n'
     'f 0 644 -rw-r--r-- root root 0 0 regular empty file 1 0 512 4096 f %\n'
     'd 4096 755 drwxr-xr-x root root 0 0 directory 3 8 512 4096 d %\n'
     "d/l 1 777 lrwxrwxrwx root root 0 0 symbolic link 1 0 512 4096 'd/l' -> 'a' %\n",
     '', 0),
    (['stat', '-L', '-c', '%F', 'd/l'], DU, '', 'regular file\n', '', 0),
    (['stat', '-c'], DU, '', '', "stat: option requires an argument -- 'c'\n" + usage('stat'), 1),
    (['stat'], DU, '', '', usage('stat'), 1),
    (['stat', '-c', '%W %w %Q', 'g'], DU, '', 'W w Q\n', '', 0),
    (['stat', '-c', 'a\\tb\\n', 'g'], DU, '', 'a\\tb\\n\n', '', 0),
    (['stat', '-c', '%Y %X %y', 'g'], DU, '',
     '1700000000 1700000000 2023-11-14 22:13:20.000000000 +0000\n',
     '', 0),
    (['stat', 'nope'], DU, '', '', "stat: can't stat 'nope': No such file or directory\n", 1),
]


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_tree_walk_as_busybox_does(row):
    argv, files, stdin, out, err, status, *changes = row
    result = run(argv, files, stdin)
    assert (result.output(out), result.err, result.status) == (out, err, status)
    if changes:
        check_changes(result.fs, changes[0])
