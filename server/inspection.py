"""What a request sent, described as httpbin describes it, so that code written for httpbin
runs here unchanged: its headers, query, body, form, files and JSON.

httpbin runs on WSGI, whose rules it inherits; they are followed here, with the few
deliberate differences the README lists (a form's charset is honoured, a gzip body is
read decompressed, a body that cannot be read is a JSON 400, not a 500).
"""

import asyncio
import base64
import json
import re
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import quote, unquote_to_bytes

from aiohttp import web
from aiohttp.http import HttpProcessingError
from multidict import MultiDict

from server.multipart import parts_of
from server.typedefs import SETTINGS

T = TypeVar("T")
# what a proxy in front of httpbin.org adds: left out of `headers` unless ?show_env
PROXY_HEADERS = frozenset(
    (
        "X-Varnish X-Request-Start X-Heroku-Queue-Depth X-Real-Ip X-Forwarded-Proto "
        "X-Forwarded-Protocol X-Forwarded-Ssl X-Heroku-Queue-Wait-Time X-Forwarded-For "
        "X-Heroku-Dynos-In-Use X-Forwarded-Port X-Request-Id Via Total-Route-Time Connect-Time"
    ).split()
)


@dataclass
class Body:
    """A request's body, read once, as httpbin splits it."""

    data: str = ""
    form: MultiDict[str] = field(default_factory=MultiDict)
    files: MultiDict[str] = field(default_factory=MultiDict)
    json: object = None


NO_BODY = Body()  # read-only: what most requests send


async def described(request: web.Request, *keys: str) -> dict[str, object]:
    """The keys httpbin's `get_dict` answers with, in its order (alphabetical)."""
    body = await read(request) if {"data", "form", "files", "json"} & set(keys) else NO_BODY
    return describe(request, body, *keys)


def describe(request: web.Request, body: Body, *keys: str) -> dict[str, object]:
    """The same, for a body already read."""
    sent = wsgi_headers(request)
    query = request.rel_url.raw_query_string
    every = {
        "args": flat(pairs(query)) if query else {},
        "data": body.data,
        "files": flat(body.files) if body.files else {},
        "form": flat(body.form) if body.form else {},
        "headers": shown(sent, request),
        "json": body.json,
        "method": request.method,
        "origin": origin(sent, request),
        "url": url(sent, request),
    }
    return {key: every[key] for key in sorted(keys)}


def wsgi_headers(request: web.Request) -> dict[str, str]:
    """As WSGI gives them: names title-cased, bytes as Latin-1, a repeated one joined, and
    none with `_` in its name (it would pass for its `-` twin: Werkzeug and gunicorn drop
    them too)."""
    joined: dict[str, str] = {}
    for raw_name, raw_value in request.raw_headers:
        if b"_" in raw_name:
            continue
        name = raw_name.decode("latin-1").title()
        value = raw_value.decode("latin-1")
        joined[name] = f"{joined[name]},{value}" if name in joined else value
    return joined


def shown(sent: dict[str, str], request: web.Request) -> dict[str, str]:
    """The headers as httpbin shows them: a proxy's own left out, unless `?show_env`."""
    if "show_env" in request.query:
        return sent
    return {name: value for name, value in sent.items() if name not in PROXY_HEADERS}


def origin(sent: dict[str, str], request: web.Request) -> str:
    """Who asked: X-Forwarded-For when a proxy says, else the peer's address."""
    forwarded = sent.get("X-Forwarded-For")
    return forwarded if forwarded is not None else request.remote or ""


def url(sent: dict[str, str], request: web.Request) -> str:
    """The URL as httpbin shows it: the Host header's, UTF-8 unquoted (an IRI)."""
    forwarded = sent.get("X-Forwarded-Proto") or sent.get("X-Forwarded-Protocol")
    scheme = forwarded or ("https" if sent.get("X-Forwarded-Ssl") == "on" else "http")
    host = host_of(sent, request).removesuffix({"http": ":80", "https": ":443"}.get(scheme, ""))
    raw_path, query = request.rel_url.raw_path, request.rel_url.raw_query_string
    if PLAIN.fullmatch(raw_path) and PLAIN.fullmatch(query):  # most requests: as they came
        return f"{scheme}://{host}{raw_path}" + (f"?{query}" if query else "")
    path = unquote_to_bytes(raw_path).decode(errors="replace")
    text = f"{scheme}://{host}" + unquote_except(quote(path, safe=PATH_SAFE), PATH_KEPT)
    if query:
        text += "?" + unquote_except(quote(query, safe=QUERY_SAFE), QUERY_KEPT)
    return text


def host_of(sent: dict[str, str], request: web.Request) -> str:
    """The Host header, if it is a host (and port); empty if not, as Werkzeug has it."""
    value = sent.get("Host")
    if value is None:  # HTTP/1.0: the address it came to
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        return f"{sockname[0]}:{sockname[1]}" if sockname else ""
    found = HOST.fullmatch(value)
    if found is None or (found[2] is not None and int(found[2]) > 65535):
        return ""
    return value


HOST = re.compile(
    r"([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+])(?::([1-9][0-9]{,4}))?", re.ASCII | re.IGNORECASE
)
PATH_SAFE = "!$&'()*+,/:;=@%"
QUERY_SAFE = "!$&'()*+,/:;=?@%"
# nothing to quote or unquote: letters, digits, and what stays as it is in a URL
PLAIN = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,/:;=@?]*")


