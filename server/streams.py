"""Answers that arrive in pieces, over time: `async for chunk in response.content` on the
client's side. A client that hangs up stops the stream (aiohttp cancels the handler); one
that stops reading is cut off after --idle-timeout."""

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator

from aiohttp import WSMsgType, web

from server.httpbin.answers import lowered_query
from server.httpbin.seeded import seed_of, seeded_bytes
from server.inspection import described
from server.typedefs import SETTINGS
from server.views import parse_duration, parse_int, server_timing

TICK = 0.01  # seconds: the shortest pause between two writes


async def stream(request: web.Request) -> web.StreamResponse:
    """`n` JSON lines (at most 100), each the request described, with its `id`."""
    n = min(parse_int(request.match_info["n"], "n"), 100)
    sent = await described(request, "args", "headers", "origin", "url")
    response = web.StreamResponse(headers={"Content-Type": "application/json"})
    await response.prepare(request)
    in_order = {key: sent[key] for key in ("url", "args", "headers", "origin")}  # httpbin's
    for i in range(n):
        await write(request, response, json.dumps({**in_order, "id": i}).encode() + b"\n")
    return response


async def stream_bytes(request: web.Request) -> web.StreamResponse:
    """`n` random bytes in chunks of `?chunk_size=` (10 KiB); for a `?seed=`, httpbin's."""
    n = min(parse_int(request.match_info["n"], "n"), request.app[SETTINGS].max_bytes)
    query = lowered_query(request)
    size = max(1, parse_int(query.get("chunk_size", "10240"), "chunk_size"))
    seed = query.get("seed")
    pieces = unseeded(n) if seed is None else seeded_bytes(seed_of(seed), n)
    response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
    await response.prepare(request)
    async for piece in pieces:
        for start in range(0, len(piece), size):
            await write(request, response, piece[start : start + size])
    return response


async def unseeded(n: int) -> AsyncIterator[bytes]:
    for start in range(0, n, 64 * 1024):
        yield os.urandom(min(64 * 1024, n - start))


async def drip(request: web.Request) -> web.StreamResponse:
    """`?numbytes=` (10) asterisks over `?duration=` (2 s), after `?delay=` (0 s), with the
    status `?code=` (200): a slow network, byte by byte."""
    settings, query = request.app[SETTINGS], request.query
    duration = parse_duration(query.get("duration", "2"), settings.max_delay)
    delay = parse_duration(query.get("delay", "0"), settings.max_delay)
    numbytes = min(parse_int(query.get("numbytes", "10"), "numbytes"), settings.max_bytes)
    code = parse_int(query.get("code", "200"), "code")
    if numbytes < 1 or not 200 <= code <= 999:
        raise web.HTTPBadRequest(text="numbytes must be 1 or more, and code a status (200-999)")
    await asyncio.sleep(delay)
    response = web.StreamResponse(
        status=code,
        headers={
            "Content-Type": "application/octet-stream",
            "Server-Timing": server_timing(
                ("total_duration", delay + duration, "total request duration"),
                ("initial_delay", delay, "initial delay"),
                ("write_duration", duration, "duration of writes after initial delay"),
                ("pause_per_write", duration / numbytes, "computed pause between writes"),
            ),
        },
    )
    response.content_length = numbytes
    await response.prepare(request)
    async for count in paced(numbytes, duration):
        await write(request, response, b"*" * count)
    return response


async def sse(request: web.Request) -> web.StreamResponse:
    """Server-Sent Events (go-httpbin's): `?count=` (10) pings over `?duration=` (5 s),
    after `?delay=` (0 s)."""
    settings, query = request.app[SETTINGS], request.query
    count = parse_int(query.get("count", "10"), "count")
    duration = parse_duration(query.get("duration", "5"), settings.max_delay)
    delay = parse_duration(query.get("delay", "0"), settings.max_delay)
    if not 1 <= count <= 1000:
        raise web.HTTPBadRequest(text=f"count must be between 1 and 1000, not {count}")
    await asyncio.sleep(delay)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
    await response.prepare(request)
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(count):
        await asyncio.sleep(max(0.0, start + i * duration / count - loop.time()))
        event = {"id": i, "timestamp": round(time.time() * 1000)}
        await write(request, response, f"event: ping\ndata: {json.dumps(event)}\n\n".encode())
    return response


async def websocket_echo(request: web.Request) -> web.WebSocketResponse:
    """Every message sent back as it came: text as text, bytes as bytes."""
    ws = web.WebSocketResponse(max_msg_size=request.app[SETTINGS].max_body)
    await ws.prepare(request)
    async for message in ws:
        if message.type == WSMsgType.TEXT:
            await ws.send_str(message.data)
        elif message.type == WSMsgType.BINARY:
            await ws.send_bytes(message.data)
    return ws


async def paced(total: int, duration: float) -> AsyncIterator[int]:
    """How many of `total` to send at each tick, so that they spread over `duration`."""
    ticks = max(1, min(total, round(duration / TICK)))
    loop = asyncio.get_running_loop()
    start, sent = loop.time(), 0
    for tick in range(1, ticks + 1):
        due = total * tick // ticks
        yield due - sent
        sent = due
        if tick < ticks:
            await asyncio.sleep(max(0.0, start + tick * duration / ticks - loop.time()))


async def write(request: web.Request, response: web.StreamResponse, data: bytes) -> None:
    """Write a piece; a client that has not taken the last one within --idle-timeout is
    cut off (it would hold the handler, and its buffers, for as long as it liked). A HEAD
    gets none: aiohttp writes a stream's pieces even then, and the client would read them
    as the start of its next answer."""
    if request.method == "HEAD":
        return
    try:
        async with asyncio.timeout(request.app[SETTINGS].idle_timeout):
            await response.write(data)
    except TimeoutError:
        if request.transport is not None:
            request.transport.abort()
        await asyncio.sleep(0)  # aiohttp sees the connection gone and cancels this handler
