"""Limits and time: bound concurrency, time out, cancel, and shield.

Sample run::

    $ python demos/12_limits_and_time.py
     1.50 s 9 jobs under Semaphore(3): at most 3 ran at once
     2.00 s   report: got CancelledError, cleaning up
     2.01 s asyncio.timeout(0.5): gave up on the slow job
     2.51 s   backup: got CancelledError, cleaning up
     2.51 s wait_for(timeout=0.5): the same, as a function
     2.71 s   download: got CancelledError, cleaning up
     2.71 s task.cancel(): cancelled? True
     3.21 s shield: we stopped waiting, but the payment goes on...
     3.21 s ...and finishes: 'payment'
    takeaway: bound what runs at once, put a time limit on waits, and cancel cleanly
"""

import asyncio
import time

from stage import scaled

start = time.perf_counter()
running = 0


def elapsed() -> str:
    return f"{time.perf_counter() - start:5.2f} s"


async def job(limit: asyncio.Semaphore, peak: list[int]) -> None:
    global running
    async with limit:  # at most 3 inside at once; the others wait at the door
        running += 1
        peak.append(running)
        await asyncio.sleep(scaled(0.5))
        running -= 1


async def slow(what: str) -> str:
    try:
        await asyncio.sleep(scaled(2))
        return what
    except asyncio.CancelledError:
        print(elapsed(), f"  {what}: got CancelledError, cleaning up")
        raise  # always let it propagate


async def main() -> None:
    peak: list[int] = []
    limit = asyncio.Semaphore(3)
    await asyncio.gather(*(job(limit, peak) for _ in range(9)))
    print(elapsed(), f"9 jobs under Semaphore(3): at most {max(peak)} ran at once")

    try:
        async with asyncio.timeout(scaled(0.5)):  # Python 3.11+
            await slow("report")
    except TimeoutError:
        print(elapsed(), f"asyncio.timeout({scaled(0.5):g}): gave up on the slow job")

    try:
        await asyncio.wait_for(slow("backup"), timeout=scaled(0.5))
    except TimeoutError:
        print(elapsed(), f"wait_for(timeout={scaled(0.5):g}): the same, as a function")

    task = asyncio.create_task(slow("download"))
    await asyncio.sleep(scaled(0.2))
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(elapsed(), f"task.cancel(): cancelled? {task.cancelled()}")

    precious = asyncio.create_task(slow("payment"))
    try:
        await asyncio.wait_for(asyncio.shield(precious), timeout=scaled(0.5))
    except TimeoutError:
        print(elapsed(), "shield: we stopped waiting, but the payment goes on...")
    print(elapsed(), f"...and finishes: {await precious!r}")


asyncio.run(main())
print("takeaway: bound what runs at once, put a time limit on waits, and cancel cleanly")
