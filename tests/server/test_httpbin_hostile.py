"""Generated bad input to each of httpbin's routes: an answer httpbin gives (a 401, a 416,
a redirect) or a JSON 4xx saying what was wrong; never a 500, and nothing in the log."""

import logging
import socket
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.embedded import EmbeddedServer
from tests.server.conftest import assert_error_body

ROUTES = [
    "/redirect-to",
    "/basic-auth/{a}/{b}",
    "/hidden-basic-auth/{a}/{b}",
    "/bearer",
    "/digest-auth/{a}/{b}/{c}",
    "/digest-auth/auth/{a}/{b}/{c}",
    "/digest-auth/auth-int/u/p/SHA-256/{a}",
    "/cookies",
    "/cookies/set",
    "/cookies/set/{a}/{b}",
    "/cookies/delete",
    "/cache",
    "/cache/{a}",
    "/etag/{a}",
    "/response-headers",
    "/base64/{a}",
    "/range/{a}",
    "/links/{a}",
    "/links/{a}/{b}",
    "/image",
    "/image/{a}",
    "/bytes/{a}",
    "/stream-bytes/{a}",
    "/status/{a}",
]
OPTIONS = ["url", "status_code", "seed", "SEED", "chunk_size", "duration", "require-cookie"]
# any character but a surrogate; quoted for the URL, so the route sees it decoded
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
segment = text.filter(lambda s: s not in ("", ".", "..")).map(lambda s: quote(s, safe=""))
query = st.lists(st.tuples(st.sampled_from(OPTIONS) | text, text), max_size=4)
header_value = st.one_of(
    st.text(
        st.characters(codec="latin-1", min_codepoint=0x20, exclude_characters="\x7f"), max_size=30
    ),
    st.sampled_from(
        [
            "Digest",
            'Digest username="u", nonce="n", response="r", qop=bogus',
            'Digest username="u", nonce="n", response="r", qop=auth',
            "Digest nonce=, , =, qop",
            "Basic !!!",
            "Basic " + "dTo=",
            "Bearer",
            "bytes=5-2",
            "bytes=-0",
            "bytes=99999999999999999999-",
            'W/"x", "y',
        ]
    ),
).map(str.strip)
headers = st.dictionaries(
    st.sampled_from(["Authorization", "Range", "If-None-Match", "If-Match", "Accept", "Cookie"]),
    header_value,
    max_size=4,
)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(ROUTES),
    parts=st.fixed_dictionaries({"a": segment, "b": segment, "c": segment}),
    query=query,
    headers=headers,
    method=st.sampled_from(["GET", "GET", "POST", "HEAD"]),
)
async def test_bad_input_is_an_answer_never_a_500(
    client: TestClient,
    caplog: pytest.LogCaptureFixture,
    route: str,
    parts: dict[str, str],
    query: list[tuple[str, str]],
    headers: dict[str, str],
    method: str,
) -> None:
    caplog.clear()
    path = route.format(**parts)
    async with client.request(method, path, params=query, headers=headers) as response:
        body = await response.read()
        assert response.status < 500, (path, query, headers, body[:300])
        if response.status == 400 and method != "HEAD":
            assert_error_body(await response.json(), 400, "Bad Request")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], (path, query, headers)


@pytest.fixture(scope="module")
def embedded_port() -> Iterator[int]:
    with EmbeddedServer() as url:
        assert url.port is not None
        yield url.port


@pytest.mark.parametrize(
    "path", ["/range/10", "/stream-bytes/10?seed=1", "/drip?duration=0&numbytes=3", "/stream/1"]
)
def test_a_head_to_a_stream_leaves_the_connection_readable(embedded_port: int, path: str) -> None:
    """aiohttp writes a stream's pieces even for a HEAD: the next answer on the same
    connection would then start with them (this test's generated HEADs found it)."""
    with socket.create_connection(("127.0.0.1", embedded_port), timeout=10) as connection:
        connection.sendall(
            f"HEAD {path} HTTP/1.1\r\nHost: x\r\n\r\n"
            "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
        )
        answers = b""
        while chunk := connection.recv(65536):
            answers += chunk
    first, rest = answers.split(b"\r\n\r\n", 1)
    assert first.startswith(b"HTTP/1.1 200 ") and rest.startswith(b"HTTP/1.1 200 OK\r\n")
