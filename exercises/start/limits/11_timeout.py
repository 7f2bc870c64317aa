"""Give up after a timeout: asyncio.timeout.

What to do: one of the three pages takes the server 5 s. Give each page
1 s at most: print the ones that came, say which one gave up, and finish
in about 1 s. The check reads whether the server saw the slow request
given up (its connection closed), not left hanging.

Why: a program that waits for the slowest server is as slow as it.

Demo: demos/17_timeout.py
Docs: https://docs.python.org/3/library/asyncio-task.html#timeouts
"""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def fetch(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as response:
        await response.read()
    return f"{url}: {response.status}"


async def main() -> None:
    urls = [f"{SERVER}/delay/{delay}" for delay in (0.2, 0.3, 5)]
    async with aiohttp.ClientSession() as session:
        for line in await asyncio.gather(*(fetch(session, u) for u in urls)):
            print(line)


asyncio.run(main())
