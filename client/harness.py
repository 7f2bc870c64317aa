"""Run modes on the same targets and time them: the one place that measures."""

import asyncio
import gc
import time
from collections.abc import Awaitable, Callable, Sequence

import aiohttp

from client.fetch import Run
from client.modes import MODES
from client.records import ModeResult, RequestRecord, Target, ideal_time

Callback = Callable[[RequestRecord], None]


async def run_modes(
    names: Sequence[str],
    targets: list[Target],
    *,
    concurrency: int | None,
    request_timeout: float,
    on_start: Callable[[str], Awaitable[None]],
    on_done: Callback,
    emit: Callback,
) -> list[ModeResult]:
    """Run each mode in turn. On Ctrl-C, stop and return what was measured so far."""
    results: list[ModeResult] = []
    try:
        for name in names:
            width = MODES[name].width(len(targets), concurrency)
            results.append(ModeResult(name, ideal=ideal_time(targets, width)))
            await on_start(name)
            await run_mode(results[-1], targets, width, request_timeout, on_done, emit)
    except asyncio.CancelledError:
        # asyncio.run cancels this task on Ctrl-C: keep the partial results,
        # unless someone else asked for the cancellation too
        task = asyncio.current_task()
        if task is not None and task.uncancel() > 0:
            raise
        if results:
            results[-1].interrupted = True
    return results


async def run_mode(
    result: ModeResult,
    targets: list[Target],
    width: int,
    request_timeout: float,
    on_done: Callback,
    emit: Callback,
) -> None:
    def keep(record: RequestRecord) -> None:
        result.records.append(record)
        on_done(record)

    # limit=0: aiohttp's default of 100 connections would quietly turn a
    # thousand concurrent requests into ten waves
    connector = aiohttp.TCPConnector(limit=0)
    client_timeout = aiohttp.ClientTimeout(total=request_timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=client_timeout) as session:
        started = time.perf_counter()
        run = Run(targets, session, width, request_timeout, started, keep, emit)
        # thousands of live tasks make each cyclic collection long, and they come often:
        # pause the collector while the mode runs, collect right after
        gc.disable()
        try:
            await MODES[result.mode].function(run)
        finally:
            result.wall = time.perf_counter() - started
            gc.enable()
