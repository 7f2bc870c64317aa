"""Server state a test can wait for: the app's counters and its dashboard's open pages,
each change checking who waits, so that a test awaits "50 in flight" without sleeping."""

import asyncio
from collections.abc import Callable
from typing import Any

from aiohttp import web

from server.typedefs import Stats

WAIT_LIMIT = 5.0  # seconds: a wait for the server never hangs the suite


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
