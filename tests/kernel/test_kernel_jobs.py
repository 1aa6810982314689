"""Running one command of a cell (kernel/jobs.py): output as written, input asked in the cell's own
thread, and an interrupt that stops a command blocked on the network."""
from __future__ import annotations

import signal
import socket
import threading

from dockyard.kernel.jobs import run_job

from kernel_testing import RecordingFrontend


def interrupt_main_thread_after(seconds: float) -> threading.Timer:
    """What the kernel's interrupt button does: SIGINT to the thread that runs the cell."""
    main = threading.main_thread().ident
    timer = threading.Timer(seconds, signal.pthread_kill, args=(main, signal.SIGINT))
    timer.start()
    return timer


def test_output_reaches_the_frontend_in_the_order_written():
    def command(job):
        job.out.write("Step 1/2 : FROM busybox\n")
        job.err.write("a warning\n")
        job.out.buffer.write("안녕".encode()[:4])  # a character split across two reads stays whole
        job.out.buffer.write("안녕\n".encode()[4:])
        return 0
    frontend = RecordingFrontend()
    result = run_job(command, frontend)
    assert (result.exit_code, result.interrupted) == (0, False)
    assert frontend.events == [("stdout", "Step 1/2 : FROM busybox\n"), ("stderr", "a warning\n"),
                               ("stdout", "안"), ("stdout", "녕\n")]


def test_input_is_asked_for_in_the_thread_that_runs_the_cell():
    asked_in = []

    class Frontend(RecordingFrontend):
        def input(self, prompt):
            asked_in.append(threading.current_thread())
            return super().input(prompt)

    def command(job):
        lines = []
        while line := job.stdin.readline():
            lines.append(line)
        job.out.write("".join(lines))
        return 0
    frontend = Frontend(answers=["ls /", "echo hi", "exit", "never asked"])
    assert run_job(command, frontend).exit_code == 0
    assert frontend.text() == "ls /\necho hi\nexit\n"
    assert asked_in == [threading.main_thread()] * 3


def test_an_empty_answer_ends_input():
    def command(job):
        first, second = job.stdin.readline(), job.stdin.readline()
        return 0 if (first, second) == ("", "") else 1
    frontend = RecordingFrontend(answers=[""])
    assert run_job(command, frontend).exit_code == 0
    assert frontend.prompts == 1


def test_an_interrupt_shuts_the_command_s_connections_and_ends_it():
    server = socket.create_server(("127.0.0.1", 0))
    reads = []

    def command(job):  # like `docker logs -f`: a read that only the other side could end
        with socket.create_connection(server.getsockname()) as conn:
            reads.append(conn.recv(1024))
        job.out.write("written after the interrupt\n")
        return 0
    frontend = RecordingFrontend()
    timer = interrupt_main_thread_after(0.3)
    try:
        result = run_job(command, frontend)
    finally:
        timer.cancel()
        server.close()
    assert (result.exit_code, result.interrupted) == (None, True)
    assert reads == [b""]  # the blocked read returned: its socket was shut down
    assert frontend.events == []


def test_input_no_longer_needed_is_withdrawn_when_the_command_ends():
    """`docker run -it busybox echo hi` asks for input at once, then ends without reading any."""
    def command(job):
        threading.Thread(target=job.stdin.readline, daemon=True).start()  # docker's stdin pump
        while not frontend.waiting.is_set():
            frontend.waiting.wait(0.01)
        job.out.write("hi\n")
        return 0

    class Frontend(RecordingFrontend):
        waiting = threading.Event()

        def input(self, prompt):
            self.waiting.set()
            while True:  # a person who never types, in a frontend that polls (as ipykernel's does)
                threading.Event().wait(0.01)

    frontend = Frontend()
    result = run_job(command, frontend)
    assert (result.exit_code, result.interrupted) == (0, False)
    assert frontend.text() == "hi\n"


def test_a_command_that_crashes_ends_the_cell_with_a_one_line_message():
    def command(job):
        raise RuntimeError("boom")
    frontend = RecordingFrontend()
    assert run_job(command, frontend).exit_code == 1
    assert frontend.text("stderr") == "dockyard: internal error: RuntimeError: boom\n"
