"""The Jupyter protocol for dockyard: the kernel's identity, and each request handed to the module
that answers it (`cells` runs a cell, `help` completes and explains). Nothing else lives here."""
from __future__ import annotations

from importlib import metadata

import comm
from ipykernel.kernelbase import Kernel
from IPython.core.error import StdinNotImplementedError

from .cells import CellResult, is_complete, run_cell
from .help import completion, inspection


def _version() -> str:
    try:
        return metadata.version("dockyard")
    except metadata.PackageNotFoundError:
        return "0"


class DockyardKernel(Kernel):
    implementation = "dockyard"
    implementation_version = _version()
    language_info = {
        "name": "dockerfile",
        "codemirror_mode": "dockerfile",
        "mimetype": "text/x-dockerfile",
        "pygments_lexer": "docker",
        "file_extension": "",
    }
    help_links = [
        {"text": "Dockerfile reference", "url": "https://docs.docker.com/reference/dockerfile/"},
        {"text": "docker CLI reference", "url": "https://docs.docker.com/reference/cli/docker/"},
    ]

    @property
    def banner(self) -> str:
        return (f"dockyard {self.implementation_version}: Docker in a notebook.\n"
                "A cell holds a Dockerfile, docker commands, %%dockerfile or %%file; "
                "they run on dockyard's bundled engine (Docker Engine API 1.41) unless %engine says otherwise.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # A bare ipykernel Kernel routes no comm messages; widgets need them (as ipykernel's ipkernel.py).
        self.comm_manager = comm.get_comm_manager()
        for msg_type in ("comm_open", "comm_msg", "comm_close"):
            self.shell_handlers[msg_type] = getattr(self.comm_manager, msg_type)

    @property
    def kernel_info(self) -> dict:
        info = super().kernel_info
        # There is no debugger for Dockerfiles; ipykernel advertises one whenever debugpy is installed.
        info["supported_features"] = [f for f in info.get("supported_features", []) if f != "debugger"]
        return info

    async def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False,
                         *, cell_meta=None, cell_id=None):
        self._allow_stdin = allow_stdin  # raw_input() reads it (ipykernel's own kernel sets it the same way)
        output = _CellOutput(self, silent, allow_stdin)
        try:
            result = run_cell(code, output)
        except KeyboardInterrupt:  # between two commands, outside any of them
            result = CellResult("interrupted")
        except Exception as e:  # a bug of ours: say so in one line, never with a traceback
            output.stream("stderr", f"dockyard: internal error: {type(e).__name__}: {e}\n")
            result = CellResult("error", f"internal error: {type(e).__name__}")
        if result.status == "interrupted":
            return {"status": "abort", "execution_count": self.execution_count}
        if result.status == "error":
            error = {"ename": "", "evalue": result.error, "traceback": []}
            if not silent:
                self.send_response(self.iopub_socket, "error", error)
            return {"status": "error", "execution_count": self.execution_count, **error}
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    async def do_complete(self, code, cursor_pos):
        matches, start, end = completion.complete(code, len(code) if cursor_pos is None else cursor_pos)
        return {"status": "ok", "matches": matches, "cursor_start": start, "cursor_end": end, "metadata": {}}

    async def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        text = inspection.inspect(code, len(code) if cursor_pos is None else cursor_pos, detail_level)
        data = {"text/plain": text} if text else {}
        return {"status": "ok", "found": bool(text), "data": data, "metadata": {}}

    async def do_is_complete(self, code):
        status = is_complete(code)
        return {"status": status, "indent": "" if status != "incomplete" else "  "}

    async def do_shutdown(self, restart):
        # Containers outlive the kernel, as they outlive a docker CLI: the engine keeps them.
        return {"status": "ok", "restart": restart}


class _CellOutput:
    """The cell's output as `stream` messages, and its input through the notebook's input box."""

    def __init__(self, kernel: DockyardKernel, silent: bool, allow_stdin: bool):
        self.kernel, self.silent, self.allow_stdin = kernel, silent, allow_stdin
        # Output is sent from the command's threads: name the request it answers here, in the cell's.
        self.parent = kernel.get_parent("shell")

    def stream(self, name: str, text: str) -> None:
        if not self.silent:
            self.kernel.session.send(self.kernel.iopub_socket, "stream", {"name": name, "text": text},
                                     parent=self.parent)

    def input(self, prompt: str, password: bool = False) -> str:
        if not self.allow_stdin:
            raise EOFError  # the frontend cannot type (nbclient, a batch run): standard input is empty
        try:
            return self.kernel.getpass(prompt) if password else self.kernel.raw_input(prompt)
        except StdinNotImplementedError:
            raise EOFError from None
