"""A solution of 10 semaphore: every fetch waits for one of 3 places."""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")
LIMIT = 3


async def fetch(
    session: aiohttp.ClientSession, url: str, places: asyncio.Semaphore
) -> dict:
    async with places, session.get(url) as response:
        return await response.json()


async def main() -> None:
    urls = [f"{SERVER}/delay/0.5?page={page}" for page in range(10)]
    places = asyncio.Semaphore(LIMIT)
    async with aiohttp.ClientSession() as session:
        pages = await asyncio.gather(
            *(fetch(session, url, places) for url in urls)
        )
    print(f"{len(pages)} pages")


asyncio.run(main())
