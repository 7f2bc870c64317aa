"""The --report page in a real browser: one bar per request, drawn from the run, and a
slide at the projector's sizes."""

from pathlib import Path
from typing import Any

import pytest

from tests.client.conftest import run_client
from tests.conftest import ARTIFACTS

SIZES = [(1024, 768), (1280, 720), (1920, 1080)]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = tmp_path_factory.mktemp("report") / "run.html"
    # a child process: Playwright's sync API keeps an event loop running in this thread
    args = ["-n", "20", "--delay", "0.1", "--mode", "sequential", "--mode", "gather"]
    result = run_client(*args, "--report", str(report), "--no-timeline")
    assert result.returncode == 0, result.stderr
    assert f"report written to {report}" in result.stderr
    return report


def test_the_report_draws_one_bar_per_request(browser: Any, report: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(report.as_uri())
    assert page.locator("h1").inner_text() == "sequential vs gather: 20 requests of 0.1 s each"
    assert page.locator(".verdict").inner_text().endswith("x faster")
    # every mode in one picture, on one time scale
    assert page.locator("svg").count() == 1
    sequential = page.locator("g[data-mode='sequential'] rect.request")
    assert sequential.count() == 20
    starts = [float(sequential.nth(i).get_attribute("x")) for i in range(20)]
    assert starts == sorted(starts) and starts[-1] > starts[0]  # one after another
    rows = {sequential.nth(i).get_attribute("y") for i in range(20)}
    assert len(rows) == 1  # in one lane
    gathered = page.locator("g[data-mode='gather'] rect.request")
    assert gathered.count() == 20
    assert len({gathered.nth(i).get_attribute("y") for i in range(20)}) == 20  # 20 lanes
    assert page.locator("rect.request.failed").count() == 0
    assert "gather" in page.locator("table").inner_text()
    page.screenshot(path=ARTIFACTS / "report.png")
    page.close()


# the font size each part is drawn at, in pixels on the screen
SIZES_SHOWN = """() => {
  const px = (e) => parseFloat(getComputedStyle(e).fontSize);
  const scale = document.querySelector("svg").getBoundingClientRect().width / 1200;
  const labels = [...document.querySelectorAll("svg text")].map((t) => px(t) * scale);
  const verdict = document.querySelector(".verdict");
  return {labels, table: px(document.querySelector("td")), verdict: px(verdict),
          verdictLines: verdict.getBoundingClientRect().height / (1.4 * px(verdict))};
}"""


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_report_is_a_slide(browser: Any, report: Path, width: int, height: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(report.as_uri())
    page.screenshot(path=ARTIFACTS / f"report-{width}x{height}.png")
    shown = page.evaluate(SIZES_SHOWN)
    # legible from the back row: no label under 16 px, at 1280 wide 20
    assert min(shown["labels"]) >= (19.5 if width >= 1280 else 16), shown
    # the page's text grows with the picture: the table reads like the labels, the verdict
    # stands above them, on one line, and nothing is wider than the window
    assert abs(shown["table"] - min(shown["labels"])) < 1.5, shown
    assert shown["verdict"] > 1.2 * max(shown["labels"]), shown
    assert shown["verdictLines"] < 1.5, shown
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # the numbers on the first screen, however many lanes the picture below them has
    table = page.evaluate("document.querySelector('table').getBoundingClientRect().bottom")
    assert table <= height, table
    page.close()
