"""The dashboard page and its WebSocket feed, against the app factory."""

import asyncio
from typing import Any

import aiohttp
from aiohttp.test_utils import TestClient

from server.dashboard import FEED, SAMPLE_EVERY
from server.typedefs import STATS
from tests.server.conftest import assert_json_error

SAMPLE_KEYS = {"type", "t", "in_flight", "peak", "total", "rps"}


async def next_sample(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    message = await ws.receive_json(timeout=5)
    assert message["type"] == "sample"
    return message


async def test_the_page_is_self_contained_html(client: TestClient) -> None:
    async with client.get("/") as response:
        assert response.status == 200
        assert response.content_type == "text/html"
        page = await response.text()
    assert "Requests in flight" in page and "/feed" in page
    assert "http://" not in page and "https://" not in page  # nothing from a CDN


async def test_feed_sends_history_then_samples(client: TestClient) -> None:
    async with client.ws_connect("/feed") as ws:
        history = await ws.receive_json(timeout=5)
        assert history["type"] == "history" and isinstance(history["samples"], list)
        sample = await next_sample(ws)
        assert set(sample) == SAMPLE_KEYS
        assert sample["in_flight"] == 0 and sample["total"] == 0
    # a second page gets the samples taken so far at once
    async with client.ws_connect("/feed") as ws:
        history = await ws.receive_json(timeout=5)
        assert len(history["samples"]) >= 1
        assert set(history["samples"][0]) == SAMPLE_KEYS - {"type"}


async def test_a_burst_between_two_samples_is_not_missed(client: TestClient) -> None:
    stats = client.app[STATS]
    async with client.ws_connect("/feed") as ws:
        await ws.receive_json(timeout=5)  # history
        burst = [client.get("/delay/0.05") for _ in range(20)]  # shorter than SAMPLE_EVERY
        assert 0.05 < SAMPLE_EVERY
        responses = await asyncio.gather(*burst)
        for response in responses:
            response.release()
        await stats.until(lambda s: s.in_flight == 0)
        seen = [await next_sample(ws) for _ in range(2)]
    assert max(s["in_flight"] for s in seen) == 20
    assert seen[-1]["total"] == 20 and seen[-1]["peak"] == 20


async def test_a_closed_page_is_cleaned_up(client: TestClient) -> None:
    async with client.ws_connect("/feed") as ws:
        await ws.receive_json(timeout=5)
        assert len(client.app[FEED].pages) == 1
    # the server drops a page when its socket handler ends, just after the close handshake
    # the client awaited: wait for that, bounded
    await client.app[FEED].pages.until(lambda pages: not pages)


async def test_another_sites_page_may_not_read_the_feed(client: TestClient) -> None:
    host = f"{client.server.host}:{client.server.port}"
    for origin in ("http://evil.example", f"file://{host}", f"ht://{host}"):
        async with client.get("/feed", headers={"Origin": origin}) as response:
            assert response.status == 403, origin
            await assert_json_error(response, 403)
    headers = {"Origin": f"http://{client.server.host}:{client.server.port}"}
    async with client.ws_connect("/feed", headers=headers) as ws:
        assert (await ws.receive_json(timeout=5))["type"] == "history"


async def test_shutdown_closes_open_pages(serve_app: Any, app_factory: Any) -> None:
    server = await serve_app(app_factory())
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(server.make_url("/feed")) as ws,
    ):
        await ws.receive_json(timeout=5)
        await asyncio.wait_for(server.close(), timeout=5)  # not held until a timeout
        message = await ws.receive(timeout=5)
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)


async def test_dashboard_requests_are_not_counted_in_flight(client: TestClient) -> None:
    async with client.get("/"), client.ws_connect("/feed"):
        async with client.get("/stats") as response:  # the page loaded, its feed open
            counts = await response.json()
    assert (counts["in_flight"], counts["peak_in_flight"], counts["total"]) == (0, 0, 0)
