"""Concurrency is not parallelism: computing needs cores.

Sample run::

    $ python demos/10_parallelism.py
    4 jobs of computing, 2 cores, best of 5+ runs
    one by one        0.31 s, CPU 0.31 s: 1.0 cores busy
      process 11075   11111111111112222222222222233333333333333444444444444444
    asyncio.gather    0.31 s, CPU 0.31 s: 1.0 cores busy
      process 11075   11111111111111222222222222223333333333333444444444444444
    processes         0.17 s, CPU 0.31 s: 1.9 cores busy
      process 11077   11111111111111333333333333333
      process 11078   222222222222224444444444444444
    asyncio.gather vs one by one: 1.0x the CPU, 1.0x as fast
    processes vs one by one: 1.0x the CPU, 1.9x as fast
    takeaway: await overlaps waits; only more cores speed up computing
"""

import asyncio
import os
import time
from concurrent.futures import ProcessPoolExecutor

from stage import Job, best_of, show_lanes, usable_cores

JOBS = 4
WORK = 2_500_000  # loop turns per job: computing, not a delay to scale
ROUNDS = 5  # each variant runs 5+ times, in turns; its fastest run counts


def crunch(n: int) -> Job:
    start, cpu = time.perf_counter(), time.process_time()
    sum(i * i for i in range(n))
    cpu = time.process_time() - cpu
    end = time.perf_counter()
    return Job(worker=f"process {os.getpid()}", start=start, end=end, cpu=cpu)


def one_by_one() -> list[Job]:
    return [crunch(WORK) for _ in range(JOBS)]


async def crunch_async(n: int) -> Job:
    return crunch(n)  # never awaits anything: nothing to overlap


async def gather() -> list[Job]:
    return await asyncio.gather(*(crunch_async(WORK) for _ in range(JOBS)))


def main() -> None:
    cores = usable_cores()
    with ProcessPoolExecutor(min(JOBS, cores)) as pool:
        best = best_of(
            ROUNDS,
            {
                "one by one": one_by_one,
                "asyncio.gather": lambda: asyncio.run(gather()),
                "processes": lambda: list(pool.map(crunch, [WORK] * JOBS)),
            },
        )
    print(f"{JOBS} jobs of computing, {cores} cores, best of {ROUNDS}+ runs")
    show_lanes(best)
    one = best["one by one"]
    for name in ("asyncio.gather", "processes"):
        cpu, fast = best[name].cpu / one.cpu, one.wall / best[name].wall
        print(f"{name} vs one by one: {cpu:.1f}x the CPU, {fast:.1f}x as fast")
    if cores == 1:
        print("one core here: nothing can run side by side, so no speedup")
    print("takeaway: await overlaps waits; only more cores speed up computing")


if __name__ == "__main__":  # the process pool re-imports this file
    main()
