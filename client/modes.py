"""The strategies: same requests, same signature, only the way of waiting differs.

Adding a mode means adding one function here and one line in MODES.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from client.interrupt import WORKERS
from client.records import RequestFailed

if TYPE_CHECKING:  # not at run time: `demo-client --help` stays fast without aiohttp
    from collections.abc import Awaitable, Callable

    from client.fetch import Fetcher
    from client.records import Target


async def sequential(fetcher: Fetcher) -> None:
    """One after another: each waits for the one before it."""
    for target in fetcher.targets:
        await fetcher.fetch(target)


async def gather(fetcher: Fetcher) -> None:
    """All at once with asyncio.gather."""
    await asyncio.gather(*(fetcher.fetch(target) for target in fetcher.targets))


async def bounded(fetcher: Fetcher) -> None:
    """gather, at most --concurrency at once (asyncio.Semaphore)."""
    semaphore = asyncio.Semaphore(fetcher.concurrency)

    async def fetch_bounded(target: Target) -> None:
        async with semaphore:
            await fetcher.fetch(target)

    await asyncio.gather(*(fetch_bounded(target) for target in fetcher.targets))


async def taskgroup(fetcher: Fetcher) -> None:
    """All at once in an asyncio.TaskGroup: the first failure cancels the rest."""
    try:
        async with asyncio.TaskGroup() as group:
            for target in fetcher.targets:
                group.create_task(fetcher.fetch(target, fail=True))
    except* RequestFailed:
        pass  # each request's record says what happened: the failure, the ones cancelled


async def as_completed(fetcher: Fetcher) -> None:
    """All at once, each handled as it arrives (asyncio.as_completed)."""
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetcher.fetch(target)) for target in fetcher.targets]
        for next_done in asyncio.as_completed(tasks):
            record = await next_done
            fetcher.result.arrivals.append(record.index)  # the report shows them in this order


async def threads(fetcher: Fetcher) -> None:
    """A blocking client in a thread pool: preemptive threads."""
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(max_workers=fetcher.concurrency, thread_name_prefix=WORKERS)
    try:
        await asyncio.gather(
            *(
                loop.run_in_executor(pool, fetcher.fetch_blocking, target)
                for target in fetcher.targets
            )
        )
    finally:
        # on Ctrl-C, drop the queued requests and do not block the loop waiting for the rest
        pool.shutdown(wait=False, cancel_futures=True)


async def blocking(fetcher: Fetcher) -> None:
    """The classic mistake: coroutines calling a blocking client."""

    async def fetch_in_coroutine(target: Target) -> None:
        fetcher.fetch_blocking(target)  # no await: the event loop is stuck until it returns

    await asyncio.gather(*(fetch_in_coroutine(target) for target in fetcher.targets))


MODES: dict[str, Callable[[Fetcher], Awaitable[None]]] = {
    "sequential": sequential,
    "gather": gather,
    "bounded": bounded,
    "taskgroup": taskgroup,
    "as-completed": as_completed,
    "threads": threads,
    "blocking": blocking,
}
COMPARE = ("sequential", "gather")
DEFAULT_BOUND = 5
MAX_THREADS = 100


def width(mode: str, n: int, concurrency: int | None) -> int:
    """How many requests a mode has in flight at once, given N and --concurrency. The
    blocking mode means to run them all at once: its ideal is what it fails to reach."""
    if mode == "sequential":
        return 1
    if mode == "bounded":
        return min(n, concurrency or DEFAULT_BOUND)
    if mode == "threads":
        return min(n, concurrency or MAX_THREADS)
    return n
