"""Middlewares, each made by a small factory and doing one thing."""

import asyncio
import logging

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from common.wire import IN_FLIGHT_HEADER
from server.typedefs import IN_FLIGHT_AT_ARRIVAL, Stats

# watching the server is not counted: the dashboard, its feed, /health and /stats
UNCOUNTED = frozenset({"dashboard", "feed", "health", "stats"})
SERVER_FAILED = "the server failed; see its log"


def json_error(
    status: int, reason: str, detail: str, headers: dict[str, str] | None = None
) -> web.Response:
    """The one shape of every error this server answers."""
    body = {"status_code": status, "error": reason, "detail": detail}
    return web.json_response(body, status=status, headers=headers)


def json_errors() -> Middleware:
    """Every error a handler or the router raises (a bad duration, a 404) answered as JSON."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise  # a redirect is an answer, not an error
            return json_error(exc.status, exc.reason, detail(request, exc), kept(exc))
        except Exception:
            logging.getLogger("aiohttp.server").exception("Error handling %s", request.path)
            return json_error(500, "Internal Server Error", SERVER_FAILED)

    return middleware


def detail(request: web.Request, exc: web.HTTPException) -> str:
    """The error's own text; aiohttp's for a 404 or 405 is just "404: Not Found", so then
    say what was asked."""
    if exc.text and exc.text != f"{exc.status}: {exc.reason}":
        return exc.text
    return f"{request.method} {request.path}: {exc.reason}"


def kept(exc: web.HTTPException) -> dict[str, str]:
    """Headers worth keeping from an error (Allow on 405, Retry-After on 503)."""
    return {k: v for k, v in exc.headers.items() if k in ("Allow", "Retry-After")}


def count_in_flight(stats: Stats, limit: int, idle_timeout: float) -> Middleware:
    """Count each request in `stats` while it is in flight, up to `limit` (beyond it, 503).

    A request is in flight until its answer is sent, not just computed: a client that
    stops reading keeps its place under the cap until `idle_timeout` cuts it off. Each
    answer carries the count at its arrival in the X-In-Flight header.
    """

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        match = request.match_info
        if match.http_exception is not None or match.route.name in UNCOUNTED:
            return await handler(request)  # a 404 or 405, or the watching
        if stats.in_flight >= limit:
            raise web.HTTPServiceUnavailable(
                text=f"{limit} requests in flight already", headers={"Retry-After": "1"}
            )
        request[IN_FLIGHT_AT_ARRIVAL] = in_flight = stats.arrive()
        try:
            response = await handler(request)
            if not response.prepared:  # a stream has sent its headers already
                response.headers[IN_FLIGHT_HEADER] = str(in_flight)
            await send(request, response, idle_timeout)
            return response
        finally:
            stats.leave()

    return middleware


async def send(request: web.Request, response: web.StreamResponse, idle_timeout: float) -> None:
    """Send the answer now; cut off a client that has not taken it within `idle_timeout`."""
    try:
        async with asyncio.timeout(idle_timeout):
            await response.prepare(request)
            await response.write_eof()
    except TimeoutError:
        if request.transport is not None:
            request.transport.abort()  # close() would wait for it to read the rest
    except ConnectionError:
        pass  # it hung up: aiohttp notices again, quietly
