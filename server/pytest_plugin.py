"""A pytest plugin that stands in for pytest-httpbin: the `httpbin` fixture a test suite
expects (`.url`, `.host`, `.port`, `httpbin + "/get"`, `httpbin.join("get")`), served by
this project's server in the test process, so the suite runs with no network and no
httpbin package. One line of set-up, in the suite's conftest.py:

    pytest_plugins = ["server.pytest_plugin"]

or `pytest -p server.pytest_plugin` (with `-p no:httpbin` if pytest-httpbin is installed
too). Plain HTTP only: there is no `httpbin_secure`.
"""

import asyncio
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

import pytest
from aiohttp import web

from server.app import create_app
from server.settings import Settings


@dataclass
class Server:
    """The server's address, as pytest-httpbin's `Server` gives it."""

    host: str = "127.0.0.1"
    port: int = 0
    protocol: str = "http"
    stop: Callable[[], None] = field(default=lambda: None, repr=False)

    @property
    def url(self) -> str:
        return f"{self.protocol}://{self.host}:{self.port}"

    def __add__(self, other: str) -> str:
        return self.url + other

    def __str__(self) -> str:
        return self.url

    def join(self, url: str, allow_fragments: bool = True) -> str:
        return urljoin(self.url, url, allow_fragments=allow_fragments)


def serve(server: Server, ready: threading.Event, failed: list[BaseException]) -> None:
    """The server's own thread: its own loop, until `server.stop()` is called."""

    async def main() -> None:
        stopped, loop = asyncio.Event(), asyncio.get_running_loop()
        server.stop = lambda: loop.call_soon_threadsafe(stopped.set)
        runner = web.AppRunner(create_app(Settings(host=server.host, port=0)))
        await runner.setup()
        try:
            site = web.TCPSite(runner, server.host, 0)
            await site.start()
            server.port = runner.addresses[0][1]
            ready.set()
            await stopped.wait()
        finally:
            await runner.cleanup()

    try:
        asyncio.run(main())
    except BaseException as exc:  # told to the test thread, which raises it
        failed.append(exc)
        ready.set()


@pytest.fixture(scope="session")
def httpbin() -> Iterator[Server]:
    """The server, started once for the session."""
    server, ready, failed = Server(), threading.Event(), []
    thread = threading.Thread(target=serve, args=(server, ready, failed), daemon=True)
    thread.start()
    ready.wait(30)
    if failed:
        raise failed[0]
    yield server
    server.stop()
    thread.join(30)


@pytest.fixture(scope="class")
def class_based_httpbin(request: pytest.FixtureRequest, httpbin: Server) -> None:
    """`@pytest.mark.usefixtures("class_based_httpbin")`: `self.httpbin` in the class."""
    request.cls.httpbin = httpbin


@pytest.fixture
def httpbin_ca_bundle() -> None:
    """pytest-httpbin's, for its HTTPS server: there is none here, so nothing to trust."""
