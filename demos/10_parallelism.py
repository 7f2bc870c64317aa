"""Concurrency is not parallelism: computing needs cores.

Sample run::

    $ python demos/10_parallelism.py
    4 jobs, cores: 2, best of 5+ runs ...........
    one by one        0.30 s, CPU 0.25 s: 0.8 cores busy
      process 24173   11111111111111122222222223333333333334444444444444
      (its jobs waited for a CPU 19% of their time: other programs
       were running; run it again for a fair race)
    asyncio.gather    0.34 s, CPU 0.26 s: 0.7 cores busy
      process 24173   11111111111111111112222222222222222333333333344444444444
      (its jobs waited for a CPU 26% of their time: other programs
       were running; run it again for a fair race)
    processes         0.27 s, CPU 0.26 s: 1.0 cores busy
      process 24175   11111111111111113333333333344444444444444444
      process 24174   222222222222222222222222222222222
      (its jobs waited for a CPU 43% of their time: other programs
       were running; run it again for a fair race)
    asyncio.gather vs one by one: 1.0x the CPU, no faster (0.9x)
    processes vs one by one: 1.1x the CPU, no faster (1.1x)
    takeaway: await overlaps waits; only more cores speed up computing
"""

import asyncio
import os
import time
from concurrent.futures import ProcessPoolExecutor

from stage import Job, best_of, show_lanes, usable_cores

JOBS = 4
WORK = 1_500_000  # loop turns per job: computing, not a delay to scale
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
    print(f"{JOBS} jobs, cores: {cores}, best of {ROUNDS}+ runs ", end="")
    with ProcessPoolExecutor(min(JOBS, cores)) as pool:
        best = best_of(
            ROUNDS,
            {
                "one by one": one_by_one,
                "asyncio.gather": lambda: asyncio.run(gather()),
                "processes": lambda: list(pool.map(crunch, [WORK] * JOBS)),
            },
        )
    show_lanes(best)
    one = best["one by one"]
    for name in ("asyncio.gather", "processes"):
        cpu, fast = best[name].cpu / one.cpu, one.wall / best[name].wall
        # the verdict in words, from a margin that noise does not cross;
        # none when other programs took the CPUs (show_lanes says how much)
        fair = best[name].fair and one.fair
        words = f"faster on {cores} cores" if fast > 1.25 else "no faster"
        print(f"{name} vs one by one: {cpu:.1f}x the CPU, ", end="")
        print(f"{words if fair else 'CPUs busy: no verdict'} ({fast:.1f}x)")
    if cores == 1:
        print("one core here: nothing can run side by side, so no speedup")
    print("takeaway: await overlaps waits; only more cores speed up computing")


if __name__ == "__main__":  # the process pool re-imports this file
    main()
