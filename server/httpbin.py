"""httpbin's endpoints that tutorials call, answering as httpbin does: the request
described back (/get, /post, /anything...), chosen statuses, formats and redirects."""

import gzip
import json
import random
import uuid

from aiohttp import web

from server.inspection import described, origin, shown, wsgi_headers

BODY_KEYS = ("args", "data", "files", "form", "headers", "json", "origin", "url")


async def get(request: web.Request) -> web.Response:
    return web.json_response(await described(request, "args", "headers", "origin", "url"))


async def with_body(request: web.Request) -> web.Response:
    """/post, /put, /patch, /delete: the request, its body included."""
    return web.json_response(await described(request, *BODY_KEYS))


async def anything(request: web.Request) -> web.Response:
    return web.json_response(await described(request, *BODY_KEYS, "method"))


async def request_headers(request: web.Request) -> web.Response:
    return web.json_response({"headers": shown(wsgi_headers(request), request)})


async def ip(request: web.Request) -> web.Response:
    return web.json_response({"origin": origin(wsgi_headers(request), request)})


async def user_agent(request: web.Request) -> web.Response:
    return web.json_response({"user-agent": wsgi_headers(request).get("User-Agent")})


async def new_uuid(request: web.Request) -> web.Response:
    return web.json_response({"uuid": str(uuid.uuid4())})


async def json_document(request: web.Request) -> web.Response:
    return web.json_response(SLIDESHOW)


async def gzipped(request: web.Request) -> web.Response:
    sent = await described(request, "headers", "origin")
    body = json.dumps({**sent, "gzipped": True, "method": request.method}).encode()
    return web.Response(
        body=gzip.compress(body, compresslevel=4),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )


async def status(request: web.Request) -> web.Response:
    """The status asked for; `200,500` picks one, `200:0.9,500:0.1` by weight."""
    choices = []
    for choice in request.match_info["codes"].split(","):
        code, _, weight = choice.partition(":")
        try:
            choices.append((int(code), float(weight or 1)))
        except ValueError:
            raise web.HTTPBadRequest(text=f"{choice!r} is not a status code") from None
    codes, weights = zip(*choices, strict=True)
    if min(weights) < 0 or sum(weights) <= 0:
        raise web.HTTPBadRequest(text="the weights must be 0 or more, and not all 0")
    code = random.choices(codes, weights)[0]
    if not 200 <= code <= 999:
        raise web.HTTPBadRequest(text=f"{code} is not a status an answer can have")
    return status_answer(code)


def status_answer(code: int) -> web.Response:
    """httpbin's answers: a redirect goes to /redirect/1, a teapot is a teapot."""
    if code in (301, 302, 303, 305, 307):
        return web.Response(status=code, headers={"Location": "/redirect/1"})
    if code in (204, 304):
        return web.Response(status=code)
    text, extra = STATUS_BODIES.get(code, ("", {}))
    return web.Response(status=code, text=text, headers=extra)


async def redirect(request: web.Request) -> web.Response:
    """`n` redirects to /get: relative ones, or absolute with ?absolute=true."""
    absolute = request.query.get("absolute", "false").lower() == "true"
    return redirected(request, "absolute-redirect" if absolute else "relative-redirect")


async def relative_redirect(request: web.Request) -> web.Response:
    return redirected(request, "relative-redirect")


async def absolute_redirect(request: web.Request) -> web.Response:
    return redirected(request, "absolute-redirect")


def redirected(request: web.Request, kind: str) -> web.Response:
    n = request.match_info["n"]
    if not n.isdecimal() or int(n) < 1:
        raise web.HTTPBadRequest(text=f"the redirects to follow must be 1 or more, not {n!r}")
    path = "/get" if int(n) == 1 else f"/{kind}/{int(n) - 1}"
    location = f"http://{request.host}{path}" if kind == "absolute-redirect" else path
    return web.Response(status=302, headers={"Location": location})


TEAPOT = r'''
    -=[ teapot ]=-

       _...._
     .'  _ _ `.
    | ."` ^ `". _,
    \_;`"---"`|//
      |       ;/
      \_     _/
        `"""`
'''
STATUS_BODIES: dict[int, tuple[str, dict[str, str]]] = {
    401: ("", {"WWW-Authenticate": 'Basic realm="Fake Realm"'}),
    402: ("Payment required", {"x-more-info": "http://vimeo.com/22053820"}),
    406: (
        '{"message": "Client did not request a supported media type.", "accept": '
        '["image/webp", "image/svg+xml", "image/jpeg", "image/png", "image/*"]}',
        {"Content-Type": "application/json"},
    ),
    407: ("", {"Proxy-Authenticate": 'Basic realm="Fake Realm"'}),
    418: (TEAPOT, {"x-more-info": "http://tools.ietf.org/html/rfc2324"}),
}
SLIDESHOW = {
    "slideshow": {
        "author": "Yours Truly",
        "date": "date of publication",
        "slides": [
            {"title": "Wake up to WonderWidgets!", "type": "all"},
            {
                "items": [
                    "Why <em>WonderWidgets</em> are great",
                    "Who <em>buys</em> WonderWidgets",
                ],
                "title": "Overview",
                "type": "all",
            },
        ],
        "title": "Sample Slide Show",
    }
}
