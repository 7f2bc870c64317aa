"""Run the modes on the same requests, one after another, and time them: the one place
that measures.

From Python (a notebook, a script)::

    report = await compare("sequential", "gather", n=10, delay=1)
"""

import asyncio
import time
import uuid
from collections.abc import Sequence
from contextlib import nullcontext
from typing import Protocol

import aiohttp
from yarl import URL

from client.fetch import Fetcher
from client.modes import COMPARE, MODES, width
from client.records import ModeResult, Report, RequestRecord, ideal_time
from client.targets import delay_targets
from common.wire import RUN_HEADER
from server.embedded import EmbeddedServer


class Watcher(Protocol):
    """What the command line shows while the modes run (see client/cli.py)."""

    async def before_mode(self, mode: str) -> None: ...  # --step: wait for Enter
    def request_started(self) -> None: ...  # the progress bar: in flight
    def request_done(self, record: RequestRecord) -> None: ...  # and done
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
        at_once = width(mode, len(report.targets), concurrency)
        result = ModeResult(mode=mode, ideal=ideal_time(report.targets, at_once))
        report.results.append(result)
        await measure(result, report, at_once, request_timeout, watcher)
        if watcher:
            watcher.after_mode(report)


async def measure(
    result: ModeResult,
    report: Report,
    at_once: int,
    request_timeout: float,
    watcher: Watcher | None,
) -> None:
    """Time one mode, in a session of its own; beside the time, what may bound it: the
    client's CPU, the server's, and how long the event loop was kept from running (a
    heartbeat, late when the loop is held). The server counts the mode's requests apart
    from any other client's: they name their run (common/wire.py)."""
    server, run_id = report.server, uuid.uuid4().hex
    # limit=0: aiohttp's default of 100 connections would quietly turn a
    # thousand concurrent requests into ten waves
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0),
        timeout=aiohttp.ClientTimeout(total=request_timeout),
        headers={RUN_HEADER: run_id},
    ) as session:
        fetcher = Fetcher(
            targets=report.targets,
            session=session,
            concurrency=at_once,
            timeout=request_timeout,
            result=result,
            on_start=watcher.request_started if watcher else None,
            on_done=watcher.request_done if watcher else None,
        )
        server_cpu = (await server_stats(session, server) or {}).get("cpu_s")
        heartbeat = Heartbeat()
        client_cpu = time.process_time()
        fetcher.started = time.perf_counter()
        try:
            await MODES[result.mode](fetcher)
        except asyncio.CancelledError:
            result.interrupted = True  # Ctrl-C (client/interrupt.py)
            raise
        finally:
            result.wall = time.perf_counter() - fetcher.started
            result.client_cpu = time.process_time() - client_cpu
            result.loop_blocked = await heartbeat.stop()
            # after Ctrl-C too: the partial report says what the server held
            counts = await server_stats(session, server or demo_server(result), run_id)
            if counts:
                take_counts(result, counts, server_cpu)


def take_counts(result: ModeResult, counts: dict[str, float], cpu_before: float | None) -> None:
    """The server's own counts of the mode's run, into its result."""
    result.server_peak = int(counts["peak_in_flight"])
    result.given_up = int(counts["given_up"])
    result.peak_with_others = int(counts["peak_with_others"])
    if cpu_before is not None:
        result.server_cpu = counts["cpu_s"] - cpu_before


def demo_server(result: ModeResult) -> str | None:
    """With URLs of one's own (--url): their server, if it is a demo server (its answers
    carry the in-flight count) and they all go to it."""
    origins = {URL(r.url).origin() for r in result.records if r.server_in_flight is not None}
    return str(origins.pop()) if len(origins) == 1 else None


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
        # wait for it to end without raising its CancelledError (the cancel is ours) and
        # without swallowing one sent to us (demo 22's mistake)
        await asyncio.wait([self.task])
        return self.late


async def server_stats(
    session: aiohttp.ClientSession, server: str | None, run_id: str | None = None
) -> dict[str, float] | None:
    """The demo server's /stats (a run's own counts, with `run_id`), or None if it does not
    say. A request the client gave up on is counted once the server sees its connection
    close, a moment later: until then it is still in flight, and we ask again."""
    if server is None:
        return None
    params = {"run": run_id} if run_id else {}
    try:
        for _ in range(20):
            async with session.get(URL(server) / "stats", params=params) as response:
                if response.status != 200:
                    return None
                stats = {name: float(value) for name, value in (await response.json()).items()}
            if run_id and "peak_with_others" not in stats:
                return None  # a server that does not count runs (an older one)
            if not (run_id and stats["in_flight"]):
                return stats
            await asyncio.sleep(0.05)
        return stats
    except (aiohttp.ClientError, TimeoutError, ValueError, LookupError, TypeError):
        return None
