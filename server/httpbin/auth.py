"""Logins to practise on: /basic-auth, /hidden-basic-auth, /bearer and /digest-auth
(MD5, SHA-256, SHA-512; qop auth or auth-int; a nonce that goes stale after n uses).
httpbin's rules, cookies included: its digest challenge sets `stale_after`, `fake` and
`last_nonce`, and a client library's test suite checks them."""

import base64
import binascii
import hashlib
import os
import re
import time
from urllib.request import parse_http_list

from aiohttp import web

from server.httpbin.answers import empty, jsonify, set_cookie
from server.httpbin.statuses import status_answer
from server.inspection import guarded

REALM = "me@kennethreitz.com"  # httpbin's: clients' tests compare it
ALGORITHMS = ("MD5", "SHA-256", "SHA-512")


async def basic_auth(request: web.Request) -> web.StreamResponse:
    return basic(request, refused=401)


async def hidden_basic_auth(request: web.Request) -> web.StreamResponse:
    """The same login, but a wrong one looks like no page at all (404)."""
    return basic(request, refused=404)


def basic(request: web.Request, refused: int) -> web.Response:
    user, passwd = request.match_info["user"], request.match_info["passwd"]
    if basic_credentials(request.headers.get("Authorization")) != (user, passwd):
        return status_answer(refused)
    return jsonify({"authenticated": True, "user": user})


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """User and password from `Basic <base64>`, as Werkzeug reads them; None if not."""
    scheme, _, rest = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, passwd = base64.b64decode(rest.strip(" \t"), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeError):
        return None
    return user, passwd


async def bearer(request: web.Request) -> web.StreamResponse:
    authorization = request.headers.get("Authorization", "")
    if not authorization.startswith("Bearer "):
        return empty_with(401, {"WWW-Authenticate": "Bearer"})
    return jsonify({"authenticated": True, "token": authorization[len("Bearer ") :]})


def empty_with(status: int, headers: dict[str, str]) -> web.Response:
    answer = empty(status)
    answer.headers.update(headers)
    return answer


async def digest_auth(request: web.Request) -> web.StreamResponse:
    """/digest-auth/{qop}/{user}/{passwd}[/{algorithm}[/{stale_after}]]: httpbin's
    `digest_auth`, step for step. `?require-cookie=1`: the client must send back the
    cookie set with the challenge."""
    match = request.match_info
    qop = match["qop"] if match["qop"] in ("auth", "auth-int") else None
    algorithm = match.get("algorithm", "MD5")
    algorithm = algorithm if algorithm in ALGORITHMS else "MD5"
    stale_after = match.get("stale_after", "never")
    need_cookie = request.query.get("require-cookie", "").lower() in ("1", "t", "true")
    authorization = request.headers.get("Authorization")
    credentials = digest_credentials(authorization)
    if credentials is None or (need_cookie and "Cookie" not in request.headers):
        answer = challenge(request, qop, algorithm)
        set_cookie(answer, "stale_after", stale_after)
        set_cookie(answer, "fake", "fake_value")
        return answer
    cookies = request.cookies
    if need_cookie and cookies.get("fake") != "fake_value":
        answer = jsonify({"errors": ["missing cookie set on challenge"]}, status=403)
        set_cookie(answer, "fake", "fake_value")
        return answer
    nonce = credentials.get("nonce") or ""
    stale_count = cookies.get("stale_after")
    reused = "last_nonce" in cookies and nonce == cookies["last_nonce"]
    if reused or stale_count == "0" or not await digest_matches(request, credentials):
        answer = challenge(request, qop, algorithm, stale=reused or stale_count == "0")
        set_cookie(answer, "stale_after", stale_after)
        set_cookie(answer, "last_nonce", nonce)
        set_cookie(answer, "fake", "fake_value")
        return answer
    answer = jsonify({"authenticated": True, "user": match["user"]})
    set_cookie(answer, "fake", "fake_value")
    if stale_count:
        set_cookie(answer, "stale_after", one_use_less(stale_count))
    return answer


def one_use_less(stale_after: str) -> str:
    try:
        return str(int(stale_after) - 1)
    except ValueError:
        return "never"


def digest_credentials(header: str | None) -> dict[str, str | None] | None:
    """The parameters of `Digest k=v, k="v"`, as Werkzeug parses them; None if the header
    is missing, of another scheme, or has no parameters."""
    if not header:
        return None
    scheme, _, rest = header.partition(" ")
    rest = rest.strip(" \t")
    if scheme.lower() != "digest" or "=" not in rest.rstrip("="):
        return None
    found: dict[str, str | None] = {}
    for item in parse_http_list(rest):
        name, equals, value = item.partition("=")
        if not equals:
            found[name] = None
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        found[name.strip()] = value
    return found or None


async def digest_matches(request: web.Request, credentials: dict[str, str | None]) -> bool:
    """The client's `response` is the one the password gives (RFC 2617, RFC 7616)."""
    algorithm = credentials.get("algorithm") or "MD5"
    qop = credentials.get("qop")
    uri = request.path + (f"?{request.query_string}" if request.query_string else "")
    ha1 = digest(
        algorithm,
        credentials.get("username"),
        credentials.get("realm"),
        request.match_info["passwd"],
    )
    if qop in (None, "auth"):
        ha2 = digest(algorithm, request.method, uri)
    elif qop == "auth-int":
        body = await guarded(request, request.read()) if request.body_exists else b""
        ha2 = digest(algorithm, request.method, uri, hash_of(algorithm, body))
    else:
        raise web.HTTPBadRequest(text=f"qop must be auth or auth-int, not {qop!r}")
    if qop is None:
        expected = digest(algorithm, ha1, credentials.get("nonce"), ha2)
    else:
        missing = [k for k in ("nonce", "nc", "cnonce") if credentials.get(k) is None]
        if missing:
            raise web.HTTPBadRequest(text=f"the digest credentials lack {', '.join(missing)}")
        expected = digest(
            algorithm,
            ha1,
            credentials["nonce"],
            credentials["nc"],
            credentials["cnonce"],
            qop,
            ha2,
        )
    return credentials.get("response") == expected


def digest(algorithm: str, *parts: str | None) -> str:
    return hash_of(algorithm, ":".join(part or "" for part in parts).encode())


def hash_of(algorithm: str, data: bytes) -> str:
    name = {"SHA-256": "sha256", "SHA-512": "sha512"}.get(algorithm, "md5")
    return hashlib.new(name, data).hexdigest()


def challenge(
    request: web.Request, qop: str | None, algorithm: str, stale: bool = False
) -> web.Response:
    """A 401 with a fresh nonce, in Werkzeug's words (`stale=False`, `algorithm=MD5`)."""
    peer = (request.remote or "").encode("ascii", errors="replace")
    nonce = hash_of(algorithm, peer + b":" + str(time.time()).encode() + b":" + os.urandom(10))
    opaque = hash_of(algorithm, os.urandom(10))
    qops = "auth, auth-int" if qop is None else qop
    header = (
        f'Digest realm="{REALM}", nonce="{nonce}", opaque="{opaque}", qop="{qops}", '
        f"algorithm={algorithm}, stale={stale}"
    )
    return empty_with(401, {"WWW-Authenticate": header})
