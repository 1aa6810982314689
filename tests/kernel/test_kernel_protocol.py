"""The dockyard kernel over the Jupyter protocol: jupyter_kernel_test's checks, then a session as a
notebook drives it (files, a build, a failure, typing into a container, interrupting `logs -f`)."""
from __future__ import annotations

import contextlib
import threading
import time

import jupyter_kernel_test

from kernel_testing import installed_kernelspec, private_engine, wait_for_running_container

TIMEOUT = 60


class DockyardKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "dockyard"
    language_name = "dockerfile"

    code_hello_world = "docker run --rm busybox echo hello, world"
    code_stderr = "docker run --rm busybox sh -c 'echo to stderr >&2'"
    code_generate_error = "docker run --rm busybox false"  # no output; exit status 1
    code_inspect_sample = "docker run"
    completion_samples = [
        {"text": "docker ru", "matches": {"run"}},
        {"text": "docker run --r", "matches": {"--read-only", "--restart", "--rm", "--runtime"}},
        {"text": "FROM busybox\nWORK", "matches": {"WORKDIR"}},
    ]
    complete_code_samples = ["docker ps", "FROM busybox\n", "%%file x.txt\nhello\n"]
    incomplete_code_samples = ["docker run \\", 'docker run busybox sh -c "echo', "FROM busybox"]
    invalid_code_samples = ["ls -la"]

    @classmethod
    def setUpClass(cls):
        cls.resources = contextlib.ExitStack()
        cls.workdir = cls.resources.enter_context(private_engine())
        cls.resources.enter_context(installed_kernelspec())
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.resources.close()

    # -------------------------------------------------------------- helpers
    def run_cell(self, code, *, answers=None, interrupt_after=None):
        """Execute like a notebook: (reply content, [(stream or "error", text)], prompts seen)."""
        outputs, prompts = [], []
        answers = list(answers or [])

        def on_output(msg):
            if msg["msg_type"] == "stream":
                outputs.append((msg["content"]["name"], msg["content"]["text"]))
            elif msg["msg_type"] == "error":
                outputs.append(("error", msg["content"]["evalue"]))

        def on_input(msg):
            prompts.append(msg["content"]["prompt"])
            wait_for_running_container()  # a person types once the shell has started
            self.kc.input(answers.pop(0) if answers else "")

        timer = threading.Timer(interrupt_after, self.km.interrupt_kernel) if interrupt_after else None
        if timer:
            timer.start()
        reply = self.kc.execute_interactive(code, output_hook=on_output, stdin_hook=on_input,
                                            allow_stdin=answers is not None, timeout=TIMEOUT)
        return reply["content"], outputs, prompts

    @staticmethod
    def text(outputs, name="stdout"):
        return "".join(text for stream, text in outputs if stream == name)

    # -------------------------------------------------------------- what jupyter_kernel_test leaves out
    def test_kernel_info_names_the_kernel_and_advertises_no_debugger(self):
        self.kc.kernel_info()
        content = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        assert content["implementation"] == "dockyard"
        assert content["language_info"]["codemirror_mode"] == "dockerfile"
        assert content["language_info"]["mimetype"] == "text/x-dockerfile"
        assert "debugger" not in content.get("supported_features", [])

    def test_a_failed_command_is_an_error_reply_with_docker_s_message_and_no_traceback(self):
        reply, outputs, _ = self.run_cell("docker rm no-such-container")
        error = (reply["status"], reply["ename"], reply["evalue"], reply["traceback"])
        assert error == ("error", "", "exit code 1", [])
        assert outputs == [("stderr", "Error response from daemon: No such container: no-such-container\n"),
                           ("error", "exit code 1")]

    def test_a_notebook_session(self):
        reply, outputs, _ = self.run_cell("%%file app/msg.txt\nhello from the image")
        assert reply["status"] == "ok" and outputs == [("stdout", "Writing app/msg.txt\n")]
        assert (self.workdir / "work" / "app" / "msg.txt").read_text() == "hello from the image\n"

        reply, outputs, _ = self.run_cell('%%dockerfile -t web:1 app\nFROM busybox\nWORKDIR /app\nCOPY . /app\n'
                                          'CMD ["cat", "/app/msg.txt"]')
        assert reply["status"] == "ok"
        build = self.text(outputs)
        assert "Step 1/4 : FROM busybox\n" in build and build.endswith("Successfully tagged web:1\n")

        reply, outputs, _ = self.run_cell("docker run --rm web:1")
        assert reply["status"] == "ok" and outputs == [("stdout", "hello from the image\n")]

        # "Run All": a failing cell aborts the cells queued behind it; asked again, they run.
        self.kc.execute("docker rm web-that-is-not-there")
        queued = self.kc.execute("docker run --rm web:1")
        replies = {}
        while queued not in replies:
            msg = self.kc.get_shell_msg(timeout=TIMEOUT)
            replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
        assert sorted(replies.values()) == ["aborted", "error"]
        reply, outputs, _ = self.run_cell("docker run --rm web:1")
        assert reply["status"] == "ok" and self.text(outputs) == "hello from the image\n"

    def test_typing_into_an_interactive_container(self):
        reply, outputs, prompts = self.run_cell("docker run -it --rm busybox sh",
                                                answers=["echo hello from the notebook", "exit"])
        assert reply["status"] == "ok"
        assert "hello from the notebook\n" in self.text(outputs)
        assert len(prompts) == 2

    def test_an_interrupt_stops_a_followed_log_and_the_kernel_goes_on(self):
        ticker = "docker run -d --name ticker busybox sh -c 'while true; do echo tick; sleep 1; done'"
        reply, _, _ = self.run_cell(ticker)
        assert reply["status"] == "ok"
        started = time.monotonic()
        reply, outputs, _ = self.run_cell("docker logs -f ticker", interrupt_after=1.5)
        assert reply["status"] == "abort" and time.monotonic() - started < 10
        assert self.text(outputs).startswith("tick\n")
        reply, outputs, _ = self.run_cell("docker rm -f ticker")
        assert reply["status"] == "ok" and outputs == [("stdout", "ticker\n")]

