"""Concurrency is not parallelism: waits overlap, computing needs cores.

Sample run::

    $ python demos/07_concurrency_vs_parallelism.py
    4 jobs, 2 cores
    CPU-bound (sum of squares)
      one after another                  1.28 s
      asyncio.gather                     1.27 s
      threads                            1.27 s
      processes                          0.66 s
    I/O-bound (asyncio.sleep)
      one after another                  2.01 s
      asyncio.gather                     0.50 s
    processes vs one core on CPU work: 1.9x
    asyncio vs one by one on waiting:  4.0x
    takeaway: asyncio overlaps waiting; only more cores speed up computing
"""

import asyncio
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from stage import scaled

JOBS = 4
WORK = 3_000_000  # loop turns per CPU job (computing is not a delay: not scaled)
WAIT = scaled(0.5)  # seconds per I/O job


def crunch(n: int) -> int:
    return sum(i * i for i in range(n))


async def crunch_async(n: int) -> int:
    return crunch(n)  # never awaits anything: nothing to overlap


def timed(label: str, run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    print(f"{label:<34} {seconds:6.2f} s")
    return seconds


async def gather_crunch() -> None:
    await asyncio.gather(*(crunch_async(WORK) for _ in range(JOBS)))


async def wait_sequential() -> None:
    for _ in range(JOBS):
        await asyncio.sleep(WAIT)


async def wait_gather() -> None:
    await asyncio.gather(*(asyncio.sleep(WAIT) for _ in range(JOBS)))


if __name__ == "__main__":  # the process pool re-imports this file in its workers
    print(f"{JOBS} jobs, {os.cpu_count()} cores")
    print("CPU-bound (sum of squares)")
    one = timed("  one after another", lambda: [crunch(WORK) for _ in range(JOBS)])
    timed("  asyncio.gather", lambda: asyncio.run(gather_crunch()))
    with ThreadPoolExecutor(JOBS) as threads:
        timed("  threads", lambda: list(threads.map(crunch, [WORK] * JOBS)))
    with ProcessPoolExecutor(min(JOBS, os.cpu_count() or 1)) as processes:
        processes.submit(int).result()  # start the workers before the clock
        many = timed("  processes", lambda: list(processes.map(crunch, [WORK] * JOBS)))
    print("I/O-bound (asyncio.sleep)")
    waits = timed("  one after another", lambda: asyncio.run(wait_sequential()))
    overlapped = timed("  asyncio.gather", lambda: asyncio.run(wait_gather()))
    print(f"processes vs one core on CPU work: {one / many:.1f}x")
    print(f"asyncio vs one by one on waiting:  {waits / overlapped:.1f}x")
    print("takeaway: asyncio overlaps waiting; only more cores speed up computing")
