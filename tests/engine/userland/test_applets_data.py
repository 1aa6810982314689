"""Bytes in and out: checksums, base64, od, hexdump, xxd, tar, gzip, gunzip and zcat.

A row is (argv, files, stdin, stdout, stderr, status[, files changed]), recorded from the real
busybox. evil.tar holds members named `../x`, `a/../../y` and `/abs/z`, a symlink to
/etc/passwd and a hard link: extracted, they all land inside the working directory.
"""
from __future__ import annotations

import pytest

from applet_harness import check_changes, link, row_id, run, usage

DIGEST = {"f": "hello\n", "sums": "b1946ac92492d2347c6235b4d2611184  f\n",
          "badsums": "ffff46ac92492d2347c6235b4d2611184  f\n", "junk": "zzz\n", "d/": None,
          "bin": b"\x00\x01\t\r\x07\x80\xff z", "rep": b"a" * 49 + b"b", "abc": "abcdefghijklmnopqrstuvwxyz",
          "b64bad": "aGVsbA==bG8K"}


def _evil_tar() -> bytes:
    """An archive whose member names try to leave the extraction directory."""
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name, data in [("../x", b"1"), ("a/../../y", b"2"), ("/abs/z", b"3"), ("ok/f", b"4"), ("ok/../w", b"5")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, kind, target in [("lnk", tarfile.SYMTYPE, "/etc/passwd"), ("hard", tarfile.LNKTYPE, "ok/f")]:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            tar.addfile(info)
    return buffer.getvalue()


ARCHIVE = {"d/a": "hi\n", "d/l": link("a"), "d/e/b": "x\n", "evil.tar": _evil_tar(), "f": "hello\n", "bad.gz": "notgz\n"}

ROWS = [
    # ---- checksums, base64 and dumps
    (['md5sum', 'f'], DIGEST, '', 'b1946ac92492d2347c6235b4d2611184  f\n', '', 0),
    (['sha256sum', 'f', '-'], DIGEST, 'hello\n',
     '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  f\n'
     '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  -\n',
     '', 0),
    (['md5sum', 'nope', 'f'], DIGEST, '',
     'b1946ac92492d2347c6235b4d2611184  f\n',
     "md5sum: can't open 'nope': No such file or directory\n", 1),
    (['md5sum', '-c', 'sums'], DIGEST, '', 'f: OK\n', '', 0),
    (['md5sum', '-c', 'badsums'], DIGEST, '',
     'f: FAILED\n',
     'md5sum: WARNING: 1 of 1 computed checksums did NOT match\n', 1),
    (['md5sum', '-c', 'nope'], DIGEST, '', '', 'md5sum: nope: No such file or directory\n', 1),
    (['md5sum', '-c', 'junk'], DIGEST, '', '', 'md5sum: WARNING: 1 of 1 computed checksums did NOT match\n', 1),
    (['md5sum', '-cs', 'badsums'], DIGEST, '', '', '', 1),
    (['md5sum', '-cw', 'junk'], DIGEST, '',
     '',
     'md5sum: invalid format\n'
     'md5sum: WARNING: 1 of 1 computed checksums did NOT match\n', 1),
    (['sha3sum', 'f'], DIGEST, '', '5093b1ea1fed43f347b4bf8f8e61334e751516506e390b0fa67758d3  f\n', '', 0),
    (['sha3sum', '-a', '512', 'f'], DIGEST, '',
     'ac766ba623301e0ad63c48cb2fc469d10145f65c9f1f28fe761c78c386ed295a1fda1b05e280354e620757d8a83e05a45f66438dd734278668c1c27ac6f27150  f\n',
     '', 0),
    (['md5sum', 'd'], DIGEST, '', '', "md5sum: can't read 'd': Is a directory\n", 1),
    (['sha1sum', 'f'], DIGEST, '', 'f572d396fae9206628714fb2ce00f72e94f2258f  f\n', '', 0),
    (['sha512sum'], DIGEST, 'x',
     'a4abd4448c49562d828115d13a1fccea927f52b4d5459297f8b43e42da89238bc13626e43dcb38ddb082488927ec904fb42057443983e88585179d50551afe62  -\n',
     '', 0),
    (['sha3sum', '-a', '7', 'f'], DIGEST, '', '', 'sha3sum: bad -a7\n', 1),
    (['base64'], DIGEST, 'hello world, this is a long line of text that wraps around the base64 width\n',
     'aGVsbG8gd29ybGQsIHRoaXMgaXMgYSBsb25nIGxpbmUgb2YgdGV4dCB0aGF0IHdyYXBzIGFyb3Vu\n'
     'ZCB0aGUgYmFzZTY0IHdpZHRoCg==\n',
     '', 0),
    (['base64', '-d'], DIGEST, 'aGVsbG8K', 'hello\n', '', 0),
    (['base64', '-d'], DIGEST, 'aGVsbG8K!!', 'hello\n', '', 0),
    (['base64', '-w', '0'], DIGEST, 'abc', 'YWJj', '', 0),
    (['base64', '-w2'], DIGEST, 'abc', 'YW\nJj\n', '', 0),
    (['base64', '-d'], DIGEST, 'a\nb\n', '', 'base64: truncated input\n', 1),
    (['base64', '-d', 'b64bad'], DIGEST, '', 'hell', 'base64: truncated input\n', 1),
    (['base64', '-d'], DIGEST, 'aGVsbA', 'hel', 'base64: truncated input\n', 1),
    (['base64', 'nope'], DIGEST, '', '', 'base64: nope: No such file or directory\n', 1),
    (['od'], DIGEST, 'hello\n', '0000000 062550 066154 005157\n0000006\n', '', 0),
    (['od', '-c'], DIGEST, 'hello\n', '0000000   h   e   l   l   o  \\n\n0000006\n', '', 0),
    (['od', '-An', '-tx1'], DIGEST, 'hello\n', ' 68 65 6c 6c 6f 0a\n', '', 0),
    (['od', '-x'], DIGEST, 'hello world 12345\n',
     '0000000 6568 6c6c 206f 6f77 6c72 2064 3231 3433\n'
     '0000020 0a35\n'
     '0000022\n',
     '', 0),
    (['od', '-c', 'bin'], DIGEST, '', '0000000  \\0 001  \\t  \\r  \\a 200 377       z\n0000011\n', '', 0),
    (['od', '-c', 'rep'], DIGEST, '',
     '0000000   a   a   a   a   a   a   a   a   a   a   a   a   a   a   a   a\n'
     '*\n'
     '0000060   a   b\n'
     '0000062\n',
     '', 0),
    (['od', '-b'], DIGEST, 'hello', '0000000 150 145 154 154 157\n0000005\n', '', 0),
    (['od', '-d'], DIGEST, 'hello', '0000000 25960 27756   111\n0000005\n', '', 0),
    (['od', '-Ax', '-tx1'], DIGEST, 'hello', '000000 68 65 6c 6c 6f\n000005\n', '', 0),
    (['od', '-ta', 'bin'], DIGEST, '', '0000000 nul soh  ht  cr bel nul del  sp   z\n0000011\n', '', 0),
    (['od', '-tx4'], DIGEST, 'hello!!\n', '0000000 6c6c6568 0a21216f\n0000010\n', '', 0),
    (['od', 'nope'], DIGEST, '', '', 'od: nope: No such file or directory\n', 1),
    (['hexdump', '-C', 'abc'], DIGEST, '',
     '00000000  61 62 63 64 65 66 67 68  69 6a 6b 6c 6d 6e 6f 70  |abcdefghijklmnop|\n'
     '00000010  71 72 73 74 75 76 77 78  79 7a                    |qrstuvwxyz|\n'
     '0000001a\n',
     '', 0),
    (['hexdump', '-C', 'rep'], DIGEST, '',
     '00000000  61 61 61 61 61 61 61 61  61 61 61 61 61 61 61 61  |aaaaaaaaaaaaaaaa|\n'
     '*\n'
     '00000030  61 62                                             |ab|\n'
     '00000032\n',
     '', 0),
    (['hexdump'], DIGEST, 'hello\n', '0000000 6568 6c6c 0a6f                         \n0000006\n', '', 0),
    (['hexdump', 'nope'], DIGEST, '', '', 'hexdump: nope: No such file or directory\n', 1),
    (['hexdump', '-C', 'bin'], DIGEST, '',
     '00000000  00 01 09 0d 07 80 ff 20  7a                       |....... z|\n'
     '00000009\n',
     '', 0),
    (['xxd'], DIGEST, 'hello world 12345 abcdef\n',
     '00000000: 6865 6c6c 6f20 776f 726c 6420 3132 3334  hello world 1234\n'
     '00000010: 3520 6162 6364 6566 0a                   5 abcdef.\n',
     '', 0),
    (['xxd', '-p', 'abc'], DIGEST, '', '6162636465666768696a6b6c6d6e6f707172737475767778797a\n', '', 0),
    (['xxd', 'bin'], DIGEST, '', '00000000: 0001 090d 0780 ff20 7a                   ....... z\n', '', 0),
    # ---- tar and gzip
    (['tar', '-xf', 'nope.tar'], ARCHIVE, '', '', "tar: can't open 'nope.tar': No such file or directory\n", 1),
    (['tar'], ARCHIVE, '', '', usage('tar'), 1),
    (['tar', '-xf', 'evil.tar'], ARCHIVE, '', '', "tar: removing leading '../' from member names\n", 0,
     {'abs/': "dir", 'abs/z': '3', 'hard': '4', 'lnk': link('/etc/passwd'), 'ok/': "dir", 'ok/f': '4', 'w': '5', 'x': '1', 'y': '2'}),
    (['tar', '-xvf', 'evil.tar'], ARCHIVE, '',
     'x\ny\nabs/z\nok/f\nw\nlnk\nhard\n',
     "tar: removing leading '../' from member names\n", 0,
     {'abs/': "dir", 'abs/z': '3', 'hard': '4', 'lnk': link('/etc/passwd'), 'ok/': "dir", 'ok/f': '4', 'w': '5', 'x': '1', 'y': '2'}),
    (['tar', '-tf', 'evil.tar'], ARCHIVE, '',
     'x\ny\nabs/z\nok/f\nw\nlnk\nhard\n',
     "tar: removing leading '../' from member names\n", 0),
    (['tar', '-tvf', 'evil.tar'], ARCHIVE, '',
     '-rw-r--r-- 0/0         1 1970-01-01 00:00:00 x\n'
     '-rw-r--r-- 0/0         1 1970-01-01 00:00:00 y\n'
     '-rw-r--r-- 0/0         1 1970-01-01 00:00:00 abs/z\n'
     '-rw-r--r-- 0/0         1 1970-01-01 00:00:00 ok/f\n'
     '-rw-r--r-- 0/0         1 1970-01-01 00:00:00 w\n'
     'lrw-r--r-- 0/0         0 1970-01-01 00:00:00 lnk -> /etc/passwd\n'
     '-rw-r--r-- 0/0         0 1970-01-01 00:00:00 hard -> ok/f\n',
     "tar: removing leading '../' from member names\n", 0),
    (['tar', '-tf', 'd/a'], ARCHIVE, '', '', 'tar: short read\n', 1),
    (['tar', '-xf', 'evil.tar', '-C', 'nodir'], ARCHIVE, '',
     '',
     "tar: can't change directory to 'nodir': No such file or directory\n", 1),
    (['tar', '-xf', 'evil.tar', 'ok/f', 'nonexist'], ARCHIVE, '',
     '',
     "tar: removing leading '../' from member names\n"
     'tar: nonexist: not found in archive\n', 1, {'ok/': "dir", 'ok/f': '4'}),
    (['tar', '-xOf', 'evil.tar', 'ok/f'], ARCHIVE, '', '4', "tar: removing leading '../' from member names\n", 0),
    (['tar', '-cf', 'x.tar', 'd', '--exclude', 'a'], ARCHIVE, '',
     '',
     "tar: unrecognized option '--exclude'\n" + usage('tar'), 1),
    (['tar', '-xf', 'evil.tar', '--strip-components', '1'], ARCHIVE, '',
     '',
     "tar: removing leading '../' from member names\n", 0, {'f': '4', 'z': '3'}),
    (['gzip', '-k', 'f'], ARCHIVE, '', '', '', 0,
     {'f.gz': b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcbH\xcd\xc9\xc9\xe7\x02\x00 0:6\x06\x00\x00\x00'}),
    (['gzip', '-c', 'f'], ARCHIVE, '',
     b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcbH\xcd\xc9\xc9\xe7\x02\x00 0:6\x06\x00\x00\x00',
     '', 0),
    (['gzip', 'f'], ARCHIVE, '', '', '', 0,
     {'f': None, 'f.gz': b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcbH\xcd\xc9\xc9\xe7\x02\x00 0:6\x06\x00\x00\x00'}),
    (['gunzip', 'f'], ARCHIVE, '', '', 'gunzip: f: unknown suffix - ignored\n', 1),
    (['gunzip', 'bad.gz'], ARCHIVE, '', '', 'gunzip: invalid magic\n', 1),
    (['gzip', '-d', 'nope.gz'], ARCHIVE, '', '', 'gzip: nope.gz: No such file or directory\n', 1),
    (['zcat', 'nope'], ARCHIVE, '', '', 'zcat: nope: No such file or directory\n', 1),
    (['gzip', '-t', 'bad.gz'], ARCHIVE, '', '', 'gzip: invalid magic\n', 1),
    (['gzip', 'd'], ARCHIVE, '', '', "gzip: can't remove file 'd': Is a directory\n", 1,
     {'d.gz': ("file", 0o755, b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00')}),
    (['gzip', '-l', 'f'], ARCHIVE, '', '', "gzip: invalid option -- 'l'\n" + usage('gzip'), 1),
]


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_data_command_as_busybox_does(row):
    argv, files, stdin, out, err, status, *changes = row
    result = run(argv, files, stdin)
    assert (result.output(out), result.err, result.status) == (out, err, status)
    if changes:
        check_changes(result.fs, changes[0])
