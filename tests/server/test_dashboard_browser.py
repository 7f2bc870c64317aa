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


# beside a terminal (half of a 1024 x 768 projector, and the like) as well as alone
SIZES = [(512, 768), (640, 720), (800, 600), (1024, 768), (1280, 720), (1920, 1080)]
# the page's own render() with a sample of five-digit numbers, as the feed would send
# it, measured in the same turn of the page's loop (no live sample can come between)
# every piece of text on the page: its box, and its font's size in px
TEXTS = """() => [...document.querySelectorAll("h1, header span, button, .number b, .number span")]
  .filter(e => !e.classList.contains("buttons"))
  .map(e => {
    const box = e.getBoundingClientRect();
    return [e.textContent, box.left, box.top, box.right, box.bottom,
            parseFloat(getComputedStyle(e).fontSize)];
  })"""
# the page's own render() with a sample of five-digit numbers, as the feed would send it,
# and the texts measured in the same turn of the page's loop (no live sample can come between)
FIVE_DIGITS = (
    """() => {
  samples = [{t: Date.now() / 1000, in_flight: 88888, peak: 88888, total: 88888, rps: 88888}];
  render();
  return ("""
    + TEXTS
    + """)();
}"""
)


def overlapping(texts: list[list[Any]]) -> list[tuple[str, str]]:
    """The pairs of texts whose boxes share any area."""
    return [
        (a[0], b[0])
        for a, b in itertools.combinations(texts, 2)
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_page_reads_from_the_back_row(browser: Any, width: int, height: int) -> None:
    with EmbeddedServer() as url:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{url}?scale=linear")
        page.wait_for_selector("#status.live")
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider
        # idle, peak 0: whole-number ticks, never `1 / 1 / 0`
        ticks = page.get_attribute("#chart", "data-ticks").split(",")
        assert ticks == sorted(set(ticks), key=float) and all(t.isdigit() for t in ticks)
        page.click("#scale")  # the log scale: 0, then 1 to 10,000 by decades
        assert page.get_attribute("#chart", "data-ticks") == "0,1,10,100,1000,10000"
        # one request in flight stands well clear of none: a step of the scale, not a hair
        label = float(page.get_attribute("#chart", "data-label-px"))
        assert label >= 24  # the chart's labels, as every other text
        assert float(page.get_attribute("#chart", "data-one-above-zero-px")) >= 1.5 * label
        # five-digit numbers: no text over another, none smaller than 24 px, all inside
        texts = page.evaluate(FIVE_DIGITS)
        assert [t[0] for t in texts if t[0] == "88,888"] == ["88,888"] * 4
        assert overlapping(texts) == []
        assert all(size >= 24 for *_, size in texts), texts
        assert all(0 <= left and right <= width for _, left, _, right, _, _ in texts), texts
        assert min(bottom - top for text, _, top, _, bottom, _ in texts if text == "88,888") >= 32
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"dashboard-{width}x{height}.png")
    # the server gone, the page says so at length: the header takes more room, but nothing
    # leaves the window or lands on another text
    page.wait_for_selector("#status:not(.live)")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert overlapping(page.evaluate(TEXTS)) == []
    page.close()
