"""Counting requests in flight, so the server can prove its concurrency."""

import functools
import time

from aiohttp import web
from aiohttp.typedefs import Handler

from server.typedefs import ARRIVED_AT, IN_FLIGHT_AT_ARRIVAL, SETTINGS, STATS

IN_FLIGHT_HEADER = "X-In-Flight"


def counted(handler: Handler) -> Handler:
    """Count the handler's requests while they are in flight, up to --max-in-flight (503).

    Each answer carries the in-flight count at its arrival (itself included) in an
    `X-In-Flight` header: the largest one a client sees is the peak the server held while
    that client's requests were in flight.
    """

    @functools.wraps(handler)
    async def counting(request: web.Request) -> web.StreamResponse:
        stats, limit = request.app[STATS], request.app[SETTINGS].max_in_flight
        if stats.in_flight >= limit:
            raise web.HTTPServiceUnavailable(
                text=f"{limit} requests in flight already", headers={"Retry-After": "1"}
            )
        request[IN_FLIGHT_AT_ARRIVAL] = stats.arrive()
        request[ARRIVED_AT] = time.time()
        try:
            response = await handler(request)
        finally:
            stats.leave()
        response.headers[IN_FLIGHT_HEADER] = str(request[IN_FLIGHT_AT_ARRIVAL])
        return response

    return counting
