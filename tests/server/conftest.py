"""The app from `create_app`, served by pytest-aiohttp as demo-server serves it, with state
a test can await (`await stats.until(...)`) instead of polling; and the error shape.

- `app_factory`, `serve_app`: the app and its server (tests/client's modes use them too);
- `make_client`, `client`: a test client on it;
- `assert_json_error`: the one shape of every error the app answers.
"""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from server.app import create_app
from server.serving import run_options
from server.settings import Settings
from server.typedefs import FEED, SETTINGS, Stats

WAIT_LIMIT = 5.0  # seconds: a wait for the server never hangs the suite
REQUEST_LIMIT = aiohttp.ClientTimeout(total=20)


# the error shape

ERROR_KEYS = {"status_code", "error", "detail"}


def assert_error_body(body: Any, status: int, reason: str) -> None:
    """The server's error shape: status_code, error (the reason) and a non-empty detail."""
    assert set(body) == ERROR_KEYS, body
    assert body["status_code"] == status
    assert body["error"] == reason
    assert isinstance(body["detail"], str) and body["detail"]


async def assert_json_error(response: aiohttp.ClientResponse, status: int) -> dict[str, Any]:
    """The response is that error, in JSON; its body."""
    assert response.status == status
    assert response.content_type == "application/json"
    body = await response.json()
    assert_error_body(body, status, response.reason)
    return body


# state a test can wait for


class Waiters:
    """Futures waiting for a condition on some state; the state calls `check` as it changes."""

    def __init__(self) -> None:
        self._waiting: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []

    def check(self) -> None:
        for holds, future in list(self._waiting):
            if not future.done() and holds():
                future.set_result(None)

    async def until(self, holds: Callable[[], bool]) -> None:
        """Return once `holds()`; a TimeoutError after WAIT_LIMIT seconds."""
        if holds():
            return
        waiter = (holds, asyncio.get_running_loop().create_future())
        self._waiting.append(waiter)
        try:
            async with asyncio.timeout(WAIT_LIMIT):
                await waiter[1]
        finally:
            self._waiting.remove(waiter)


class WatchedStats(Stats):
    """The server's own counters, plus a way to wait for a state of them.

    The counted routes change these fields as requests come and go; each change checks
    the waiters, so a test awaits "50 in flight" or "back to 0" without sleeping.
    """

    def __init__(self) -> None:
        object.__setattr__(self, "_waiters", Waiters())
        super().__init__()

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        self._waiters.check()

    async def until(self, predicate: Callable[[Stats], bool]) -> None:
        """Return once `predicate(stats)` holds; a TimeoutError after WAIT_LIMIT seconds."""
        await self._waiters.until(lambda: predicate(self))


class WatchedPages(set[web.WebSocketResponse]):
    """The dashboard's open pages, plus a way to wait for a state of them."""

    def __init__(self) -> None:
        super().__init__()
        self._waiters = Waiters()

    def add(self, page: web.WebSocketResponse) -> None:
        super().add(page)
        self._waiters.check()

    def discard(self, page: web.WebSocketResponse) -> None:
        super().discard(page)
        self._waiters.check()

    async def until(self, predicate: Callable[[set[web.WebSocketResponse]], bool]) -> None:
        """Return once `predicate(pages)` holds; a TimeoutError after WAIT_LIMIT seconds."""
        await self._waiters.until(lambda: predicate(self))


# the app, its server, a client


@pytest.fixture
def app_factory() -> Callable[..., web.Application]:
    """`create_app(Settings(**overrides))`, its counters and open pages watched."""

    def make(**overrides: Any) -> web.Application:
        app = create_app(Settings(**overrides), WatchedStats())
        # create_app makes the Feed itself: its set of pages is swapped before the app runs
        app[FEED].pages = WatchedPages()
        return app

    return make


@pytest.fixture
def serve_app(aiohttp_server: Callable[..., Any]) -> Callable[..., Awaitable[TestServer]]:
    """`await serve_app(app)`: the app on a real socket, served as demo-server serves it."""

    async def serve(app: web.Application) -> TestServer:
        options = run_options(app[SETTINGS])
        del options["handler_cancellation"]  # pytest-aiohttp's server sets it too
        return await aiohttp_server(app, **options)

    return serve


@pytest.fixture
def make_client(
    aiohttp_client: Callable[..., Any],
    app_factory: Callable[..., web.Application],
    serve_app: Callable[..., Awaitable[TestServer]],
) -> Callable[..., Awaitable[TestClient]]:
    """`await make_client(**overrides)`: a test client on an app with those settings."""

    async def make(**overrides: Any) -> TestClient:
        server = await serve_app(app_factory(**overrides))
        # a bound on every request: a server that wrongly waits fails the test, not the suite
        return await aiohttp_client(server, timeout=REQUEST_LIMIT)

    return make


@pytest.fixture
async def client(make_client: Callable[..., Awaitable[TestClient]]) -> TestClient:
    """A test client on an app with the default settings."""
    return await make_client()
