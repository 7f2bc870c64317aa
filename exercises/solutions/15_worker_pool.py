"""A solution of 15 worker_pool: 3 workers on one queue; once it is done,
each is cancelled, and the TaskGroup waits until they have stopped."""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")
WORKERS = 3


async def worker(
    session: aiohttp.ClientSession, queue: asyncio.Queue[str], done: list[str]
) -> None:
    while True:  # until cancelled
        url = await queue.get()
        async with session.get(url) as response:
            await response.read()
        done.append(url)
        queue.task_done()


async def main() -> None:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for page in range(12):
        queue.put_nowait(f"{SERVER}/delay/0.25?page={page}")
    done: list[str] = []
    async with aiohttp.ClientSession() as session:
        async with asyncio.TaskGroup() as group:
            workers = [
                group.create_task(worker(session, queue, done))
                for _ in range(WORKERS)
            ]
            await queue.join()  # every page taken is done
            for task in workers:
                task.cancel()
    print(f"{len(done)} pages")


asyncio.run(main())
