"""A solution of 11 timeout: each page has 1 s; the slow one is cancelled,
which closes its connection: the server sees it given up."""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def fetch(session: aiohttp.ClientSession, url: str) -> str:
    try:
        async with asyncio.timeout(1):
            async with session.get(url) as response:
                await response.read()
    except TimeoutError:
        return f"{url}: gave up after 1 s"
    return f"{url}: {response.status}"


async def main() -> None:
    urls = [f"{SERVER}/delay/{delay}" for delay in (0.2, 0.3, 5)]
    async with aiohttp.ClientSession() as session:
        for line in await asyncio.gather(*(fetch(session, u) for u in urls)):
            print(line)


asyncio.run(main())
