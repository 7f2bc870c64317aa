"""The shapes of httpbin's answers, byte for byte: its JSON (Flask's, indented, keys
sorted, ending in a newline), Flask's redirect page, and Werkzeug's Set-Cookie."""

import json
import re
from collections.abc import Mapping
from importlib.resources import files
from urllib.parse import quote, urlsplit, urlunsplit

from aiohttp import web
from multidict import CIMultiDict

HTML = "text/html; charset=utf-8"  # Flask's type for a view that returns a str
ASSETS = files("server.httpbin") / "assets"


def jsonify(
    data: object,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    indent: int | None = 2,
) -> web.Response:
    """httpbin's JSON: `app.json.compact = False`, so indented by 2, keys sorted, ASCII
    only, and a newline at the end (tests and `curl` both look for it). `indent=None`:
    on one line, by the C encoder (an indent is pure Python: several times slower)."""
    body = json.dumps(data, indent=indent, sort_keys=True) + "\n"
    answer = web.Response(body=body.encode(), status=status, headers=headers)
    answer.headers["Content-Type"] = "application/json"
    return answer


def html(text: str, status: int = 200) -> web.Response:
    """What a Flask view that returns a string answers."""
    return web.Response(body=text.encode(), status=status, headers={"Content-Type": HTML})


def empty(status: int, headers: Mapping[str, str] | None = None) -> web.Response:
    """`make_response("")`: no body, Flask's HTML type unless `headers` replace it all."""
    sent = CIMultiDict(headers) if headers is not None else CIMultiDict({"Content-Type": HTML})
    return web.Response(status=status, headers=sent)


def lowered_query(request: web.Request) -> dict[str, str]:
    """The query as httpbin reads it for options (`CaseInsensitiveDict(args.items())`):
    names in any case, the first one given winning."""
    found: dict[str, str] = {}
    for name, value in request.query.items():
        found.setdefault(name.lower(), value)
    return found


# the project's own documents and images, a few KiB each: read once, here, so that no
# handler reads a file on the event loop
ASSET_BYTES = {path.name: path.read_bytes() for path in ASSETS.iterdir() if path.is_file()}


def asset(name: str) -> bytes:
    return ASSET_BYTES[name]


def redirect(location: str, status: int = 302) -> web.Response:
    """Flask's `redirect()`: the Location, and a short page that links to it."""
    shown = escape(location)
    page = (
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n"
        "<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target "
        f'URL: <a href="{shown}">{shown}</a>. If not, click the link.\n'
    )
    answer = html(page, status)
    answer.headers["Location"] = as_uri(location)
    return answer


def as_uri(location: str) -> str:
    """A Location as Werkzeug sends it (`iri_to_uri`): what is not ASCII %-quoted, a host
    in IDNA; refused (400) if it has a line break or does not parse (httpbin: a 500)."""
    try:
        parts = urlsplit(checked_header(location))
        host = (parts.hostname or "").encode("idna").decode("ascii")
        port = parts.port
    except (ValueError, UnicodeError) as exc:
        raise web.HTTPBadRequest(text=f"{location!r} is not a URL to redirect to: {exc}") from None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    if parts.username is not None:
        auth = quote(parts.username, safe="%!$&'()*+,;=")
        if parts.password is not None:
            auth += ":" + quote(parts.password, safe="%!$&'()*+,;=")
        netloc = f"{auth}@{netloc}"
    path = quote(parts.path, safe="%!$&'()*+,/:;=@")
    query = quote(parts.query, safe="%!$&'()*+,/:;=?@")
    fragment = quote(parts.fragment, safe="%!#$&'()*+,/:;=?@")
    return urlunsplit((parts.scheme, netloc, path, query, fragment))


def escape(text: str) -> str:
    """markupsafe's escape, which Werkzeug's redirect page uses."""
    for plain, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        text = text.replace(plain, escaped)
    return text.replace('"', "&#34;").replace("'", "&#39;")


# what aiohttp refuses to write in a header (a line break would start another one)
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def checked_header(value: str) -> str:
    """A value the caller chose, refused (400) if it has a control character: aiohttp would
    drop the connection rather than write it (httpbin: a 500 for a line break, else sent)."""
    if CONTROL.search(value):
        raise web.HTTPBadRequest(
            text=f"{value!r} cannot go in a header: it has a control character"
        )
    return value


# Werkzeug's `dump_cookie`: a value outside RFC 6265's set is quoted, with \-escapes
# (Werkzeug leaves \x1a-\x1f as they are, which aiohttp will not write: escaped here too)
COOKIE_PLAIN = re.compile(r"[\w!#$%&'()*+\-./:<=>?@\[\]^`{|}~]*", re.ASCII)
COOKIE_ESCAPED = re.compile(rb"[\x00-\x1f\",;\\\x7f-\xff]")
COOKIE_ESCAPES = {b'"': b'\\"', b"\\": b"\\\\"} | {
    bytes([v]): b"\\%03o" % v for v in [*range(0x20), *b",;", *range(0x7F, 256)]
}


def set_cookie(answer: web.StreamResponse, name: str, value: str, *, delete: bool = False) -> None:
    """Add a Set-Cookie as Werkzeug writes it (`name=value; Path=/`); `delete`: expired."""
    if not COOKIE_PLAIN.fullmatch(value):
        escaped = COOKIE_ESCAPED.sub(lambda m: COOKIE_ESCAPES[m.group()], value.encode())
        value = f'"{escaped.decode("ascii")}"'
    # any name, as Werkzeug takes it, but one with a line break; sent as UTF-8, the same
    # bytes as Werkzeug's (it writes the UTF-8 bytes of a name as Latin-1 text)
    name = checked_header(name)
    expiry = "Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; " if delete else ""
    answer.headers.add("Set-Cookie", f"{name}={value}; {expiry}Path=/")
