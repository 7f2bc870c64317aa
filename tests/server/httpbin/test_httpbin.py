"""The same requests to this server and to the real httpbin package: the same answers.

httpbin 0.10.4 runs in this process on Werkzeug's HTTP server (WSGI, as on httpbin.org);
ours is the real demo-server in a child process. Both get the very same bytes, with the
same Host, so even `url` and `headers` compare as they are. Our own extra keys (/delay's
timings) are set aside; every other difference fails the test, except those the README
lists, each of which has an example test at the end showing both answers.

httpbin pins greenlet below 3 on Python 3.11, where Playwright needs 3.1: the test extra
installs it on 3.12 and later only, and there this module runs (CI runs it on 3.13).
"""

import gzip
import json
import os
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

import brotlicffi
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

if sys.version_info < (3, 12):
    pytest.skip("httpbin needs Python 3.12+ beside Playwright", allow_module_level=True)

from tests.server.httpbin.oracle import Answer, Request, both  # noqa: E402

OURS_ONLY = {"delay", "arrived_at", "answered_at", "in_flight_at_arrival"}  # /delay's timings
EXAMPLES = int(os.environ.get("HTTPBIN_EXAMPLES", "300"))


def assert_same_json(theirs: Answer, mine: Answer, request: Request) -> None:
    assert (mine.status, theirs.status) == (200, 200), (request, theirs.body, mine.body)
    expected, got = theirs.json(), mine.json()
    assert isinstance(got, dict) and isinstance(expected, dict)
    for key in OURS_ONLY & got.keys() - expected.keys():
        del got[key]
    assert got == expected, request


# what the generated requests are made of

TOKEN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"
# names that frame the message, or that aiohttp accepts once only (a README difference),
# are left out of the generated headers
LEFT_OUT = {
    *["host", "content-length", "content-type", "transfer-encoding", "connection"],
    *["expect", "upgrade", "te", "trailer", "keep-alive", "content-encoding"],
    *["user-agent", "referer", "authorization", "if-modified-since", "if-unmodified-since"],
    *["from", "max-forwards", "proxy-authorization", "range", "etag", "location"],
}
header_name = st.one_of(
    st.sampled_from(["X-Api-Key", "x-api-key", "Accept", "X-Dup", "x_underscore"]),
    # what a proxy adds: hidden unless ?show_env, and X-Forwarded-* change origin and url
    st.sampled_from(["X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Ssl", "Via"]),
    st.text(TOKEN, min_size=1, max_size=12).filter(
        lambda name: name.lower() not in LEFT_OUT and not name.startswith("-")
    ),
)
# any byte a header may carry, no controls; no space at either end (both servers trim it)
header_value = st.text(
    st.characters(codec="latin-1", min_codepoint=0x20, exclude_characters="\x7f"), max_size=20
).map(str.strip)
headers = st.lists(st.tuples(header_name, header_value), max_size=5)
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
query = st.one_of(
    st.lists(st.tuples(text, text), max_size=4).map(urlencode),
    st.sampled_from(["q=%FF", "a=%zz&b", "=c&d=1=2", "x=1;y=2", "a=1&a=2&a=3", "e=%2", ""]),
    st.sampled_from(["show_env=1", "q=caf%C3%A9", "p=%2B+%20", "k=%0A%00"]),
)
# no empty or dot segments, slashes or line breaks: httpbin (Werkzeug) merges, resolves
# or refuses them (404), where ours answers
segment = (
    st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12)
    .filter(lambda s: s not in (".", "..") and "/" not in s)
    .map(lambda s: quote(s, safe=""))
)
path = st.lists(segment, min_size=1, max_size=3).map("/".join)
form = st.lists(st.tuples(text, text), max_size=4).map(
    lambda pairs: ("application/x-www-form-urlencoded", urlencode(pairs).encode())
)
json_body = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
).map(lambda data: ("application/json", json.dumps(data).encode()))
raw_body = st.tuples(
    st.sampled_from(["application/octet-stream", "text/plain", "text/plain; charset=utf-8"]),
    st.binary(max_size=40) | text.map(str.encode),
)


