"""Limits and load: the in-flight cap, slow clients, and a graceful stop with 1,000 in flight."""

import asyncio
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from server.typedefs import STATS


async def test_beyond_the_cap_new_requests_get_503_and_health_still_answers(
    make_client: Any,
) -> None:
    client: TestClient = await make_client(max_in_flight=3)
    held = [asyncio.create_task(client.get("/delay/1")) for _ in range(3)]
    await client.app[STATS].until(lambda s: s.in_flight == 3)
    async with client.get("/delay/0") as response:
        assert response.status == 503
        assert response.headers["Retry-After"] == "1"
        assert (await response.json())["status_code"] == 503
    async with client.get("/health") as response:
        assert response.status == 200
    for response in await asyncio.gather(*held):
        assert response.status == 200
        response.release()


def start_server(*args: str) -> tuple[subprocess.Popen[str], int]:
    server = subprocess.Popen(
        [sys.executable, "-m", "server", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = server.stdout.readline()  # type: ignore[union-attr]
    return server, int(line.split("http://127.0.0.1:")[1].split()[0])


def test_silent_and_dribbling_clients_are_cut_off() -> None:
    server, port = start_server("--idle-timeout", "0.5")
    try:
        with (
            socket.create_connection(("127.0.0.1", port)) as silent,
            socket.create_connection(("127.0.0.1", port)) as dribbler,
        ):
            started = time.monotonic()
            with pytest.raises(OSError):  # broken pipe or reset: the server hung up
                for byte in b"GET /health HTTP/1.1\r\n" + b"X-Slow: y\r\n" * 20:
                    dribbler.send(bytes([byte]))  # a header, one byte every 0.1 s
                    time.sleep(0.1)
                    if time.monotonic() - started > 0.6:  # past the timeout: nothing back
                        dribbler.settimeout(3)
                        assert dribbler.recv(1) == b""
                        raise ConnectionResetError
            # meanwhile a normal request is answered at once
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                assert r.status == 200
            silent.settimeout(5)
            assert silent.recv(1) == b""  # closed by the server
            assert time.monotonic() - started < 4
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_a_stalled_body_gets_408() -> None:
    server, port = start_server("--idle-timeout", "0.5")
    try:
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab")
            sock.settimeout(5)
            answer = sock.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408")
        assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["status_code"] == 408
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_sigterm_with_1000_in_flight_loses_none() -> None:
    server, port = start_server()
    statuses: list[int] = []

    async def thousand() -> None:
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:

            async def one() -> None:
                async with session.get(f"http://127.0.0.1:{port}/delay/2") as response:
                    statuses.append(response.status)

            await asyncio.gather(*(one() for _ in range(1000)), return_exceptions=True)

    client = threading.Thread(target=asyncio.run, args=(thousand(),))
    client.start()
    try:
        deadline = time.monotonic() + 15
        while True:  # bounded poll: the requests must be in flight before SIGTERM
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=5) as r:
                if json.load(r)["in_flight"] == 1000:
                    break
            assert time.monotonic() < deadline, "the 1,000 never were in flight at once"
            time.sleep(0.05)
        server.terminate()  # SIGTERM
        time.sleep(0.3)
        with pytest.raises(urllib.error.URLError):  # new connections are refused
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
        server.communicate(timeout=20)
        assert server.returncode == 0
    finally:
        client.join(timeout=30)
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert statuses == [200] * 1000
