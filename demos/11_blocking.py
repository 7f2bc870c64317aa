"""asyncio is cooperative: a blocking call freezes the loop.

Sample run::

    $ python demos/11_blocking.py
    a heartbeat every 0.1 s (|); each worker busy 1 s:
    await asyncio.sleep(1)              the loop ran on
      |..|...|..|...|..|...|...|..|...|..|...|...|..|...  longest gap 0.10 s
    time.sleep(1)                       the loop froze
      |..|......................................|...|...  longest gap 1.10 s
    busy(1)  (computing)                the loop froze
      |..|......................................|...|...  longest gap 1.10 s
    await asyncio.to_thread(busy, 1)    the loop ran on
      |..|...|...|..|...|...|...|..|...|...|...|..|...|.  longest gap 0.11 s
    takeaway: one blocking call stops the loop; threads are preempted
"""

import asyncio
import time
from collections.abc import Awaitable, Callable

from stage import SCALE, longest_gap, ticks

BEAT = 0.1 * SCALE  # the heartbeat wants to beat this often
PAUSE = 1 * SCALE  # how long each worker keeps itself busy
SPAN = PAUSE + 4 * BEAT  # how long the heartbeat is watched


async def heartbeat(beats: list[float]) -> None:
    end = time.perf_counter() + SPAN
    while time.perf_counter() < end:
        beats.append(time.perf_counter())
        await asyncio.sleep(BEAT)  # gives way: the loop runs the others


def busy(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass  # computing: never gives way


async def cooperates() -> None:
    await asyncio.sleep(PAUSE)


async def blocks() -> None:
    time.sleep(PAUSE)  # noqa: ASYNC251 (the mistake this demo shows)


async def computes() -> None:
    busy(PAUSE)


async def in_a_thread() -> None:
    await asyncio.to_thread(busy, PAUSE)  # Python switches threads by force


async def watch(label: str, worker: Callable[[], Awaitable[None]]) -> None:
    beats: list[float] = []
    async with asyncio.TaskGroup() as group:
        group.create_task(heartbeat(beats))
        await asyncio.sleep(2 * BEAT)  # a few beats first, to compare with
        await worker()
    gap = longest_gap(beats)
    froze = "the loop froze" if gap > PAUSE / 2 else "the loop ran on"
    print(f"{label:<36}{froze}")
    print(f"  {ticks(beats, SPAN)}  longest gap {gap:.2f} s")


async def main() -> None:
    print(f"a heartbeat every {BEAT:g} s (|); each worker busy {PAUSE:g} s:")
    await watch(f"await asyncio.sleep({PAUSE:g})", cooperates)
    await watch(f"time.sleep({PAUSE:g})", blocks)
    await watch(f"busy({PAUSE:g})  (computing)", computes)
    await watch(f"await asyncio.to_thread(busy, {PAUSE:g})", in_a_thread)


asyncio.run(main())
print("takeaway: one blocking call stops the loop; threads are preempted")
