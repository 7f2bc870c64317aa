"""Every route of httpbin 0.10.4, asked the same things of the real httpbin and of ours:
the same status, the same headers a client acts on, and the same body, byte for byte,
except where the body is the project's own (documents, images: then the same format and
type) or compressed by another encoder (then the same once decoded)."""

import gzip
import json
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp
import brotlicffi
import pytest

from tests.server.httpbin.oracle import Answer, Request, both, send

# what a client acts on; each compared as the list of its values, in order
ACTED_ON = (
    "Location",
    "Set-Cookie",
    "WWW-Authenticate",
    "ETag",
    "Content-Range",
    "Accept-Ranges",
    "Content-Type",
    "Content-Encoding",
    "Cache-Control",
    "Content-Disposition",
    "Content-Length",
    "x-more-info",
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Credentials",
)


def same_bytes(theirs: Answer, mine: Answer) -> None:
    assert mine.body == theirs.body


def without_our_timings(theirs: Answer, mine: Answer) -> None:
    """/delay's: httpbin's JSON and our keys beside it, in httpbin's layout."""
    ours_only = {"delay", "arrived_at", "answered_at", "in_flight_at_arrival"}
    described = {k: v for k, v in json.loads(mine.body).items() if k not in ours_only}
    assert json.dumps(described, indent=2, sort_keys=True).encode() + b"\n" == theirs.body


def decoded(encoding: str) -> Callable[[Answer, Answer], None]:
    decode = {"gzip": gzip.decompress, "deflate": zlib.decompress, "br": brotlicffi.decompress}

    def check(theirs: Answer, mine: Answer) -> None:
        assert decode[encoding](mine.body) == decode[encoding](theirs.body)

    return check


def of_format(magic: bytes) -> Callable[[Answer, Answer], None]:
    """Our own document or image: the same format as httpbin's (its first bytes)."""

    def check(theirs: Answer, mine: Answer) -> None:
        assert theirs.body.lstrip().startswith(magic), theirs.body[:40]
        assert mine.body.lstrip().startswith(magic), mine.body[:40]

    return check


@dataclass
class Case:
    request: Request
    body: Callable[[Answer, Answer], None] = same_bytes
    # headers whose values are fresh each time (a nonce, a date): present in both, that is all
    fresh: set[str] = field(default_factory=set)


def get(target: str, *headers: tuple[str, str]) -> Request:
    return Request("GET", target, list(headers))


