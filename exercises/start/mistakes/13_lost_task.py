"""Keep a reference to every task you start, and wait for it.

What to do: each page starts a background task that saves the visit (the
server takes 0.5 s). The tasks are thrown away: main() returns first, and
asyncio.run cancels them half done. Keep each task (a set, or a
TaskGroup) and make sure every one finishes before the session closes.

Why: a task nobody holds can vanish; one nobody awaits is cut short.

Demo: demos/20_lost_task.py
Docs: https://docs.python.org/3/library/asyncio-task.html#creating-tasks
"""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def save_visit(session: aiohttp.ClientSession, page: int) -> None:
    async with session.post(f"{SERVER}/delay/0.5", json={"page": page}):
        pass


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        for page in range(3):
            async with session.get(f"{SERVER}/delay/0.1?page={page}") as got:
                await got.read()
            asyncio.create_task(save_visit(session, page))
    print("3 pages read")


asyncio.run(main())
