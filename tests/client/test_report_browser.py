"""The --report page in a real browser: one bar per request, drawn from the run."""

from pathlib import Path
from typing import Any

from tests.client.conftest import run_client
from tests.conftest import ARTIFACTS


def test_the_report_draws_one_bar_per_request(browser: Any, tmp_path: Path) -> None:
    report = tmp_path / "run.html"
    # a child process: Playwright's sync API keeps an event loop running in this thread
    args = ["-n", "12", "--delay", "0.1", "--mode", "sequential", "--mode", "gather"]
    result = run_client(*args, "--report", str(report), "--no-timeline")
    assert result.returncode == 0, result.stderr
    assert f"report written to {report}" in result.stderr
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(report.as_uri())
    assert page.locator("h1").inner_text() == "sequential vs gather: 12 requests of 0.1 s each"
    assert page.locator(".verdict").inner_text().endswith("x faster")
    # every mode in one picture, on one time scale
    assert page.locator("svg").count() == 1
    sequential = page.locator("g[data-mode='sequential'] rect.request")
    assert sequential.count() == 12
    starts = [float(sequential.nth(i).get_attribute("x")) for i in range(12)]
    assert starts == sorted(starts) and starts[-1] > starts[0]  # one after another
    rows = {sequential.nth(i).get_attribute("y") for i in range(12)}
    assert len(rows) == 1  # in one lane
    gathered = page.locator("g[data-mode='gather'] rect.request")
    assert gathered.count() == 12
    assert len({gathered.nth(i).get_attribute("y") for i in range(12)}) == 12  # 12 lanes
    assert page.locator("rect.request.failed").count() == 0
    assert "gather" in page.locator("table").inner_text()
    # legible from the back row: labels of 16 px or more in a 1280 px window
    sizes = page.eval_on_selector_all(
        "svg text", "texts => texts.map(t => t.getBoundingClientRect().height)"
    )
    assert min(sizes) >= 16, sizes
    page.screenshot(path=ARTIFACTS / "report.png")
    page.close()