FOR_A_TEST = [("User-Agent", "differential/1.0"), ("Accept", "*/*")]
CASES: dict[str, Case] = {
    # the request described, as JSON that ends in a newline
    "/get": Case(get("/get?a=1&a=2&b=%C3%A9", *FOR_A_TEST)),
    "/anything": Case(Request("POST", "/anything/x?q=1", FOR_A_TEST, b'{"k": [1, 2]}')),
    "/post form": Case(
        Request(
            "POST",
            "/post",
            [("Content-Type", "application/x-www-form-urlencoded")],
            b"name=kevin&tag=a&tag=b",
        )
    ),
    "/headers": Case(get("/headers", *FOR_A_TEST, ("X-Forwarded-For", "10.0.0.1"))),
    "/ip": Case(get("/ip", ("X-Forwarded-For", "10.0.0.1"))),
    "/user-agent": Case(get("/user-agent", *FOR_A_TEST)),
    "/json": Case(get("/json")),
    "/delay/0": Case(get("/delay/0"), body=without_our_timings, fresh={"Content-Length"}),
    "multipart, a bare \\n before the closing boundary": Case(
        Request(
            "POST",
            "/post",
            [("Content-Type", "multipart/form-data; boundary=bound")],
            b'--bound\r\nContent-Disposition: form-data; name="media"; filename="t.bin"'
            b"\r\n\r\n\xc2\xa5\n--bound--\r\n",
        )
    ),
    "multipart, bare \\n everywhere": Case(
        Request(
            "POST",
            "/post",
            [("Content-Type", "multipart/form-data; boundary=b")],
            b'--b\nContent-Disposition: form-data; name="a"\n\none\n--b\n'
            b'Content-Disposition: form-data; name="f"; filename="x.txt"\n'
            b"Content-Type: text/plain\n\ntwo\n--b--\n",
        )
    ),
    # statuses and redirects
    **{
        f"/status/{code}": Case(get(f"/status/{code}"))
        for code in (200, 201, 204, 301, 302, 304, 307, 401, 404, 407, 412, 500)
    },
    "/status/406": Case(get("/status/406")),
    "/redirect/1": Case(get("/redirect/1")),
    "/redirect/3": Case(get("/redirect/3")),
    "/redirect/2?absolute=true": Case(get("/redirect/2?absolute=true")),
    "/relative-redirect/2": Case(get("/relative-redirect/2")),
    "/absolute-redirect/1": Case(get("/absolute-redirect/1")),
    "/absolute-redirect/3": Case(get("/absolute-redirect/3")),
    "/redirect-to": Case(get("/redirect-to?url=http%3A%2F%2Fexample.com%2F%23frag")),
    "/redirect-to, POST 307": Case(
        Request("POST", "/redirect-to?url=/post&status_code=307", [], b"\x01\x02")
    ),
    "/redirect-to, a status that is no redirect": Case(
        get("/redirect-to?url=/get&status_code=200")
    ),
    "/redirect-to, names in any case": Case(get("/redirect-to?URL=/a&url=/b&Status_Code=303")),
    "/redirect-to, beyond ASCII": Case(
        get("/redirect-to?url=http://h%C3%A9.test:81/caf%C3%A9%20x?q=%E2%82%AC#%C3%A9")
    ),
    "/redirect-to, PUT": Case(Request("PUT", "/redirect-to?url=/put&status_code=308", [], b"x")),
    # logins
    "/basic-auth, right": Case(
        get("/basic-auth/user/passwd", ("Authorization", "Basic dXNlcjpwYXNzd2Q="))
    ),
    "/basic-auth, wrong": Case(get("/basic-auth/user/passwd", ("Authorization", "Basic dXNlcjp4"))),
    "/basic-auth, none": Case(get("/basic-auth/user/passwd")),
    "/basic-auth, not base64": Case(get("/basic-auth/u/p", ("Authorization", "Basic !!!"))),
    "/hidden-basic-auth, right": Case(
        get("/hidden-basic-auth/user/passwd", ("Authorization", "Basic dXNlcjpwYXNzd2Q="))
    ),
    "/hidden-basic-auth, none": Case(get("/hidden-basic-auth/user/passwd")),
    "/bearer, a token": Case(get("/bearer", ("Authorization", "Bearer abc.def"))),
    "/bearer, another scheme": Case(get("/bearer", ("Authorization", "Basic abc"))),
    "/bearer, none": Case(get("/bearer")),
    **{
        f"/digest-auth/{path}, no credentials": Case(
            get(f"/digest-auth/{path}"), fresh={"WWW-Authenticate"}
        )
        for path in ("auth/u/p", "auth-int/u/p/SHA-256", "x/u/p/SHA-512/3", "auth/u/p/MD4")
    },
    "/digest-auth, another scheme": Case(
        get("/digest-auth/auth/u/p", ("Authorization", "Basic dTpw")), fresh={"WWW-Authenticate"}
    ),
    "/digest-auth, require-cookie, none": Case(
        get("/digest-auth/auth/u/p?require-cookie=1", ("Authorization", 'Digest nonce="n"')),
        fresh={"WWW-Authenticate"},
    ),
    "/digest-auth, require-cookie, a wrong one": Case(
        get(
            "/digest-auth/auth/u/p?require-cookie=1",
            ("Authorization", 'Digest nonce="n"'),
            ("Cookie", "fake=other"),
        )
    ),
    "/digest-auth, a nonce used before": Case(
        get(
            "/digest-auth/auth/u/p",
            ("Authorization", 'Digest username="u", nonce="n1", response="r"'),
            ("Cookie", "last_nonce=n1"),
        ),
        fresh={"WWW-Authenticate"},
    ),
    # cookies
    "/cookies": Case(get("/cookies", ("Cookie", 'a=1; b="two"; _gauges_unique=1; __utma=x'))),
    "/cookies?show_env": Case(get("/cookies?show_env=1", ("Cookie", "a=1; __utma=x"))),
    "/cookies/set?...": Case(get("/cookies/set?a=b&c=d%20e&a=again&q=%22x%22&u=%C3%A9")),
    "/cookies/set/{name}/{value}": Case(get("/cookies/set/name/va%3Blue")),
    "/cookies/delete": Case(get("/cookies/delete?a&b=1")),
    "/cookies/set, odd names": Case(get("/cookies/set?a%20b=1&=2&a%3Bb=3&%C3%A9=4")),
    # caching
    "/cache": Case(get("/cache", *FOR_A_TEST), fresh={"ETag", "Last-Modified"}),
    "/cache, If-None-Match": Case(get("/cache", ("If-None-Match", "x"))),
    "/cache, If-Modified-Since": Case(
        get("/cache", ("If-Modified-Since", "Sun, 06 Dec 2026 10:00:00 GMT"))
    ),
    "/cache/60": Case(get("/cache/60", *FOR_A_TEST)),
    "/cache/007": Case(get("/cache/007")),
    "/etag, no condition": Case(get("/etag/abc")),
    "/etag, If-None-Match matches": Case(get("/etag/abc", ("If-None-Match", '"x", W/"abc"'))),
    "/etag, If-None-Match *": Case(get("/etag/abc", ("If-None-Match", "*"))),
    "/etag, If-None-Match other": Case(get("/etag/abc", ("If-None-Match", "x"))),
    "/etag, If-Match matches": Case(get("/etag/abc", ("If-Match", "abc"))),
    "/etag, If-Match other": Case(get("/etag/abc", ("If-Match", '"x", "y"'))),
    "/response-headers": Case(get("/response-headers?animal=dog&animal=cat&X-Thing=1")),
    "/response-headers, a Content-Type": Case(get("/response-headers?Content-Type=text/plain")),
    "/response-headers, POST": Case(Request("POST", "/response-headers?freeform=x", [], b"")),
    "/response-headers, a Location": Case(get("/response-headers?location=/caf%C3%A9")),
    "/response-headers, a Set-Cookie": Case(get("/response-headers?Set-Cookie=a%3D1")),
    # dynamic data
    "/base64": Case(get("/base64/0JfQtNGA0LDQstGB0YLQstGD0LksINC80LjRgCE=")),
    "/base64, not base64": Case(get("/base64/!!!!")),
    "/base64, not UTF-8": Case(get("/base64/_w==")),
    "/bytes?seed=0": Case(get("/bytes/10?seed=0")),
    "/bytes?seed=-7": Case(get("/bytes/2000?seed=-7")),
    "/bytes?SEED=5": Case(get("/bytes/64?SEED=5")),
    "/stream-bytes?seed=1": Case(get("/stream-bytes/3000?seed=1&chunk_size=7")),
    "/range": Case(get("/range/1234")),
    "/range, a Range": Case(get("/range/100?chunk_size=5", ("Range", "bytes=10-24"))),
    "/range, open-ended": Case(get("/range/26", ("Range", "bytes=20-"))),
    "/range, a suffix": Case(get("/range/26", ("Range", "bytes=-5"))),
    "/range, a backward range": Case(get("/range/26", ("Range", "bytes=10-5"))),
    "/range, past the end": Case(get("/range/26", ("Range", "bytes=0-40"))),
    "/range, not bytes": Case(get("/range/26", ("Range", "lines=1-2"))),
    "/range/0": Case(get("/range/0")),
    "/range above 100 KiB": Case(get("/range/102401")),
    "/links/3": Case(get("/links/3")),
    "/links/5/2": Case(get("/links/5/2")),
    "/links/300/0": Case(get("/links/300/0")),
    "/links/0/0": Case(get("/links/0/0")),
    "/uuid": Case(get("/uuid"), body=lambda theirs, mine: None),
    # formats: our own documents and images, in httpbin's formats and types
    "/html": Case(get("/html"), body=of_format(b"<!DOCTYPE html>"), fresh={"Content-Length"}),
    "/xml": Case(get("/xml"), body=of_format(b"<?xml"), fresh={"Content-Length"}),
    "/encoding/utf8": Case(
        get("/encoding/utf8"), body=of_format(b"<h1>"), fresh={"Content-Length"}
    ),
    "/forms/post": Case(
        get("/forms/post"), body=of_format(b"<!DOCTYPE html>"), fresh={"Content-Length"}
    ),
    "/robots.txt": Case(get("/robots.txt")),
    "/deny": Case(
        get("/deny"),
        body=lambda theirs, mine: re.search(b"YOU SHOULDN'T BE HERE", mine.body) or pytest.fail(),
        fresh={"Content-Length"},
    ),
    **{
        f"/image/{kind}": Case(
            get(f"/image/{kind}"), body=of_format(magic), fresh={"Content-Length"}
        )
        for kind, magic in (
            ("png", b"\x89PNG"),
            ("jpeg", b"\xff\xd8"),
            ("webp", b"RIFF"),
            ("svg", b"<"),
        )
    },
    **{
        f"/image, Accept {accept}": Case(
            get("/image", ("Accept", accept)), body=of_format(magic), fresh={"Content-Length"}
        )
        for accept, magic in (
            ("image/webp", b"RIFF"),
            ("image/svg+xml", b"<"),
            ("image/jpeg", b"\xff\xd8"),
            ("image/png", b"\x89PNG"),
            ("image/*", b"\x89PNG"),
            ("text/html,image/webp;q=0.9", b"RIFF"),
        )
    },
    "/image, no Accept": Case(get("/image"), body=of_format(b"\x89PNG"), fresh={"Content-Length"}),
    "/image, Accept text/html": Case(get("/image", ("Accept", "text/html"))),
    "/static/favicon.ico": Case(
        get("/static/favicon.ico"),
        body=of_format(b"\x00\x00\x01\x00"),
        fresh={"Content-Length", "ETag"},
    ),
    "/gzip": Case(get("/gzip", *FOR_A_TEST), body=decoded("gzip"), fresh={"Content-Length"}),
    "/deflate": Case(
        get("/deflate", *FOR_A_TEST), body=decoded("deflate"), fresh={"Content-Length"}
    ),
    "/brotli": Case(get("/brotli", *FOR_A_TEST), body=decoded("br"), fresh={"Content-Length"}),
}


