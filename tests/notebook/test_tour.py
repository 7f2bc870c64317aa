"""The tour as a notebook runs top to bottom in Jupyter, and every lesson shows in its outputs.

To refresh the committed outputs after an edit: open it in JupyterLab, Restart Kernel and Run
All, save (jupytext writes demos/tour.md beside it); or from the command line::

    jupytext --sync demos/tour.md   # the newer of the two wins
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False demos/tour.ipynb
"""

import base64
import re
from typing import Any

from demos.cli import find
from tests.notebook.conftest import NOTEBOOK, SOURCE, Run, require_notebook_extra, text


def picture_in(html: str) -> str:
    """The SVG of the first data: image in the HTML."""
    found = re.search(r"src='data:image/svg\+xml;base64,([^']+)'", html)
    assert found, html[:300]
    return base64.b64decode(found[1]).decode()


def seconds_in(pattern: str, output: str) -> float:
    match = re.search(pattern, output)
    assert match, f"{pattern!r} not in:\n{output}"
    return float(match[1])


def test_every_cell_runs_without_an_error_or_a_warning(run: Run) -> None:
    code = [cell for cell in run.notebook.cells if cell.cell_type == "code"]
    errors = [
        f"cell {index}: {output.ename}: {output.evalue}\n{cell.source}"
        for index, cell in enumerate(code)
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    # what a clean run never shows: a warning (a coroutine never awaited, a session
    # left open) is written on stderr
    warned = [
        f"{cell.source}\n{output.text}"
        for cell in code
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stderr"
    ]
    assert warned == []


def test_calling_a_coroutine_function_returns_a_coroutine_object(run: Run) -> None:
    assert re.fullmatch(r"<coroutine object main at 0x[0-9a-f]+>\n", text(run.cell("main()")))
    assert text(run.cell("await main()")) == "Hello\n"


def test_a_task_runs_on_after_its_cell(run: Run) -> None:
    created = seconds_in(r"(\d+\.\d+) s task created", text(run.cell("create_task(brew")))
    done = seconds_in(r"(\d+\.\d+) s task: coffee", text(run.cell("await coffee")))
    assert 0.9 < done - created < 1.5  # it brewed for 1 s, from its own cell on


def test_the_kernel_runs_a_loop_so_asyncio_run_refuses_and_await_is_the_way(run: Run) -> None:
    assert "running=True" in text(run.cell("asyncio.get_running_loop()"))
    refused = text(run.cell("asyncio.run(coroutine)"))
    assert refused == "RuntimeError: asyncio.run() cannot be called from a running event loop\n"
    assert text(run.cell('await my_coroutine("top-level await")')) == "'top-level await done'\n"
    in_a_thread = text(run.cell("to_thread(asyncio.run"))
    assert in_a_thread == "'asyncio.run in a thread done'\n"


def test_gather_takes_the_longest_wait_not_the_sum(run: Run) -> None:
    one_by_one = seconds_in(r"one by one: .* in (\S+) s", text(run.cell("three = await fetch")))
    together = seconds_in(r"gather: .* in (\S+) s", text(run.cell('fetch("three", 0.5)\n)')))
    longest, total = 1.0, 2.0  # the waits the cells ask for
    assert total <= one_by_one < 1.25 * total
    assert longest <= together < 1.25 * longest


def test_a_taskgroup_cancels_the_others_when_one_fails(run: Run) -> None:
    output = text(run.cell("except* ValueError"))
    assert "raised [ValueError('broken failed')]" in output
    assert "and the slow one was cancelled? True" in output


def test_sync_vs_async_over_sockets_and_the_report_draws_it(run: Run) -> None:
    blocking = seconds_in(r"urllib, one by one: +(\S+) s, 10 ok", text(run.cell("urllib.request")))
    gathered = seconds_in(r"aiohttp, gather: +(\S+) s, 10 ok", text(run.cell("fetch_status(s")))
    assert gathered < blocking / 4  # 10 waits overlap: about 10x

    [output] = run.cell("await compare(").outputs
    html = output.data["text/html"]
    picture = picture_in(html)  # an image: a notebook not yet trusted keeps it
    assert picture.startswith("<svg")
    assert "data-mode='sequential'" in picture and "data-mode='gather'" in picture
    assert "<svg" not in html and "<style" not in html


def test_a_blocking_call_freezes_the_kernels_loop_and_a_thread_does_not(run: Run) -> None:
    def longest_gap(snippet: str) -> float:
        return seconds_in(r"longest gap (\S+) s", text(run.cell(snippet)))

    blocked_for = 1.0  # each cell's call takes 1 s
    assert longest_gap("time.sleep(1)  #") > 0.9 * blocked_for
    for cooperates in (
        "watched():\n    await asyncio.sleep(1)",
        "to_thread(time.sleep",
        "to_thread(busy",
    ):
        assert longest_gap(cooperates) < blocked_for / 2, cooperates
    # a plain read holds the loop too (how long depends on the disk); aiofiles does not
    assert longest_gap("await f.read()") < longest_gap("data = big.read_bytes()")


def test_the_last_cell_stops_the_server_it_started(run: Run) -> None:
    assert "http://127.0.0.1:" in text(run.cell("server.start()"))
    assert "server stopped" in text(run.notebook.cells[-1])
    assert run.left_running == []


def test_the_committed_notebook_holds_the_outputs_of_one_real_run(committed: Any) -> None:
    code = [cell for cell in committed.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    outputs = [output for cell in code for output in cell.outputs]
    assert all(output.output_type != "error" for output in outputs)
    pictures = [output.get("data", {}).get("text/html", "") for output in outputs]
    assert any("data:image/svg+xml;base64," in html for html in pictures)


def test_the_text_source_is_in_sync_with_the_notebook() -> None:
    require_notebook_extra()
    import jupytext
    from jupytext.compare import NotebookDifference, compare_notebooks

    try:
        compare_notebooks(jupytext.read(SOURCE), jupytext.read(NOTEBOOK), fmt="md")
    except NotebookDifference as difference:
        raise AssertionError(
            f"{SOURCE.name} and {NOTEBOOK.name} differ; run `jupytext --sync {SOURCE}` "
            f"(the newer one wins):\n{difference}"
        ) from None


def test_the_demos_it_names_are_in_the_tour() -> None:
    named = re.findall(r"`demos run (\w+)`", SOURCE.read_text(encoding="utf-8"))
    assert len(named) >= 10
    for name in named:
        find(name)  # click.BadParameter: no such demo
