"""Chosen statuses and redirects: /status, /redirect, /relative-redirect,
/absolute-redirect, /redirect-to."""

import random

from aiohttp import web

from server.httpbin.answers import HTML, as_uri, empty, lowered_query, redirect

METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "TRACE")  # httpbin's, and HEAD


async def status(request: web.Request) -> web.StreamResponse:
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
    """httpbin's `status_code()`: a redirect goes to /redirect/1, a teapot is a teapot;
    where it sets headers, they are the only ones (no Content-Type)."""
    if code in (301, 302, 303, 305, 307):
        return empty(code, {"Location": "/redirect/1"})
    if code == 304:
        return web.Response(status=code)
    if code == 406:
        return web.Response(status=code, body=NOT_ACCEPTABLE, content_type="application/json")
    text, headers = STATUS_BODIES.get(code, ("", {"Content-Type": HTML}))
    return web.Response(status=code, body=text.encode(), headers=headers)


async def redirect_n(request: web.Request) -> web.StreamResponse:
    """`n` redirects to /get: relative ones, or absolute with ?absolute=true."""
    absolute = request.query.get("absolute", "false").lower() == "true"
    kind = "absolute-redirect" if absolute else "relative-redirect"
    return redirect(next_hop(request, kind, external=absolute))


async def relative_redirect(request: web.Request) -> web.StreamResponse:
    """The one redirect of httpbin's with no page: `make_response("")`."""
    answer = empty(302)
    answer.headers["Location"] = next_hop(request, "relative-redirect", external=False)
    return answer


async def absolute_redirect(request: web.Request) -> web.StreamResponse:
    return redirect(next_hop(request, "absolute-redirect", external=True))


def next_hop(request: web.Request, kind: str, *, external: bool) -> str:
    n = request.match_info["n"]
    if not n.isdecimal() or int(n) < 1:
        raise web.HTTPBadRequest(text=f"the redirects to follow must be 1 or more, not {n!r}")
    path = "/get" if int(n) == 1 else f"/{kind}/{int(n) - 1}"
    return f"http://{request.host}{path}" if external else path


async def redirect_to(request: web.Request) -> web.StreamResponse:
    """To `?url=` as given (a relative URL stays relative), with `?status_code=` if it is
    a 3xx (else 302)."""
    if request.method not in METHODS:  # a `*` route: aiohttp has no add_trace for a list
        raise web.HTTPMethodNotAllowed(request.method, METHODS)
    query = lowered_query(request)
    if "url" not in query:
        raise web.HTTPBadRequest(text="say where to redirect to: ?url=...")
    code = 302
    if "status_code" in query:
        try:
            asked = int(query["status_code"])
        except ValueError:
            raise web.HTTPBadRequest(text="status_code must be a whole number") from None
        code = asked if 300 <= asked < 400 else 302
    answer = empty(code)
    answer.headers["Location"] = as_uri(query["url"])
    return answer


NOT_ACCEPTABLE = (
    b'{"message": "Client did not request a supported media type.", "accept": '
    b'["image/webp", "image/svg+xml", "image/jpeg", "image/png", "image/*"]}'
)
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
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
STATUS_BODIES: dict[int, tuple[str, dict[str, str]]] = {
    401: ("", {"WWW-Authenticate": 'Basic realm="Fake Realm"'}),
    # a body needs a type in aiohttp (application/octet-stream if none), where httpbin sends
    # none: these say what they are
    402: ("Payment required", {"x-more-info": "http://vimeo.com/22053820", **TEXT}),
    407: ("", {"Proxy-Authenticate": 'Basic realm="Fake Realm"'}),
    418: (TEAPOT, {"x-more-info": "http://tools.ietf.org/html/rfc2324", **TEXT}),
}
