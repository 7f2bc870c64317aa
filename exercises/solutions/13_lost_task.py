"""A solution of 13 lost_task: the TaskGroup holds each task, and waits
for all of them before the session closes."""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def save_visit(session: aiohttp.ClientSession, page: int) -> None:
    async with session.post(f"{SERVER}/delay/0.5", json={"page": page}):
        pass


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        async with asyncio.TaskGroup() as background:
            for page in range(3):
                url = f"{SERVER}/delay/0.1?page={page}"
                async with session.get(url) as got:
                    await got.read()
                background.create_task(save_visit(session, page))
    print("3 pages read")


asyncio.run(main())
