"""What a server left running for strangers needs beyond aiohttp's defaults: the one
module that reaches past aiohttp's public API. demo-server and the embedded server call
`install()` before they make the app and `tune(app)` after; the tests' apps have neither.

`install()`, for the process:
- an unknown Expect header is a JSON 417: aiohttp's own check answers a 500, and logs a
  traceback, for a value that is not UTF-8 (on every path, found routes or not), so the
  one private name below replaces it; if aiohttp renames it, that check alone is lost;
- junk from the network is logged in one line: aiohttp logs a traceback for every request
  its HTTP parser refuses, and for a body that does not decompress;
- a form part with a malformed header is not warned about: the client has its 400, and
  aiohttp's warning would print two lines of a stranger's junk.

`tune(app)`, once it runs (the public API, for load):
- running out of open files is logged once a second: asyncio logs a traceback for each
  attempt to accept(), thousands a second (CPython 3.11-3.13);
- the garbage collector runs less often: with thousands of connections alive, each full
  collection walks them all (1.3-2.0 s of a 10,000-request run's 4-5 s of CPU).
"""

import asyncio
import gc
import logging
import warnings
from typing import Any

from aiohttp import HttpVersion11, web, web_urldispatcher
from aiohttp.http import HttpProcessingError
from aiohttp.multipart import BadContentDispositionHeader, BadContentDispositionParam

from common.cli import os_reason
from server.inspection import malformed
from server.middlewares import json_error

log = logging.getLogger("demo-server")
aiohttps_expect_check = web_urldispatcher._default_expect_handler


def install() -> None:
    """For the whole process; before the app is made (its routes take the Expect check
    there is when they are made)."""
    web_urldispatcher._default_expect_handler = expect_check
    logging.getLogger("aiohttp.server").addFilter(junk_in_one_line)
    warnings.filterwarnings("ignore", category=BadContentDispositionHeader)
    warnings.filterwarnings("ignore", category=BadContentDispositionParam)


def tune(app: web.Application) -> None:
    """For a process that will hold thousands of connections: once the app starts."""
    app.on_startup.append(for_thousands_of_connections)


async def expect_check(request: web.Request) -> web.StreamResponse | None:
    """aiohttp's check of an Expect header, but a JSON 417 for any it does not know."""
    expectation = request.headers.get("Expect", "")
    if request.version == HttpVersion11 and expectation.lower() != "100-continue":
        return json_error(417, "Expectation Failed", f"unknown Expect: {expectation!r}")
    return await aiohttps_expect_check(request)  # 100 Continue


def junk_in_one_line(record: logging.LogRecord) -> bool:
    """A logging filter: a malformed request is one line of warning, not a traceback."""
    exc = record.exc_info[1] if record.exc_info else None
    if isinstance(exc, HttpProcessingError | web.RequestPayloadError):
        record.msg, record.args = "refused a malformed request: %s", (malformed(exc),)
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
    return True


async def for_thousands_of_connections(app: web.Application) -> None:
    """on_startup: once the app is built, tune the process for load."""
    # what start-up made (modules, the app) is left out of every walk; a full collection
    # comes every ~1,000,000 allocations instead of ~70,000 (thresholds 700, 10, 10)
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    asyncio.get_running_loop().set_exception_handler(accept_failures_once_a_second())


def accept_failures_once_a_second() -> Any:
    """A loop exception handler: out of open files, say so once a second."""
    last = -1.0

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        nonlocal last
        if context.get("message") != "socket.accept() out of system resource":
            loop.default_exception_handler(context)
        elif loop.time() - last >= 1:
            last = loop.time()
            reason = os_reason(context["exception"])
            log.warning("cannot accept connections (%s): they wait until some close", reason)

    return handle
