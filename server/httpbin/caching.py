"""The headers a cache or a client acts on: /cache (304 when asked conditionally),
/cache/{n} (Cache-Control), /etag/{etag} (If-None-Match, If-Match), and
/response-headers (any header the query asks for)."""

import re
import uuid
from email.utils import formatdate

from aiohttp import web
from multidict import CIMultiDict

from server.httpbin.answers import as_uri, checked_header, jsonify
from server.httpbin.described import get
from server.httpbin.statuses import status_answer

TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# headers that frame the answer: aiohttp writes them itself, and a second one would make
# the answer unreadable (httpbin sends both)
FRAMING = frozenset({"content-length", "transfer-encoding", "connection"})


async def cache(request: web.Request) -> web.StreamResponse:
    """/get's answer with a fresh Last-Modified and ETag, or 304 for a conditional request
    (any If-Modified-Since or If-None-Match, as httpbin reads them)."""
    conditional = request.headers.get("If-Modified-Since") or request.headers.get("If-None-Match")
    if conditional is not None:
        return status_answer(304)
    answer = await get(request)
    answer.headers["Last-Modified"] = formatdate(usegmt=True)
    answer.headers["ETag"] = uuid.uuid4().hex
    return answer


async def cache_for(request: web.Request) -> web.StreamResponse:
    """/cache/{n}: /get's answer, cacheable for n seconds."""
    answer = await get(request)
    answer.headers["Cache-Control"] = f"public, max-age={int(request.match_info['n'])}"
    return answer


async def etag(request: web.Request) -> web.StreamResponse:
    """/get's answer under the ETag asked for: 304 if If-None-Match names it (or `*`),
    412 if If-Match names others only."""
    tag = request.match_info["etag"]
    if_none_match = tags_in(request.headers.get("If-None-Match"))
    if_match = tags_in(request.headers.get("If-Match"))
    if if_none_match:
        if tag in if_none_match or "*" in if_none_match:
            answer = status_answer(304)
            answer.headers["ETag"] = checked_header(tag)
            return answer
    elif if_match and tag not in if_match and "*" not in if_match:
        return status_answer(412)
    answer = await get(request)
    answer.headers["ETag"] = checked_header(tag)
    return answer


def tags_in(header: str | None) -> list[str]:
    """httpbin's `parse_multi_value_header`: `"a", W/"b", c` is a, b, c."""
    if not header:
        return []
    return [re.search(r'\s*(W/)?"?([^"]*)"?\s*', part)[2] for part in header.split(",")]


async def response_headers(request: web.Request) -> web.StreamResponse:
    """Each `?name=value` as a header of the answer, and the answer's headers as its JSON
    body: httpbin computes the body again until its own Content-Length stops changing."""
    asked = list(request.query.items())
    for name, value in asked:
        if not TOKEN.fullmatch(name) or name.lower() in FRAMING:
            raise web.HTTPBadRequest(text=f"{name!r} cannot be set as a header here")
        checked_header(value)
    body = b""
    while True:
        headers = CIMultiDict({"Content-Type": "application/json"})
        headers["Content-Length"] = str(len(body))
        headers.extend(asked)
        shown = {name: one_or_all(headers.getall(name)) for name in headers}
        answer = jsonify(shown)
        assert isinstance(answer.body, bytes)
        if answer.body == body:
            break
        body = answer.body
    answer.headers.extend(asked)
    if (location := answer.headers.get("Location")) is not None:
        answer.headers["Location"] = as_uri(location)  # Werkzeug's: one, quoted
    return answer


def one_or_all(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else values
