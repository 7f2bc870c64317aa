"""Middlewares, one job each: count what is in flight, answer errors in JSON."""

import logging
import time
from collections.abc import Collection

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from server.typedefs import ARRIVED_AT, IN_FLIGHT_AT_ARRIVAL, SETTINGS, STATS

log = logging.getLogger(__name__)

IN_FLIGHT_HEADER = "X-In-Flight"
SERVER_FAILED = "the server failed; see its log"


def count_in_flight(route_names: Collection[str]) -> Middleware:
    """Count the named routes' requests, so the server can prove its concurrency.

    Each counted response carries the in-flight count at its arrival (itself
    included) in an `X-In-Flight` header: the largest one a client sees is the
    peak the server held while that client's requests were in flight.
    """

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.match_info.route.name not in route_names:
            return await handler(request)
        stats, limit = request.app[STATS], request.app[SETTINGS].max_in_flight
        if stats.in_flight >= limit:
            detail = f"{limit} requests in flight already"
            return json_error(503, "Service Unavailable", detail, {"Retry-After": "1"})
        request[IN_FLIGHT_AT_ARRIVAL] = stats.arrive()
        request[ARRIVED_AT] = time.time()
        try:
            response = await handler(request)
            response.headers[IN_FLIGHT_HEADER] = str(request[IN_FLIGHT_AT_ARRIVAL])
            return response
        finally:
            stats.leave()

    return middleware


def json_error(
    status: int, reason: str, detail: str, headers: dict[str, str] | None = None
) -> web.Response:
    """The one shape of every error this server answers."""
    body = {"status_code": status, "error": reason, "detail": detail}
    return web.json_response(body, status=status, headers=headers)


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every 4xx and 5xx leaves as JSON; an unexpected exception is a logged 500."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        # aiohttp's own text for a 404 or 405 is just "404: Not Found"; say what was asked
        detail = (
            exc.text
            if exc.text and exc.text != f"{exc.status}: {exc.reason}"
            else (f"{request.method} {request.path}: {exc.reason}")
        )
        return json_error(exc.status, exc.reason, detail, _kept(exc))
    except Exception:
        log.exception("unhandled error in %s %s", request.method, request.path)
        return json_error(500, "Internal Server Error", SERVER_FAILED)


def _kept(exc: web.HTTPException) -> dict[str, str]:
    """Headers worth keeping from an error (Allow on 405, Retry-After on 503)."""
    return {k: v for k, v in exc.headers.items() if k in ("Allow", "Retry-After")}
