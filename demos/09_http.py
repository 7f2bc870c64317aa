"""HTTP: blocking urllib one by one, then aiohttp and gather.

Sample run::

    $ python demos/09_http.py
    10 requests to http://127.0.0.1:44181/delay/0.5 (the server waits 0.5 s)
    urllib, one by one:  5.03 s  10 ok
    aiohttp, gather:     0.51 s  10 ok
    speedup: 9.9x
    takeaway: waiting on the network is where async wins: waits overlap
"""

import asyncio
import time
import urllib.request

import aiohttp

from stage import SCALE, demo_server

N = 10
DELAY = 0.5 * SCALE  # the server waits this long before it answers


def fetch_blocking(url: str) -> int:
    with urllib.request.urlopen(url) as response:
        return response.status


async def fetch(session: aiohttp.ClientSession, url: str) -> int:
    async with session.get(url) as response:
        return response.status


async def fetch_all(urls: list[str]) -> list[int]:
    async with aiohttp.ClientSession() as session:
        return await asyncio.gather(*(fetch(session, url) for url in urls))


with demo_server() as server:
    url = f"{server}/delay/{DELAY:g}"
    print(f"{N} requests to {url} (the server waits {DELAY:g} s)")
    fetch_blocking(f"{server}/delay/0")  # a first call, untimed: warm up

    started = time.perf_counter()
    statuses = [fetch_blocking(url) for _ in range(N)]
    sync = time.perf_counter() - started
    print(f"urllib, one by one: {sync:5.2f} s  {statuses.count(200)} ok")

    started = time.perf_counter()
    statuses = asyncio.run(fetch_all([url] * N))
    concurrent = time.perf_counter() - started
    print(f"aiohttp, gather:    {concurrent:5.2f} s  {statuses.count(200)} ok")

print(f"speedup: {sync / concurrent:.1f}x")
print("takeaway: waiting on the network is where async wins: waits overlap")
