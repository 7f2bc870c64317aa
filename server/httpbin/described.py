"""The request described back, as httpbin describes it (/get, /post, /anything...)."""

import uuid

from aiohttp import web

from server.httpbin.answers import jsonify
from server.inspection import described, origin, shown, wsgi_headers

BODY_KEYS = ("args", "data", "files", "form", "headers", "json", "origin", "url")


async def get(request: web.Request) -> web.StreamResponse:
    return jsonify(await described(request, "args", "headers", "origin", "url"))


async def with_body(request: web.Request) -> web.StreamResponse:
    """/post, /put, /patch, /delete: the request, its body included."""
    return jsonify(await described(request, *BODY_KEYS))


async def anything(request: web.Request) -> web.StreamResponse:
    return jsonify(await described(request, *BODY_KEYS, "method"))


async def request_headers(request: web.Request) -> web.StreamResponse:
    return jsonify({"headers": shown(wsgi_headers(request), request)})


async def ip(request: web.Request) -> web.StreamResponse:
    return jsonify({"origin": origin(wsgi_headers(request), request)})


async def user_agent(request: web.Request) -> web.StreamResponse:
    return jsonify({"user-agent": wsgi_headers(request).get("User-Agent")})


async def new_uuid(request: web.Request) -> web.StreamResponse:
    return jsonify({"uuid": str(uuid.uuid4())})
