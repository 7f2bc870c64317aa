"""A solution of 18 as_completed: all four in flight; each handled when
it lands."""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def fetch(session: aiohttp.ClientSession, delay: float) -> str:
    async with session.get(f"{SERVER}/delay/{delay}") as response:
        await response.read()
    return f"the {delay} s page"


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        coros = [fetch(session, delay) for delay in (1.5, 0.5, 1, 0.2)]
        for next_page in asyncio.as_completed(coros):
            print(await next_page)


asyncio.run(main())
