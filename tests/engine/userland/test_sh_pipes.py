"""Pipelines, background jobs and signals: what needs concurrency or time.

Pipeline stages run at once (an endless producer feeding `head` must end), a writer whose reader
has gone dies of SIGPIPE (141), and `docker stop`/`docker kill` reach a running script through
the process's Signals: PID 1 ignores SIGTERM unless it traps it, any other shell dies of it.
"""
from __future__ import annotations

import threading
import time

import pytest

from dockyard.engine.userland.process import Killed, Signals
from test_sh_harness import run

SIGTERM, SIGKILL = 15, 9


@pytest.mark.parametrize("script, out", [
    ("seq 1 100000 | head -n 1", "1\n"),
    ("yes | head -n 3", "y\ny\ny\n"),
    ("while true; do echo loop; done | head -n 2; echo done $?", "loop\nloop\ndone 0\n"),
    ("yes | head -n 1; echo $?", "y\n0\n"),
    ("set -o pipefail; yes | head -n 1; echo $?", "y\n141\n"),  # yes died of SIGPIPE
    ("seq 1 100000 | cat | cat | head -n 2", "1\n2\n"),
])
def test_an_endless_or_large_producer_stops_when_its_reader_does(script, out):
    started = time.monotonic()
    result = run(script)
    assert (result.out, result.err, result.status) == (out, "", 0)
    assert time.monotonic() - started < 5


def test_stages_run_concurrently_through_a_bounded_pipe():
    """100 000 lines (600 kB) are far more than a pipe holds: the writer needs the reader running."""
    result = run("seq 1 100000 | { n=0; while read l; do n=$((n+1)); done; echo $n; }")
    assert result.out == "100000\n"


def test_each_stage_is_a_subshell():
    assert run("x=0; echo | { read l; x=1; }; echo $x").out == "0\n"


def test_background_jobs_and_wait():
    result = run("sleep 0.2 & echo started; wait; echo done $?")
    assert result.out == "started\ndone 0\n"
    result = run("(exit 3) & pid=$!; wait $pid; echo $?; wait 12345; echo $?")
    assert result.out == "3\n127\n"


def test_a_background_job_reads_no_stdin():
    assert run("cat & wait", stdin=b"not for the job\n").out == ""


def test_kill_ends_a_background_job():
    started = time.monotonic()
    result = run("sleep 30 & kill -9 $!; wait $!; echo $?")
    assert result.out == "137\n"
    assert time.monotonic() - started < 5


def test_a_program_dying_of_a_signal_gives_128_plus_n():
    result = run("abort; echo $?")
    assert (result.out, result.err) == ("134\n", "Aborted\n")


def _deliver_later(signals: Signals, signum: int, delay: float = 0.2) -> None:
    threading.Timer(delay, lambda: signals.deliver(signum, external=True)).start()  # the engine signals it


def test_sigterm_ends_a_busy_loop_in_a_shell_that_is_not_pid_1():
    signals = Signals(pid1=False)
    _deliver_later(signals, SIGTERM)
    with pytest.raises(Killed) as died:
        run("while true; do :; done", signals=signals)
    assert died.value.status == 143


def test_pid_1_ignores_sigterm_without_a_trap_but_not_sigkill():
    signals = Signals(pid1=True)
    _deliver_later(signals, SIGTERM, 0.1)
    _deliver_later(signals, SIGKILL, 0.4)
    started = time.monotonic()
    with pytest.raises(Killed) as died:
        run("while true; do :; done", signals=signals)
    assert died.value.status == 137
    assert time.monotonic() - started >= 0.35


def test_a_trap_handles_sigterm_in_pid_1():
    signals = Signals(pid1=True)
    _deliver_later(signals, SIGTERM)
    result = run("trap 'echo stopping; exit 0' TERM; while true; do sleep 0.05; done", signals=signals)
    assert (result.out, result.status) == ("stopping\n", 0)


def test_a_signal_can_be_ignored_with_an_empty_trap():
    signals = Signals(pid1=False)
    _deliver_later(signals, SIGTERM, 0.05)
    result = run("trap '' TERM; i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; echo survived", signals=signals)
    assert result.out == "survived\n"


def test_kill_to_the_shell_itself_runs_its_trap():
    result = run("trap 'echo got USR1' USR1; kill -USR1 $$; echo after")
    assert result.out == "got USR1\nafter\n"


def test_a_killed_pipeline_does_not_hang():
    signals = Signals(pid1=False)
    _deliver_later(signals, SIGKILL)
    with pytest.raises(Killed):
        run("yes | { while read l; do :; done; }", signals=signals)
