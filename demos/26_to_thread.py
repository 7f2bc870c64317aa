"""Blocking calls belong in threads: asyncio.to_thread.

A coroutine that calls a blocking client (urllib here, requests alike)
holds the loop for the whole call: the requests go one by one, as
demo-client's `blocking` mode shows. asyncio.to_thread runs each call in a
thread of the loop's default pool, which has min(32, cores + 4) threads;
an executor of your own has as many as you give it.

Sample run::

    $ python demos/26_to_thread.py
    10 requests with urllib, which blocks; each takes 0.4 s
      blocking   4.03 s, threads:  1, server held  1 at once
      to_thread  0.81 s, threads:  6, server held  6 at once
      executor   0.40 s, threads: 10, server held 10 at once
    takeaway: blocking calls go to threads: to_thread, or your own pool
"""

import asyncio
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from stage import SCALE, demo_server

N = 10
DELAY = 0.4 * SCALE  # the server waits this long before it answers

Answer = tuple[int, int]  # the server's requests in flight, our thread


def fetch(url: str) -> Answer:  # blocking: it waits, and holds its thread
    with urllib.request.urlopen(url) as response:
        return int(response.headers["X-In-Flight"]), threading.get_ident()


async def blocking(url: str) -> Answer:
    return fetch(url)  # noqa: ASYNC210 (the mistake shown here)


async def to_thread(url: str) -> Answer:
    return await asyncio.to_thread(fetch, url)


async def executor(url: str) -> Answer:  # the pool: made below, N threads
    return await asyncio.get_running_loop().run_in_executor(pool, fetch, url)


async def main(url: str) -> None:
    for way in (blocking, to_thread, executor):
        started = time.perf_counter()
        answers = await asyncio.gather(*(way(url) for _ in range(N)))
        took = time.perf_counter() - started
        held = max(in_flight for in_flight, _ in answers)
        threads = len({thread for _, thread in answers})
        print(f"  {way.__name__:<10}{took:5.2f} s,", end="")
        print(f" threads: {threads:2}, server held {held:2} at once")


with demo_server() as server, ThreadPoolExecutor(N) as pool:
    print(f"{N} requests with urllib, which blocks; each takes {DELAY:g} s")
    fetch(f"{server}/get")  # untimed: warm up
    asyncio.run(main(f"{server}/delay/{DELAY:g}"))
print("takeaway: blocking calls go to threads: to_thread, or your own pool")
