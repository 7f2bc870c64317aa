"""Every endpoint of the demo server, through pytest-aiohttp's test client."""

import asyncio

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from server.settings import Settings
from tests.conftest import COUNTS, counts
from tests.server.conftest import assert_json_error

HTTPBIN_KEYS = {"args", "data", "files", "form", "headers", "origin", "url"}
DELAY_KEYS = HTTPBIN_KEYS | {"delay", "arrived_at", "answered_at", "in_flight_at_arrival"}


# /delay


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
async def test_delay_answers_any_method_like_httpbin(client: TestClient, method: str) -> None:
    async with client.request(method, "/delay/0") as response:
        assert response.status == 200
        body = await response.json()
    assert set(body) == DELAY_KEYS
    assert body["delay"] == 0
    assert body["origin"] == "127.0.0.1"
    assert body["url"] == str(client.make_url("/delay/0"))
    assert body["headers"]["Host"] == f"{client.host}:{client.port}"
    assert body["in_flight_at_arrival"] == 1
    assert body["arrived_at"] <= body["answered_at"]


async def test_delay_query_args_with_a_repeated_key_as_a_list(client: TestClient) -> None:
    async with client.get("/delay/0?a=1&a=2&b=3") as response:
        body = await response.json()
    assert body["args"] == {"a": ["1", "2"], "b": "3"}
    assert body["url"].endswith("/delay/0?a=1&a=2&b=3")


async def test_delay_form_post(client: TestClient) -> None:
    async with client.post("/delay/0", data={"name": "value", "x": "1"}) as response:
        body = await response.json()
    assert body["form"] == {"name": "value", "x": "1"}
    assert body["data"] == ""
    assert body["files"] == {}
    assert body["headers"]["Content-Type"] == "application/x-www-form-urlencoded"


async def test_delay_form_repeated_key_as_a_list(client: TestClient) -> None:
    async with client.post("/delay/0", data=[("a", "1"), ("a", "2")]) as response:
        body = await response.json()
    assert body["form"] == {"a": ["1", "2"]}


async def test_delay_json_body_is_data(client: TestClient) -> None:
    async with client.post("/delay/0", json={"k": [1, "é"]}) as response:
        body = await response.json()
    assert body["data"] == '{"k": [1, "\\u00e9"]}'
    assert body["form"] == {}
    assert body["files"] == {}


async def test_delay_multipart_file_upload(client: TestClient) -> None:
    form = aiohttp.FormData()
    form.add_field("upload", b"file contents\n", filename="a.txt", content_type="text/plain")
    form.add_field("field", "value")
    async with client.post("/delay/0", data=form) as response:
        body = await response.json()
    assert body["files"] == {"upload": "file contents\n"}
    assert body["form"] == {"field": "value"}
    assert body["data"] == ""


DURATIONS = {"1": 1.0, "0.25": 0.25, "250ms": 0.25, "1.5s": 1.5, "0": 0.0}


async def test_delay_duration_forms(client: TestClient) -> None:
    async def wait(text: str) -> dict:
        async with client.get(f"/delay/{text}") as response:
            assert response.status == 200, text
            return await response.json()

    # at once, so the suite waits for the longest only
    bodies = dict(zip(DURATIONS, await asyncio.gather(*map(wait, DURATIONS)), strict=True))
    for text, seconds in DURATIONS.items():
        body = bodies[text]
        assert body["delay"] == pytest.approx(seconds), text
        # the server did wait: a lower bound only (its clock may wake a hair early)
        assert body["answered_at"] - body["arrived_at"] >= seconds - 0.05, text


@pytest.mark.parametrize("text", ["abc", "-1", "nan", "-inf", "ms", "s", "1.5.s"])
async def test_delay_bad_duration_is_a_json_400(client: TestClient, text: str) -> None:
    # answered at once, not after a wait (nan would never end)
    async with client.get(f"/delay/{text}", timeout=aiohttp.ClientTimeout(total=2)) as response:
        body = await assert_json_error(response, 400)
    assert text in body["detail"]


@pytest.mark.parametrize("text", ["0.5", "600ms", "11", "1e9", "inf"])
async def test_delay_above_the_maximum_waits_the_maximum(make_client, text: str) -> None:
    # as httpbin cuts its delays to 10 s: tutorial code asking for more still runs
    client = await make_client(max_delay=0.5)
    async with client.get(f"/delay/{text}") as response:
        body = await response.json()
    assert response.status == 200
    assert body["delay"] == 0.5
    assert body["answered_at"] - body["arrived_at"] >= 0.45  # it did wait
    assert response.headers["Server-Timing"] == 'initial_delay;dur=500.00;desc="initial delay"'


