"""Files and directories as busybox 1.35 handles them: ls, mkdir, rmdir, rm, unlink, cp, mv, ln,
touch, chmod, chown, chgrp, basename, dirname, readlink, realpath, mktemp.

A row is (argv, files, stdin, stdout, stderr, status[, files changed]), recorded from the real
busybox in a directory holding the same files; "files changed" says what the directory holds
afterwards (text for a file, "dir", link(target), None for removed).
"""
from __future__ import annotations

import pytest

from applet_harness import check_changes, link, row_id, run, usage

TREE = {"d/a": "hi\n", "d/b.sh": "hello\n", "d/link": link("a"), "d/broken": link("nowhere"), "d/sub/": None,
        ".hid/": None, ".dot": "", "dl": link("d"), "d/big": b"x" * 5000, "d/.h": "x"}
COPY = {"f": "x\n", "g": "old\n", "d/s/y": "y\n", "d/a": "a\n", "lf": link("f"), "bl": link("nowhere"),
        "e/": None, "dl": link("d")}
NONE: dict = {}

ROWS = [
    # ---- ls
    (['ls'], TREE, '', 'd\ndl\n', '', 0),
    (['ls', '-a'], TREE, '', '.\n..\n.dot\n.hid\nd\ndl\n', '', 0),
    (['ls', '-A'], TREE, '', '.dot\n.hid\nd\ndl\n', '', 0),
    (['ls', '-aA'], TREE, '', '.\n..\n.dot\n.hid\nd\ndl\n', '', 0),
    (['ls', '-F', 'd'], TREE, '', 'a\nb.sh\nbig\nbroken@\nlink@\nsub/\n', '', 0),
    (['ls', '-p', 'd'], TREE, '', 'a\nb.sh\nbig\nbroken\nlink\nsub/\n', '', 0),
    (['ls', 'd', 'd/a'], TREE, '', 'd/a\n\nd:\na\nb.sh\nbig\nbroken\nlink\nsub\n', '', 0),
    (['ls', '-R'], TREE, '', '.:\nd\ndl\n\n./d:\na\nb.sh\nbig\nbroken\nlink\nsub\n\n./d/sub:\n', '', 0),
    (['ls', '-ld', 'd'], TREE, '', 'drwxr-xr-x    3 root     root          4096 Nov 14  2023 d\n', '', 0),
    (['ls', '-d', 'd', 'd/a'], TREE, '', 'd\nd/a\n', '', 0),
    (['ls', 'dl'], TREE, '', 'a\nb.sh\nbig\nbroken\nlink\nsub\n', '', 0),
    (['ls', '-F', 'dl'], TREE, '', 'dl@\n', '', 0),
    (['ls', '-d', 'dl'], TREE, '', 'dl\n', '', 0),
    (['ls', '-L', 'd'], TREE, '', 'a\nb.sh\nbig\nlink\nsub\n', 'ls: d/broken: No such file or directory\n', 1),
    (['ls', 'nope', 'd/a', 'nope2', 'd/sub'], TREE, '',
     'd/a\n\nd/sub:\n',
     'ls: nope: No such file or directory\n'
     'ls: nope2: No such file or directory\n', 1),
    (['ls', '-d', 'nope'], TREE, '', '', 'ls: nope: No such file or directory\n', 1),
    (['ls', 'd/sub', 'd/a', 'd/big'], TREE, '', 'd/a\nd/big\n\nd/sub:\n', '', 0),
    (['ls', '-r', 'd'], TREE, '', 'sub\nlink\nbroken\nbig\nb.sh\na\n', '', 0),
    (['ls', '-S', 'd'], TREE, '', 'big\nsub\nbroken\nb.sh\na\nlink\n', '', 0),
    (['ls', '-Sr', 'd'], TREE, '', 'link\na\nb.sh\nbroken\nsub\nbig\n', '', 0),
    (['ls', '-s', 'd/sub'], TREE, '', 'total 0\n', '', 0),
    (['ls', '-s', 'd'], TREE, '',
     'total 20\n'
     '     4 a\n'
     '     4 b.sh\n'
     '     8 big\n'
     '     0 broken\n'
     '     0 link\n'
     '     4 sub\n',
     '', 0),
    (['ls', '-l', '--full-time', 'd/a'], TREE, '',
     '-rw-r--r--    1 root     root             3 2023-11-14 22:13:20 +0000 d/a\n',
     '', 0),
    (['ls', '-C', 'd'], TREE, '', 'a       b.sh    big     broken  link    sub\n', '', 0),
    (['ls', '-x', 'd'], TREE, '', 'a       b.sh    big     broken  link    sub\n', '', 0),
    (['ls', '-1', 'd'], TREE, '', 'a\nb.sh\nbig\nbroken\nlink\nsub\n', '', 0),
    (['ls', '-z'], TREE, '', '', "ls: invalid option -- 'z'\n" + usage('ls'), 1),
    (['ls', '--bogus'], TREE, '', '', "ls: unrecognized option '--bogus'\n" + usage('ls'), 1),
    (['ls', '-w'], TREE, '', '', "ls: option requires an argument -- 'w'\n" + usage('ls'), 1),
    (['ls', '--full-time=3'], TREE, '',
     '',
     "ls: option '--full-time' doesn't allow an argument\n" + usage('ls'), 1),
    (['ls', '--col', 'd'], TREE, '',
     '\x1b[0;0ma\x1b[m\n'
     '\x1b[0;0mb.sh\x1b[m\n'
     '\x1b[0;0mbig\x1b[m\n'
     '\x1b[1;36mbroken\x1b[m\n'
     '\x1b[1;36mlink\x1b[m\n'
     '\x1b[1;34msub\x1b[m\n',
     '', 0),
    (['ls', '-ldh', 'd'], TREE, '', 'drwxr-xr-x    3 root     root        4.0K Nov 14  2023 d\n', '', 0),
    (['ls', 'd/a/'], TREE, '', '', 'ls: d/a/: Not a directory\n', 1),
    (['ls', 'd/a/x'], TREE, '', '', 'ls: d/a/x: Not a directory\n', 1),
    (['ls', '--group-directories-first', 'd'], TREE, '', 'sub\na\nb.sh\nbig\nbroken\nlink\n', '', 0),
    (['ls', '-l', 'd/a', 'd/b.sh', 'd/big'], TREE, '',
     '-rw-r--r--    1 root     root             3 Nov 14  2023 d/a\n'
     '-rw-r--r--    1 root     root             6 Nov 14  2023 d/b.sh\n'
     '-rw-r--r--    1 root     root          5000 Nov 14  2023 d/big\n',
     '', 0),
    (['ls', '-lh', 'd/big'], TREE, '', '-rw-r--r--    1 root     root        4.9K Nov 14  2023 d/big\n', '', 0),
    (['ls', '-ln', 'd/sub'], TREE, '', 'total 0\n', '', 0),
    (['ls', '-x', '-w', '20', 'd'], TREE, '', 'a       b.sh\nbig     broken\nlink    sub\n', '', 0),
    (['ls', '-C', '-w', '20', 'd'], TREE, '', 'a       broken\nb.sh    link\nbig     sub\n', '', 0),
    (['ls', '-Cs', '-w', '40', 'd'], TREE, '',
     'total 20\n'
     '     4 a          8 big        0 link\n'
     '     4 b.sh       0 broken     4 sub\n',
     '', 0),
    (['ls', '-lS', 'd/a', 'd/big', 'd/sub'], TREE, '',
     '-rw-r--r--    1 root     root          5000 Nov 14  2023 d/big\n'
     '-rw-r--r--    1 root     root             3 Nov 14  2023 d/a\n'
     '\n'
     'd/sub:\n'
     'total 0\n',
     '', 0),
    # ---- mkdir and rmdir
    (['mkdir', 'd'], COPY, '', '', "mkdir: can't create directory 'd': File exists\n", 1),
    (['mkdir', '-p', 'd/x/y'], COPY, '', '', '', 0, {'d/x/': "dir", 'd/x/y/': "dir"}),
    (['mkdir', 'a/b'], COPY, '', '', "mkdir: can't create directory 'a/b': No such file or directory\n", 1),
    (['mkdir', '-m', '700', 'm'], COPY, '', '', '', 0, {'m/': ("dir", 0o700)}),
    (['mkdir', '-p', '-m', '700', 'p/q'], COPY, '', '', '', 0, {'p/': "dir", 'p/q/': ("dir", 0o700)}),
    (['mkdir', 'f/x'], COPY, '', '', "mkdir: can't create directory 'f/x': Not a directory\n", 1),
    (['mkdir', '-p', 'f/x'], COPY, '', '', "mkdir: can't create directory 'f/': Not a directory\n", 1),
    (['mkdir'], COPY, '', '', usage('mkdir'), 1),
    (['mkdir', '-m', '999', 'z'], COPY, '', '', "mkdir: invalid mode '999'\n", 1),
    (['mkdir', '-m', 'u+w,g=x', 'zz'], COPY, '', '', '', 0, {'zz/': ("dir", 0o717)}),
    (['mkdir', '-v', 'vv', 'ww/x'], COPY, '',
     "created directory: 'vv'\n",
     "mkdir: can't create directory 'ww/x': No such file or directory\n", 1, {'vv/': "dir"}),
    (['mkdir', '-pv', 'vv2/a/b'], COPY, '',
     "created directory: 'vv2/'\n"
     "created directory: 'vv2/a/'\n"
     "created directory: 'vv2/a/b'\n",
     '', 0, {'vv2/': "dir", 'vv2/a/': "dir", 'vv2/a/b/': "dir"}),
    (['mkdir', '-p', 'd/s', 'new/./x'], COPY, '', '', '', 0, {'new/': "dir", 'new/x/': "dir"}),
    (['mkdir', 'x/'], COPY, '', '', '', 0, {'x/': "dir"}),
    (['rmdir', 'nope'], COPY, '', '', "rmdir: 'nope': No such file or directory\n", 1),
    (['rmdir', 'd'], COPY, '', '', "rmdir: 'd': Directory not empty\n", 1),
    (['rmdir', 'e'], COPY, '', '', '', 0, {'e/': None}),
    (['rmdir', 'f'], COPY, '', '', "rmdir: 'f': Not a directory\n", 1),
    (['rmdir', '-p', 'e'], COPY, '', '', '', 0, {'e/': None}),
    # ---- rm and unlink
    (['rm', 'nope'], COPY, '', '', "rm: can't remove 'nope': No such file or directory\n", 1),
    (['rm', '-f', 'nope'], COPY, '', '', '', 0),
    (['rm', 'd'], COPY, '', '', "rm: 'd' is a directory\n", 1),
    (['rm', '-r', 'nope', 'd/s'], COPY, '', '', "rm: can't remove 'nope': No such file or directory\n", 1,
     {'d/s/': None, 'd/s/y': None}),
    (['rm'], COPY, '', '', usage('rm'), 1),
    (['rm', '-f'], COPY, '', '', '', 0),
    (['rm', '-v', 'f'], COPY, '', "removed 'f'\n", '', 0, {'f': None}),
    (['rm', '-r', '.'], COPY, '', '', "rm: can't remove '.' or '..'\n", 1),
    (['rm', '-rf', './.'], COPY, '', '', "rm: can't remove '.' or '..'\n", 1),
    (['rm', 'lf', 'bl'], COPY, '', '', '', 0, {'bl': None, 'lf': None}),
    (['rm', 'dl'], COPY, '', '', '', 0, {'dl': None}),
    (['rm', 'dl/'], COPY, '', '', '', 0, {'dl': None}),
    (['rm', '-i', 'f'], COPY, 'y\n', '', "rm: remove 'f'? ", 0, {'f': None}),
    (['rm', '-i', 'f'], COPY, 'n\n', '', "rm: remove 'f'? ", 0),
    (['rm', '-rv', 'd/s'], COPY, '', "removed 'd/s/y'\nremoved directory: 'd/s'\n", '', 0,
     {'d/s/': None, 'd/s/y': None}),
    (['rm', '-d', 'e'], COPY, '', '', "rm: invalid option -- 'd'\n" + usage('rm'), 1),
    (['unlink', 'f'], COPY, '', '', '', 0, {'f': None}),
    (['unlink', 'nope'], COPY, '', '', "unlink: can't remove file 'nope': No such file or directory\n", 1),
    (['unlink', 'd'], COPY, '', '', "unlink: can't remove file 'd': Is a directory\n", 1),
    (['unlink'], COPY, '', '', usage('unlink'), 1),
    (['unlink', 'lf'], COPY, '', '', '', 0, {'lf': None}),
    # ---- cp
    (['cp', 'f', 'h'], COPY, '', '', '', 0, {'h': 'x\n'}),
    (['cp', 'd', 'e2'], COPY, '', '', "cp: omitting directory 'd'\n", 1),
    (['cp', '-r', 'd', 'e2'], COPY, '', '', '', 0,
     {'e2/': "dir", 'e2/a': 'a\n', 'e2/s/': "dir", 'e2/s/y': 'y\n'}),
    (['cp', '-r', 'd', 'e'], COPY, '', '', '', 0,
     {'e/d/': "dir", 'e/d/a': 'a\n', 'e/d/s/': "dir", 'e/d/s/y': 'y\n'}),
    (['cp', 'nope', 'x'], COPY, '', '', "cp: can't stat 'nope': No such file or directory\n", 1),
    (['cp', 'f', 'nodir/x'], COPY, '', '', "cp: can't create 'nodir/x': No such file or directory\n", 1),
    (['cp', 'f', 'g', 'd'], COPY, '', '', '', 0, {'d/f': 'x\n', 'd/g': 'old\n'}),
    (['cp', 'f', 'g', 'nodir'], COPY, '',
     '',
     "cp: can't create 'nodir/f': No such file or directory\n"
     "cp: can't create 'nodir/g': No such file or directory\n", 1),
    (['cp', 'f'], COPY, '', '', usage('cp'), 1),
    (['cp', 'lf', 'l2'], COPY, '', '', '', 0, {'l2': 'x\n'}),
    (['cp', '-P', 'lf', 'l3'], COPY, '', '', '', 0, {'l3': link('f')}),
    (['cp', '-d', 'lf', 'l4'], COPY, '', '', '', 0, {'l4': link('f')}),
    (['cp', '-r', 'lf', 'l5'], COPY, '', '', '', 0, {'l5': link('f')}),
    (['cp', '-a', 'lf', 'l6'], COPY, '', '', '', 0, {'l6': link('f')}),
    (['cp', 'bl', 'b2'], COPY, '', '', "cp: can't stat 'bl': No such file or directory\n", 1),
    (['cp', 'f', 'f'], COPY, '', '', "cp: 'f' and 'f' are the same file\n", 1),
    (['cp', 'f', 'g'], COPY, '', '', '', 0, {'g': 'x\n'}),
    (['cp', '-n', 'f', 'g'], COPY, '', '', '', 0),
    (['cp', 'f', 'nod/'], COPY, '', '', "cp: can't create 'nod/': Is a directory\n", 1),
    (['cp', '-v', 'f', 'v1'], COPY, '', "'f' -> 'v1'\n", '', 0, {'v1': 'x\n'}),
    (['cp', '-r', 'd/', 'd2'], COPY, '', '', '', 0,
     {'d2/': "dir", 'd2/a': 'a\n', 'd2/s/': "dir", 'd2/s/y': 'y\n'}),
    (['cp', '-r', 'd/.', 'd3'], COPY, '', '', '', 0,
     {'d3/': "dir", 'd3/a': 'a\n', 'd3/s/': "dir", 'd3/s/y': 'y\n'}),
    (['cp', '-r', 'd/.', 'e'], COPY, '', '', '', 0, {'e/a': 'a\n', 'e/s/': "dir", 'e/s/y': 'y\n'}),
    (['cp', '-a', 'd', 'd5'], COPY, '', '', '', 0,
     {'d5/': "dir", 'd5/a': 'a\n', 'd5/s/': "dir", 'd5/s/y': 'y\n'}),
    (['cp', '-T', 'f', 'd'], COPY, '', '', "cp: 'd' is a directory\n", 1),
    (['cp', '-t', 'd', 'f', 'g'], COPY, '', '', '', 0, {'d/f': 'x\n', 'd/g': 'old\n'}),
    (['cp', '-r', 'd', 'f'], COPY, '', '', "cp: can't stat 'f/d': Not a directory\n", 1),
    (['cp', '-r', 'd', 'f/'], COPY, '', '', "cp: can't stat 'f/': Path has non-directory component\n", 1),
    (['cp', '-s', 'f', 'sl'], COPY, '', '', '', 0, {'sl': link('f')}),
    (['cp', 'dl', 'x'], COPY, '', '', "cp: omitting directory 'dl'\n", 1),
    (['cp', '-R', 'dl/', 'x'], COPY, '', '', '', 0, {'x/': "dir", 'x/a': 'a\n', 'x/s/': "dir", 'x/s/y': 'y\n'}),
    (['cp', '-rL', 'd', 'x'], COPY, '', '', '', 0, {'x/': "dir", 'x/a': 'a\n', 'x/s/': "dir", 'x/s/y': 'y\n'}),
    (['cp', '-H', 'lf', 'x'], COPY, '', '', '', 0, {'x': 'x\n'}),
    (['cp', '-i', 'f', 'g'], COPY, 'n\n', '', "cp: overwrite 'g'? ", 0),
    (['cp', '-r', 'd', 'd/s'], COPY, '', '', "cp: recursion detected, omitting directory 'd/s/d'\n", 1,
     {'d/s/d/': "dir", 'd/s/d/a': 'a\n', 'd/s/d/s/': "dir", 'd/s/d/s/y': 'y\n'}),
    # ---- mv
    (['mv', 'nope', 'x'], COPY, '', '', "mv: can't rename 'nope': No such file or directory\n", 1),
    (['mv', 'f', 'e'], COPY, '', '', '', 0, {'e/f': 'x\n', 'f': None}),
    (['mv', 'd', 'e'], COPY, '', '', '', 0,
     {'d/': None, 'd/a': None, 'd/s/': None, 'd/s/y': None, 'e/d/': "dir", 'e/d/a': 'a\n', 'e/d/s/': "dir", 'e/d/s/y': 'y\n'}),
    (['mv', 'f', 'g'], COPY, '', '', '', 0, {'f': None, 'g': 'x\n'}),
    (['mv', '-n', 'f', 'g'], COPY, '', '', '', 0),
    (['mv', '-v', 'f', 'g'], COPY, '', "'f' -> 'g'\n", '', 0, {'f': None, 'g': 'x\n'}),
    (['mv', 'g', 'g'], COPY, '', '', '', 0),
    (['mv', '-T', 'f', 'e'], COPY, '', '', "mv: 'e' is a directory\n", 1),
    (['mv', 'd', 'd/s/q'], COPY, '', '', "mv: can't rename 'd': Invalid argument\n", 1),
    (['mv', 'f', 'nodir/'], COPY, '', '', "mv: can't rename 'f': Not a directory\n", 1),
    (['mv', 'f', 'g', 'e'], COPY, '', '', '', 0, {'e/f': 'x\n', 'e/g': 'old\n', 'f': None, 'g': None}),
    (['mv'], COPY, '', '', usage('mv'), 1),
    (['mv', 'f'], COPY, '', '', usage('mv'), 1),
    (['mv', 'lf', 'e'], COPY, '', '', '', 0, {'e/lf': link('f'), 'lf': None}),
    (['mv', 'dl', 'e'], COPY, '', '', '', 0, {'dl': None, 'e/dl': link('d')}),
    (['mv', '-t', 'e', 'f', 'g'], COPY, '', '', '', 0, {'e/f': 'x\n', 'e/g': 'old\n', 'f': None, 'g': None}),
    # ---- ln
    (['ln', '-s', 'f', 'l'], COPY, '', '', '', 0, {'l': link('f')}),
    (['ln', '-s', 'f', 'lf'], COPY, '', '', 'ln: lf: File exists\n', 1),
    (['ln', '-sf', 'g', 'lf'], COPY, '', '', '', 0, {'lf': link('g')}),
    (['ln', '-s', 'f', 'd'], COPY, '', '', '', 0, {'d/f': link('f')}),
    (['ln', '-s', '/etc/passwd', 'd/p'], COPY, '', '', '', 0, {'d/p': link('/etc/passwd')}),
    (['ln', '-sn', 'f', 'lf'], COPY, '', '', 'ln: lf: File exists\n', 1),
    (['ln', '-s'], COPY, '', '', usage('ln'), 1),
    (['ln', '-s', 'a', 'b', 'c'], COPY, '', '', 'ln: c: File exists\n', 1, {'c': link('a')}),
    (['ln', '-s', 'f', 'dl'], COPY, '', '', '', 0, {'d/f': link('f')}),
    (['ln', '-sfn', 'f', 'dl'], COPY, '', '', '', 0, {'dl': link('f')}),
    (['ln', '-sv', 'f', 'v'], COPY, '', "'v' -> 'f'\n", '', 0, {'v': link('f')}),
    (['ln', 'nope', 'x'], COPY, '', '', 'ln: nope: No such file or directory\n', 1),
    (['ln', '-s', 'f', 'nodir/x'], COPY, '', '', 'ln: nodir/x: No such file or directory\n', 1),
    (['ln', '-s', '/x'], COPY, '', '', '', 0, {'x': link('/x')}),
    # ---- touch
    (['touch', '-c', 'nope'], COPY, '', '', '', 0),
    (['touch', 'nodir/x'], COPY, '', '', 'touch: nodir/x: No such file or directory\n', 1),
    (['touch', '-d', 'bad', 'f'], COPY, '', '', "touch: invalid date 'bad'\n", 1),
    (['touch'], COPY, '', '', usage('touch'), 1),
    (['touch', 'new'], COPY, '', '', '', 0, {'new': ''}),
    (['touch', '-t', '2x', 'f'], COPY, '', '', "touch: invalid date '2x'\n", 1),
    # ---- chmod, chown, chgrp
    (['chmod', '755', 'f'], COPY, '', '', '', 0, {'f': ("file", 0o755, 'x\n')}),
    (['chmod', 'xyz', 'f'], COPY, '', '', "chmod: invalid mode 'xyz'\n", 1),
    (['chmod', '644', 'nope'], COPY, '', '', 'chmod: nope: No such file or directory\n', 1),
    (['chmod', '644'], COPY, '', '', usage('chmod'), 1),
    (['chmod', '-v', '600', 'f'], COPY, '', "mode of 'f' changed to 0600 (rw-------)\n", '', 0,
     {'f': ("file", 0o600, 'x\n')}),
    (['chmod', '-c', '600', 'f'], COPY, '', "mode of 'f' changed to 0600 (rw-------)\n", '', 0,
     {'f': ("file", 0o600, 'x\n')}),
    (['chmod', '-c', '644', 'f'], COPY, '', '', '', 0),
    (['chmod', '-R', '700', 'd'], COPY, '', '', '', 0,
     {'d/': ("dir", 0o700), 'd/a': ("file", 0o700, 'a\n'), 'd/s/': ("dir", 0o700), 'd/s/y': ("file", 0o700, 'y\n')}),
    (['chmod', '-x', 'f'], COPY, '', '', '', 0),
    (['chmod', 'u+x', 'lf'], COPY, '', '', '', 0, {'f': ("file", 0o744, 'x\n')}),
    (['chmod', '1000000', 'f'], COPY, '', '', "chmod: invalid mode '1000000'\n", 1),
    (['chmod', '-R', 'g+w', 'dl'], COPY, '', '', '', 0, {'d/': ("dir", 0o775)}),
    (['chmod', 'a+X', 'd', 'f'], COPY, '', '', '', 0),
    (['chmod', '=r,u+w', 'f'], COPY, '', '', '', 0),
    (['chmod', 'g=u', 'f'], COPY, '', '', '', 0, {'f': ("file", 0o664, 'x\n')}),
    (['chmod', 'u+s,+t', 'f'], COPY, '', '', '', 0, {'f': ("file", 0o5644, 'x\n')}),
    (['chmod', '+w', 'f'], COPY, '', '', '', 0),
    (['chown', 'nosuch', 'f'], COPY, '', '', 'chown: unknown user nosuch\n', 1),
    (['chown', 'root:nosuch', 'f'], COPY, '', '', 'chown: unknown user/group root:nosuch\n', 1),
    (['chown', 'root', 'nope'], COPY, '', '', 'chown: nope: No such file or directory\n', 1),
    (['chown'], COPY, '', '', usage('chown'), 1),
    (['chown', 'root'], COPY, '', '', usage('chown'), 1),
    (['chown', '-v', 'root', 'f'], COPY, '', "changed ownership of 'f' to 0:0\n", '', 0),
    (['chgrp', 'nosuch', 'f'], COPY, '', '', 'chgrp: unknown group nosuch\n', 1),
    (['chgrp', 'root', 'f'], COPY, '', '', '', 0),
    # ---- names
    (['basename', '/a/b/c.txt', '.txt'], NONE, '', 'c\n', '', 0),
    (['basename', '/a/b/'], NONE, '', 'b\n', '', 0),
    (['basename', '/'], NONE, '', '/\n', '', 0),
    (['basename'], NONE, '', '', usage('basename'), 1),
    (['basename', 'a', 'b', 'c'], NONE, '', '', usage('basename'), 1),
    (['basename', '-a', 'a/x', 'b/y'], NONE, '', 'x\ny\n', '', 0),
    (['basename', '-s', '.c', 'a.c', 'b.c'], NONE, '', 'a\nb\n', '', 0),
    (['basename', '.txt', '.txt'], NONE, '', '.txt\n', '', 0),
    (['basename', ''], NONE, '', '\n', '', 0),
    (['dirname', '/a/b/'], NONE, '', '/a\n', '', 0),
    (['dirname', 'a'], NONE, '', '.\n', '', 0),
    (['dirname', '/'], NONE, '', '/\n', '', 0),
    (['dirname', 'a', 'b'], NONE, '', '', usage('dirname'), 1),
    (['dirname', '//a//b//'], NONE, '', '//a\n', '', 0),
    (['dirname', ''], NONE, '', '.\n', '', 0),
    (['readlink', 'lf'], COPY, '', 'f\n', '', 0),
    (['readlink', 'f'], COPY, '', '', '', 1),
    (['readlink', '-v', 'f'], COPY, '', '', 'readlink: f: cannot read link: not a symlink\n', 1),
    (['readlink'], COPY, '', '', usage('readlink'), 1),
    (['readlink', '-n', 'lf'], COPY, '', 'f', '', 0),
    (['readlink', '-f', 'nope/x'], COPY, '', '', '', 1),
    (['realpath', 'nope/x'], COPY, '', '', 'realpath: nope/x: No such file or directory\n', 1),
    (['realpath'], COPY, '', '', usage('realpath'), 1),
    (['mktemp', 'foo.XX'], COPY, '', '', 'mktemp: (null): Invalid argument\n', 1),
    (['mktemp', 'nodir/xXXXXXX'], COPY, '', '', 'mktemp: (null): No such file or directory\n', 1),
]


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_file_command_as_busybox_does(row):
    argv, files, stdin, out, err, status, *changes = row
    result = run(argv, files, stdin)
    assert (result.output(out), result.err, result.status) == (out, err, status)
    if changes:
        check_changes(result.fs, changes[0])
