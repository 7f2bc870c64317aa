"""Streaming: `async for` takes each piece as it lands.

`await response.read()` waits for the whole body; `async for chunk in
response.content.iter_any()` gets each piece the moment it arrives. Here
both read the same slow download (the server's /drip: bytes spread over
time), side by side.

Sample run::

    $ python demos/25_streaming.py
    GET /drip: 5 bytes, one every 0.4 s; read two ways:
     0.00 s async for: b'*', 1 of 5 bytes
     0.40 s async for: b'*', 2 of 5 bytes
     0.80 s async for: b'*', 3 of 5 bytes
     1.20 s async for: b'*', 4 of 5 bytes
     1.60 s read():     b'*****', all 5 bytes at once
     1.61 s async for: b'*', 5 of 5 bytes
    takeaway: async for takes each piece as it lands; read() waits for all
"""

import asyncio

import aiohttp

from stage import SCALE, demo_server, stopwatch

PIECES = 5  # bytes the server sends, one at a time...
SPREAD = 2 * SCALE  # ...spread over this long


async def whole(session: aiohttp.ClientSession, url: str) -> None:
    async with session.get(url) as response:
        body = await response.read()
    print(elapsed(), f"read():     {body!r}, all {len(body)} bytes at once")


async def streamed(session: aiohttp.ClientSession, url: str) -> None:
    got = 0
    async with session.get(url) as response:
        async for chunk in response.content.iter_any():
            got += len(chunk)
            print(elapsed(), f"async for: {chunk!r}, {got} of {PIECES} bytes")


async def main(server: str) -> None:
    url = f"{server}/drip?numbytes={PIECES}&duration={SPREAD:g}"
    every = SPREAD / PIECES
    print(f"GET /drip: {PIECES} bytes, one every {every:g} s; read two ways:")
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(whole(session, url), streamed(session, url))


with demo_server() as server:
    elapsed = stopwatch()
    asyncio.run(main(str(server)))
print("takeaway: async for takes each piece as it lands; read() waits for all")
