"""Counting requests in flight, so the server can prove its concurrency."""

import functools
import time
from contextlib import suppress

from aiohttp import web
from aiohttp.typedefs import Handler

from server.typedefs import ARRIVED_AT, IN_FLIGHT_AT_ARRIVAL, SETTINGS, STATS

IN_FLIGHT_HEADER = "X-In-Flight"


def counted(handler: Handler) -> Handler:
    """Count the handler's requests while they are in flight (until their answer is sent),
    up to --max-in-flight (503).

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
            response.headers[IN_FLIGHT_HEADER] = str(request[IN_FLIGHT_AT_ARRIVAL])
            # in flight until the answer is sent: a client that does not read holds its place
            # under the cap (until the idle timeout cuts it off), not memory outside it
            with suppress(ConnectionError):  # it hung up: aiohttp notices again, quietly
                await response.prepare(request)
                await response.write_eof()
            return response
        finally:
            stats.leave()

    return counting
