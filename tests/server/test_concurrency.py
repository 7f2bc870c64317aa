"""The server holds many requests at once, counts them, and drops those whose caller left."""

import asyncio

import pytest
from aiohttp.test_utils import TestClient

from common.wire import IN_FLIGHT_HEADER, RUN_HEADER
from server.typedefs import STATS
from tests.conftest import counts

N = 50


async def get_json(client: TestClient, path: str) -> dict:
    async with client.get(path) as response:
        assert response.status == 200
        return await response.json()


async def counted(client: TestClient) -> dict[str, int]:
    """The request counts /stats gives."""
    return counts(await get_json(client, "/stats"))


async def test_requests_wait_together(client: TestClient) -> None:
    async def delay() -> int:
        async with client.get("/delay/0.3") as response:
            assert response.status == 200
            body = await response.json()
            assert int(response.headers[IN_FLIGHT_HEADER]) == body["in_flight_at_arrival"]
            return body["in_flight_at_arrival"]

    seen = await asyncio.gather(*(delay() for _ in range(N)))

    assert max(seen) == N
    assert sorted(seen) == list(range(1, N + 1))  # each arrival saw one more than the last
    assert await counted(client) == {"in_flight": 0, "peak_in_flight": N, "total": N, "given_up": 0}


async def test_health_and_stats_are_not_counted(client: TestClient) -> None:
    for _ in range(3):
        await get_json(client, "/health")
        await get_json(client, "/stats")
    async with client.get("/health") as response:
        assert IN_FLIGHT_HEADER not in response.headers
    assert await counted(client) == {"in_flight": 0, "peak_in_flight": 0, "total": 0, "given_up": 0}


async def test_delay_echo_and_bytes_are_counted(client: TestClient) -> None:
    for method, path in [("GET", "/delay/0"), ("POST", "/echo"), ("GET", "/bytes/1")]:
        async with client.request(method, path) as response:
            assert response.status == 200
            assert response.headers[IN_FLIGHT_HEADER] == "1"
    assert await counted(client) == {"in_flight": 0, "peak_in_flight": 1, "total": 3, "given_up": 0}


async def test_stats_while_requests_wait(client: TestClient) -> None:
    stats = client.app[STATS]
    delays = [asyncio.create_task(get_json(client, "/delay/0.5")) for _ in range(3)]
    await stats.until(lambda s: s.in_flight == 3)
    # a /stats request in the middle sees them, and does not count itself
    assert await counted(client) == {"in_flight": 3, "peak_in_flight": 3, "total": 0, "given_up": 0}
    await asyncio.gather(*delays)
    assert await counted(client) == {"in_flight": 0, "peak_in_flight": 3, "total": 3, "given_up": 0}


async def test_a_caller_who_hangs_up_stops_the_wait(client: TestClient) -> None:
    stats = client.app[STATS]
    request = asyncio.create_task(get_json(client, "/delay/5"))
    await stats.until(lambda s: s.in_flight == 1)

    request.cancel()
    with pytest.raises(asyncio.CancelledError):
        await request
    # well before the 5 s are up, the handler was cancelled and left the count
    async with asyncio.timeout(2):
        await stats.until(lambda s: s.in_flight == 0)
    assert await counted(client) == {"in_flight": 0, "peak_in_flight": 1, "total": 1, "given_up": 1}


async def test_a_run_that_names_itself_has_counts_of_its_own(client: TestClient) -> None:
    stats = client.app[STATS]
    other = asyncio.create_task(get_json(client, "/delay/0.5"))  # another client's
    await stats.until(lambda s: s.in_flight == 1)
    ours = [
        asyncio.create_task(client.get("/delay/0.2", headers={RUN_HEADER: "r1"})) for _ in range(3)
    ]
    for answer in await asyncio.gather(*ours):
        answer.close()
    await other
    async with client.get("/stats", params={"run": "r1"}) as response:
        run = await response.json()
    # the run's own peak leaves the other client out, and says how many it was with
    assert counts(run) == {"in_flight": 0, "peak_in_flight": 3, "total": 3, "given_up": 0}
    assert run["peak_with_others"] == 4
    async with client.get("/stats", params={"run": "r2"}) as response:
        assert response.status == 404
