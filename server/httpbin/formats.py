"""Documents and images in the formats httpbin serves, and its compressed answers:
/json, /html, /xml, /robots.txt, /deny, /encoding/utf8, /forms/post, /image...,
/static/favicon.ico,
/gzip, /deflate, /brotli. The documents and images are the project's own (assets/)."""

import gzip
import zlib
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from server.httpbin.answers import HTML, asset, jsonify
from server.httpbin.statuses import status_answer
from server.inspection import described

FAVICON = Path(__file__).parent / "assets" / "favicon.ico"
IMAGES = {  # what /image/<kind> serves, and the type /image picks it by
    "webp": ("image.webp", "image/webp"),
    "svg": ("image.svg", "image/svg+xml"),
    "jpeg": ("image.jpg", "image/jpeg"),
    "png": ("image.png", "image/png"),
}


async def json_document(request: web.Request) -> web.StreamResponse:
    return jsonify(SLIDESHOW)


async def html_page(request: web.Request) -> web.StreamResponse:
    return document("page.html", HTML)


async def xml_document(request: web.Request) -> web.StreamResponse:
    return document("slideshow.xml", "application/xml")


async def utf8_page(request: web.Request) -> web.StreamResponse:
    return document("utf8.txt", HTML)  # httpbin serves its UTF-8 sample as HTML


async def form_page(request: web.Request) -> web.StreamResponse:
    return document("form.html", HTML)


async def robots_txt(request: web.Request) -> web.StreamResponse:
    return web.Response(body=ROBOTS_TXT, headers={"Content-Type": "text/plain"})


async def deny(request: web.Request) -> web.StreamResponse:
    return web.Response(body=DENIED, headers={"Content-Type": "text/plain"})


async def image(request: web.Request) -> web.StreamResponse:
    """The first of webp, svg, jpeg, png that Accept names (png for `image/*` or no
    Accept); else 406, as httpbin does."""
    accept = request.headers.get("Accept")
    if accept is None:
        return picture("png")
    accept = accept.lower()
    for kind, (_, content_type) in IMAGES.items():
        if content_type in accept:
            return picture(kind)
    return picture("png") if "image/*" in accept else status_answer(406)


async def image_of_kind(request: web.Request) -> web.StreamResponse:
    return picture(request.match_info["kind"])


async def favicon(request: web.Request) -> web.StreamResponse:
    """/static/favicon.ico, the one file of httpbin's static folder, as Flask sends a static
    file: aiohttp's file answer gives ETag, Last-Modified, 304s and ranges as Flask's does."""
    return web.FileResponse(
        FAVICON,
        headers={
            "Content-Type": "image/vnd.microsoft.icon",
            "Content-Disposition": "inline; filename=favicon.ico",
            "Cache-Control": "no-cache",
        },
    )


def picture(kind: str) -> web.Response:
    name, content_type = IMAGES[kind]
    return document(name, content_type)


def document(name: str, content_type: str) -> web.Response:
    return web.Response(body=asset(name), headers={"Content-Type": content_type})


async def gzipped(request: web.Request) -> web.StreamResponse:
    return await compressed(request, "gzipped", "gzip", lambda data: gzip.compress(data, 4))


async def deflated(request: web.Request) -> web.StreamResponse:
    return await compressed(request, "deflated", "deflate", zlib.compress)


async def brotli(request: web.Request) -> web.StreamResponse:
    return await compressed(request, "brotli", "br", brotli_stored)


async def compressed(
    request: web.Request, flag: str, encoding: str, compress: Callable[[bytes], bytes]
) -> web.Response:
    """The request described (`headers`, `origin`, `method`), compressed."""
    sent = await described(request, "headers", "origin")
    answer = jsonify({**sent, "method": request.method, flag: True})
    assert isinstance(answer.body, bytes)
    answer.body = compress(answer.body)
    answer.headers["Content-Encoding"] = encoding
    return answer


def brotli_stored(data: bytes) -> bytes:
    """A Brotli stream (RFC 7932) of uncompressed meta-blocks: any Brotli decoder reads it
    back, and the server needs no Brotli library (httpbin's is a C extension). The bits of
    each header are written from the least significant end, as the format packs them."""
    bits, count, out = 0, 0, bytearray()

    def put(value: int, width: int) -> None:
        nonlocal bits, count
        bits |= value << count
        count += width
        while count >= 8:
            out.append(bits & 0xFF)
            bits, count = bits >> 8, count - 8

    def align() -> None:
        nonlocal bits, count
        if count:
            put(0, 8 - count)

    put(0, 1)  # WBITS: a window of 16 bits, which stored blocks do not use
    for start in range(0, len(data), 1 << 16):
        block = data[start : start + (1 << 16)]
        put(0, 1)  # ISLAST: not yet
        put(0, 2)  # MNIBBLES: 4 nibbles, enough for 64 KiB
        put(len(block) - 1, 16)  # MLEN - 1
        put(1, 1)  # ISUNCOMPRESSED
        align()
        out.extend(block)
    put(1, 1)  # ISLAST
    put(1, 1)  # ISLASTEMPTY
    align()
    return bytes(out)


ROBOTS_TXT = b"User-agent: *\nDisallow: /deny\n"
DENIED = rb"""
        .--------------------------.
        |   STOP: THIS IS /deny    |
        '--------------------------'
               \    (o_o)
                \  <(   )>
                     " "
     YOU SHOULDN'T BE HERE
"""
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
