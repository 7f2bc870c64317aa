"""The demo's own handlers: the slow request it is built around, and what watches it."""

import asyncio
import math
import os
import time

from aiohttp import web

from server.httpbin.answers import jsonify, lowered_query
from server.httpbin.seeded import seed_of, seeded_bytes
from server.inspection import describe, guarded, read
from server.typedefs import IN_FLIGHT_AT_ARRIVAL, SETTINGS, STATS, Counts

# what /echo sends back is the caller's own bytes: never let a browser run them
REFLECTED_CONTENT_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": 'attachment; filename="echo"',
}


async def delay(request: web.Request) -> web.Response:
    """Wait `duration` without blocking, then answer like httpbin's /delay.

    Like httpbin, a longer wait than the server allows (--max-delay) is cut to it.
    """
    arrived_at = time.time()
    seconds = parse_duration(request.match_info["duration"], request.app[SETTINGS].max_delay)
    body = await read(request)  # now: a body that cannot be read is a 400 at once
    await asyncio.sleep(seconds)
    # described after the wait: 10,000 waiting requests hold no 10,000 descriptions
    sent = describe(request, body, "args", "data", "files", "form", "headers", "origin", "url")
    # on one line, not in httpbin's indented layout (its parsed JSON is httpbin's): this
    # is the route ten thousand requests wait on at once, and json.dumps with an indent
    # is pure Python, 0.4 s of the server's CPU at 10,000 (benchmarks/, gather-10k)
    return jsonify(
        {
            **sent,
            "delay": seconds,
            "arrived_at": arrived_at,
            "answered_at": time.time(),
            "in_flight_at_arrival": request[IN_FLIGHT_AT_ARRIVAL],
        },
        headers={"Server-Timing": server_timing(("initial_delay", seconds, "initial delay"))},
        indent=None,
    )


async def echo(request: web.Request) -> web.Response:
    """Return the request body byte for byte, with its content type."""
    body = await guarded(request, request.read()) if request.body_exists else b""
    return web.Response(
        body=body,
        headers={
            **REFLECTED_CONTENT_HEADERS,
            "Content-Type": request.headers.get("Content-Type", "application/octet-stream"),
        },
    )


async def random_bytes(request: web.Request) -> web.Response:
    """`n` random bytes, after an optional `?delay=`; for a `?seed=`, httpbin's own."""
    settings = request.app[SETTINGS]
    n = min(parse_int(request.match_info["n"], "n"), settings.max_bytes)
    await asyncio.sleep(parse_duration(request.query.get("delay", "0"), settings.max_delay))
    seed = lowered_query(request).get("seed")
    if seed is None:
        data = os.urandom(n)
    else:
        data = b"".join([piece async for piece in seeded_bytes(seed_of(seed), n)])
    return web.Response(body=data, content_type="application/octet-stream")


async def health(request: web.Request) -> web.Response:
    """Serving; and the longest /delay it allows, so a client can check before a run."""
    return web.json_response({"status": "ok", "max_delay": request.app[SETTINGS].max_delay})


async def stats(request: web.Request) -> web.Response:
    """Requests in flight now, the most ever held at once, the total done, of which those
    given up on by their client, and the CPU seconds this server has used (a client compares two
    readings). `?run=NAME`: one run's own counts (common/wire.py), and the most the server
    held in all when one of them arrived."""
    stats = request.app[STATS]
    counts: Counts = stats
    if (run_id := request.query.get("run")) is not None:
        if (counts := stats.runs.get(run_id)) is None:
            raise web.HTTPNotFound(text=f"no request of the run {run_id!r} seen")
    return web.json_response({**counts.to_json(), "cpu_s": round(time.process_time(), 3)})


def parse_duration(text: str, maximum: float) -> float:
    """Seconds from `1`, `0.25`, `250ms` or `1.5s`, at most `maximum`; a 400 for anything
    that is not a duration (httpbin answers a 500)."""
    number, scale = text, 1.0
    if text.endswith("ms"):
        number, scale = text[:-2], 0.001
    elif text.endswith("s"):
        number = text[:-1]
    try:
        seconds = float(number) * scale + 0.0  # + 0.0: "-0" is plain 0
    except ValueError:
        raise web.HTTPBadRequest(
            text=f"{text!r} is not a duration: use seconds (1, 0.25) or a unit (250ms, 1.5s)"
        ) from None
    if math.isnan(seconds) or seconds < 0:
        raise web.HTTPBadRequest(text=f"{text!r} is not a duration of 0 s or more")
    return min(seconds, maximum)


def parse_int(text: str, name: str) -> int:
    if not text.isdecimal() or len(text) > 12:
        raise web.HTTPBadRequest(text=f"{name} must be a whole number, not {text!r}")
    return int(text)


def server_timing(*parts: tuple[str, float, str]) -> str:
    """The Server-Timing header, as go-httpbin writes it: each part's name, ms, words."""
    return ", ".join(
        f'{name};dur={seconds * 1000:.2f};desc="{desc}"' for name, seconds, desc in parts
    )
