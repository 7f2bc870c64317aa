"""A solution of 06 taskgroup: the failure cancels the batch's other
requests, and the TaskGroup waits until they are gone before the retry."""

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
                async with asyncio.TaskGroup() as group:
                    for url in urls:
                        group.create_task(fetch(session, url))
            except* aiohttp.ClientResponseError as failed:
                status = failed.exceptions[0].status
                print(f"attempt {attempt}: a page failed ({status})")


asyncio.run(main())
