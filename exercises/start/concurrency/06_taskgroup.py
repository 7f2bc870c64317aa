"""A TaskGroup: when one fails, the others stop.

What to do: one page of each batch fails at once (a 500), so the batch is
tried again. With gather, the batch's other four requests go on running,
unwatched, beside the next attempt: the server holds 8 at once. Use an
asyncio.TaskGroup, so that a failure cancels the rest before the retry
(catch its ExceptionGroup with `except*`).

Why: work nobody waits for still costs, and its errors go unseen.

Demo: demos/08_taskgroup.py
Docs: https://docs.python.org/3/library/asyncio-task.html#task-groups
"""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def fetch(session: aiohttp.ClientSession, url: str) -> bytes:
    async with session.get(url, raise_for_status=True) as response:
        return await response.read()


async def main() -> None:
    urls = [f"{SERVER}/delay/1?page={page}" for page in range(4)]
    urls.append(f"{SERVER}/status/500")
    async with aiohttp.ClientSession() as session:
        for attempt in (1, 2):
            try:
                await asyncio.gather(*(fetch(session, url) for url in urls))
            except aiohttp.ClientResponseError as error:
                print(f"attempt {attempt}: a page failed ({error.status})")


asyncio.run(main())
