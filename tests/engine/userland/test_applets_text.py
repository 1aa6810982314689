"""Text filters, row by row as busybox 1.35 answers: cat, head, tail, wc, tac, rev, nl, uniq, seq,
paste, fold, tee, cut, tr, sort.

A row is (argv, files, stdin, stdout, stderr, status[, files changed]), recorded from the real
busybox run in a directory holding the same files. Files without a final newline, missing files
and directories given as files are in the tables on purpose: that is where busybox differs.
"""
from __future__ import annotations

import pytest

from applet_harness import check_changes, row_id, run, usage

LINES = {"n": "".join(f"{i}\n" for i in range(1, 21)), "f": "a\nb\nc", "g": "a\n\nb\n", "d/": None}
CTRL = {"c": b"x\ty\x01\x80\n", "f": "a\nb\nc"}
PASSWD = {"passwd": "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
                    "bin:x:2:2:bin:/bin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n"}
NONE: dict = {}

ROWS = [
    # ---- text
    # cat
    (['cat', 'f', 'n'], LINES, '',
     'a\n'
     'b\n'
     'c1\n'
     '2\n'
     '3\n'
     '4\n'
     '5\n'
     '6\n'
     '7\n'
     '8\n'
     '9\n'
     '10\n'
     '11\n'
     '12\n'
     '13\n'
     '14\n'
     '15\n'
     '16\n'
     '17\n'
     '18\n'
     '19\n'
     '20\n',
     '', 0),
    (['cat', 'nope', 'f', 'd'], LINES, '',
     'a\nb\nc',
     "cat: can't open 'nope': No such file or directory\n"
     'cat: read error: Is a directory\n', 1),
    (['cat', '-n', 'g'], LINES, '', '     1\ta\n     2\t\n     3\tb\n', '', 0),
    (['cat', '-b', 'g'], LINES, '', '     1\ta\n\n     2\tb\n', '', 0),
    (['cat', '-A', 'f'], LINES, '', 'a$\nb$\nc', '', 0),
    (['cat', '-vte', 'c'], CTRL, '', 'x^Iy^AM-^@$\n', '', 0),
    (['cat', '-v', 'c'], CTRL, '', 'x\ty^AM-^@\n', '', 0),
    (['cat', '-t', 'c'], CTRL, '', 'x^Iy^AM-^@\n', '', 0),
    (['cat', '-z'], NONE, '', '', "cat: invalid option -- 'z'\n" + usage('cat'), 1),
    (['cat', '-', 'f'], LINES, 'from stdin\n', 'from stdin\na\nb\nc', '', 0),
    (['cat', 'f/'], LINES, '', '', "cat: can't open 'f/': Not a directory\n", 1),
    # head and tail
    (['head', '-3', 'n', 'f'], LINES, '', '==> n <==\n1\n2\n3\n\n==> f <==\na\nb\nc', '', 0),
    (['head', '-n', '-17', 'n'], LINES, '', '1\n2\n3\n', '', 0),
    (['head', '-c', '5', 'n'], LINES, '', '1\n2\n3', '', 0),
    (['head', '-c', '-45', 'n'], LINES, '', '1\n2\n3\n', '', 0),
    (['head', 'nope', 'n', '-n1'], LINES, '', '\n==> n <==\n1\n', 'head: nope: No such file or directory\n', 1),
    (['head', '-n', 'x', 'n'], LINES, '', '', "head: invalid number 'x'\n", 1),
    (['head', '-q', '-n1', 'n', 'f'], LINES, '', '1\na\n', '', 0),
    (['head', '-v', '-n1', 'n'], LINES, '', '==> n <==\n1\n', '', 0),
    (['head', '-n'], NONE, '', '', "head: option requires an argument -- 'n'\n" + usage('head'), 1),
    (['head', '-n', '2'], NONE, '1\n2\n3\n', '1\n2\n', '', 0),
    (['head', '-c', '1k', 'n'], LINES, '',
     '1\n'
     '2\n'
     '3\n'
     '4\n'
     '5\n'
     '6\n'
     '7\n'
     '8\n'
     '9\n'
     '10\n'
     '11\n'
     '12\n'
     '13\n'
     '14\n'
     '15\n'
     '16\n'
     '17\n'
     '18\n'
     '19\n'
     '20\n',
     '', 0),
    (['tail', '-3', 'n', 'f'], LINES, '', '==> n <==\n18\n19\n20\n\n==> f <==\na\nb\nc', '', 0),
    (['tail', '-n', '+18', 'n'], LINES, '', '18\n19\n20\n', '', 0),
    (['tail', '-c', '5', 'n'], LINES, '', '9\n20\n', '', 0),
    (['tail', '-c', '+50', 'n'], LINES, '', '0\n', '', 0),
    (['tail', 'nope', 'n', '-n1'], LINES, '', '20\n', "tail: can't open 'nope': No such file or directory\n", 1),
    (['tail', '+3', 'n'], LINES, '', '3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n', '', 0),
    (['tail', '-q', '-n1', 'n', 'f'], LINES, '', '20\nc', '', 0),
    (['tail', '-v', '-n1', 'n'], LINES, '', '==> n <==\n20\n', '', 0),
    (['tail', '-n', 'x'], NONE, '', '', "tail: invalid number 'x'\n", 1),
    (['tail', '-n', '0', 'n'], LINES, '', '', '', 0),
    (['tail', '-n', '2'], NONE, '1\n2\n3\n', '2\n3\n', '', 0),
    # wc
    (['wc', 'n'], LINES, '', '       20        20        51 n\n', '', 0),
    (['wc', '-l', 'n'], LINES, '', '20 n\n', '', 0),
    (['wc', 'n', 'f'], LINES, '',
     '       20        20        51 n\n'
     '        2         3         5 f\n'
     '       22        23        56 total\n',
     '', 0),
    (['wc'], NONE, 'a b\tc\nd', '        1         4         7\n', '', 0),
    (['wc', '-lc'], NONE, 'a b\tc\nd', '        1         7\n', '', 0),
    (['wc', '-L', 'n'], LINES, '', '2 n\n', '', 0),
    (['wc', 'nope', 'n'], LINES, '',
     '       20        20        51 n\n'
     '       20        20        51 total\n',
     'wc: nope: No such file or directory\n', 1),
    (['wc', '-l', 'nope'], LINES, '', '', 'wc: nope: No such file or directory\n', 1),
    (['wc', '-lw', 'n', 'f'], LINES, '',
     '       20        20 n\n'
     '        2         3 f\n'
     '       22        23 total\n',
     '', 0),
    (['wc', 'd'], LINES, '', '        0         0         0 d\n', 'wc: d: Is a directory\n', 1),
    (['wc', '-m'], NONE, 'hÃ©llo\n', '9\n', '', 0),
    # tac, rev, nl
    (['tac', 'f', 'g'], LINES, '', 'cb\na\nb\n\na\n', '', 0),
    (['tac', 'nope', 'f'], LINES, '', 'cb\na\n', 'tac: nope: No such file or directory\n', 1),
    (['rev', 'f'], LINES, '', 'a\nb\nc', '', 0),
    (['rev', 'nope', 'f'], LINES, '', 'a\nb\nc', 'rev: nope: No such file or directory\n', 1),
    (['nl', 'g'], LINES, '', '     1\ta\n       \n     2\tb\n', '', 0),
    (['nl', '-ba', 'g'], LINES, '', '     1\ta\n     2\t\n     3\tb\n', '', 0),
    (['nl', '-w3', '-s:', '-v5', '-i2', 'f'], LINES, '', '  5:a\n  7:b\n  9:c\n', '', 0),
    (['nl', '-bx', 'g'], LINES, '', '       a\n       \n       b\n', '', 0),
    # uniq
    (['uniq', '-c'], NONE, 'a a\na a\nb a\nb b\nc\n',
     '      2 a a\n      1 b a\n      1 b b\n      1 c\n',
     '', 0),
    (['uniq', '-d'], NONE, 'a\na\nb\n', 'a\n', '', 0),
    (['uniq', '-u'], NONE, 'a\na\nb\n', 'b\n', '', 0),
    (['uniq', '-f1', '-c'], NONE, 'a a\nb a\nb b\n', '      2 a a\n      1 b b\n', '', 0),
    (['uniq', '-s1'], NONE, 'xa\nya\nzb\n', 'xa\nzb\n', '', 0),
    (['uniq', '-w1', '-c'], NONE, 'ab\nac\nbc\n', '      2 ab\n      1 bc\n', '', 0),
    # seq
    (['seq', '3'], NONE, '', '1\n2\n3\n', '', 0),
    (['seq', '3', '-1', '1'], NONE, '', '3\n2\n1\n', '', 0),
    (['seq', '-w', '8', '10'], NONE, '', '08\n09\n10\n', '', 0),
    (['seq', '-w', '1.5', '10'], NONE, '', '01.5\n02.5\n03.5\n04.5\n05.5\n06.5\n07.5\n08.5\n09.5\n', '', 0),
    (['seq', '1', '0.5', '3'], NONE, '', '1.0\n1.5\n2.0\n2.5\n3.0\n', '', 0),
    (['seq', '0.1', '0.1', '0.3'], NONE, '', '0.1\n0.2\n', '', 0),
    (['seq', '-s', ',', '2', '5'], NONE, '', '2,3,4,5\n', '', 0),
    (['seq', 'x'], NONE, '', '', usage('seq'), 1),
    (['seq', '5', '1'], NONE, '', '', '', 0),
    (['seq', '-w', '-3', '3'], NONE, '', '', "seq: invalid option -- '3'\n" + usage('seq'), 1),
    (['seq', '1', '2.5'], NONE, '', '1\n2\n', '', 0),
    # paste and fold
    (['paste', 'n', 'f', 'g'], LINES, '',
     '1\ta\ta\n'
     '2\tb\t\n'
     '3\tc\tb\n'
     '4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\t16\t17\t18\t19\t20\t',
     '', 0),
    (['paste', '-s', '-d', ',;', 'f', 'g'], LINES, '', 'a,b;c\na,;b\n', '', 0),
    (['paste', '-d', '', 'f'], LINES, '', '', "paste: -d '' is not supported\n", 1),
    (['paste', '-d', ':', 'f', 'g'], LINES, '', 'a:a\nb:\nc:b\n', '', 0),
    (['fold', '-w', '3', 'f'], LINES, '', 'a\nb\nc', '', 0),
    (['fold', '-s', '-w', '4'], NONE, 'hello world foo\n', 'hell\no \nworl\nd \nfoo\n', '', 0),
    # tee
    (['tee', 'x', 'y'], NONE, 'hello\n', 'hello\n', '', 0, {'x': 'hello\n', 'y': 'hello\n'}),
    (['tee', 'nodir/x'], NONE, 'hello\n', 'hello\n', 'tee: nodir/x: No such file or directory\n', 1),
    (['tee', '-a', 'f'], LINES, 'more\n', 'more\n', '', 0, {'f': 'a\nb\ncmore\n'}),
    # cut
    (['cut', '-d:', '-f', '1-2', '-s'], NONE, 'a:b:c\nxyz\n', 'a:b\n', '', 0),
    (['cut', '-f2'], NONE, 'a\tb\n', 'b\n', '', 0),
    (['cut', '-b', '2'], NONE, 'abc\n', 'b\n', '', 0),
    (['cut', '-c', '2-'], NONE, 'abc\n', 'bc\n', '', 0),
    (['cut', '-c', '-2'], NONE, 'abc\n', 'ab\n', '', 0),
    (['cut', '-c', '1,1,2'], NONE, 'abc\n', 'ab\n', '', 0),
    (['cut', '-c', '1 2'], NONE, 'abc\n', '', "cut: invalid number '1 2'\n", 1),
    (['cut', '-c', ''], NONE, 'abc\n', '', 'cut: missing list of positions\n', 1),
    (['cut', '-c', '-'], NONE, 'abc\n', 'abc\n', '', 0),
    (['cut', '-c1', 'nope'], NONE, '', '', 'cut: nope: No such file or directory\n', 1),
    (['cut', '-d', ' ', '-f', '3'], NONE, 'a b  c\n', '\n', '', 0),
    (['cut', '-d:', '-f1,3', '-O,'], NONE, 'a:b:c\n', 'a,c\n', '', 0),
    (['cut'], NONE, 'x\n', '', 'cut: expected a list of bytes, characters, or fields\n', 1),
    (['cut', '-c1', '-f2'], NONE, 'x\n', '', usage('cut'), 1),
    (['cut', '-d:', '-f3,1'], NONE, 'a:b:c\n', 'a:c\n', '', 0),
    (['cut', '-d:', '-f3,1', '-D'], NONE, 'a:b:c\n', 'c:a\n', '', 0),
    (['cut', '-F', '2'], NONE, 'a  b c\n', 'b\n', '', 0),
    (['cut', '-d:', '-f1,7'], PASSWD, '', '', '', 0),
    # tr
    (['tr', 'a-z', 'A-Z'], NONE, 'hello world\n', 'HELLO WORLD\n', '', 0),
    (['tr', '-d', 'lo'], NONE, 'hello world\n', 'he wrd\n', '', 0),
    (['tr', '-s', 'eo '], NONE, 'heelloo   x\n', 'hello x\n', '', 0),
    (['tr', '-cd', '0-9\\n'], NONE, 'hello 123\n', '123\n', '', 0),
    (['tr', '[:lower:]', '[:upper:]'], NONE, 'hello\n', 'HELLO\n', '', 0),
    (['tr', 'abc', 'x'], NONE, 'abc\n', 'xxx\n', '', 0),
    (['tr', ' ', '\\n'], NONE, 'a b\n', 'a\nb\n', '', 0),
    (['tr'], NONE, 'abc\n', '', usage('tr'), 1),
    (['tr', '-s', 'a-c'], NONE, 'aabbcc\n', 'abc\n', '', 0),
    (['tr', '-c', 'a-z', '_'], NONE, 'hello world\n', 'hello_world_', '', 0),
    (['tr', 'a-z', '[A*]'], NONE, 'hello\n', ']]]]]\n', '', 0),
    (['tr', '-ds', 'l', 'o'], NONE, 'hello\n', 'heo\n', '', 0),
    (['tr', 'a-c', 'xy'], NONE, 'abc\n', 'xyy\n', '', 0),
    (['tr', '.', '\\101'], NONE, 'a.b\n', 'aAb\n', '', 0),
    (['tr', '[=a=]', 'X'], NONE, 'abc\n', 'Xbc\n', '', 0),
    (['tr', 'a-', 'xy'], NONE, 'a-b\n', 'xyb\n', '', 0),
    (['tr', '-s', '\\n'], NONE, 'a\n\n\nb\n', 'a\nb\n', '', 0),
    # sort
    (['sort', '-n'], NONE, '10\n9\n-1\nabc\n2.5\n\n1e3\n', '-1\n\nabc\n2.5\n9\n10\n1e3\n', '', 0),
    (['sort'], NONE, 'b\nA\na\nB\n', 'A\nB\na\nb\n', '', 0),
    (['sort', '-f'], NONE, 'b\nA\na\nB\n', 'A\na\nB\nb\n', '', 0),
    (['sort', '-fu'], NONE, 'b\nA\na\nB\n', 'A\nB\n', '', 0),
    (['sort', '-k2', '-n'], NONE, 'x 3\ny 1\nz 2\n', 'y 1\nz 2\nx 3\n', '', 0),
    (['sort', '-t:', '-k2,2r'], NONE, 'x:3\ny:1\nz:2\n', 'x:3\nz:2\ny:1\n', '', 0),
    (['sort', '-u'], NONE, 'a\nb\na\n', 'a\nb\n', '', 0),
    (['sort', '-c'], NONE, 'b\na\n', '', 'Check line 1\n', 1),
    (['sort', '-c'], NONE, 'a\nc\nb\n', '', 'Check line 2\n', 1),
    (['sort', '-cu'], NONE, 'a\na\n', '', 'Check line 1\n', 1),
    (['sort', '-h'], NONE, '1\n', '', "sort: invalid option -- 'h'\n" + usage('sort'), 2),
    (['sort', '-b'], NONE, ' b\na\n', 'a\n b\n', '', 0),
    (['sort', '-M'], NONE, 'Jan\nMar\nFeb\n', 'Jan\nFeb\nMar\n', '', 0),
    (['sort', '-V'], NONE, '1.10\n1.9\n1.2\n', '1.2\n1.9\n1.10\n', '', 0),
    (['sort', '-k1,1', '-k2n'], NONE, 'a 2\nb 10\na 1\n', 'a 1\na 2\nb 10\n', '', 0),
    (['sort', 'nope'], NONE, '', '', 'sort: nope: No such file or directory\n', 2),
    (['sort', '-rn'], NONE, '2\n10\n1\n', '10\n2\n1\n', '', 0),
    (['sort', '-n'], NONE, '0x10\n9\ninf\n-inf\n 5\n+3\n.5\n', '-inf\n.5\n+3\n 5\n9\n0x10\ninf\n', '', 0),
    (['sort', '-s', '-f'], NONE, 'B\na\nb\nA\n', 'a\nA\nB\nb\n', '', 0),
    (['sort', '-t,', '-k2n'], NONE, 'x,2\ny,10\n', 'x,2\ny,10\n', '', 0),
    (['sort', '-k0'], NONE, 'a\n', '', 'sort: bad field specification\n', 2),
    (['sort', '-t', 'ab'], NONE, 'a\n', '', 'sort: bad -t parameter\n', 2),
    (['sort', '-k', '1x'], NONE, 'x\n', '', 'sort: unknown key option\n', 2),
    (['sort', '-z'], NONE, 'b\x00a\x00', 'a\x00b\x00', '', 0),
    (['sort', '-o', 'out'], NONE, 'b\na\n', '', '', 0, {'out': 'a\nb\n'}),
    (['sort', '-t:', '-k3n'], PASSWD, '', '', '', 0),
]


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_text_filter_as_busybox_does(row):
    argv, files, stdin, out, err, status, *changes = row
    result = run(argv, files, stdin)
    assert (result.output(out), result.err, result.status) == (out, err, status)
    if changes:
        check_changes(result.fs, changes[0])
