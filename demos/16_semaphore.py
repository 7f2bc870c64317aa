"""asyncio.Semaphore bounds how many coroutines run at once.

Sample run::

    $ python demos/16_semaphore.py
     0.00 s job 1 starts; inside: [1]
     0.00 s job 2 starts; inside: [1, 2]
     0.00 s job 3 starts; inside: [1, 2, 3]
     0.50 s job 4 starts; inside: [4]
     0.50 s job 5 starts; inside: [4, 5]
     0.50 s job 6 starts; inside: [4, 5, 6]
     1.00 s job 7 starts; inside: [7]
     1.00 s job 8 starts; inside: [7, 8]
     1.00 s job 9 starts; inside: [7, 8, 9]
     1.50 s all 9 jobs of 0.5 s done, 3 at a time
    takeaway: a Semaphore lets N in at once; the others wait their turn
"""

import asyncio

from stage import SCALE, stopwatch

JOBS = 9
AT_ONCE = 3
JOB = 0.5 * SCALE  # how long each job takes

elapsed = stopwatch()


async def job(n: int, limit: asyncio.Semaphore, inside: set[int]) -> None:
    async with limit:  # at most AT_ONCE get in; the others wait at the door
        inside.add(n)
        print(elapsed(), f"job {n} starts; inside: {sorted(inside)}")
        await asyncio.sleep(JOB)
        inside.remove(n)


async def main() -> None:
    limit = asyncio.Semaphore(AT_ONCE)
    inside: set[int] = set()
    await asyncio.gather(*(job(n, limit, inside) for n in range(1, JOBS + 1)))
    print(elapsed(), f"all {JOBS} jobs of {JOB:g} s done, {AT_ONCE} at a time")


asyncio.run(main())
print("takeaway: a Semaphore lets N in at once; the others wait their turn")
