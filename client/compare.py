"""Run the modes on the same requests, one after another, and time them: the one place
that measures.

From Python (a notebook, a script)::

    report = await compare("sequential", "gather", n=10, delay=1)
"""

import asyncio
import gc
import time
from collections.abc import Sequence
from contextlib import nullcontext, suppress
from typing import Protocol

import aiohttp
from yarl import URL

from client.fetch import Run
from client.modes import COMPARE, MODES
from client.records import ModeResult, Report, RequestRecord, Target, ideal_time
from client.targets import delay_targets
from server.embedded import EmbeddedServer


class Watcher(Protocol):
    """What the command line shows while the modes run (see client/cli.py)."""

    async def before_mode(self, mode: str) -> None: ...  # --step: wait for Enter
    def request_done(self, record: RequestRecord) -> None: ...  # the progress bar
    def after_mode(self, report: Report) -> None: ...  # --step: the result at once


async def compare(
    *modes: str,
    n: int = 10,
    delay: float = 1.0,
    server: str | None = None,
    concurrency: int | None = None,
    request_timeout: float = 30.0,
) -> Report:
    """The same `n` requests of `delay` seconds in each mode (default: sequential, then
    gather); with no `server`, against the project's own, started for the run."""
    async with EmbeddedServer() if server is None else nullcontext(URL(server)) as base:
        targets = delay_targets(base, n, (delay, delay), seed=0)
        report = Report(server=str(base), embedded=server is None, targets=targets)
        await run_modes(
            report, modes or COMPARE, concurrency=concurrency, request_timeout=request_timeout
        )
    return report


async def run_modes(
    report: Report,
    modes: Sequence[str],
    *,
    concurrency: int | None = None,
    request_timeout: float = 30.0,
    watcher: Watcher | None = None,
) -> None:
    """Run each mode in turn on the report's targets. Each result joins the report as its
    mode starts, so a run stopped by Ctrl-C keeps what it measured."""
    for mode in modes:
        if watcher:
            await watcher.before_mode(mode)
        width = MODES[mode].width(len(report.targets), concurrency)
        result = ModeResult(mode=mode, ideal=ideal_time(report.targets, width))
        report.results.append(result)
        await measure(
            result,
            report.targets,
            width=width,
            request_timeout=request_timeout,
            watcher=watcher,
            server=report.server,
        )
        if watcher:
            watcher.after_mode(report)


async def measure(
    result: ModeResult,
    targets: list[Target],
    *,
    width: int,
    request_timeout: float,
    watcher: Watcher | None = None,
    server: str | None = None,
) -> None:
    """Time one mode: one session for all its requests, a fresh one for each mode.
    `width`: how many it may have in flight at once (the bounded modes' limit). Beside the
    time, what may bound it: the client's CPU, the server's (from its /stats), and how long
    the event loop was kept from running (a heartbeat, late when the loop is held)."""
    # limit=0: aiohttp's default of 100 connections would quietly turn a
    # thousand concurrent requests into ten waves
    connector = aiohttp.TCPConnector(limit=0)
    client_timeout = aiohttp.ClientTimeout(total=request_timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=client_timeout) as session:
        run = Run(
            targets=targets,
            session=session,
            concurrency=width,
            timeout=request_timeout,
            result=result,
            on_done=watcher.request_done if watcher else None,
        )
        server_cpu = await cpu_seconds(session, server)
        heartbeat = Heartbeat()
        # thousands of live tasks make each cyclic collection long, and they come often:
        # pause the collector while the mode runs, collect right after
        gc.disable()
        client_cpu = time.process_time()
        run.started = time.perf_counter()
        try:
            await MODES[result.mode].function(run)
        except asyncio.CancelledError:
            result.interrupted = True  # Ctrl-C (client/interrupt.py)
            raise
        finally:
            result.wall = time.perf_counter() - run.started
            result.client_cpu = time.process_time() - client_cpu
            gc.enable()
            result.loop_blocked = await heartbeat.stop()
        if server_cpu is not None and (after := await cpu_seconds(session, server)):
            result.server_cpu = after - server_cpu


class Heartbeat:
    """A task that wakes every BEAT seconds: how late it wakes is how long the event loop
    was held by something that did not await (the `blocking` mode's mistake)."""

    BEAT = 0.01  # seconds

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.last = self.loop.time()
        self.late = 0.0
        self.task = asyncio.create_task(self.beat())

    async def beat(self) -> None:
        while True:
            await asyncio.sleep(self.BEAT)
            self.note()

    def note(self) -> None:
        now = self.loop.time()
        self.late += max(0.0, now - self.last - self.BEAT)
        self.last = now

    async def stop(self) -> float:
        """Stop; the total lateness, the wake-up still due included."""
        self.note()
        self.task.cancel()
        with suppress(asyncio.CancelledError):
            await self.task
        return self.late


async def cpu_seconds(session: aiohttp.ClientSession, server: str | None) -> float | None:
    """The demo server's CPU time so far (its /stats), or None if it does not say."""
    if server is None:
        return None
    try:
        async with session.get(URL(server) / "stats") as response:
            return float((await response.json())["cpu_s"])
    except (aiohttp.ClientError, TimeoutError, ValueError, LookupError, TypeError):
        return None