def values(answer: Answer, name: str) -> list[str]:
    return answer.headers.get_all(name) or []


@pytest.mark.parametrize("case", CASES.values(), ids=CASES)
def test_the_same_answer(oracle: int, ours: int, case: Case) -> None:
    theirs, mine = both(oracle, ours, case.request)
    assert mine.status == theirs.status, (theirs.body[:200], mine.body[:200])
    for name in ACTED_ON:
        if name in case.fresh:
            assert bool(values(mine, name)) == bool(values(theirs, name)), name
        else:
            assert values(mine, name) == values(theirs, name), name
    case.body(theirs, mine)
    if "WWW-Authenticate" in case.fresh:
        masked = [
            re.sub(r'(nonce|opaque)="\w+"', r'\1=""', v) for v in values(theirs, "WWW-Authenticate")
        ]
        assert [
            re.sub(r'(nonce|opaque)="\w+"', r'\1=""', v) for v in values(mine, "WWW-Authenticate")
        ] == masked


@pytest.mark.parametrize(
    "target", ["/get", "/anything", "/status/200", "/redirect-to", "/cookies", "/range/10", "/post"]
)
def test_options_says_what_is_allowed(oracle: int, ours: int, target: str) -> None:
    """Flask's Allow comes in no fixed order (a set): compared as a set."""
    theirs, mine = both(oracle, ours, Request("OPTIONS", target, []))
    assert mine.status == theirs.status == 200
    allowed = [{m.strip() for m in answer.headers["Allow"].split(",")} for answer in (theirs, mine)]
    assert allowed[1] == allowed[0]


