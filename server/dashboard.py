"""The live dashboard: a page at `/`, fed over a WebSocket with the server's in-flight count.

A timer samples the counters a few times a second and broadcasts one message to every
open page, so the cost does not grow with the request rate, and little with the pages.
"""

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from contextlib import suppress
from pathlib import Path

from aiohttp import WSCloseCode, web
from yarl import URL

from server.typedefs import FEED, STATS

SAMPLE_EVERY = 0.2  # seconds between two samples
PAGE = Path(__file__).with_name("dashboard.html")
log = logging.getLogger("demo-server")


async def page(request: web.Request) -> web.Response:
    """The dashboard: one self-contained HTML file, read once at start-up."""
    return web.Response(body=request.app[FEED].html, content_type="text/html")


async def feed(request: web.Request) -> web.WebSocketResponse:
    """The samples, as JSON: first the recent history, then one message per sample."""
    origin = request.headers.get("Origin")
    if origin is not None and not same_origin(origin, request.host):
        # another site's page must not read this feed through a visitor's browser
        raise web.HTTPForbidden(text=f"WebSocket from another origin: {origin!r}")
    ws = web.WebSocketResponse(heartbeat=20)
    pages = request.app[FEED].pages
    try:
        await ws.prepare(request)
        pages.add(ws)
        await ws.send_json({"type": "history", "samples": list(request.app[FEED].history)})
        async for _ in ws:  # the page sends nothing; this waits for it to close
            pass
    except ConnectionResetError:  # it hung up before the handshake's answer or the history
        pass
    finally:
        pages.discard(ws)
    return ws


def same_origin(origin: str, host: str) -> bool:
    try:
        url = URL(origin)
    except ValueError:  # not even a URL
        return False
    return url.scheme in ("http", "https") and url.authority == host


async def sample_forever(app: web.Application) -> None:
    stats, feed = app[STATS], app[FEED]
    loop = asyncio.get_running_loop()
    last_time, last_total = loop.time(), stats.total
    while True:
        await asyncio.sleep(SAMPLE_EVERY)
        now = loop.time()
        sample = {
            "t": time.time(),
            "in_flight": stats.window_peak,
            "peak": stats.peak_in_flight,
            "total": stats.total,
            "rps": (stats.total - last_total) / (now - last_time),
        }
        stats.window_peak = stats.in_flight
        last_time, last_total = now, stats.total
        feed.history.append(sample)
        if feed.pages:
            await broadcast(list(feed.pages), json.dumps({"type": "sample", **sample}))


async def broadcast(pages: list[web.WebSocketResponse], message: str) -> None:
    """Send to every page at once; a page that cannot take it is closed, and said."""
    results = await asyncio.gather(*(ws.send_str(message) for ws in pages), return_exceptions=True)
    for ws, result in zip(pages, results, strict=True):
        if isinstance(result, Exception):
            log.info("a dashboard page left: %s", result or type(result).__name__)
            await ws.close()


async def sampler(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: sample while the app runs."""
    app[FEED].html = await asyncio.to_thread(PAGE.read_bytes)  # a file: not on the loop
    task = asyncio.create_task(sample_forever(app))
    yield
    task.cancel()
    # not demo 22's mistake: the cancel is ours, sent a line above, and this waits for the
    # task to end (aiohttp's documented pattern for a background task)
    with suppress(asyncio.CancelledError):
        await task


async def close_pages(app: web.Application) -> None:
    """on_shutdown: an open page must not hold a graceful shutdown until its timeout."""
    for ws in list(app[FEED].pages):
        await ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutting down")
