"""Bound them: at most 3 requests at once, with asyncio.Semaphore.

What to do: ten pages are fetched all at once; the server (someone
else's, in real life) asks for at most 3 at a time. Keep them concurrent,
but never more than 3 in flight: about 2 s in all. The check reads the
server's own count of the most it held at once.

Why: "all at once" is rude at 10,000; a bound keeps the speed and the
manners.

Demo: demos/16_semaphore.py
Docs: https://docs.python.org/3/library/asyncio-sync.html#semaphore
"""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")
LIMIT = 3


async def fetch(session: aiohttp.ClientSession, url: str) -> dict:
    async with session.get(url) as response:
        return await response.json()


async def main() -> None:
    urls = [f"{SERVER}/delay/0.5?page={page}" for page in range(10)]
    async with aiohttp.ClientSession() as session:
        pages = await asyncio.gather(*(fetch(session, url) for url in urls))
    print(f"{len(pages)} pages")


asyncio.run(main())
