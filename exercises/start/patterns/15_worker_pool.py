"""A Queue with N workers.

What to do: twelve pages wait on a queue; one worker takes them one by
one (3 s). Start 3 workers on the same queue, so that 3 pages are always
in flight (about 1 s), and stop them once the queue is done: no task
may be left running when main() returns.

Why: N workers keep N in flight, steadily, however long the list.

Demo: demos/24_worker_pool.py
Docs: https://docs.python.org/3/library/asyncio-queue.html
"""

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
            one = group.create_task(worker(session, queue, done))
            await queue.join()  # every page taken is done
            one.cancel()
    print(f"{len(done)} pages")


asyncio.run(main())