# /echo


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"hello", "text/plain; charset=utf-8"),
        (bytes(range(256)) * 4, "application/x-binary"),
        (b"<script>alert(1)</script>", "text/html"),
    ],
)
async def test_echo_returns_the_body_with_its_content_type(
    client: TestClient, body: bytes, content_type: str
) -> None:
    async with client.post("/echo", data=body, headers={"Content-Type": content_type}) as response:
        assert response.status == 200
        assert await response.read() == body
        assert response.headers["Content-Type"] == content_type
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]
        assert response.headers["Content-Disposition"].startswith("attachment")


async def test_echo_without_a_content_type_is_octet_stream(client: TestClient) -> None:
    async with client.post(
        "/echo", data=b"\x00\xff", skip_auto_headers=["Content-Type"]
    ) as response:
        assert response.status == 200
        assert await response.read() == b"\x00\xff"
        assert response.headers["Content-Type"] == "application/octet-stream"


async def test_echo_body_over_max_body_is_a_json_413(make_client) -> None:
    client = await make_client(max_body=1024)
    async with client.post("/echo", data=b"x" * 1024) as response:
        assert response.status == 200
    async with client.post("/echo", data=b"x" * 1025) as response:
        await assert_json_error(response, 413)


# /bytes


@pytest.mark.parametrize("n", [0, 1, 1000])
async def test_bytes_length(client: TestClient, n: int) -> None:
    async with client.get(f"/bytes/{n}") as response:
        assert response.status == 200
        assert response.content_type == "application/octet-stream"
        assert len(await response.read()) == n


async def test_bytes_same_seed_same_bytes(client: TestClient) -> None:
    async def fetch(query: str) -> bytes:
        async with client.get(f"/bytes/64{query}") as response:
            assert response.status == 200
            return await response.read()

    first = await fetch("?seed=7")
    assert await fetch("?seed=7") == first
    assert await fetch("?seed=8") != first
    assert await fetch("") != await fetch("")


async def test_bytes_up_to_max_bytes(make_client) -> None:
    client = await make_client(max_bytes=100)
    async with client.get("/bytes/100") as response:
        assert len(await response.read()) == 100
    async with client.get("/bytes/101") as response:  # cut to the maximum, as httpbin does
        assert len(await response.read()) == 100


@pytest.mark.parametrize(
    "path",
    ["/bytes/abc", "/bytes/-1", "/bytes/1.5", "/bytes/1e3", "/bytes/9999999999999"],
)
async def test_bytes_not_a_whole_number_is_a_400(client: TestClient, path: str) -> None:
    async with client.get(path) as response:
        await assert_json_error(response, 400)


# a negative seed is one httpbin takes (random.seed(-1)): tests/server/test_httpbin_routes.py
@pytest.mark.parametrize("seed", ["x", "", "1.5"])
async def test_bytes_bad_seed_is_a_400(client: TestClient, seed: str) -> None:
    async with client.get("/bytes/8", params={"seed": seed}) as response:
        body = await assert_json_error(response, 400)
    assert "seed" in body["detail"]


# /health, /stats, errors


async def test_health(client: TestClient) -> None:
    async with client.get("/health") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok", "max_delay": Settings().max_delay}


async def test_stats_keys(client: TestClient) -> None:
    async with client.get("/stats") as response:
        assert response.status == 200
        body = await response.json()
    assert set(body) == {*COUNTS, "cpu_s"}
    assert counts(body) == {"in_flight": 0, "peak_in_flight": 0, "total": 0, "given_up": 0}
    assert isinstance(body["cpu_s"], float) and body["cpu_s"] >= 0


async def test_unknown_path_is_a_json_404(client: TestClient) -> None:
    async with client.get("/nowhere") as response:
        body = await assert_json_error(response, 404)
    assert body["detail"] == "GET /nowhere: Not Found"


async def test_wrong_method_on_bytes_is_a_json_405(client: TestClient) -> None:
    async with client.post("/bytes/10") as response:
        body = await assert_json_error(response, 405)
        assert set(response.headers["Allow"].split(",")) == {"GET", "HEAD"}
    assert body["detail"] == "POST /bytes/10: Method Not Allowed"


async def test_an_unexpected_error_is_a_json_500(client: TestClient, caplog, monkeypatch) -> None:
    def broken(text: str, maximum: float) -> float:
        raise RuntimeError("boom")

    monkeypatch.setattr("server.views.parse_duration", broken)
    async with client.get("/delay/1") as response:
        body = await assert_json_error(response, 500)
    assert "boom" not in body["detail"]  # the log has it, the caller does not
    assert any("boom" in (r.exc_text or str(r.exc_info)) for r in caplog.records)
