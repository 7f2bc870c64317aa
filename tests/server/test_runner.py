"""server.runner.start: the real socket setup that the CLI and the embedded server share."""

import asyncio
import socket

import aiohttp
import pytest

from server import runner
from server.settings import Settings
from server.typedefs import STATS


async def test_start_listens_and_drops_a_request_whose_caller_left(
    monkeypatch, app_factory
) -> None:
    monkeypatch.setattr(runner, "create_app", lambda settings: app_factory())
    app_runner, url = await runner.start(Settings(port=0))
    try:
        assert url.host == "127.0.0.1" and url.port
        stats = app_runner.app[STATS]
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:

            async def wait() -> None:
                async with session.get(url / "delay" / "5") as response:
                    await response.read()

            request = asyncio.create_task(wait())
            await stats.until(lambda s: s.in_flight == 1)
            request.cancel()
            with pytest.raises(asyncio.CancelledError):
                await request
        # handler_cancellation: the hang-up ends the handler, long before its 5 s
        async with asyncio.timeout(2):
            await stats.until(lambda s: s.in_flight == 0)
    finally:
        await app_runner.cleanup()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((url.host, url.port), timeout=5).close()


async def test_start_on_a_busy_port_raises_and_cleans_up() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(OSError) as raised:
            await runner.start(Settings(port=port))
    assert raised.value.errno is not None
