"""The request handlers."""

import asyncio
import math
import os
import random
import time
from collections.abc import Awaitable, Callable
from typing import NamedTuple, TypeVar

from aiohttp import web
from aiohttp.hdrs import CONTENT_TYPE
from aiohttp.http_exceptions import HttpProcessingError
from multidict import CIMultiDict, CIMultiDictProxy, MultiDict, MultiDictProxy, MultiMapping

from server.typedefs import IN_FLIGHT_AT_ARRIVAL, SETTINGS, STATS

T = TypeVar("T")

# what /echo sends back is the caller's own bytes: never let a browser run them
# (read-only: each web.Response copies the headers it is given)
REFLECTED_CONTENT_HEADERS = CIMultiDictProxy(
    CIMultiDict(
        {
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": 'attachment; filename="echo"',
        }
    )
)


async def delay(request: web.Request) -> web.Response:
    """Wait `duration` without blocking, then answer like httpbin's /delay."""
    arrived_at = time.time()
    seconds = parse_duration(request.match_info["duration"], request.app[SETTINGS].max_delay)
    sent = await what_was_sent(request)  # now: what cannot be read is a 400 at once
    await asyncio.sleep(seconds)
    # the answer is built after the wait: 10,000 waiting requests hold no 10,000 answers
    return web.json_response(
        {
            **httpbin_fields(request, sent),
            "delay": seconds,
            "arrived_at": arrived_at,
            "answered_at": time.time(),
            "in_flight_at_arrival": request[IN_FLIGHT_AT_ARRIVAL],
        }
    )


async def echo(request: web.Request) -> web.Response:
    """Return the request body byte for byte, with its content type."""
    body = await read_body(request, request.read) if request.can_read_body else b""
    content_type = request.headers.get("Content-Type", "application/octet-stream")
    response = web.Response(body=body, headers=REFLECTED_CONTENT_HEADERS)
    response.headers[CONTENT_TYPE] = content_type
    return response


async def random_bytes(request: web.Request) -> web.Response:
    """`n` random bytes, the same ones for the same `?seed=`, after an optional `?delay=`."""
    settings = request.app[SETTINGS]
    n = parse_int(request.match_info["n"], "n")
    if not 0 <= n <= settings.max_bytes:
        raise web.HTTPBadRequest(text=f"n must be between 0 and {settings.max_bytes}")
    await asyncio.sleep(parse_duration(request.query.get("delay", "0"), settings.max_delay))
    seed = request.query.get("seed")
    if seed is None:
        data = os.urandom(n)
    else:
        data = random.Random(parse_int(seed, "seed")).randbytes(n)
    return web.Response(body=data, content_type="application/octet-stream")


async def health(request: web.Request) -> web.Response:
    """Serving; and the longest /delay it allows, so a client can check before a run."""
    return web.json_response({"status": "ok", "max_delay": request.app[SETTINGS].max_delay})


async def stats(request: web.Request) -> web.Response:
    """Requests in flight now, the most ever held at once, the total served, and the CPU
    seconds this server has used (a client compares two readings)."""
    stats = request.app[STATS]
    return web.json_response(
        {
            "in_flight": stats.in_flight,
            "peak_in_flight": stats.peak_in_flight,
            "total": stats.total,
            "cpu_s": round(time.process_time(), 3),
        }
    )


async def read_body(request: web.Request, read: Callable[[], Awaitable[T]]) -> T:
    """Read the body, but not forever (408), and not into a 500 when it is malformed (400).

    For a request with a body (`request.can_read_body`): its callers check first.
    """
    seconds = request.app[SETTINGS].idle_timeout
    try:
        async with asyncio.timeout(seconds):
            return await read()
    except TimeoutError:
        raise web.HTTPRequestTimeout(text=f"the body did not arrive within {seconds:g} s") from None
    except (
        web.RequestPayloadError,
        HttpProcessingError,
        LookupError,
        ValueError,
        RuntimeError,
    ) as exc:
        # a body that does not decode, or a form that does not parse
        raise web.HTTPBadRequest(text=f"the body cannot be read: {malformed(exc)}") from None


def malformed(exc: BaseException) -> str:
    """What the parser found wrong, on one line (its messages point at the bad byte below)."""
    if isinstance(exc, web.RequestPayloadError) and exc.__cause__:
        exc = exc.__cause__
    text = exc.message if isinstance(exc, HttpProcessingError) else str(exc)
    return " ".join(text.split())


def parse_duration(text: str, maximum: float) -> float:
    """Seconds from `1`, `0.25`, `250ms` or `1.5s`; a 400 for anything else."""
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
    if not math.isfinite(seconds):
        raise web.HTTPBadRequest(text=f"{text!r} is not a finite duration")
    if seconds < 0:
        raise web.HTTPBadRequest(text=f"{text!r} is negative")
    if seconds > maximum:
        raise web.HTTPBadRequest(text=f"{text!r} is above this server's maximum of {maximum:g} s")
    return seconds


def parse_int(text: str, name: str) -> int:
    if not text.isdecimal() or len(text) > 12:
        raise web.HTTPBadRequest(text=f"{name} must be a whole number, not {text!r}")
    return int(text)


NOTHING: MultiDictProxy[str] = MultiDictProxy(MultiDict())  # shared by every empty form


class Sent(NamedTuple):
    """What the client sent that may not read: its body, and its Host (in the URL)."""

    url: str
    data: str = ""
    form: MultiDictProxy[str] | MultiDict[str] = NOTHING
    files: MultiDictProxy[str] | MultiDict[str] = NOTHING


async def what_was_sent(request: web.Request) -> Sent:
    try:
        url = str(request.url)
    except ValueError:  # UnicodeError too: a Host header that is no host
        raise web.HTTPBadRequest(text="the Host header is not a valid host") from None
    if not request.can_read_body:
        return Sent(url)
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        data = (await read_body(request, request.read)).decode("utf-8", errors="replace")
        return Sent(url, data)
    form: MultiDict[str] = MultiDict()
    files: MultiDict[str] = MultiDict()
    for key, value in (await read_body(request, request.post)).items():
        if isinstance(value, web.FileField):
            files.add(key, value.file.read().decode("utf-8", errors="replace"))
        else:
            form.add(key, value if isinstance(value, str) else value.decode(errors="replace"))
    return Sent(url, form=form, files=files)


def httpbin_fields(request: web.Request, sent: Sent) -> dict[str, object]:
    """The keys httpbin answers with, so code written for httpbin runs here unchanged."""
    return {
        "args": _flat(request.query),
        "data": sent.data,
        "files": _flat(sent.files),
        "form": _flat(sent.form),
        "headers": dict(request.headers),
        "origin": request.remote or "",
        "url": sent.url,
    }


def _flat(query: MultiMapping[str]) -> dict[str, object]:
    """httpbin's shape: one value as itself, a repeated key as a list."""
    return {k: v[0] if len(v := query.getall(k)) == 1 else v for k in dict.fromkeys(query)}
