"""A solution of 01 run_it: asyncio.run runs main() on a new event loop."""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{SERVER}/delay/0.2") as response:
            print("the server answered:", response.status)


asyncio.run(main())
