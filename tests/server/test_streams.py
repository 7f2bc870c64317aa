"""Answers that arrive in pieces (/drip, /sse, /stream, /stream-bytes) and the WebSocket
echo: they stream, they stop when the client leaves, and they count in flight."""

import asyncio
import json
import socket
from contextlib import suppress

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from common.wire import IN_FLIGHT_HEADER
from server.typedefs import STATS
from tests.server.conftest import assert_json_error

BOUND = 5.0  # seconds: a stream that does not end fails the test, not the suite


async def arrivals(response: aiohttp.ClientResponse) -> list[tuple[float, bytes]]:
    """Each piece of the body as it arrives, with the time it came (from the first byte
    asked)."""
    loop = asyncio.get_running_loop()
    start, pieces = loop.time(), []
    async for chunk in response.content.iter_any():
        pieces.append((loop.time() - start, chunk))
    return pieces


@pytest.mark.parametrize(
    ("target", "whole"),
    [
        ("/drip?numbytes=5&duration=1", b"*****"),
        ("/sse?count=4&duration=1", None),
    ],
)
async def test_the_first_piece_comes_long_before_the_last(
    client: TestClient, target: str, whole: bytes | None
) -> None:
    async with client.get(target) as response:
        assert response.status == 200
        pieces = await arrivals(response)
    first, last = pieces[0][0], pieces[-1][0]
    assert len(pieces) >= 4
    assert first < 0.25 * last  # spread over the duration, not sent at the end
    body = b"".join(chunk for _, chunk in pieces)
    if whole is not None:
        assert body == whole
        assert response.headers["Content-Length"] == "5"
        assert response.headers["Server-Timing"].startswith('total_duration;dur=1000.00;desc="')
    else:
        events = [e for e in body.decode().split("\n\n") if e]
        assert [json.loads(e.split("data: ")[1])["id"] for e in events] == [0, 1, 2, 3]
        assert all(e.startswith("event: ping\n") for e in events)
        assert response.content_type == "text/event-stream"


async def test_stream_sends_n_json_lines_described_like_get(client: TestClient) -> None:
    async with client.get("/stream/3?a=1") as response:
        lines = [json.loads(line) for line in (await response.read()).splitlines()]
    assert [line["id"] for line in lines] == [0, 1, 2]
    assert all(line["args"] == {"a": "1"} and "headers" in line for line in lines)
    async with client.get("/stream/500") as response:  # at most 100, as httpbin
        assert len((await response.read()).splitlines()) == 100


async def test_stream_bytes_in_chunks_the_same_for_a_seed(client: TestClient) -> None:
    bodies = []
    for _ in range(2):
        async with client.get("/stream-bytes/2500?seed=7&chunk_size=1000") as response:
            assert response.headers["Transfer-Encoding"] == "chunked"
            bodies.append(await response.read())
    assert len(bodies[0]) == 2500 and bodies[0] == bodies[1]


@pytest.mark.parametrize("target", ["/drip?duration=10", "/sse?count=10&duration=10"])
async def test_a_client_that_hangs_up_stops_the_stream(client: TestClient, target: str) -> None:
    stats = client.app[STATS]
    response = await client.get(target)
    await response.content.readany()  # the first piece: it is streaming
    assert stats.in_flight == 1 and response.headers[IN_FLIGHT_HEADER] == "1"
    response.close()  # hang up, 10 s early
    async with asyncio.timeout(2):  # the server stopped too: long before the 10 s
        await stats.until(lambda s: s.in_flight == 0)


async def test_limits_and_bad_input(make_client) -> None:
    client = await make_client(max_delay=0.5, max_bytes=100)
    async with client.get("/drip?numbytes=1000&duration=0.1") as response:
        assert len(await response.read()) == 100  # cut to --max-bytes
    async with client.get("/drip?numbytes=2&duration=20") as response:
        timing = response.headers["Server-Timing"]
        assert "write_duration;dur=500.00;" in timing  # cut to --max-delay
    for target in ["/drip?numbytes=x", "/drip?numbytes=0", "/sse?count=0", "/stream/x"]:
        async with client.get(target) as response:
            await assert_json_error(response, 400)


async def test_a_client_that_stops_reading_a_stream_is_cut_off(make_client) -> None:
    client = await make_client(idle_timeout=0.5)
    stats = client.app[STATS]
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # fills at once
        sock.setblocking(False)
        loop = asyncio.get_running_loop()
        await loop.sock_connect(sock, (client.host, client.port))
        await loop.sock_sendall(sock, b"GET /stream-bytes/10000000 HTTP/1.1\r\nHost: x\r\n\r\n")
        async with asyncio.timeout(BOUND):  # never read: held, then cut off
            await stats.until(lambda s: s.in_flight == 1)
            await stats.until(lambda s: s.in_flight == 0)
            with suppress(ConnectionResetError):
                while await loop.sock_recv(sock, 1 << 20):
                    pass


async def test_websocket_echo(client: TestClient) -> None:
    async with client.ws_connect("/websocket/echo") as ws:
        await ws.send_str("hello")
        assert await ws.receive_str() == "hello"
        await ws.send_bytes(b"\x00\xff")
        assert await ws.receive_bytes() == b"\x00\xff"
    async with client.get("/websocket/echo") as response:  # not a WebSocket handshake
        await assert_json_error(response, 400)
