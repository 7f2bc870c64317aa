"""The dashboard in a real browser, against a real server, during a real run."""

import asyncio
import threading
from typing import Any

import aiohttp
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
