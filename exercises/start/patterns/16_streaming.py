"""Streaming: async for takes each piece as it lands.

What to do: the server sends 5 bytes, one every 0.4 s (its /drip). The
program should print a line for each byte as it arrives; it waits for
the whole body first, so all five lines come at the end. Read the body
with `async for chunk in response.content.iter_any()`. The check times
your lines as they appear.

Why: a long answer (a log, a feed, a big file) is useful before its end.

Demo: demos/25_streaming.py
Docs: https://docs.aiohttp.org/en/stable/streams.html
"""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def main() -> None:
    url = f"{SERVER}/drip?numbytes=5&duration=2"
    got = 0
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            body = await response.read()
            for byte in body:
                got += 1
                print(f"byte {got} of 5: {bytes([byte])!r}")


asyncio.run(main())
