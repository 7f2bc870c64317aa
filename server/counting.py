"""Counting requests in flight, so the server can prove its concurrency."""

import functools
from collections.abc import Callable

from aiohttp import web
from aiohttp.typedefs import Handler

from server.typedefs import IN_FLIGHT_AT_ARRIVAL, Stats

IN_FLIGHT_HEADER = "X-In-Flight"


def counting(stats: Stats, limit: int) -> Callable[[Handler], Handler]:
    """A decorator counting a handler's requests in `stats` while they are in flight (until
    their answer is sent), up to `limit` (--max-in-flight; beyond it, 503).

    Each answer carries the in-flight count at its arrival (itself included) in an
    `X-In-Flight` header: the largest one a client sees is the peak the server held while
    that client's requests were in flight. The stats and the cap are given once, when the
    routes are made, not looked up through `request.app` on every request.
    """

    def counted(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def handle(request: web.Request) -> web.StreamResponse:
            if stats.in_flight >= limit:
                raise web.HTTPServiceUnavailable(
                    text=f"{limit} requests in flight already", headers={"Retry-After": "1"}
                )
            request[IN_FLIGHT_AT_ARRIVAL] = in_flight = stats.arrive()
            try:
                response = await handler(request)
                response.headers[IN_FLIGHT_HEADER] = str(in_flight)
                # in flight until the answer is sent: a client that does not read holds its
                # place under the cap (until the idle timeout cuts it off), not memory outside
                try:
                    await response.prepare(request)
                    await response.write_eof()
                except ConnectionError:
                    pass  # it hung up: aiohttp notices again, quietly
                return response
            finally:
                stats.leave()

        return handle

    return counted
