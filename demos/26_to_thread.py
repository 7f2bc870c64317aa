"""Blocking calls belong in threads: asyncio.to_thread.

A coroutine that calls a blocking client (urllib here, requests alike)
holds the loop for the whole call: the requests go one by one, as
demo-client's `blocking` mode shows. asyncio.to_thread runs each call in a
thread of the loop's default pool (min(32, cores + 4) threads unless set,
as here); run_in_executor, in a pool of your own, as many as you give it.

Sample run::

    $ python demos/26_to_thread.py
    10 requests with urllib, which blocks; each takes 0.4 s
      blocking   4.04 s, threads:  1, server held  1 at once
      to_thread  0.41 s, threads: 10, server held 10 at once
      pool of 5  0.81 s, threads:  5, server held  5 at once
    takeaway: blocking calls go to threads: to_thread, or a pool of yours
"""

import asyncio
import threading
import time
import urllib.request
from collections.abc import Awaitable, Iterable
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


async def measure(name: str, calls: Iterable[Awaitable[Answer]]) -> None:
    started = time.perf_counter()
    answers = await asyncio.gather(*calls)
    took = time.perf_counter() - started
    held = max(in_flight for in_flight, _ in answers)
    threads = len({thread for _, thread in answers})
    print(f"  {name:<10}{took:5.2f} s,", end="")
    print(f" threads: {threads:2}, server held {held:2} at once")


async def main(url: str) -> None:
    loop = asyncio.get_running_loop()
    # to_thread's pool, the loop's default: N threads here, on any machine
    loop.set_default_executor(ThreadPoolExecutor(N))
    for way in (blocking, to_thread):
        await measure(way.__name__, (way(url) for _ in range(N)))
    with ThreadPoolExecutor(N // 2) as pool:  # a pool of one's own, smaller
        calls = (loop.run_in_executor(pool, fetch, url) for _ in range(N))
        await measure(f"pool of {N // 2}", calls)


with demo_server() as server:
    print(f"{N} requests with urllib, which blocks; each takes {DELAY:g} s")
    fetch(f"{server}/get")  # untimed: warm up
    asyncio.run(main(f"{server}/delay/{DELAY:g}"))
print("takeaway: blocking calls go to threads: to_thread, or a pool of yours")
