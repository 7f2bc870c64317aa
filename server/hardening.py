"""What a server left running for strangers needs beyond aiohttp's defaults, all through
aiohttp's public API. demo-server and the embedded server call `harden(app)` once they
have made it; the tests' apps go without, so that they see aiohttp's own behaviour.

- An Expect header it does not know is a JSON 417 (`expect_check`, every route's
  `expect_handler=` in server/routes.py): aiohttp's own check answers a 500, and logs a
  traceback, for a value that is not UTF-8. On a path no route has, aiohttp's check is
  the one that runs: there a non-UTF-8 Expect is still its 500 (logged in one line).
- Junk from the network is logged in one line: aiohttp logs a traceback for every request
  its HTTP parser refuses, and for a body that does not decompress.
- A form part with a malformed header is not warned about: the client has its 400, and
  aiohttp's warning would print two lines of a stranger's junk.
- Running out of open files is logged once a second: asyncio logs a traceback for each
  attempt to accept(), ~23,000 a second at `ulimit -n 256` (CPython 3.11-3.13; tested in
  tests/server/test_faults.py, under a low open-file limit).
"""

import asyncio
import logging
import warnings
from typing import Any

from aiohttp import HttpVersion11, web
from aiohttp.http import HttpProcessingError
from aiohttp.multipart import BadContentDispositionHeader, BadContentDispositionParam

from common.cli import os_reason
from server.inspection import malformed
from server.middlewares import json_error

log = logging.getLogger("demo-server")


def harden(app: web.Application) -> None:
    """For a server that strangers reach: quiet logs, and a loop that survives EMFILE."""
    logging.getLogger("aiohttp.server").addFilter(junk_in_one_line)
    warnings.filterwarnings("ignore", category=BadContentDispositionHeader)
    warnings.filterwarnings("ignore", category=BadContentDispositionParam)
    app.on_startup.append(say_out_of_files_once_a_second)


async def expect_check(request: web.Request) -> web.StreamResponse | None:
    """A route's Expect check (aiohttp's documented `expect_handler`): 100-continue as
    aiohttp does it, a JSON 417 for any other."""
    if request.version != HttpVersion11:
        return None
    expectation = request.headers.get("Expect", "")
    if expectation.lower() != "100-continue":
        return json_error(417, "Expectation Failed", f"unknown Expect: {expectation!r}")
    if request.transport is not None:
        request.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    return None


def junk_in_one_line(record: logging.LogRecord) -> bool:
    """A logging filter on aiohttp's own log (the app's errors have a logger of their own):
    a malformed request is one line of warning, not a traceback."""
    exc = record.exc_info[1] if record.exc_info else None
    if isinstance(exc, HttpProcessingError | web.RequestPayloadError | UnicodeEncodeError):
        record.msg, record.args = "refused a malformed request: %s", (malformed(exc),)
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
    return True


async def say_out_of_files_once_a_second(app: web.Application) -> None:
    """on_startup: the loop's exception handler, once the loop runs."""
    last = -1.0

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        nonlocal last
        if context.get("message") != "socket.accept() out of system resource":
            loop.default_exception_handler(context)
        elif loop.time() - last >= 1:
            last = loop.time()
            reason = os_reason(context["exception"])
            log.warning("cannot accept connections (%s): they wait until some close", reason)

    asyncio.get_running_loop().set_exception_handler(handle)
