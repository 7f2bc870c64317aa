"""A solution of 07 blocking: aiohttp awaits each answer, so the loop runs
the other fetches meanwhile; one session for all of them."""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def fetch(session: aiohttp.ClientSession, url: str) -> dict:
    async with session.get(url) as response:
        return await response.json()


async def main() -> None:
    urls = [f"{SERVER}/delay/1?page={page}" for page in range(5)]
    async with aiohttp.ClientSession() as session:
        pages = await asyncio.gather(*(fetch(session, url) for url in urls))
    print(f"{len(pages)} pages")


asyncio.run(main())
