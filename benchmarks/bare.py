"""The plainest aiohttp client that does demo-client's gather: one session, no connection
limit, N GETs at once, nothing recorded. What demo-client adds is its wall minus this one.

    python benchmarks/bare.py URL N     # prints the wall time in seconds
"""

import asyncio
import sys
import time

import aiohttp


async def main(url: str, n: int) -> float:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

        async def one() -> int:
            async with session.get(url) as response:
                await response.read()
                return response.status

        started = time.perf_counter()
        statuses = await asyncio.gather(*(one() for _ in range(n)))
        wall = time.perf_counter() - started
    if statuses.count(200) != n:
        raise SystemExit(f"{n - statuses.count(200)} of {n} requests failed")
    return wall


print(f"{asyncio.run(main(sys.argv[1], int(sys.argv[2]))):.4f}")
