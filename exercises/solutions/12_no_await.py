"""A solution of 12 no_await: `await log_visit(...)` runs it."""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def log_visit(session: aiohttp.ClientSession, url: str) -> None:
    async with session.post(f"{SERVER}/anything/visits", json={"url": url}):
        pass


async def fetch(session: aiohttp.ClientSession, url: str) -> dict:
    async with session.get(url) as response:
        page = await response.json()
    await log_visit(session, url)
    return page


async def main() -> None:
    urls = [f"{SERVER}/delay/0.2?page={page}" for page in range(3)]
    async with aiohttp.ClientSession() as session:
        pages = await asyncio.gather(*(fetch(session, url) for url in urls))
    print(f"{len(pages)} pages")


asyncio.run(main())
