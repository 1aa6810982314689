"""What the row tables cannot show: terminals, time, signals, pipes that stay open, the engine's
hooks, and the machine a container sees. Expected texts were taken from busybox 1.35 where it can
run (on a terminal through `script`), and from Docker's conventions where it cannot (ps, df, mount).
"""
from __future__ import annotations

import re
import threading
import time

import pytest

from applet_harness import WORKDIR, container, run
from dockyard.engine.userland.process import Killed, Pipe, Signals

GREEK = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
         "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"]


# ---------------------------------------------------------------- terminals
def test_ls_prints_columns_only_on_a_terminal():
    files = {name: "" for name in GREEK}
    assert run(["ls"], files, tty=True).out == (
        "alpha    delta    gamma    lambda   omega    pi       sigma    upsilon\n"
        "beta     epsilon  iota     mu       omicron  psi      tau      xi\n"
        "chi      eta      kappa    nu       phi      rho      theta    zeta\n")
    assert run(["ls"], files).out == "".join(f"{n}\n" for n in sorted(GREEK))


def test_ls_columns_follow_the_terminal_width():
    files = {name: "" for name in GREEK}
    out = run(["ls"], files, tty=True, env={"PATH": "/bin", "COLUMNS": "40"}).out
    assert out.splitlines()[:3] == ["alpha    gamma    omega    sigma", "beta     iota     omicron  tau",
                                    "chi      kappa    phi      theta"]


def test_top_redraws_the_screen_unless_in_batch_mode():
    screen = run(["top", "-n", "1"]).out
    assert screen.startswith("\x1b[H\x1b[JMem: ")
    assert "\x1b[7m  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND\x1b[m\n" in screen
    batch = run(["top", "-b", "-n", "1"]).out.splitlines()
    assert batch[1] == "CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq"
    assert batch[3:] == ["  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND",
                         "    1     0 root     R     1332   0%   0% top -b -n 1"]


# ---------------------------------------------------------------- time and signals
def _in_background(fn):
    box = {}
    thread = threading.Thread(target=lambda: box.setdefault("result", _catch(fn)), daemon=True)
    thread.start()
    return thread, box


def _catch(fn):
    try:
        return fn()
    except Killed as e:
        return e


def test_tail_f_prints_what_is_appended_until_a_signal_ends_it():
    fs = container({"log": "one\n"})
    signals = Signals()
    out = Pipe()
    thread, box = _in_background(lambda: run(["tail", "-f", "-s", "0.01", "log"], fs=fs, signals=signals,
                                             stdout=out.writer))
    assert out.reader.readline() == b"one\n"
    fs.write_bytes(f"{WORKDIR}/log", b"two\n", append=True)
    assert out.reader.readline() == b"two\n"
    signals.deliver(15)
    thread.join(2)
    assert isinstance(box["result"], Killed) and box["result"].status == 143


def test_sleep_is_cut_short_by_a_signal():
    signals = Signals()
    thread, box = _in_background(lambda: run(["sleep", "1m"], signals=signals))
    time.sleep(0.05)
    signals.deliver(9)
    thread.join(2)
    assert box["result"].status == 137


def test_top_as_pid_1_ends_on_sigterm_without_waiting_for_sigkill():
    signals = Signals(pid1=True)
    thread, box = _in_background(lambda: run(["top", "-b", "-d", "30"], signals=signals))
    time.sleep(0.05)
    assert signals.deliver(15)
    thread.join(2)
    assert box["result"].status == 143


