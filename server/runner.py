"""Start and stop the app on a socket: shared by the CLI and the embedded server."""

import asyncio
import gc
import logging
from typing import Any

from aiohttp import web
from yarl import URL

from server.app import create_app
from server.clitools import os_reason
from server.protocol import Runner
from server.settings import Settings

LINGER = 2.0  # seconds


async def start(settings: Settings) -> tuple[web.AppRunner, URL]:
    """Listen on the settings' host and port (0: a free one); return the runner and URL."""
    runner = Runner(
        create_app(settings),
        # a client that hangs up stops its handler (and its /delay wait)
        handler_cancellation=True,
        # on shutdown, requests in flight may run to the longest delay allowed
        shutdown_timeout=settings.max_delay + 1,
        # a connection idle this long, before its first request too, is closed (and one
        # whose client stops reading our answer: server/protocol.py)
        keepalive_timeout=settings.idle_timeout,
        access_log=None,
        # after an answer, the rest of an unread body is drained for this long, then the
        # connection is closed: long enough for an upload past --max-body to read its 413,
        # short enough that a client stalled mid-body (408) is not held on to (default 10 s)
        lingering_time=LINGER,
    )
    await runner.setup()
    site = web.TCPSite(
        runner,
        settings.host,
        settings.port,
        backlog=settings.backlog,
        reuse_port=settings.reuse_port or None,
    )
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    host, port = runner.addresses[0][:2]
    return runner, URL.build(scheme="http", host=host, port=port)


def settle() -> None:
    """In a server's own process (not a test's), once it has started: tune it for load."""
    collect_less_often()
    log_accept_failures_briefly(asyncio.get_running_loop())


def collect_less_often() -> None:
    """Tune the cyclic garbage collector for a process holding thousands of connections.

    With CPython's thresholds (700, 10, 10) a full collection, which walks every live object,
    comes every ~70,000 allocations: 8 times while 10,000 requests come and go, 1.3-2.0 s of
    the server's 4-5 s of CPU (benchmarks/README.md). At (10,000, 10, 10) it comes every
    ~1,000,000, and the young generations are still collected often. Freezing first leaves
    what start-up made (modules, the app) out of every walk. Call once, after start-up.
    """
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def log_accept_failures_briefly(loop: asyncio.AbstractEventLoop) -> None:
    """Out of open files, say so in one line a second, not thousands of tracebacks.

    When accept() fails for want of files, asyncio logs a traceback and tries again, as
    many times as the listen backlog (4,096) on each wake-up (CPython 3.11-3.13).
    """
    last = -1.0

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        nonlocal last
        if context.get("message") != "socket.accept() out of system resource":
            loop.default_exception_handler(context)
        elif loop.time() - last >= 1:
            last = loop.time()
            reason = os_reason(context["exception"])
            logging.getLogger(__name__).warning(
                "cannot accept connections (%s): they wait until some close", reason
            )

    loop.set_exception_handler(handle)
