"""Limits, slow clients and shutdown under load: the server says no clearly, cuts off those
who hold it, and loses nothing it accepted."""

import asyncio
import gzip
import json
import re
import signal
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import suppress
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient
from yarl import URL

from server.serving import run_options
from server.settings import Settings
from server.typedefs import STATS
from tests.conftest import CLIENT, counts, listening, stats, until_in_flight
from tests.server.conftest import assert_error_body, assert_json_error

FORM = "application/x-www-form-urlencoded"


# limits: test_views covers /delay over --max-delay, a body over --max-body with its
# Content-Length, /bytes over --max-bytes; these are the ways around them


async def chunks(data: bytes, size: int = 256) -> AsyncIterator[bytes]:
    """A body with no Content-Length: the limit can only be applied while reading."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status", "named"),
    [
        ("POST", "/echo", "chunked", {}, 413, "1024"),
        (
            "POST",
            "/echo",
            gzip.compress(bytes(5_000_000)),
            {"Content-Encoding": "gzip"},
            413,
            "1024",
        ),
        ("POST", "/delay/0", b"a=" + b"x" * 2000, {"Content-Type": FORM}, 413, "1024"),
        ("POST", "/post", b"x" * 2000, {"Content-Type": "text/plain"}, 413, "1024"),
    ],
    ids=["chunked body", "gzip bomb", "form body", "plain body"],
)
async def test_each_limit_is_a_clear_json_4xx(
    make_client: Callable[..., Any],
    method: str,
    path: str,
    body: Any,
    headers: dict[str, str],
    status: int,
    named: str,
) -> None:
    client = await make_client(max_body=1024, max_bytes=100, max_delay=0.5)
    data = chunks(b"x" * 2000) if body == "chunked" else body
    async with client.request(method, path, data=data, headers=headers) as response:
        detail = (await assert_json_error(response, status))["detail"]
    assert named in detail
    async with client.get("/stats") as response:
        assert (await response.json())["in_flight"] == 0  # nothing left held


@pytest.mark.parametrize(
    ("path", "cut_to"),
    [
        ("/delay/1e9", {"delay": 0.5}),
        ("/bytes/101", {"bytes": 100}),
        ("/bytes/1?delay=60", {"bytes": 1}),
        ("/drip?numbytes=1000&duration=0", {"bytes": 100}),
        ("/stream-bytes/1000", {"bytes": 100}),
    ],
)
async def test_above_a_limit_a_request_is_cut_to_it(
    make_client: Callable[..., Any], path: str, cut_to: dict[str, float]
) -> None:
    """As httpbin cuts its own (10 s, 100 KiB): tutorial code asking for more still runs."""
    client = await make_client(max_bytes=100, max_delay=0.5)
    async with asyncio.timeout(5), client.get(path) as response:
        assert response.status == 200
        if "delay" in cut_to:
            assert (await response.json())["delay"] == cut_to["delay"]
        else:
            assert len(await response.read()) == cut_to["bytes"]


async def test_beyond_max_in_flight_new_requests_get_a_json_503(
    make_client: Callable[..., Any],
) -> None:
    client: TestClient = await make_client(max_in_flight=3)
    stats = client.app[STATS]
    release = asyncio.Event()

    async def held_body() -> AsyncIterator[bytes]:
        yield b"held "
        await release.wait()  # the request stays in flight until the test lets it go
        yield b"open"

    async def held() -> tuple[int, bytes]:
        async with client.post("/echo", data=held_body()) as response:
            return response.status, await response.read()

    holders = [asyncio.create_task(held()) for _ in range(3)]
    await stats.until(lambda s: s.in_flight == 3)

    for method, path in [("GET", "/delay/0"), ("POST", "/echo"), ("GET", "/bytes/1")]:
        async with client.request(method, path) as response:
            body = await assert_json_error(response, 503)
            assert response.headers["Retry-After"] == "1"
        assert body["detail"] == "3 requests in flight already"
    # the ones not counted still answer at the cap: a health check must not fail then
    async with client.get("/health") as response:
        assert response.status == 200
    async with client.get("/stats") as response:
        assert counts(await response.json()) == {
            "in_flight": 3,
            "peak_in_flight": 3,
            "total": 0,
            "given_up": 0,
        }

    release.set()
    assert await asyncio.gather(*holders) == [(200, b"held open")] * 3
    await stats.until(lambda s: s.in_flight == 0)
    async with client.get("/delay/0") as response:  # room again
        assert response.status == 200
    assert (stats.total, stats.peak_in_flight) == (4, 3)  # the refused ones were not counted


# slow and silent clients, on the real runner's socket setup (server/runner.py)

IDLE = 0.5  # --idle-timeout for these tests
BOUND = 5.0  # seconds: a connection not cut off by then fails the test, not the suite


@pytest.fixture
async def idle_server(serve_app, app_factory) -> tuple[URL, Any]:
    """The app served as demo-server does, with idle_timeout=IDLE; its URL and runner."""
    server = await serve_app(app_factory(idle_timeout=IDLE))
    return server.make_url(""), server.runner


async def connect(url: URL) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection(url.host, url.port)


async def until_closed(reader: asyncio.StreamReader) -> bytes:
    """What the server sends until it closes the connection (a reset counts as closed)."""
    with suppress(ConnectionResetError):
        return await reader.read()
    return b""


async def dribble(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, data: bytes, answer: asyncio.Task
) -> int:
    """Send `data` a byte every 0.1 s until `answer` is done; how many bytes went out."""
    sent = 0
    with suppress(ConnectionError):
        for byte in data:
            writer.write(bytes([byte]))
            await writer.drain()
            sent += 1
            await asyncio.wait([answer], timeout=0.1)  # the pause, cut short by an answer
            if answer.done():
                break
    return sent


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, Any]]:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    length = int(re.search(r"(?im)^content-length: *(\d+)", head)[1])
    return int(head.split()[1]), json.loads(await reader.readexactly(length))


async def silent(url: URL) -> bytes:
    reader, writer = await connect(url)
    try:
        return await until_closed(reader)
    finally:
        writer.close()


async def slow_headers(url: URL) -> tuple[int, int, bytes]:
    message = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
    reader, writer = await connect(url)
    try:
        closed = asyncio.create_task(until_closed(reader))
        sent = await dribble(reader, writer, message, closed)
        return sent, len(message), await closed
    finally:
        writer.close()


async def slow_body(url: URL) -> tuple[int, dict[str, Any]]:
    reader, writer = await connect(url)
    try:
        writer.write(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n")
        answer = asyncio.create_task(read_response(reader))
        await dribble(reader, writer, b"b" * 200, answer)
        return await answer
    finally:
        writer.close()


async def test_a_silent_connection_is_closed(idle_server) -> None:
    url, _ = idle_server
    async with asyncio.timeout(BOUND):
        assert await silent(url) == b""  # closed without a word, before any request


async def test_headers_dribbled_byte_by_byte_never_complete(idle_server) -> None:
    url, app_runner = idle_server
    async with asyncio.timeout(BOUND):
        sent, total, answer = await slow_headers(url)
    assert sent < total  # cut off mid-way: one byte now and then does not keep it open
    assert answer == b"" or answer.startswith(b"HTTP/1.1 408 ")
    assert app_runner.app[STATS].total == 0  # no request ever reached a handler


async def test_a_body_dribbled_slowly_gets_a_json_408(idle_server) -> None:
    url, app_runner = idle_server
    async with asyncio.timeout(BOUND):
        status, body = await slow_body(url)
        await app_runner.app[STATS].until(lambda s: s.in_flight == 0)  # its handler is gone
    assert status == 408
    assert_error_body(body, 408, "Request Timeout")
    assert body["detail"] == f"the body did not arrive within {IDLE:g} s"


async def test_a_client_that_stops_reading_is_counted_then_cut_off(idle_server) -> None:
    url, app_runner = idle_server
    stats = app_runner.app[STATS]
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # fills at once
        sock.connect((url.host, url.port))
        sock.sendall(b"GET /bytes/10000000 HTTP/1.1\r\nHost: x\r\n\r\n")  # then never reads
        async with asyncio.timeout(BOUND):
            # its answer cannot be sent: it holds a place under the cap meanwhile
            await stats.until(lambda s: s.in_flight == 1)
            await stats.until(lambda s: s.in_flight == 0)  # cut off after IDLE
        # what was buffered, then the end; awaited, since the cut-off reaches this socket a
        # moment after the server's count drops (reading at once raced it: BlockingIOError)
        sock.setblocking(False)
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(BOUND):
            with suppress(ConnectionResetError):
                while await loop.sock_recv(sock, 1 << 20):
                    pass


async def test_others_are_served_while_slow_clients_wait(idle_server) -> None:
    url, _ = idle_server
    slow = [
        asyncio.create_task(silent(url)),
        asyncio.create_task(slow_headers(url)),
        asyncio.create_task(slow_body(url)),
    ]
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=BOUND)) as session,
        session.get(url / "delay" / "0") as response,
    ):
        assert response.status == 200
        # answered at once: the three slow ones are all still held, waiting to be cut off
        assert not any(task.done() for task in slow)
    async with asyncio.timeout(BOUND):
        await asyncio.gather(*slow)


async def test_after_the_408_the_connection_is_closed(idle_server) -> None:
    url, _ = idle_server
    reader, writer = await connect(url)
    try:
        writer.write(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\nb")
        async with asyncio.timeout(BOUND):
            assert (await read_response(reader))[0] == 408
        # the rest of the body is awaited only as long as aiohttp lingers (default 10 s)
        async with asyncio.timeout(run_options(Settings())["lingering_time"] + 1):
            assert await until_closed(reader) == b""
    finally:
        writer.close()


# the open-file limit, on the real command


def ask(port: int, path: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=BOUND * 4)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    return sock


def status_of(sock: socket.socket) -> int:
    with sock:
        return int(sock.recv(64)[9:12])


def test_under_a_low_open_file_limit_the_cap_fits_and_the_log_stays_short(
    start_server,
) -> None:
    server = start_server("--max-in-flight", "1000", open_files=256)
    assert server.child.readline("stderr") == (
        "demo-server: at most 192 requests in flight, not 1000: "
        "the open-file limit (ulimit -n) allows no more\n"
    )
    # more connections than files: 192 in flight, some refused (503), the rest wait in the
    # listen queue while the server has no file to accept them with, then get their turn
    sockets = [ask(server.port, "/delay/1") for _ in range(300)]
    statuses = [status_of(sock) for sock in sockets]
    assert set(statuses) == {200, 503}
    assert statuses.count(200) >= 192
    assert stats(server.url)["peak_in_flight"] == 192  # the cap, reached and never passed
    # a line a second at most, where asyncio logged thousands of tracebacks
    lines = server.stop().splitlines()[1:]
    warning = "demo-server: WARNING cannot accept connections ("
    assert all(line.startswith(warning) for line in lines), lines
    assert len(lines) <= 15, lines


# graceful shutdown under load, on the real command

N = 1000


def test_sigterm_under_load_loses_none_of_1000_requests(start_server, spawn) -> None:
    server = start_server()
    client = spawn(
        [*CLIENT, "--server", server.url, "--mode", "gather", "-n", str(N), "--delay", "2"]
        + ["--json"]
    )
    # the server's count is the only thing that says all 1000 have arrived
    until_in_flight(server.url, N, while_running=client)

    server.child.process.send_signal(signal.SIGTERM)
    assert server.child.readline("stdout") == (
        f"demo-server stopping: {N} in flight may finish (Ctrl-C again: now)\n"
    )
    # it stopped listening as the shutdown started, before it said so
    assert not listening(server.port)
    assert client.process.poll() is None  # refused while the 1000 were still waiting

    assert client.wait(timeout=30) == 0, client.seen("stderr")
    [gather] = json.loads(client.seen("stdout"))["modes"]
    assert (gather["ok"], gather["failed"], gather["cancelled"]) == (N, 0, 0)
    assert {r["status"] for r in gather["requests"]} == {200}
    # the answers said how many the server held; its count of the run could not be asked
    # for once it had stopped, and the report does not make one up
    assert max(r["server_in_flight"] for r in gather["requests"]) == N
    assert gather["server_peak"] is None
    assert server.child.wait(timeout=30) == 0
    assert server.child.seen("stdout").endswith("demo-server stopped\n")
    assert server.child.seen("stderr") == ""
