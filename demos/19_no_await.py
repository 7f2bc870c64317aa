"""Forgetting `await`: nothing runs; Python only warns.

Calling a coroutine function only makes a coroutine. Without `await`, the
save never happens and the sleep never pauses; no error either, just a
RuntimeWarning on stderr when the coroutine is thrown away (shown here on
stdout, its path cut to the file name). mypy and pyright flag the line.

Sample run::

    $ python demos/19_no_await.py
    forgot(): saved [], paused 0.00 s
      19_no_await.py:35: RuntimeWarning: coroutine 'save' was never awaited
      19_no_await.py:36: RuntimeWarning: coroutine 'sleep' was never awaited
    awaited(): saved ['report'], paused 1.00 s
    takeaway: await every coroutine you call; unawaited, it never runs
"""

import asyncio
import time
import warnings
from pathlib import Path

from stage import SCALE

PAUSE = 1 * SCALE  # how long the job means to sleep

saved: list[str] = []  # stands in for a database


async def save(record: str) -> None:
    saved.append(record)


async def forgot() -> None:
    save("report")  # a coroutine made, and thrown away
    asyncio.sleep(PAUSE)  # the same: no pause


async def awaited() -> None:
    await save("report")
    await asyncio.sleep(PAUSE)


async def main() -> None:
    for job in (forgot, awaited):
        saved.clear()
        started = time.perf_counter()
        with warnings.catch_warnings(record=True, action="always") as caught:
            await job()
        took = time.perf_counter() - started
        print(f"{job.__name__}(): saved {saved}, paused {took:.2f} s")
        for w in caught:  # as Python prints it, but its path cut short
            where = f"{Path(w.filename).name}:{w.lineno}"
            print(f"  {where}: {w.category.__name__}: {w.message}")


asyncio.run(main())
print("takeaway: await every coroutine you call; unawaited, it never runs")
