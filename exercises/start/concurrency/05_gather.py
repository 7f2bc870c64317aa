"""Make the calls concurrent: asyncio.gather.

What to do: fetch the five pages at once, not one after another. Each
takes the server 1 s: together they take about 1 s, not 5. The check
reads the server's own count of the requests it held at once.

Why: while one request waits on the network, the others can be sent.

Demo: demos/07_gather.py
Docs: https://docs.python.org/3/library/asyncio-task.html#asyncio.gather
"""

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
        pages = []
        for url in urls:
            pages.append(await fetch(session, url))
    print(f"{len(pages)} pages")


asyncio.run(main())
