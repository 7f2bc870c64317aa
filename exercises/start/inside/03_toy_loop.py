"""An event loop from scratch: run() should interleave the jobs.

What to do: each job is a generator that yields how long it wants to
sleep. run() resumes one job until it is done, then the next: the naps
add up (3 s). Make run() keep every job's wake-up time and always resume
the one that wakes first, so that the naps overlap: 1.5 s, the longest
job. No asyncio here: this is what asyncio does inside.

Why: await is a yield underneath; an event loop is this loop.

Demo: demos/05_toy_loop.py
Docs: https://docs.python.org/3/library/heapq.html
"""

import time
from collections.abc import Generator

Job = Generator[float, None, None]  # yields: "wake me in this many seconds"


def job(name: str, naps: int) -> Job:
    for nap in range(1, naps + 1):
        print(f"{name}: nap {nap}")
        yield 0.5
    print(f"{name}: done")


def run(jobs: list[Job]) -> None:
    """Run the jobs until all are done."""
    for current in jobs:
        for delay in current:  # resumes the job; it pauses at its next yield
            time.sleep(delay)


started = time.perf_counter()
run([job("a", 2), job("b", 3), job("c", 1)])
print(f"took {time.perf_counter() - started:.2f} s")