def test_head_answers_as_get_without_a_body(oracle: int, ours: int) -> None:
    theirs, mine = both(oracle, ours, Request("HEAD", "/get", FOR_A_TEST))
    assert (mine.status, mine.body) == (theirs.status, theirs.body) == (200, b"")
    assert mine.headers["Content-Length"] == theirs.headers["Content-Length"]


def test_every_route_of_httpbin_is_here(ours: int) -> None:
    """Each rule of httpbin's URL map, filled in, is a route of ours (not our 404)."""
    import httpbin

    samples = {"int": "3", "path": "a/b", "default": "x"}
    missing = []
    for rule in httpbin.app.url_map.iter_rules():
        path = re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: "favicon.ico" if m[2] == "filename" else samples.get(m[1] or "default"),
            rule.rule,
        )
        method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        answer = send(ours, Request(method, path, []))
        if answer.status == 404 and answer.body.startswith(b'{"status_code": 404'):
            missing.append(f"{method} {path}")
    assert missing == []


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256", "SHA-512"])
@pytest.mark.parametrize("qop", ["auth", "auth-int"])
async def test_aiohttps_digest_login_works_as_on_httpbin(
    oracle: int, ours: int, qop: str, algorithm: str
) -> None:
    """A client library's own Digest login (aiohttp's DigestAuthMiddleware), on both."""
    path = f"/digest-auth/{qop}/user/pass/{algorithm}"
    answers = []
    for port in (oracle, ours):
        login = aiohttp.DigestAuthMiddleware("user", "pass")
        async with aiohttp.ClientSession(middlewares=(login,)) as session:
            async with session.get(f"http://127.0.0.1:{port}{path}") as answer:
                answers.append((answer.status, await answer.read()))
    assert answers[1] == answers[0] == (200, b'{\n  "authenticated": true,\n  "user": "user"\n}\n')
