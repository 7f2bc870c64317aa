"""What wraps every request: middlewares, each made by a small factory and doing one thing,
and the headers every answer gets as it is sent (`on_response_prepare`)."""

import asyncio
import logging

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from common.wire import IN_FLIGHT_HEADER, RUN_HEADER
from server.typedefs import IN_FLIGHT_AT_ARRIVAL, Stats

log = logging.getLogger("demo-server")
# watching the server is not counted: the dashboard, its feed, /health and /stats
UNCOUNTED = frozenset({"dashboard", "feed", "health", "stats"})
SERVER_FAILED = "the server failed; see its log"
ANY_METHOD = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "TRACE"})
FLASK_HTML = "text/html; charset=utf-8"  # what Flask's own OPTIONS answer says it is
BUFFERED = 64 * 1024  # bytes a connection takes before it waits for its client (asyncio's)


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
            log.exception("Error handling %s", request.path)
            return json_error(500, "Internal Server Error", SERVER_FAILED)

    return middleware


def detail(request: web.Request, exc: web.HTTPException) -> str:
    """The error's own text; aiohttp's for a 404 or 405 is just "404: Not Found", so then
    say what was asked."""
    if exc.text and exc.text != f"{exc.status}: {exc.reason}":
        return " ".join(exc.text.split())  # one line, whatever aiohttp wrote
    return f"{request.method} {request.path}: {exc.reason}"


def kept(exc: web.HTTPException) -> dict[str, str]:
    """Headers worth keeping from an error (Allow on 405, Retry-After on 503)."""
    return {k: v for k, v in exc.headers.items() if k in ("Allow", "Retry-After")}


def count_in_flight(stats: Stats, limit: int, idle_timeout: float) -> Middleware:
    """Count each request in `stats` while it is in flight, up to `limit` (beyond it, 503),
    and in its run's own counts when it names one (RUN_HEADER).

    A request is in flight until its answer is sent, not just computed: a client that
    stops reading keeps its place under the cap until `idle_timeout` cuts it off. One whose
    client hangs up first is counted as given up: aiohttp cancels its handler
    (`handler_cancellation`). Each answer carries the count at its arrival in the
    X-In-Flight header (`stamp_in_flight`).
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
        run_id = request.headers.get(RUN_HEADER)
        run = stats.run(run_id) if run_id else None
        if run is not None:
            run.arrive()
        request[IN_FLIGHT_AT_ARRIVAL] = in_flight = stats.arrive()
        if run is not None:
            run.peak_with_others = max(run.peak_with_others, in_flight)
        given_up = False
        try:
            response = await handler(request)
            if (response.content_length or 0) > BUFFERED:
                # unusual for a middleware: it sends a big answer itself (aiohttp would,
                # after it returns), so that a client that does not read it stays counted,
                # and is cut off at the idle timeout instead of holding it as long as it
                # likes; a small one fits in the connection's buffer and never waits
                await send(request, response, idle_timeout)
            return response
        except asyncio.CancelledError:
            given_up = True  # counted, then cancelled as aiohttp asked: never swallowed
            raise
        finally:
            if run is not None:
                run.leave(given_up=given_up)
            stats.leave(given_up=given_up)

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


def preflight() -> Middleware:
    """A browser's CORS preflight (OPTIONS) to any route is answered at once, as httpbin
    does: a page on another origin may then call it (its headers: `allow_any_origin`)."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        refused = request.match_info.http_exception
        if request.method == "OPTIONS" and (refused is None or refused.status == 405):
            # Allow as Flask answers it: the route's methods (a `*` route: httpbin's six,
            # and HEAD), and OPTIONS
            methods = refused.allowed_methods if refused is not None else ANY_METHOD
            allow = ", ".join(sorted({*methods, "OPTIONS"}))
            return web.Response(headers={"Allow": allow, "Content-Type": FLASK_HTML})
        return await handler(request)

    return middleware


async def headers_of_every_answer(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: what every answer carries, errors and streams included."""
    allow_any_origin(request, response)
    stamp_in_flight(request, response)


def allow_any_origin(request: web.Request, response: web.StreamResponse) -> None:
    """Any page may read any answer, credentials included (httpbin's
    CORS: an offline stand-in must let a browser's `fetch` work as it does there). Never do
    this in an app that has cookies or logins: any site could read them."""
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
    response.headers["Access-Control-Allow-Credentials"] = "true"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, DELETE, PATCH, OPTIONS"
        response.headers["Access-Control-Max-Age"] = "3600"
        if (asked := request.headers.get("Access-Control-Request-Headers")) is not None:
            response.headers["Access-Control-Allow-Headers"] = asked


def stamp_in_flight(request: web.Request, response: web.StreamResponse) -> None:
    """A counted request's answer says how many were in flight when it arrived, itself
    included: the largest a client sees is the most the server held."""
    if (in_flight := request.get(IN_FLIGHT_AT_ARRIVAL)) is not None:
        response.headers[IN_FLIGHT_HEADER] = str(in_flight)
