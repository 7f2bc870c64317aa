"""Results as they complete: asyncio.as_completed.

What to do: four pages take the server 1.5, 0.5, 1 and 0.2 s. Print each
the moment it arrives, fastest first: the first line after about 0.2 s,
not after the slowest (1.5 s). Keep them concurrent. The check times
your lines as they appear.

Why: a user sees the first result at once instead of waiting for all.

Demo: client/modes.py (demo-client --mode as-completed)
Docs: https://docs.python.org/3/library/asyncio-task.html#asyncio.as_completed
"""

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
        for page in await asyncio.gather(*coros):
            print(page)


asyncio.run(main())
