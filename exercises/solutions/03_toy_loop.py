"""A solution of 03 toy_loop: a heap of (wake-up time, job), the earliest
first; the loop sleeps only until the next job is due."""

import heapq
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
    now = time.perf_counter()
    # the number breaks ties: two jobs due at once are never compared
    due = [(now, number, current) for number, current in enumerate(jobs)]
    heapq.heapify(due)
    while due:
        wake, number, current = heapq.heappop(due)
        time.sleep(max(0.0, wake - time.perf_counter()))
        try:
            delay = next(current)  # resumes the job until its next yield
        except StopIteration:
            continue  # that job is done
        heapq.heappush(due, (time.perf_counter() + delay, number, current))


started = time.perf_counter()
run([job("a", 2), job("b", 3), job("c", 1)])
print(f"took {time.perf_counter() - started:.2f} s")
