"""Answers made from the request: /base64/{value} decoded, /range/{n} (byte ranges of a
fixed alphabet), /links/{n}/{offset} (pages of links)."""

import asyncio
import base64
import binascii

from aiohttp import web

from server.httpbin.answers import html, lowered_query, redirect
from server.streams import write
from server.typedefs import SETTINGS
from server.views import parse_duration, parse_int

RANGE_LIMIT = 100 * 1024  # httpbin's: /range/{n} above it is a 404


async def decode_base64(request: web.Request) -> web.StreamResponse:
    """The URL-safe base64 value decoded, as UTF-8 text; httpbin's hint if it is not."""
    try:
        return html(base64.urlsafe_b64decode(request.match_info["value"].encode()).decode())
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        return html("Incorrect Base64 data try: SFRUUEJJTiBpcyBhd2Vzb21l")


async def byte_range(request: web.Request) -> web.StreamResponse:
    """`n` bytes of `abc...z` repeated, or the Range asked for (206, or 416 outside them),
    streamed in `?chunk_size=` pieces over `?duration=` seconds."""
    n = parse_int(request.match_info["n"], "n")
    tag = {"ETag": f"range{n}", "Accept-Ranges": "bytes"}
    if not 0 < n <= RANGE_LIMIT:
        text = f"number of bytes must be in the range (0, {RANGE_LIMIT}]"
        return web.Response(status=404, text=text, headers=tag)
    query = lowered_query(request)
    chunk_size = max(1, parse_int(query.get("chunk_size", "10240"), "chunk_size"))
    duration = parse_duration(query.get("duration", "0"), request.app[SETTINGS].max_delay)
    first, last = asked_range(request.headers.get("Range"), n)
    if first > last or not 0 <= first < n or not 0 <= last < n:
        headers = {
            **tag,
            "Content-Range": f"bytes */{n}",
            "Content-Type": "text/plain; charset=utf-8",
        }
        return web.Response(status=416, headers=headers)
    answer = web.StreamResponse(
        status=200 if (first, last) == (0, n - 1) else 206,
        headers={
            **tag,
            "Content-Type": "application/octet-stream",
            "Content-Range": f"bytes {first}-{last}/{n}",
        },
    )
    answer.content_length = last + 1 - first
    await answer.prepare(request)
    pause = duration / n
    for start in range(first, last + 1, chunk_size):
        piece = bytes(97 + i % 26 for i in range(start, min(start + chunk_size, last + 1)))
        await write(request, answer, piece)
        await asyncio.sleep(pause * len(piece))
    return answer


def asked_range(header: str | None, n: int) -> tuple[int, int]:
    """httpbin's reading of `Range: bytes=a-b`, `a-` or `-b`: anything else is it all."""
    first = last = None
    text = (header or "").strip()
    if text.startswith("bytes") and len(parts := text.split("=")) == 2:
        ends = parts[1].split("-")
        first, last = as_int(ends[0]), as_int(ends[1]) if len(ends) > 1 else None
    if first is None and last is None:
        return 0, n - 1
    if first is None:
        return max(0, n - (last or 0)), n - 1
    return first, n - 1 if last is None else last


def as_int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


async def links(request: web.Request) -> web.StreamResponse:
    """/links/{n}: to its first page."""
    return redirect(f"/links/{int(request.match_info['n'])}/0")


async def link_page(request: web.Request) -> web.StreamResponse:
    """Page `offset` of `n` (1 to 200) links to each other."""
    n = min(max(1, int(request.match_info["n"])), 200)
    offset = int(request.match_info["offset"])
    page = ["<html><head><title>Links</title></head><body>"]
    for i in range(n):
        page.append(f"{i} " if i == offset else f"<a href='/links/{n}/{i}'>{i}</a> ")
    page.append("</body></html>")
    return html("".join(page))
