"""Notebooks run top to bottom with nbclient: the lecture notebooks on the dockyard kernel, and one
notebook written twice (dockyard cells; the same cells as magics after `%load_ext dockyard.extension`
in a Python kernel) that must print the same text."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from kernel_testing import installed_kernelspec, private_engine

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
LECTURES = sorted(NOTEBOOKS.glob("*.ipynb"))
TIMEOUT = 120


@pytest.fixture(scope="module")
def kernelspec():
    with installed_kernelspec():
        yield


def execute(nb, kernel_name: str, workdir: Path):
    NotebookClient(nb, kernel_name=kernel_name, timeout=TIMEOUT,
                   resources={"metadata": {"path": str(workdir)}}).execute()
    return nb


def outputs(cell, kinds=("stream",)) -> list:
    return [o for o in cell.get("outputs", []) if o["output_type"] in kinds]


def test_there_are_lecture_notebooks():
    assert len(LECTURES) >= 3


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_a_lecture_notebook_runs_top_to_bottom_on_the_bundled_engine(kernelspec, path):
    nb = nbformat.read(path, as_version=4)
    with private_engine() as root:
        execute(nb, "dockyard", root / "work")  # raises CellExecutionError if an untagged cell fails
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        intended = "raises-exception" in cell.metadata.get("tags", [])
        failed = bool(outputs(cell, ("error",)))
        assert failed == intended, cell.source


# Cells as the dockyard kernel takes them, and as magics in a Python kernel.
SESSION = [
    ("%%file app/msg.txt\nhello from the image", "%%file app/msg.txt\nhello from the image"),
    ('%%dockerfile -t same:1 app\nFROM busybox\nCOPY msg.txt /\nCMD ["cat", "/msg.txt"]',
     '%%dockerfile -t same:1 app\nFROM busybox\nCOPY msg.txt /\nCMD ["cat", "/msg.txt"]'),
    ("docker run --rm same:1", "%docker run --rm same:1"),
    ("docker images --format '{{.Repository}}:{{.Tag}}'",
     "%%docker\ndocker images --format '{{.Repository}}:{{.Tag}}'"),  # `%docker` would expand {{ }}, as IPython does
    ("docker rmi same:1\ndocker rmi same:1", "%%docker\nrmi same:1\nrmi same:1"),
    ("docker ps -a --format '{{.Image}}'", "%%docker\nps -a --format '{{.Image}}'"),
]
IDS = re.compile(r"\b[0-9a-f]{12}\b|sha256:[0-9a-f]{64}")


def printed(nb) -> list[str]:
    """What each code cell printed, stdout then stderr, with IDs masked (they differ run to run)."""
    texts = []
    for cell in nb.cells:
        streams = outputs(cell)
        text = "".join(o["text"] for o in streams if o["name"] == "stdout")
        text += "".join(o["text"] for o in streams if o["name"] == "stderr")
        texts.append(IDS.sub("<id>", text))
    return texts


def test_the_ipython_extension_prints_what_the_kernel_prints(kernelspec):
    kernel_nb = new_notebook(cells=[new_code_cell(kernel) for kernel, _ in SESSION])
    python_cells = [new_code_cell("%load_ext dockyard.extension")] + [new_code_cell(magic) for _, magic in SESSION]
    python_cells[-2].metadata["tags"] = ["raises-exception"]  # the second rmi fails, in both
    kernel_nb.cells[-2].metadata["tags"] = ["raises-exception"]
    python_nb = new_notebook(cells=python_cells)
    with private_engine() as root:
        execute(kernel_nb, "dockyard", root / "work")
    with private_engine() as root:
        execute(python_nb, "python3", root / "work")
    from_kernel, from_extension = printed(kernel_nb), printed(python_nb)[1:]
    assert from_extension == from_kernel
    assert from_kernel[2] == "hello from the image\n"
    assert from_kernel[4].endswith("Error response from daemon: No such image: same:1\n")
    assert outputs(python_nb.cells[5], ("error",)) and outputs(kernel_nb.cells[4], ("error",))


def test_lecture_notebooks_leave_nothing_in_the_repository():
    """They run where the tests put them; what they write (app/, site/) must not be kept here."""
    leftovers = [p for p in NOTEBOOKS.iterdir() if p.suffix != ".ipynb" and p.name != ".ipynb_checkpoints"]
    assert leftovers == [], [str(p) for p in leftovers]


