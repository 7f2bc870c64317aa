"""The --report page in a real browser: one bar per request, drawn from the run."""

from pathlib import Path
from typing import Any

from tests.client.conftest import run_client


def test_the_report_draws_one_bar_per_request(browser: Any, tmp_path: Path) -> None:
    report = tmp_path / "run.html"
    # a child process: Playwright's sync API keeps an event loop running in this thread
    args = ["-n", "12", "--delay", "0.1", "--mode", "sequential", "--mode", "gather"]
    result = run_client(*args, "--report", str(report), "--no-timeline")
    assert result.returncode == 0, result.stderr
    assert f"report written to {report}" in result.stderr
    page = browser.new_page()
    page.goto(report.as_uri())
    assert page.locator("h2").all_inner_texts() == ["sequential", "gather"]
    bars = page.locator("svg").nth(0).locator("rect.request")
    assert bars.count() == 12
    starts = [float(bars.nth(i).get_attribute("x")) for i in range(12)]
    assert starts == sorted(starts) and starts[-1] > starts[0]  # one after another
    gathered = page.locator("svg").nth(1).locator("rect.request")
    assert gathered.count() == 12
    assert page.locator("rect.request.failed").count() == 0
    assert "gather" in page.locator("table").inner_text()
    page.close()
