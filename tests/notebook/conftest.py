"""The tour's notebook, run once for this folder as Jupyter's "Run all" runs it: the committed
demos/tour.ipynb, every cell in order, on a fresh `python3` kernel of this interpreter started
in demos/ (where Jupyter starts it), with the delays the talk uses.

Skipped where the notebook extra is missing (`pip install -e '.[notebook]'`), unless
REQUIRE_NOTEBOOK=1 (CI sets it): there a missing extra fails the run instead of passing it
quietly.
"""

import asyncio
import contextlib
import importlib.util
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT_ROOT

DEMOS = PROJECT_ROOT / "demos"
NOTEBOOK = DEMOS / "tour.ipynb"
SOURCE = DEMOS / "tour.md"  # its jupytext twin, the copy that diffs well
EXTRA = ("ipykernel", "jupytext", "nbclient", "nbformat")
CELL_LIMIT = 60  # seconds: a cell still running by then has hung


def require_notebook_extra() -> None:
    missing = [name for name in EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        message = f"needs the notebook extra (pip install -e '.[notebook]'): no {missing[0]}"
        if os.environ.get("REQUIRE_NOTEBOOK") == "1":
            pytest.fail(message)
        pytest.skip(message)


@dataclass(repr=False)  # a failing test shows the cell, not the notebook
class Run:
    """The notebook after a run, and what the run left behind."""

    notebook: Any  # nbformat.NotebookNode
    seconds: float  # kernel start to the end of the last cell
    left_running: list[str]  # processes the kernel still had after its last cell

    def cell(self, snippet: str) -> Any:
        """The code cell whose source is `snippet`, or else the one that holds it."""
        code = [cell for cell in self.notebook.cells if cell.cell_type == "code"]
        found = [c for c in code if c.source == snippet] or [c for c in code if snippet in c.source]
        assert len(found) == 1, f"{len(found)} cells hold {snippet!r}"
        return found[0]


def text(cell: Any) -> str:
    """What a cell showed as text: its prints, then the value of its last line."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.data.get("text/plain", "") + "\n")
    return "".join(parts)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    require_notebook_extra()
    return asyncio.run(execute(NOTEBOOK, tmp_path_factory.mktemp("ipython")))


async def execute(path: Path, ipython_dir: Path) -> Run:
    """Run every cell, even after one fails, so that the last one stops what the first ones
    started; kill what is still running after it, then the kernel."""
    import nbformat
    import psutil  # ipykernel's own dependency
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    # no kernel directories: `python3` is then ipykernel's own spec, this interpreter
    specs = KernelSpecManager(kernel_dirs=[])
    manager = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=specs)
    assert manager.kernel_spec is not None and manager.kernel_spec.argv[0] == sys.executable
    # a profile of its own: no startup files or history from the home directory
    env = {**os.environ, "IPYTHONDIR": str(ipython_dir)}
    started = time.perf_counter()
    await manager.start_kernel(cwd=str(DEMOS), env=env)
    kernel = psutil.Process(manager.provisioner.pid)  # type: ignore[union-attr]
    client = NotebookClient(
        notebook, km=manager, timeout=CELL_LIMIT, allow_errors=True, record_timing=False
    )
    try:
        await client.async_execute()
        seconds = time.perf_counter() - started
        left_running = [" ".join(child.cmdline()) for child in kernel.children(recursive=True)]
    finally:
        for child in kernel.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
        if client.kc is not None:
            client.kc.stop_channels()
        await manager.shutdown_kernel(now=True)
    return Run(notebook=notebook, seconds=seconds, left_running=left_running)


@pytest.fixture
def committed() -> Any:
    """The notebook as committed, outputs and all, not run again."""
    require_notebook_extra()
    import nbformat

    return nbformat.read(NOTEBOOK, as_version=4)