def kept_escapes(keep: str) -> re.Pattern[str]:
    """The %-escapes left as they are: controls, space, % and the `keep` characters, which
    would change the URL's meaning if unquoted."""
    chars = sorted({*map(chr, range(0x21)), "%", "\x7f", *keep})
    return re.compile("((?:%(?:" + "|".join(f"{ord(c):02X}" for c in chars) + "))+)", re.I)


PATH_KEPT, QUERY_KEPT = kept_escapes("/?#"), kept_escapes("&=+#")


def unquote_except(text: str, kept: re.Pattern[str]) -> str:
    """%-escapes undone where they make UTF-8, except the `kept` ones."""
    parts = kept.split(text)
    return "".join(part if i % 2 else unquote_plain(part) for i, part in enumerate(parts))


def unquote_plain(text: str) -> str:
    return decode_or_quote(unquote_to_bytes(text))


def pairs(text: str, charset: str = "utf-8") -> MultiDict[str]:
    """A query or a form: `&`-separated, `+` a space, %-escapes in `charset`; a byte that
    is not in it stays %-quoted."""
    found: MultiDict[str] = MultiDict()
    for item in text.split("&"):
        if item:
            name, _, value = item.partition("=")
            found.add(unquote_plus(name, charset), unquote_plus(value, charset))
    return found


def unquote_plus(text: str, charset: str) -> str:
    return decode_or_quote(unquote_to_bytes(text.replace("+", " ")), charset)


def decode_or_quote(raw: bytes, charset: str = "utf-8") -> str:
    """Text where the bytes are in `charset`, and each byte that is not as %XX."""
    out = []
    while True:
        try:
            out.append(raw.decode(charset))
            return "".join(out)
        except UnicodeDecodeError as bad:
            out.append(raw[: bad.start].decode(charset))
            out.append("".join(f"%{byte:02X}" for byte in raw[bad.start : bad.end]))
            raw = raw[bad.end :]


def json_safe(raw: bytes, content_type: str = "application/octet-stream") -> str:
    """Text as it is; bytes that are not UTF-8 as a data: URL (httpbin's rule)."""
    try:
        return raw.decode()
    except UnicodeDecodeError:
        return f"data:{content_type};base64,{base64.b64encode(raw).decode()}"


def flat(found: MultiDict[str]) -> dict[str, object]:
    """httpbin's shape: one value as itself, a repeated key as a list."""
    return {k: v[0] if len(v := found.getall(k)) == 1 else v for k in dict.fromkeys(found)}


async def read(request: web.Request) -> Body:
    """The body as httpbin splits it: a form and its files, or data (and its JSON)."""
    if not request.body_exists:
        return NO_BODY
    if request.content_type == "multipart/form-data":
        return await guarded(request, read_multipart(request))
    raw = await guarded(request, request.read())
    if request.content_type == "application/x-www-form-urlencoded":
        charset = request.charset or "utf-8"
        try:  # the form's own charset, if it says one (httpbin: UTF-8 always)
            return Body(form=pairs(raw.decode(charset), charset))
        except (LookupError, UnicodeDecodeError) as exc:
            raise web.HTTPBadRequest(text=f"the form cannot be read: {exc}") from None
    try:
        parsed = json.loads(raw.decode())
    except ValueError:
        parsed = None
    return Body(data=json_safe(raw), json=parsed)


async def guarded(request: web.Request, reading: Awaitable[T]) -> T:
    """A read of the body, but not forever (408), not into a 500 when it is malformed
    (400), and not past --max-body (413, from aiohttp)."""
    seconds = request.app[SETTINGS].idle_timeout
    try:
        async with asyncio.timeout(seconds):
            return await reading
    except TimeoutError:
        raise web.HTTPRequestTimeout(text=f"the body did not arrive within {seconds:g} s") from None
    # what does not decode, or does not parse; aiohttp's multipart reader raises
    # RuntimeError for a Content-Transfer-Encoding it does not know
    except (web.RequestPayloadError, HttpProcessingError, LookupError, ValueError) as exc:
        raise web.HTTPBadRequest(text=f"the body cannot be read: {malformed(exc)}") from None
    except RuntimeError as exc:
        raise web.HTTPBadRequest(text=f"the body cannot be read: {exc}") from None


async def read_multipart(request: web.Request) -> Body:
    """Each part in turn (split as Werkzeug splits them: server/multipart.py): with a
    filename (even an empty one), a file; else a field."""
    body = Body()
    for part in parts_of(await request.read(), request.headers.get("Content-Type", "")):
        if part.filename is not None:
            body.files.add(part.name, json_safe(part.data, part.content_type))
        else:
            body.form.add(part.name, part.data.decode(part.charset, errors="replace"))
    return body


def malformed(exc: BaseException) -> str:
    """What the parser found wrong, on one line (its messages point at the bad byte below)."""
    if isinstance(exc, web.RequestPayloadError) and exc.__cause__:
        exc = exc.__cause__
    text = exc.message if isinstance(exc, HttpProcessingError) else str(exc)
    return " ".join(text.split())
