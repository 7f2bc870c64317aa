"""The strategies: same requests, same signature, only the way of waiting differs.

Adding a mode means adding one function here and one line in MODES.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from client.interrupt import WORKERS

if TYPE_CHECKING:  # not at run time: `demo-client --help` stays fast without aiohttp
    from client.fetch import Run
    from client.records import Target


async def sequential(run: Run) -> None:
    """One after another: each waits for the one before it."""
    for target in run.targets:
        await run.fetch(target)


async def gather(run: Run) -> None:
    """All at once with asyncio.gather."""
    await asyncio.gather(*(run.fetch(target) for target in run.targets))


async def bounded(run: Run) -> None:
    """gather, at most --concurrency at once (asyncio.Semaphore)."""
    semaphore = asyncio.Semaphore(run.concurrency)

    async def fetch_bounded(target: Target) -> None:
        async with semaphore:
            await run.fetch(target)

    await asyncio.gather(*(fetch_bounded(target) for target in run.targets))


async def taskgroup(run: Run) -> None:
    """All at once in an asyncio.TaskGroup: gather, structured."""
    async with asyncio.TaskGroup() as group:
        for target in run.targets:
            group.create_task(run.fetch(target))


async def as_completed(run: Run) -> None:
    """All at once, each handled as it arrives (asyncio.as_completed)."""
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(run.fetch(target)) for target in run.targets]
        for next_done in asyncio.as_completed(tasks):
            record = await next_done
            run.result.arrivals.append(record.index)  # the report shows them in this order


async def threads(run: Run) -> None:
    """A blocking client in a thread pool: preemptive threads."""
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(max_workers=run.concurrency, thread_name_prefix=WORKERS)
    try:
        await asyncio.gather(
            *(loop.run_in_executor(pool, run.fetch_blocking, target) for target in run.targets)
        )
    finally:
        # on Ctrl-C, drop the queued requests and do not block the loop waiting for the rest
        pool.shutdown(wait=False, cancel_futures=True)


async def blocking(run: Run) -> None:
    """The classic mistake: coroutines calling a blocking client."""

    async def fetch_in_coroutine(target: Target) -> None:
        run.fetch_blocking(target)  # no await: the event loop is stuck until it returns

    await asyncio.gather(*(fetch_in_coroutine(target) for target in run.targets))


@dataclass(frozen=True)
class Mode:
    function: Callable[[Run], Awaitable[None]]
    # how many requests it has in flight at once, given N and --concurrency
    width: Callable[[int, int | None], int]

    @property
    def help(self) -> str:
        return (self.function.__doc__ or "").strip()


DEFAULT_BOUND = 5
MAX_THREADS = 100

MODES: dict[str, Mode] = {
    "sequential": Mode(sequential, lambda n, c: 1),
    "gather": Mode(gather, lambda n, c: n),
    "bounded": Mode(bounded, lambda n, c: min(n, c or DEFAULT_BOUND)),
    "taskgroup": Mode(taskgroup, lambda n, c: n),
    "as-completed": Mode(as_completed, lambda n, c: n),
    "threads": Mode(threads, lambda n, c: min(n, c or MAX_THREADS)),
    # it means to run them all at once; its ideal is what it fails to reach
    "blocking": Mode(blocking, lambda n, c: n),
}
COMPARE = ("sequential", "gather")
