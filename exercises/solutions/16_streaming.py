"""A solution of 16 streaming: each chunk as the server sends it."""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def main() -> None:
    url = f"{SERVER}/drip?numbytes=5&duration=2"
    got = 0
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            async for chunk in response.content.iter_any():
                for byte in chunk:
                    got += 1
                    print(f"byte {got} of 5: {bytes([byte])!r}")


asyncio.run(main())
