"""The same HTTP requests: blocking one by one, then aiohttp and gather.

Sample run::

    $ python demos/06_sync_vs_async_http.py
    10 requests to http://127.0.0.1:45387/delay/0.5 (the server waits 0.5 s)
    sync  (urllib, one by one):     5.04 s  10 ok
    async (aiohttp, gather):        0.52 s  10 ok
    speedup: 9.7x
    takeaway: waiting on the network is where async wins: all the waits overlap
"""

import asyncio
import time
import urllib.request

import aiohttp
from stage import demo_server, scaled

N = 10
DELAY = scaled(0.5)


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
    urls = [f"{server}/delay/{DELAY}"] * N
    print(f"{N} requests to {server}/delay/{DELAY:g} (the server waits {DELAY:g} s)")

    started = time.perf_counter()
    statuses = [fetch_blocking(url) for url in urls]
    sync = time.perf_counter() - started
    print(f"sync  (urllib, one by one):    {sync:5.2f} s  {statuses.count(200)} ok")

    started = time.perf_counter()
    statuses = asyncio.run(fetch_all(urls))
    concurrent = time.perf_counter() - started
    print(f"async (aiohttp, gather):       {concurrent:5.2f} s  {statuses.count(200)} ok")

print(f"speedup: {sync / concurrent:.1f}x")
print("takeaway: waiting on the network is where async wins: all the waits overlap")
