"""`%docker`, `%%docker`, `%%dockerfile` and `%%file`: the dockyard kernel's cells as IPython magics.

Each magic rebuilds the cell the dockyard kernel would see and runs it with `dockyard.kernel.cells`,
so both print the same text. A failed command fails the cell (so "Run All" stops) with docker's own
message, already printed, and no Python traceback.
"""
from __future__ import annotations

import sys

from IPython.core.error import StdinNotImplementedError
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class

from dockyard.kernel.cells import CellResult, run_cell


class CellFailed(Exception):
    """A dockyard cell failed; what went wrong is already on stderr."""

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return []


@magics_class
class DockyardMagics(Magics):
    @line_magic
    def docker(self, line: str) -> None:
        """%docker ARGS: run one docker command, e.g. `%docker run --rm busybox echo hello`."""
        _finish(run_cell(f"docker {line}", _IPythonOutput()))

    @cell_magic("docker")
    def docker_cell(self, line: str, cell: str) -> None:
        """%%docker: docker commands, one per line (the word `docker` may be left out)."""
        _finish(run_cell(f"%%docker {line}\n{cell}", _IPythonOutput()))

    @cell_magic
    def dockerfile(self, line: str, cell: str) -> None:
        """%%dockerfile [-t NAME[:TAG]] [-f PATH] [build options] [CONTEXT]: write the cell as the
        Dockerfile and build it."""
        _finish(run_cell(f"%%dockerfile {line}\n{cell}", _IPythonOutput()))

    @cell_magic
    def file(self, line: str, cell: str) -> None:
        """%%file [-a] PATH: write (-a: append) the cell to PATH, creating its folder."""
        _finish(run_cell(f"%%file {line}\n{cell}", _IPythonOutput()))


def _finish(result: CellResult) -> None:
    if result.status == "interrupted":
        raise KeyboardInterrupt
    if result.status == "error":
        raise CellFailed(result.error)


class _IPythonOutput:
    """Output through sys.stdout/sys.stderr (ipykernel's streams take writes from any thread);
    input through input(), which ipykernel turns into the notebook's input box."""

    def stream(self, name: str, text: str) -> None:
        stream = sys.stdout if name == "stdout" else sys.stderr
        stream.write(text)
        stream.flush()

    def input(self, prompt: str, password: bool = False) -> str:
        try:
            if password:
                import getpass  # ipykernel's getpass is the notebook's password box
                return getpass.getpass(prompt)
            return input(prompt)
        except StdinNotImplementedError:
            raise EOFError from None