def test_date_prints_now_in_utc():
    out = run(["date"]).out
    assert re.fullmatch(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\n", out)
    assert abs(int(run(["date", "+%s"]).out) - time.time()) < 5


def test_touch_sets_a_date_and_ls_shows_the_year_for_old_files():
    result = run(["sh", "-c", "touch -d '2020-01-02 03:04:05' f && ls -l f && ls -l --full-time f"])
    assert result.out == ("-rw-r--r--    1 root     root             0 Jan  2  2020 f\n"
                          "-rw-r--r--    1 root     root             0 2020-01-02 03:04:05 +0000 f\n")


# ---------------------------------------------------------------- pipes
@pytest.mark.parametrize("script, out", [
    ("yes | head -n 2", "y\ny\n"),
    ("seq 1 1000000 | head -n 2", "1\n2\n"),
    ("yes abc | head -c 7", "abc\nabc"),
    ("printf 'b\\na\\n' | sort | tac", "b\na\n"),
    ("echo hello | tr a-z A-Z | rev", "OLLEH\n"),
    ("seq 3 | xargs -n 2 echo", "1 2\n3\n"),
])
def test_endless_writers_stop_when_the_reader_is_done(script, out):
    result = run(["sh", "-c", script])
    assert (result.out, result.err, result.status) == (out, "", 0)


def test_grep_passes_lines_on_while_its_input_is_still_open():
    stdin = Pipe()
    out = Pipe()
    fs = container()
    from dockyard.engine.userland.exec import execute
    from dockyard.engine.userland.process import BufferOutput, Process

    proc = Process(fs, ["grep", "x"], env={"PATH": "/bin"}, stdin=stdin.reader, stdout=out.writer,
                   stderr=BufferOutput())
    thread, box = _in_background(lambda: execute(proc))
    stdin.writer.write(b"ax\nb\n")
    assert out.reader.readline() == b"ax\n"  # before its input ends
    stdin.writer.close()
    thread.join(2)
    assert box["result"] == 0


def test_a_writer_whose_reader_is_gone_dies_of_sigpipe():
    out = Pipe()
    out.reader.close()
    assert run(["cat", "f"], {"f": "x"}, stdout=out.writer).status == 141


# ---------------------------------------------------------------- the container and the engine
def test_hostname_and_uname_describe_the_container():
    fs = container()
    from dockyard.engine.userland.exec import execute
    from dockyard.engine.userland.process import BufferOutput, Host, Process

    out = BufferOutput()
    proc = Process(fs, ["uname", "-a"], env={"PATH": "/bin"}, stdout=out, host=Host(hostname="3f2a1b4c5d6e"))
    assert execute(proc) == 0
    assert out.getvalue() == b"Linux 3f2a1b4c5d6e 5.15.0-91-generic #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023 " \
                             b"x86_64 GNU/Linux\n"


def test_users_are_the_containers_own():
    fs = container()
    fs.write_bytes("/etc/passwd", b"app:x:1000:1000::/home/app:/bin/sh\n", append=True)
    fs.write_bytes("/etc/group", b"app:x:1000:\nstaff:x:50:app\n", append=True)
    assert run(["id", "app"], fs=fs).out == "uid=1000(app) gid=1000(app) groups=1000(app),50(staff)\n"
    assert run(["whoami"], fs=fs, uid=1000).out == "app\n"
    assert run(["whoami"], fs=fs, uid=4242).err == "whoami: unknown uid 4242\n"
    fs.write_bytes(f"{WORKDIR}/f", b"")
    assert run(["sh", "-c", "chown app:staff f && ls -l f"], fs=fs).out.startswith(
        "-rw-r--r--    1 app      staff            0 ")


def test_ps_shows_the_process_asking_when_the_engine_lists_none():
    assert run(["ps"]).out == "PID   USER     COMMAND\n    1 root     ps\n"


def test_ps_and_kill_use_the_engines_process_table():
    class Services:
        killed: list = []

        def processes(self):
            from types import SimpleNamespace as P
            return [P(pid=1, ppid=0, uid=0, state="S", vsz_kb=1332, argv=["sleep", "300"]),
                    P(pid=7, ppid=0, uid=65534, state="R", vsz_kb=1332, argv=["ps", "-o", "pid,user,comm"])]

        def kill(self, pid, signum):
            self.killed.append((pid, signum))
            return pid == 1

    from dockyard.engine.userland.exec import execute
    from dockyard.engine.userland.process import BufferOutput, Host, Process

    services = Services()
    out, err = BufferOutput(), BufferOutput()
    execute(Process(container(), ["ps", "-o", "pid,user,comm"], env={"PATH": "/bin"}, stdout=out,
                    host=Host(services=services)))
    assert out.getvalue() == b"PID   USER     COMMAND\n    1 root     sleep\n    7 nobody   ps\n"
    status = execute(Process(container(), ["kill", "-9", "1", "2"], env={"PATH": "/bin"}, stderr=err,
                             host=Host(services=services)))
    assert (status, err.getvalue(), services.killed) == (1, b"kill: can't kill pid 2: No such process\n",
                                                         [(1, 9), (2, 9)])


def test_free_df_and_mount_describe_a_docker_host():
    assert run(["free"]).out == (
        "              total        used        free      shared  buff/cache   available\n"
        "Mem:        8130812     1211064     4468156        2844     2451592     6628620\n"
        "Swap:             0           0           0\n")
    df = run(["df"]).out.splitlines()
    assert df[:3] == ["Filesystem           1K-blocks      Used Available Use% Mounted on",
                      "overlay               61255492  18733088  39380092  33% /",
                      "tmpfs                    65536         0     65536   0% /dev"]
    mounts = run(["mount"]).out.splitlines()
    assert mounts[0].startswith("overlay on / type overlay (rw,relatime,lowerdir=")
    assert "proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)" in mounts
    assert run(["mount", "-t", "tmpfs", "none", "/mnt"]).err == "mount: permission denied (are you root?)\n"


def test_nproc_uname_and_uptime_use_one_machine():
    assert run(["nproc"]).out == "4\n"
    assert run(["uname", "-rm"]).out == "5.15.0-91-generic x86_64\n"
    assert re.fullmatch(r" \d\d:\d\d:\d\d up 3:17,  0 users,  load average: 0.08, 0.03, 0.01\n", run(["uptime"]).out)


def test_mktemp_makes_a_private_file_in_tmp():
    result = run(["mktemp"])
    name = result.out.strip()
    assert re.fullmatch(r"/tmp/tmp\.[A-Za-z0-9]{6}", name)
    assert oct(result.fs.stat(name).st_mode & 0o777) == "0o600"
    made = run(["mktemp", "-d", "-p", "/w", "build.XXXXXXXX"])
    assert re.fullmatch(r"/w/build\.[A-Za-z0-9]{8}\n", made.out) and made.fs.is_dir(made.out.strip())


def test_applets_the_image_links_but_dockyard_lacks_say_so():
    assert (run(["vi"]).err, run(["vi"]).status) == ("vi: applet not supported in dockyard yet\n", 127)
    assert run(["busybox", "dd"]).err == "dd: applet not supported in dockyard yet\n"


def test_hard_links_are_copies_of_the_file():
    result = run(["sh", "-c", "ln f g && cat g && echo more >> f && cat g"], {"f": "one\n"})
    assert result.out == "one\none\n"


# ---------------------------------------------------------------- archives that round-trip
def test_tar_and_gzip_round_trip_a_tree():
    script = ("tar -czf /tmp/t.tgz d && rm -r d && tar -xzvf /tmp/t.tgz && cat d/e/b && "
              "gzip -c d/a | gunzip && zcat < /tmp/t.tgz | tar -t")
    result = run(["sh", "-c", script], {"d/a": "hi\n", "d/e/b": "x\n"})
    assert result.out == "d/\nd/a\nd/e/\nd/e/b\nx\nhi\nd/\nd/a\nd/e/\nd/e/b\n"
    assert result.status == 0


def test_tar_writes_archives_other_tools_read():
    import io
    import tarfile

    result = run(["tar", "-cf", "/tmp/t.tar", "d"], {"d/a": "hi\n", "d/l": ("link", "a")})
    with tarfile.open(fileobj=io.BytesIO(result.fs.read_bytes("/tmp/t.tar"))) as archive:
        assert [(m.name, m.type, m.uname) for m in archive.getmembers()] == [
            ("d", tarfile.DIRTYPE, "root"), ("d/a", tarfile.REGTYPE, "root"), ("d/l", tarfile.SYMTYPE, "root")]
        assert archive.extractfile("d/a").read() == b"hi\n"


def test_tar_reads_files_whose_content_is_generated():
    result = run(["sh", "-c", "tar -cf - /bin/busybox | tar -tvf -"])
    assert result.out.startswith("-rwxr-xr-x root/root   1982256 1970-01-01 00:00:00 bin/busybox\n")
    assert result.err == "tar: removing leading '/' from member names\n"


def test_a_shell_hands_its_exports_to_children_in_ash_s_hash_table_order():
    # what `docker run -e A=1 -e ZED=2 -e foo=bar busybox sh -c 'export X=1 Y=2; env'` printed on Docker
    env = {"PATH": "/bin", "HOSTNAME": "h", "A": "1", "ZED": "2", "foo": "bar", "HOME": "/root"}
    out = run(["sh", "-c", "export X=1 Y=2; env"], env=env).out
    assert [line.split("=")[0] for line in out.splitlines()] == \
        ["HOSTNAME", "SHLVL", "foo", "HOME", "A", "X", "PATH", "ZED", "Y", "PWD"]
