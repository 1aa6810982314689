"""awk as busybox 1.35 (built without its math library) runs programs: fields, patterns and
ranges, BEGIN/END, arrays, user functions, printf, getline, pipes, and its error messages.

A row is (argv, files, stdin, stdout, stderr, status[, files changed]), recorded from the real
busybox. Without math support `^`, `**` and sqrt() end the program; 010 is octal and "0x10"
converts to 16, as busybox's strtod reads them.
"""
from __future__ import annotations

import pytest

from applet_harness import check_changes, row_id, run, usage

AWK = {"f1": "l1\n", "p.awk": "BEGIN{\nprint 1/0}\n", "data": "x 1\ny 2\nx 3\n"}

ROWS = [
    # ---- awk
    (['awk', '{print $2}'], AWK, 'a b c\n', 'b\n', '', 0),
    (['awk', '{print 1/3, 2^53}'], AWK, '\n',
     '0.333333 ',
     'awk: cmd. line:1: Math support is not compiled in\n', 1),
    (['awk', '{x = "3x"; print x+1, (x < 10), ("10" < "9"), (10 < 9)}'], AWK, '\n', '4 0 1 0\n', '', 0),
    (['awk', '{print substr("hello", 2), substr("hello", 0, 2), substr("hello", -1, 3), length("abc"), index("abc","c")}'], AWK, '\n',
     'ello he hel 3 3\n',
     '', 0),
    (['awk', 'BEGIN{printf "%5.2f|%-3d|%s|%c|%c|%x\\n", 3.14159, 7, "s", 65, "hello", 255}'], AWK, '',
     ' 3.14|7  |s|A|h|ff\n',
     '', 0),
    (['awk', 'BEGIN { print 1; exit 3; print 2 } END { print "end" }'], AWK, '', '1\nend\n', '', 3),
    (['awk', '{'], AWK, '', '', 'awk: cmd. line:1: Unexpected token\n', 1),
    (['awk', 'BEGIN { n = split("a:b:c", arr, ":"); print n, arr[1], arr[3] }'], AWK, '', '3 a c\n', '', 0),
    (['awk', '{ n = gsub(/foo/, "[&]"); print n, $0 }'], AWK, 'foo bar foo\n', '2 [foo] bar [foo]\n', '', 0),
    (['awk', '-F,', '{print NF, $3, $4}'], AWK, 'a,b,,c\n', '4  c\n', '', 0),
    (['awk', '{s[$1]+=$2} END {for (k in s) print k, s[k]}', 'data'], AWK, '', 'x 4\ny 2\n', '', 0),
    (['awk', '{ $3 = "z"; print; print NF }'], AWK, 'hello\n', 'hello  z\n3\n', '', 0),
    (['awk', '{ NF = 2; print }'], AWK, 'a b c\n', 'a b\n', '', 0),
    (['awk', 'BEGIN{print toupper("abc"), tolower("ABC"), int(-3.7), 7%3, -7%3}'], AWK, '',
     'ABC abc -3 1 -1\n',
     '', 0),
    (['awk', 'BEGIN{print sqrt(4)}'], AWK, '', '', 'awk: cmd. line:1: Math support is not compiled in\n', 1),
    (['awk', 'BEGIN{print match("foobar", /ob/), RSTART, RLENGTH}'], AWK, '', '3 3 2\n', '', 0),
    (['awk', 'BEGIN{print 1/0}'], AWK, '', '', 'awk: cmd. line:1: Division by zero\n', 1),
    (['awk', 'BEGIN{print 1e20, 2147483648*3, 0.1*3, 123456789012, -3%2, 1==1.0, 100/3*3, 1e6*1e6, 0.000001}'], AWK, '',
     '1e+20 6442450944 0.3 123456789012 -1 1 100 1000000000000 1e-06\n',
     '', 0),
    (['awk', 'BEGIN{OFMT="%.2f"; x=3.14159; print x, x ""}'], AWK, '', '3.14 3.14159\n', '', 0),
    (['awk', '-v', 'n=5', 'BEGIN{print n+1}'], AWK, '', '6\n', '', 0),
    (['awk', '{print FILENAME, FNR, NR, v}', 'v=7', 'f1', 'f1'], AWK, '', 'f1 1 1 7\nf1 1 2 7\n', '', 0),
    (['awk', 'BEGIN{while ((getline line < "f1") > 0) print "got", line; close("f1"); "echo hi" | getline x; print x; print system("exit 3")}'], AWK, '',
     'got l1\nhi\n3\n',
     '', 0),
    (['awk', 'BEGIN{print ARGC, ARGV[0], ARGV[1]}', 'a'], AWK, '', '2 awk a\n', '', 0),
    (['awk', 'BEGIN{RS=""}{print NR": "$0}'], AWK, 'a\nb\n\nc\n', '1: a\nb\n2: c\n\n', '', 0),
    (['awk', '-F[0-9]', '{print $2}'], AWK, 'a1b2c\n', 'b\n', '', 0),
    (['awk', 'NR==2,NR==3'], AWK, '1\n2\n3\n4\n', '2\n3\n', '', 0),
    (['awk', '{printf "%s %s\\n", $1}'], AWK, 'x\n', 'x \n', '', 0),
    (['awk', 'BEGIN { x["a"]; if ("a" in x) print "yes"; for (i=0;i<3;i++) s = s i; print s; do { j++ } while (j < 5); print j }'], AWK, '',
     'yes\n012\n5\n',
     '', 0),
    (['awk', 'function f(a, b) { return a*2 } BEGIN { print f(3) }'], AWK, '', '6\n', '', 0),
    (['awk', '{$2=""; print; print NF}'], AWK, 'a b c\n', 'a  c\n3\n', '', 0),
    (['awk', 'BEGIN{print -"3", !"", !"a", !0, !"0"}'], AWK, '', '-3 1 0 1 0\n', '', 0),
    (['awk', 'BEGIN { print index("abc", "") ; print 1 " " -1}'], AWK, '', '0\n1-1\n', '', 0),
    (['awk', '{print $-1}'], AWK, 'a\n', '', 'awk: cmd. line:1: Access to negative field\n', 1),
    (['awk', 'BEGIN{getline; print "got" $0}'], AWK, 'in\n', 'gotin\n', '', 0),
    (['awk'], AWK, '', '', usage('awk'), 1),
    (['awk', '-f', 'nofile'], AWK, '', '', "awk: can't open 'nofile': No such file or directory\n", 1),
    (['awk', '{print}', 'nofile'], AWK, '', '', 'awk: nofile: No such file or directory\n', 1),
    (['awk', 'BEGIN{x = 010; print x, "0x10"+0, 1e3+0, ".5"+0, "+3"+0}'], AWK, '', '8 16 1000 0.5 3\n', '', 0),
    (['awk', 'BEGIN{FS=":"; OFS="-"} {$1=$1; print}'], AWK, 'a:b\n', 'a-b\n', '', 0),
    (['awk', 'BEGIN{s="aaa"; print sub(/a/,"b",s), s; t="x.y"; gsub(".", "-", t); print t}'], AWK, '',
     '1 baa\n---\n',
     '', 0),
    (['awk', '{print $1}', '-F:'], AWK, 'a:b\n', '', 'awk: -F:: No such file or directory\n', 1),
    (['awk', 'BEGIN{print "abc}'], AWK, '', '', 'awk: cmd. line:1: Unexpected end of string\n', 1),
    (['awk', 'BEGIN{f()}'], AWK, '', '', 'awk: cmd. line:1: Call to undefined function\n', 1),
    (['awk', 'function f(){} function f(){}'], AWK, '', '', 'awk: cmd. line:1: Duplicate function\n', 1),
    (['awk', 'BEGIN {\nprint 1\nprint 1/0\n}'], AWK, '', '1\n', 'awk: cmd. line:3: Division by zero\n', 1),
    (['awk', '-f', 'p.awk'], AWK, '', '', 'awk: p.awk:2: Division by zero\n', 1),
    (['awk', '{print $1, $2}', 'OFS=-'], AWK, 'a b\n', 'a-b\n', '', 0),
    (['awk', 'BEGIN{printf "%5.1s|%c%c|%d|%u\\n", "abc", "", 256+65, "0x1A", -1}'], AWK, '',
     '    a|\x00A|26|4294967295\n',
     '', 0),
    (['awk', '{ sum += $1 } END { print sum, sum/NR }'], AWK, '1\n2\n3\n4\n', '10 2.5\n', '', 0),
    (['awk', '{ for (i = NF; i > 0; i--) printf "%s%s", $i, (i > 1 ? " " : "\\n") }'], AWK, 'a b c\n',
     'c b a\n',
     '', 0),
    (['awk', '{ a[NR] = $0 } END { for (i = NR; i >= 1; i--) print a[i] }'], AWK, '1\n2\n3\n',
     '3\n2\n1\n',
     '', 0),
    (['awk', '{ print | "cat" } END { close("cat"); print "done" }'], AWK, 'x\ny\n', 'x\ny\ndone\n', '', 0),
    (['awk', 'BEGIN { print 1 > 2 ? "x" : "y" }'], AWK, '', '', '', 0, {'x': '1\n'}),
    (['awk', 'BEGIN { x = 5; x += 2; x -= 1; x *= 3; x /= 2; x %= 4; print x; print x++ + ++x }'], AWK, '',
     '1\n4\n',
     '', 0),
    (['awk', '-F', '\\t', '{print $2}'], AWK, 'a\tb\n', 'b\n', '', 0),
    (['awk', '{ exit } END { print "e", NR }'], AWK, 'a\nb\n', 'e 1\n', '', 0),
    (['awk', '{ print; getline; print "after", $0 }'], AWK, '1\n2\n3\n', '1\nafter 2\n3\nafter 3\n', '', 0),
    (['awk', 'length($0) > 1'], AWK, 'a\nbb\nccc\n', 'bb\nccc\n', '', 0),
    (['awk', '/b/'], AWK, 'a\nb\nc\n', 'b\n', '', 0),
    (['awk', '!/b/ { print NR ": " $0 }'], AWK, 'a\nb\nc\n', '1: a\n3: c\n', '', 0),
]


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_awk_program_as_busybox_does(row):
    argv, files, stdin, out, err, status, *changes = row
    result = run(argv, files, stdin)
    assert (result.output(out), result.err, result.status) == (out, err, status)
    if changes:
        check_changes(result.fs, changes[0])
