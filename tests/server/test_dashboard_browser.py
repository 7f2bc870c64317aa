"""The dashboard in a real browser, against a real server, during a real run."""

import asyncio
import itertools
import threading
from typing import Any

import aiohttp
import pytest
from yarl import URL

from server.embedded import EmbeddedServer
from tests.conftest import ARTIFACTS


async def fire(url: URL, n: int, delay: float) -> list[int]:
    connector = aiohttp.TCPConnector(limit=0)  # all at once, not 100 at a time
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one() -> int:
            async with session.get(url / "delay" / str(delay)) as response:
                return response.status

        return await asyncio.gather(*(one() for _ in range(n)))


def test_the_page_shows_a_gather_of_50_live(browser: Any) -> None:
    with EmbeddedServer() as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(str(url))
        page.wait_for_selector("#status.live")
        statuses: list[int] = []
        run = threading.Thread(target=lambda: statuses.extend(asyncio.run(fire(url, 50, 1.5))))
        run.start()
        try:
            page.wait_for_function("document.getElementById('peak').dataset.value === '50'")
            page.wait_for_function("document.getElementById('in-flight').dataset.value === '50'")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTIFACTS / "dashboard.png")  # during the run
        finally:
            run.join()
        assert statuses == [200] * 50
        page.wait_for_function("document.getElementById('total').dataset.value === '50'")
        assert page.inner_text("#all-time") == "peak ever 50"
        page.close()


def test_the_page_reconnects_to_a_restarted_server(browser: Any, start_server) -> None:
    server = start_server()
    page = browser.new_page()
    page.goto(server.url)
    page.wait_for_selector("#status.live")
    page.evaluate("window.before_restart = true")  # gone if the page were loaded again
    server.stop()
    page.wait_for_selector("#status:not(.live)")  # the server is gone, and the page says so
    start_server(port=server.port)  # back, at the same address
    page.wait_for_selector("#status.live")  # and the page found it on its own
    assert page.evaluate("window.before_restart") is True
    page.close()


SIZES = [(1024, 768), (1280, 720), (1920, 1080)]
# the page's own render() with a sample of five-digit numbers, as the feed would send
# it, measured in the same turn of the page's loop (no live sample can come between)
FIVE_DIGITS = """names => {
  samples = [{t: Date.now() / 1000, in_flight: 88888, peak: 88888, total: 88888, rps: 88888}];
  render();
  return names.map(name => {
    const box = document.querySelector(name).getBoundingClientRect();
    return [document.querySelector(name).textContent, box.left, box.right, box.height];
  });
}"""


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_page_reads_from_the_back_row(browser: Any, width: int, height: int) -> None:
    with EmbeddedServer() as url:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{url}?scale=linear")
        page.wait_for_selector("#status.live")
        # the header on one line: no part of it below another
        header = page.eval_on_selector_all(
            "header > *", "parts => parts.map(p => p.getBoundingClientRect().top)"
        )
        assert max(header) - min(header) < 20, header
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider
        # idle, peak 0: whole-number ticks, never `1 / 1 / 0`
        ticks = page.get_attribute("#chart", "data-ticks").split(",")
        assert ticks == sorted(set(ticks), key=float) and all(t.isdigit() for t in ticks)
        page.click("#scale")  # the log scale: 0, then 1 to 10,000 by decades
        assert page.get_attribute("#chart", "data-ticks") == "0,1,10,100,1000,10000"
        # five-digit numbers, side by side, none touching the next, large
        shown = page.evaluate(FIVE_DIGITS, ["#in-flight", "#peak", "#rps", "#total"])
        assert [text for text, *_ in shown] == ["88,888"] * 4
        for (_, _, ends, _), (_, starts, _, _) in itertools.pairwise(shown):
            assert ends < starts, shown
        assert min(height for *_, height in shown) >= 32
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"dashboard-{width}x{height}.png")
    # the server gone, the page says so at length: the header may take two lines, but no
    # part of it leaves the window
    page.wait_for_selector("#status:not(.live)")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()
