"""Workers on a Queue: a few requests at a time, steadily.

gather over every page starts them all at once: a task each, all held by
the server at once, all answers in one burst. A pool takes pages from a
bounded queue: as many tasks and requests as workers, answers at a steady
rate, and a producer that waits while the queue is full, however many
pages there are. Queue.join() says when all are done; cancelling the
workers then shuts the pool down.

Sample run::

    $ python demos/24_worker_pool.py
    40 pages, 0.5 s each; | an answer, on 0 to 5.5 s
    gather 0.52 s, 41 tasks, server held 40 at once:
      ....|.............................................
    pool   5.03 s,  5 tasks, server held  4 at once:
      ....|....|...|....|...|....|....|...|....|...|....
    after the pool: 1 task left (main)
    takeaway: a pool is slower on purpose: N in flight, steadily, any size
"""

import asyncio
import time

import aiohttp

from stage import SCALE, demo_server, ticks

PAGES = 40
WORKERS = 4
DELAY = 0.5 * SCALE  # the server takes this long for each page
SPAN = 1.1 * PAGES / WORKERS * DELAY  # the time line's length: the pool's


async def fetch(session: aiohttp.ClientSession, url: str) -> tuple:
    # when its answer came, the server's requests in flight, tasks alive
    async with session.get(url) as response:
        await response.read()
    in_flight = int(response.headers["X-In-Flight"])  # the server's count
    return time.perf_counter(), in_flight, len(asyncio.all_tasks())


async def gather(session: aiohttp.ClientSession, urls: list[str]) -> list:
    return await asyncio.gather(*(fetch(session, url) for url in urls))


async def pool(session: aiohttp.ClientSession, urls: list[str]) -> list:
    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=WORKERS)
    answers: list[tuple] = []

    async def worker() -> None:
        while True:  # until cancelled
            answers.append(await fetch(session, await queue.get()))
            queue.task_done()

    async with asyncio.TaskGroup() as group:
        workers = [group.create_task(worker()) for _ in range(WORKERS)]
        for url in urls:  # the producer: waits while the queue is full
            await queue.put(url)
        await queue.join()  # every page taken is done: stop the workers
        for task in workers:
            task.cancel()
    return answers


async def main(server: str) -> None:
    urls = [f"{server}/delay/{DELAY:g}?page={i}" for i in range(PAGES)]
    print(f"{PAGES} pages, {DELAY:g} s each; | an answer, on 0 to {SPAN:g} s")
    connector = aiohttp.TCPConnector(limit=0)  # no cap: gather sends them all
    async with aiohttp.ClientSession(connector=connector) as session:
        for way in (gather, pool):
            start = time.perf_counter()
            when, held, tasks = zip(*await way(session, urls), strict=True)
            print(f"{way.__name__:<6} {max(when) - start:.2f} s,", end="")
            print(f"{max(tasks):3} tasks, server held {max(held):2} at once:")
            print(f"  {ticks(when, SPAN, start=start)}")
    print(f"after the pool: {len(asyncio.all_tasks())} task left (main)")


with demo_server() as server:
    asyncio.run(main(str(server)))
print("takeaway: a pool is slower on purpose: N in flight, steadily, any size")
