"""The process and its machine: env, id, whoami, uname, sleep, date, which, kill, tty, expr and
xargs as busybox 1.35 answers.

A row is (argv, files, stdin, stdout, stderr, status), recorded from the real busybox. Dates are
given with -d, so the rows hold whatever the day.
"""
from __future__ import annotations

import pytest

from applet_harness import check_changes, row_id, run, usage

NONE: dict = {}
IN = {"in": "x y\n"}

ROWS = [
    # ---- the process and the machine
    (['env', '-i', 'A=1', 'B=2'], NONE, '', 'A=1\nB=2\n', '', 0),
    (['env', 'nosuchcmd'], NONE, '', '', "env: can't execute 'nosuchcmd': No such file or directory\n", 127),
    (['env', '/etc'], NONE, '', '', "env: can't execute '/etc': Permission denied\n", 126),
    (['env', '-i', 'A=1', '/bin/env'], NONE, '', 'A=1\n', '', 0),
    (['env', '-'], NONE, '', '', '', 0),
    (['env', '-i', 'X=1', 'sh', '-c', 'echo $X'], NONE, '', '1\n', '', 0),
    (['id', '-u'], NONE, '', '0\n', '', 0),
    (['id', '-g'], NONE, '', '0\n', '', 0),
    (['id', '-un'], NONE, '', 'root\n', '', 0),
    (['id', '-gn'], NONE, '', 'root\n', '', 0),
    (['id', 'nosuch'], NONE, '', '', 'id: unknown user nosuch\n', 1),
    (['id', '-ug'], NONE, '', '', usage('id'), 1),
    (['id', 'a', 'b'], NONE, '', '', usage('id'), 1),
    (['whoami'], NONE, '', 'root\n', '', 0),
    (['whoami', 'x'], NONE, '', '', usage('whoami'), 1),
    (['uname'], NONE, '', 'Linux\n', '', 0),
    (['uname', '-s'], NONE, '', 'Linux\n', '', 0),
    (['uname', '-m'], NONE, '', 'x86_64\n', '', 0),
    (['uname', 'x'], NONE, '', '', usage('uname'), 1),
    (['uname', '-z'], NONE, '', '', "uname: invalid option -- 'z'\n" + usage('uname'), 1),
    (['arch'], NONE, '', 'x86_64\n', '', 0),
    (['sleep'], NONE, '', '', usage('sleep'), 1),
    (['sleep', 'x'], NONE, '', '', "sleep: invalid number 'x'\n", 1),
    (['sleep', '0.1s', '0.1'], NONE, '', '', '', 0),
    (['sleep', '1z'], NONE, '', '', "sleep: invalid number '1z'\n", 1),
    (['usleep', '10'], NONE, '', '', '', 0),
    (['usleep'], NONE, '', '', usage('usleep'), 1),
    (['tty'], NONE, '', 'not a tty\n', '', 1),
    (['logname'], NONE, '', '', 'logname: getlogin: No such device or address\n', 1),
    (['nproc', '--bogus'], NONE, '', '', "nproc: unrecognized option '--bogus'\n" + usage('nproc'), 1),
    (['date', '-d', '@0'], NONE, '', 'Thu Jan  1 00:00:00 UTC 1970\n', '', 0),
    (['date', '-u', '-d', '@0'], NONE, '', 'Thu Jan  1 00:00:00 UTC 1970\n', '', 0),
    (['date', '-d', '2020-01-02 03:04:05', '+%s %a %A %b %B %c %C %d %D %e %F %g %G %H %I %j %k %l %m %M %n %N %p %P %r %R %S %t %T %u %U %V %w %W %x %X %y %Y %z %Z %% %q %-d %_m %03d %^a %#b'], NONE, '',
     '1577934245 Thu Thursday Jan January Thu Jan  2 03:04:05 2020 20 02 01/02/20  2 2020-01-02 20 2020 03 03 002  3  3 01 04 \n'
     ' %N AM am 03:04:05 AM 03:04 05 \t 03:04:05 4 00 01 4 00 01/02/20 03:04:05 20 2020 +0000 UTC % %q 2  1 002 THU JAN\n',
     '', 0),
    (['date', '-d', 'bad'], NONE, '', '', "date: invalid date 'bad'\n", 1),
    (['date', '-d', '@1700000000', '-R'], NONE, '', 'Tue, 14 Nov 2023 22:13:20 +0000\n', '', 0),
    (['date', '-d', '@1700000000', '-I'], NONE, '', '2023-11-14\n', '', 0),
    (['date', '-d', '@1700000000', '-Iseconds'], NONE, '', '2023-11-14T22:13:20+00:00\n', '', 0),
    (['date', '-d', '@1700000000', '-Iminutes'], NONE, '', '2023-11-14T22:13+00:00\n', '', 0),
    (['date', '-d', '2020-01-02'], NONE, '', 'Thu Jan  2 00:00:00 UTC 2020\n', '', 0),
    (['date', '-d', '2020.01.02-03:04'], NONE, '', 'Thu Jan  2 03:04:00 UTC 2020\n', '', 0),
    (['date', '-d', '01-02 03:04'], NONE, '', '', "date: invalid date '01-02 03:04'\n", 1),
    (['date', '-d', '202001020304'], NONE, '', 'Thu Jan  2 03:04:00 UTC 2020\n', '', 0),
    (['date', '-d', '12:30', '+%H:%M:%S'], NONE, '', '12:30:00\n', '', 0),
    (['date', 'x'], NONE, '', '', "date: invalid date 'x'\n", 1),
    (['date', '-d', '1:2:3', '+%T'], NONE, '', '01:02:03\n', '', 0),
    (['date', '-d', '2020-02-30'], NONE, '', 'Sun Mar  1 00:00:00 UTC 2020\n', '', 0),
    (['date', '-d', '2020-13-01'], NONE, '', '', "date: invalid date '2020-13-01'\n", 1),
    (['date', '-d', '2001020304.05'], NONE, '', 'Thu Jan  2 03:04:05 UTC 2020\n', '', 0),
    (['date', '-d', '20001020304'], NONE, '', '', "date: invalid date '20001020304'\n", 1),
    (['which'], NONE, '', '', usage('which'), 1),
    (['which', 'nosuch'], NONE, '', '', '', 1),
    (['which', '/bin/ls'], NONE, '', '/bin/ls\n', '', 0),
    (['kill', '99999'], NONE, '', '', "kill: can't kill pid 99999: No such process\n", 1),
    (['kill', '-9', '99998', '99999'], NONE, '',
     '',
     "kill: can't kill pid 99998: No such process\n"
     "kill: can't kill pid 99999: No such process\n", 2),
    (['kill'], NONE, '', '', 'kill: you need to specify whom to kill\n', 1),
    (['kill', '-l'], NONE, '',
     ' 1) HUP\n'
     ' 2) INT\n'
     ' 3) QUIT\n'
     ' 4) ILL\n'
     ' 5) TRAP\n'
     ' 6) ABRT\n'
     ' 7) BUS\n'
     ' 8) FPE\n'
     ' 9) KILL\n'
     '10) USR1\n'
     '11) SEGV\n'
     '12) USR2\n'
     '13) PIPE\n'
     '14) ALRM\n'
     '15) TERM\n'
     '16) STKFLT\n'
     '17) CHLD\n'
     '18) CONT\n'
     '19) STOP\n'
     '20) TSTP\n'
     '21) TTIN\n'
     '22) TTOU\n'
     '23) URG\n'
     '24) XCPU\n'
     '25) XFSZ\n'
     '26) VTALRM\n'
     '27) PROF\n'
     '28) WINCH\n'
     '29) POLL\n'
     '30) PWR\n'
     '31) SYS\n',
     '', 0),
    (['kill', '-l', '9'], NONE, '', 'KILL\n', '', 0),
    (['kill', '-l', 'KILL'], NONE, '', '9\n', '', 0),
    (['kill', '-s', 'TERM', '99999'], NONE, '', '', "kill: can't kill pid 99999: No such process\n", 1),
    (['kill', '-BOGUS', '1'], NONE, '', '', "kill: bad signal name 'BOGUS'\n", 1),
    (['kill', 'abc'], NONE, '', '', "kill: invalid number 'abc'\n", 1),
    (['kill', '-l', '137'], NONE, '', 'KILL\n', '', 0),
    (['kill', '-SIGTERM', '99999'], NONE, '', '', "kill: can't kill pid 99999: No such process\n", 1),
    (['expr', '1', '+', '2'], NONE, '', '3\n', '', 0),
    (['expr', '7', '/', '2'], NONE, '', '3\n', '', 0),
    (['expr', '-7', '%', '2'], NONE, '', '-1\n', '', 0),
    (['expr', '1', '/', '0'], NONE, '', '', 'expr: division by zero\n', 2),
    (['expr', 'a', '+', '1'], NONE, '', '', 'expr: non-numeric argument\n', 2),
    (['expr', 'a', '<', 'b'], NONE, '', '1\n', '', 0),
    (['expr', '10', '<', '9'], NONE, '', '0\n', '', 1),
    (['expr', 'abc', ':', 'a.'], NONE, '', '2\n', '', 0),
    (['expr', 'abc', ':', '\\(b.\\)'], NONE, '', '\n', '', 1),
    (['expr', 'abc', ':', '.\\(b.\\)'], NONE, '', 'bc\n', '', 0),
    (['expr', 'length', 'hello'], NONE, '', '5\n', '', 0),
    (['expr', 'substr', 'hello', '2', '3'], NONE, '', 'ell\n', '', 0),
    (['expr', 'index', 'hello', 'l'], NONE, '', '3\n', '', 0),
    (['expr', '0', '|', '5'], NONE, '', '5\n', '', 0),
    (['expr', '0', '&', '5'], NONE, '', '0\n', '', 1),
    (['expr', '(', '1', '+', '2', ')', '*', '3'], NONE, '', '9\n', '', 0),
    (['expr', '1', '+'], NONE, '', '', 'expr: syntax error\n', 2),
    (['expr'], NONE, '', '', 'expr: too few arguments\n', 2),
    (['expr', '0'], NONE, '', '0\n', '', 1),
    (['expr', '9999999999999999999', '+', '1'], NONE, '', '-9223372036854775808\n', '', 0),
    (['expr', '1', '=', '01'], NONE, '', '1\n', '', 0),
    (['expr', 'quote', '+'], NONE, '', '+\n', '', 0),
    (['expr', 'abc', ':', '['], NONE, '', '', "expr: bad regex '[': Invalid regular expression\n", 2),
    (['expr', 'abc', ':', 'a**'], NONE, '',
     '',
     "expr: bad regex 'a**': Invalid preceding regular expression\n", 2),
    (['expr', 'abc', ':', '*'], NONE, '', '0\n', '', 1),
    (['expr', '2', '+', '3', '*', '4'], NONE, '', '14\n', '', 0),
    (['xargs', 'echo', 'X'], NONE, 'a b\nc\n', 'X a b c\n', '', 0),
    (['xargs', '-n', '2', 'echo'], NONE, 'a b c d e\n', 'a b\nc d\ne\n', '', 0),
    (['xargs', '-I{}', 'echo', '[{}]'], NONE, 'a\nb\n', '[a]\n[b]\n', '', 0),
    (['xargs', '-0', 'echo'], NONE, 'a\x00b c\x00', 'a b c\n', '', 0),
    (['xargs', 'echo', 'X'], NONE, '', 'X\n', '', 0),
    (['xargs', '-r', 'echo', 'X'], NONE, '', '', '', 0),
    (['xargs', '-t', 'echo'], NONE, 'a b\n', 'a b\n', 'echo a b\n', 0),
    (['xargs', 'nosuch'], NONE, 'a\n', '', 'xargs: nosuch: No such file or directory\n', 127),
    (['xargs', 'false'], NONE, 'a\n', '', '', 123),
    (['xargs', '-n1', 'echo'], NONE, '"a b" c\\ d \'e f\'\n', 'a b\nc d\ne f\n', '', 0),
    (['xargs'], NONE, 'a\n', 'a\n', '', 0),
    (['xargs', 'echo'], NONE, '"abc\n', '', 'xargs: unmatched double quote\n', 1),
    (['xargs', '-s', '8', 'echo'], NONE, 'a b\nc\n', 'a\nb\nc\n', '', 0),
    (['xargs', '-a', 'in', 'echo'], IN, '', 'x y\n', '', 0),
    (['xargs', '-E', 'STOP', 'echo'], NONE, 'a STOP b\n', 'a\n', '', 0),
    (['xargs', 'sh', '-c', 'exit 255'], NONE, 'x\n', '', 'xargs: sh: exited with status 255; aborting\n', 124),
    (['xargs', '/etc'], NONE, 'a\n', '', 'xargs: /etc: Permission denied\n', 126),
]


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_system_command_as_busybox_does(row):
    argv, files, stdin, out, err, status, *changes = row
    result = run(argv, files, stdin)
    assert (result.output(out), result.err, result.status) == (out, err, status)
    if changes:
        check_changes(result.fs, changes[0])
