"""gather or TaskGroup: what becomes of the rest at a failure.

Each way sends the same two requests, a slow one and one that fails at once
(HTTP 500); the server's own count of requests given up on (their client
hung up first) says what became of the slow one.

Sample run::

    $ python demos/08_taskgroup.py
    a request of 2 s and one that fails at once, three ways:
    gather            raised ClientResponseError 0.00 s  0 of 2 given up
    return_exceptions 200, ClientResponseError   2.00 s  0 of 2 given up
    taskgroup         raised ExceptionGroup      0.00 s  1 of 2 given up
    takeaway: gather leaves the rest running; a TaskGroup cancels them
"""

import asyncio
import time
from collections.abc import Awaitable

import aiohttp

from stage import SCALE, demo_server

SLOW = 2 * SCALE  # how long the slow request takes
Session = aiohttp.ClientSession


async def fetch(session: Session, url: str) -> int:
    # HTTP 500 raises ClientResponseError
    async with session.get(url, raise_for_status=True) as response:
        return response.status


async def gather(session: Session, urls: list[str]) -> list:
    return await asyncio.gather(*(fetch(session, url) for url in urls))


async def return_exceptions(session: Session, urls: list[str]) -> list:
    jobs = (fetch(session, url) for url in urls)
    return await asyncio.gather(*jobs, return_exceptions=True)


async def taskgroup(session: Session, urls: list[str]) -> list:
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch(session, url)) for url in urls]
    return [task.result() for task in tasks]


async def settled(session: Session, stats: str) -> str:
    while True:  # until the server holds none of the run's requests
        async with session.get(stats) as response:
            counts = await response.json()
        if counts["in_flight"] == 0:
            return f"{counts['given_up']} of {counts['total']} given up"
        await asyncio.sleep(0.1)


async def attempt(job: Awaitable[list]) -> list[str]:
    try:
        return [str(r) if r == 200 else type(r).__name__ for r in await job]
    except Exception as error:
        return [f"raised {type(error).__name__}"]


async def main(server: str) -> None:
    print(f"a request of {SLOW:g} s and one that fails at once, three ways:")
    urls = [f"{server}/delay/{SLOW:g}", f"{server}/status/500"]
    for way in (gather, return_exceptions, taskgroup):
        # the server counts the requests of a run apart from others'
        async with Session(headers={"X-Demo-Run": way.__name__}) as session:
            started = time.perf_counter()
            outcome = ", ".join(await attempt(way(session, urls)))
            took = time.perf_counter() - started
            seen = await settled(session, f"{server}/stats?run={way.__name__}")
        print(f"{way.__name__:<17} {outcome:<26} {took:.2f} s  {seen}")


with demo_server() as server:
    asyncio.run(main(str(server)))
print("takeaway: gather leaves the rest running; a TaskGroup cancels them")
