"""asyncio is cooperative: one blocking coroutine stalls all; threads not.

Sample run::

    $ python demos/08_cooperative_vs_preemptive_blocking.py
    await asyncio.sleep(1)  (cooperates) heartbeat late by    1 ms
    time.sleep(1)  (blocks)              heartbeat late by  951 ms
    busy loop  (blocks)                  heartbeat late by  951 ms
    thread: busy loop  (preempted)       heartbeat late by    5 ms
    takeaway: in asyncio one blocking call stops everything; threads get interrupted
"""

import asyncio
import threading
import time
from collections.abc import Coroutine

from stage import scaled

BEAT = scaled(0.1)  # the heartbeat wants to run this often
PAUSE = scaled(1)  # how long each "worker" occupies itself


async def heartbeat(lags: list[float]) -> None:
    """Sleep BEAT and record how late it woke up: the time other code kept it waiting."""
    while True:
        before = time.perf_counter()
        await asyncio.sleep(BEAT)
        lags.append(time.perf_counter() - before - BEAT)


def busy(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


async def with_heartbeat(label: str, work: Coroutine[None, None, None]) -> None:
    lags: list[float] = []
    beating = asyncio.create_task(heartbeat(lags))
    await asyncio.sleep(BEAT * 1.5)
    await work
    await asyncio.sleep(BEAT * 1.5)
    beating.cancel()
    print(f"{label:<36} heartbeat late by {max(lags) * 1000:4.0f} ms")


async def cooperative() -> None:
    await asyncio.sleep(PAUSE)  # yields to the loop: the heartbeat keeps beating


async def blocking_sleep() -> None:
    time.sleep(PAUSE)  # noqa: ASYNC251  never yields: the whole loop stops


async def blocking_busy_loop() -> None:
    busy(PAUSE)  # computing without an await: the same


async def main() -> None:
    await with_heartbeat(f"await asyncio.sleep({PAUSE:g})  (cooperates)", cooperative())
    await with_heartbeat(f"time.sleep({PAUSE:g})  (blocks)", blocking_sleep())
    await with_heartbeat("busy loop  (blocks)", blocking_busy_loop())


asyncio.run(main())

# Threads: the interpreter switches them (every 5 ms), whether they cooperate or not.
lags: list[float] = []
stop = threading.Event()


def thread_heartbeat() -> None:
    while not stop.is_set():
        before = time.perf_counter()
        time.sleep(BEAT)
        lags.append(time.perf_counter() - before - BEAT)


beater = threading.Thread(target=thread_heartbeat)
beater.start()
busy(PAUSE)  # the main thread computes without ever giving way
stop.set()
beater.join()
print(f"{'thread: busy loop  (preempted)':<36} heartbeat late by {max(lags) * 1000:4.0f} ms")
print("takeaway: in asyncio one blocking call stops everything; threads get interrupted")