def multipart(parts: list[tuple[str, str, str | None, bytes]]) -> tuple[str, bytes]:
    boundary = "differential-7d3f"
    chunks = []
    for name, value, filename, raw in parts:
        disposition = f'form-data; name="{quote(name)}"'
        if filename is not None:  # a file (an empty file input sends filename="")
            disposition += f'; filename="{quote(filename)}"'
            head = f"Content-Disposition: {disposition}\r\nContent-Type: image/png\r\n\r\n"
            chunks.append(f"--{boundary}\r\n{head}".encode() + raw + b"\r\n")
        else:
            head = f"Content-Disposition: {disposition}\r\n\r\n"
            chunks.append(f"--{boundary}\r\n{head}{value}\r\n".encode())
    body = b"".join(chunks) + f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


multipart_body = st.lists(
    st.tuples(
        st.text(TOKEN, min_size=1, max_size=8),
        text.map(lambda s: s.replace("\r", "").replace("\n", "")),
        st.none() | st.text(TOKEN, max_size=8),
        st.binary(max_size=30),
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda part: part[0],  # a file given twice: a README difference
).map(multipart)
body = st.none() | form | json_body | raw_body | multipart_body
routes = st.sampled_from(
    [
        ("GET", "/get"),
        ("POST", "/post"),
        ("PUT", "/put"),
        ("PATCH", "/patch"),
        ("DELETE", "/delete"),
        ("GET", "/anything"),
        ("POST", "/anything"),
        ("PUT", "/anything/{path}"),
        ("GET", "/delay/0"),
        ("POST", "/delay/0"),
        ("PATCH", "/delay/0.0"),
        ("DELETE", "/anything/{path}"),
        ("TRACE", "/anything"),
        ("GET", "/headers"),
        ("GET", "/ip"),
    ]
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(route=routes, path=path, query=query, headers=headers, body=body)
def test_the_same_request_gets_the_same_json(
    oracle: int,
    ours: int,
    route: tuple[str, str],
    path: str,
    query: str,
    headers: list[tuple[str, str]],
    body: tuple[str, bytes] | None,
) -> None:
    method, template = route
    target = template.format(path=path) + (f"?{query}" if query else "")
    sent = list(headers)
    if body is not None:
        sent.append(("Content-Type", body[0]))
    request = Request(method, target, sent, body[1] if body else b"")
    assert_same_json(*both(oracle, ours, request), request)


@pytest.mark.parametrize(
    "target", ["/headers", "/user-agent", "/json", "/gzip", "/stream/3", "/redirect/2"]
)
def test_the_other_shared_routes_answer_alike(oracle: int, ours: int, target: str) -> None:
    request = Request("GET", target, [("User-Agent", "tutorial/1.0"), ("X-Api-Key", "s")])
    theirs, mine = both(oracle, ours, request)
    assert mine.status == theirs.status
    if target == "/redirect/2":
        assert mine.headers["Location"] == theirs.headers["Location"]
    elif target == "/gzip":
        assert mine.headers["Content-Encoding"] == "gzip"
        assert json.loads(gzip.decompress(mine.body)) == json.loads(gzip.decompress(theirs.body))
    elif target.startswith("/stream/"):
        lines = [json.loads(line) for line in mine.body.splitlines()]
        assert lines == [json.loads(line) for line in theirs.body.splitlines()]
    else:
        assert mine.json() == theirs.json()


@pytest.mark.parametrize("method", ["OPTIONS", "GET", "POST"])
@pytest.mark.parametrize("origin", ["http://page.test", None])
def test_cors_headers_are_httpbins(oracle: int, ours: int, method: str, origin: str | None) -> None:
    asked = [("Access-Control-Request-Method", "POST")]
    asked += [("Access-Control-Request-Headers", "content-type,x-talk")]
    request = Request(method, "/anything", asked + ([("Origin", origin)] if origin else []))
    theirs, mine = both(oracle, ours, request)
    assert mine.status == theirs.status == 200
    cors = {k.lower(): v for k, v in theirs.headers.items() if k.lower().startswith("access-")}
    assert cors["access-control-allow-origin"] == (origin or "*")
    assert {k.lower(): v for k, v in mine.headers.items() if k.lower().startswith("access-")} == (
        cors
    )


# The differences the README lists, each shown with both answers. A row whose httpbin
# answer changes (or ours) fails here first, and the README's table is then out of date.

DIGEST_OF_A_QUERY = (
    'Digest username="u", realm="me@kennethreitz.com", nonce="n", uri="/digest-auth/auth/u/p?x=1", '
    'response="r", qop=auth, nc=00000001, cnonce="c"'
)
DIGEST_WITHOUT_NC = 'Digest username="u", nonce="n", response="r", qop=auth'
MULTIPART_TWICE = multipart(
    [("f", "", "a.png", b"first"), ("f", "", "b.png", b"second"), ("g", "1", None, b"")]
)[1]
DIFFERENCES = {
    "a duration that is not one": (
        Request("GET", "/delay/abc", []),
        lambda theirs: theirs.status == 500,
        lambda mine: mine.status == 400 and "not a duration" in mine.json()["detail"],
    ),
    "a negative duration": (
        Request("GET", "/delay/-1", []),
        lambda theirs: theirs.status == 500,
        lambda mine: mine.status == 400,
    ),
    "a duration with a unit": (
        Request("GET", "/delay/250ms", []),
        lambda theirs: theirs.status == 500,
        lambda mine: mine.status == 200 and mine.json()["delay"] == 0.25,
    ),
    "/delay's JSON on one line": (
        Request("GET", "/delay/0", []),
        lambda theirs: theirs.body.startswith(b"{\n  "),  # indented by 2
        # one line and its newline; httpbin's keys among ours
        lambda mine: (
            mine.body.count(b"\n") == 1
            and mine.body.endswith(b"}\n")
            and {"args", "headers", "origin", "url"} <= set(mine.json())
        ),
    ),
    "a body over --max-body": (
        Request("POST", "/post", [("Content-Type", "text/plain")], b"x" * (1024 * 1024 + 1)),
        lambda theirs: theirs.status == 200,
        lambda mine: mine.status == 413,
    ),
    "a header that may appear once, twice": (
        Request("GET", "/headers", [("User-Agent", "a"), ("User-Agent", "b")]),
        lambda theirs: theirs.json()["headers"]["User-Agent"] == "a,b",
        lambda mine: mine.status == 400,
    ),
    "a form in its own charset": (
        Request(
            "POST",
            "/post",
            [("Content-Type", "application/x-www-form-urlencoded; charset=latin-1")],
            b"name=caf%E9",
        ),
        lambda theirs: theirs.json()["form"] == {"name": "caf%E9"},
        lambda mine: mine.json()["form"] == {"name": "café"},
    ),
    "a gzip body": (
        Request(
            "POST",
            "/post",
            [("Content-Type", "text/plain"), ("Content-Encoding", "gzip")],
            gzip.compress(b"hello"),
        ),
        lambda theirs: theirs.json()["data"].startswith("data:application/octet-stream;base64,"),
        lambda mine: mine.json()["data"] == "hello",
    ),
    "a file field given twice": (
        Request(
            "POST",
            "/post",
            [("Content-Type", "multipart/form-data; boundary=differential-7d3f")],
            MULTIPART_TWICE,
        ),
        lambda theirs: theirs.json()["files"] == {"f": "first"},
        lambda mine: mine.json()["files"] == {"f": ["first", "second"]},
    ),
    "a status that is not a number": (
        Request("GET", "/status/abc", []),
        lambda theirs: (theirs.status, theirs.body) == (400, b"Invalid status code"),
        lambda mine: mine.status == 400 and mine.json()["status_code"] == 400,
    ),
    "no redirect to follow": (
        Request("GET", "/redirect/0", []),
        lambda theirs: theirs.status == 500,
        lambda mine: mine.status == 400,
    ),
    "402's body": (
        Request("GET", "/status/402", []),
        lambda theirs: theirs.body.startswith(b"Fuck"),
        lambda mine: mine.body == b"Payment required",
    ),
    "an empty segment in /anything's path": (
        Request("GET", "/anything/%2F", []),
        lambda theirs: theirs.status == 404,
        lambda mine: mine.json()["url"] == "http://httpbin.test/anything//",
    ),
    "another method on /anything": (
        Request("PROPFIND", "/anything", []),
        lambda theirs: theirs.status == 405,
        lambda mine: mine.json()["method"] == "PROPFIND",
    ),
    "/bytes above 100 KiB": (
        Request("GET", "/bytes/200000", []),
        lambda theirs: len(theirs.body) == 100 * 1024,
        lambda mine: len(mine.body) == 200000,
    ),
    "a seed that is not a number": (
        Request("GET", "/bytes/10?seed=abc", []),
        lambda theirs: theirs.status == 500,
        lambda mine: mine.status == 400 and "seed" in mine.json()["detail"],
    ),
    "a chunk size that is not a number": (
        Request("GET", "/range/10?chunk_size=x", []),
        lambda theirs: theirs.status == 500,
        lambda mine: mine.status == 400 and "chunk_size" in mine.json()["detail"],
    ),
    "/status/418's type": (
        Request("GET", "/status/418", []),
        lambda theirs: theirs.status == 418 and "Content-Type" not in theirs.headers,
        lambda mine: mine.headers["Content-Type"] == "text/plain; charset=utf-8",
    ),
    "/redirect-to without a url": (
        Request("GET", "/redirect-to", []),
        lambda theirs: (theirs.status, theirs.headers["Location"]) == (302, "None"),
        lambda mine: mine.status == 400 and "url" in mine.json()["detail"],
    ),
    "/redirect-to with a status that is not a number": (
        Request("GET", "/redirect-to?url=/get&status_code=abc", []),
        lambda theirs: theirs.status == 500,
        lambda mine: mine.status == 400,
    ),
    "digest credentials for a URL with a query": (
        Request("GET", "/digest-auth/auth/u/p?x=1", [("Authorization", DIGEST_OF_A_QUERY)]),
        lambda theirs: theirs.status == 500,
        lambda mine: mine.status == 401 and "Digest" in mine.headers["WWW-Authenticate"],
    ),
    "digest credentials without nc or cnonce": (
        Request("GET", "/digest-auth/auth/u/p", [("Authorization", DIGEST_WITHOUT_NC)]),
        lambda theirs: theirs.status == 500,
        lambda mine: mine.status == 400 and "nc" in mine.json()["detail"],
    ),
    "a response header that frames the answer": (
        Request("GET", "/response-headers?Content-Length=5", []),
        lambda theirs: theirs.json()["Content-Length"][1] == "5",
        lambda mine: mine.status == 400,
    ),
    "a control character in a header to send": (
        Request("GET", "/response-headers?X-Bell=%07", []),
        lambda theirs: theirs.headers["X-Bell"] == "\x07",
        lambda mine: mine.status == 400 and "control character" in mine.json()["detail"],
    ),
    "a cookie value with a control character Werkzeug leaves": (
        Request("GET", "/cookies/set?a=%1F", []),
        lambda theirs: theirs.headers["Set-Cookie"] == 'a="\x1f"; Path=/',
        lambda mine: mine.headers["Set-Cookie"] == 'a="\\037"; Path=/',
    ),
    "a response header name that is not a token": (
        Request("GET", "/response-headers?a%20b=1", []),
        lambda theirs: theirs.json()["a b"] == "1",
        lambda mine: mine.status == 400,
    ),
    "a multipart body that does not parse": (
        Request("POST", "/post", [("Content-Type", "multipart/form-data; boundary=x")], b"--y"),
        lambda theirs: theirs.status == 200 and theirs.json()["form"] == {},
        lambda mine: mine.status == 400,
    ),
    "/html, /xml, /image/...: the documents": (
        Request("GET", "/image/png", []),
        lambda theirs: theirs.body.startswith(b"\x89PNG") and len(theirs.body) > 5000,
        lambda mine: mine.body.startswith(b"\x89PNG") and len(mine.body) < 5000,
    ),
    "/brotli's encoding": (
        Request("GET", "/brotli", []),
        lambda theirs: theirs.headers["Content-Encoding"] == "br",
        lambda mine: len(mine.body) > len(brotlicffi.decompress(mine.body)),  # stored, not packed
    ),
    "a response header beyond ASCII": (
        Request("GET", "/response-headers?X-Word=caf%C3%A9", []),
        lambda theirs: theirs.headers["X-Word"] == "caf\xe9",  # the byte E9: Latin-1
        lambda mine: mine.headers["X-Word"] == "caf\xc3\xa9",  # C3 A9: UTF-8
    ),
    "/": (
        Request("GET", "/", []),
        lambda theirs: b"httpbin" in theirs.body,
        lambda mine: b"requests in flight" in mine.body,
    ),
}


@pytest.mark.parametrize("difference", DIFFERENCES.values(), ids=DIFFERENCES)
def test_each_documented_difference(oracle: int, ours: int, difference) -> None:
    request, as_httpbin_answers, as_we_answer = difference
    theirs, mine = both(oracle, ours, request)
    assert as_httpbin_answers(theirs), (theirs.status, theirs.body[:300])
    assert as_we_answer(mine), (mine.status, mine.body[:300])


def test_the_readme_lists_each_difference() -> None:
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    table = readme.split("### How it differs from httpbin", 1)[1].split("\n\n", 2)[1]
    rows = table.splitlines()[2:]  # below the header and its |---| line
    assert len(rows) == len(DIFFERENCES), "one README row per difference tested here"
