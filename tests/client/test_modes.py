"""Every mode through the harness, against a real server; the server's count is the proof.

`threads` and `blocking` fetch with urllib: `blocking` stops the event loop it runs on,
so those two call a server in a child process, never the test server on this loop.
"""

import asyncio
import gc
import logging

import pytest
from yarl import URL

from client.harness import run_modes
from client.modes import MODES
from client.records import CANCELLED, ModeResult, RequestRecord, Target, ideal_time
from client.targets import delay_targets
from server.typedefs import STATS

N = 8
DELAY = 0.2
BLOCKING = {"threads", "blocking"}
ASYNC_MODES = [name for name in MODES if name not in BLOCKING]
# what the server holds at once, for N requests and no --concurrency
PEAK = {
    "sequential": 1,
    "gather": N,
    "bounded": 5,  # its default bound
    "taskgroup": N,
    "as-completed": N,
    "threads": N,
    "blocking": 1,  # meant to run them all at once; the blocked loop runs one at a time
}


async def nothing(name: str) -> None:
    pass


@pytest.fixture
def server_url(request, serve_app, app_factory):
    """A server for a mode: pytest-aiohttp's on this loop, or the child process's."""

    async def for_mode(mode: str) -> URL:
        if mode in BLOCKING:
            return request.getfixturevalue("embedded_url")
        server = await serve_app(app_factory())
        return server.make_url("/")

    return for_mode


class Calls:
    """The harness's callbacks, recorded."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.done: list[RequestRecord] = []
        self.emitted: list[RequestRecord] = []

    async def start(self, name: str) -> None:
        self.started.append(name)

    async def run(
        self, names: list[str], targets: list[Target], concurrency: int | None = None
    ) -> list[ModeResult]:
        return await run_modes(
            names,
            targets,
            concurrency=concurrency,
            request_timeout=10,
            on_start=self.start,
            on_done=self.done.append,
            emit=self.emitted.append,
        )


def test_every_mode_has_an_expected_peak() -> None:
    assert set(PEAK) == set(MODES)


@pytest.mark.parametrize("mode", list(MODES))
async def test_mode(mode: str, server_url) -> None:
    targets = delay_targets(await server_url(mode), N, (DELAY, DELAY), seed=0)
    calls = Calls()

    [result] = await calls.run([mode], targets)

    assert result.mode == mode
    assert not result.interrupted
    assert (result.ok, result.failed, result.cancelled) == (N, 0, 0)
    assert sorted(r.index for r in result.records) == list(range(N))
    assert all(r.status == 200 and r.delay == DELAY for r in result.records)
    assert result.server_peak == PEAK[mode]
    # blocking's ideal is all at once: what it means to do, and fails to
    assert result.ideal == pytest.approx(ideal_time(targets, MODES[mode].width(N, None)))
    assert result.wall >= 0.9 * DELAY * N / PEAK[mode]  # the server did make each one wait
    assert all(0 <= r.start <= r.end <= result.wall for r in result.records)
    assert calls.started == [mode]
    assert calls.done == result.records
    if mode == "as-completed":
        assert sorted(r.index for r in calls.emitted) == list(range(N))
    else:
        assert calls.emitted == []


@pytest.mark.parametrize("mode", ["bounded", "threads"])
async def test_concurrency_bounds(mode: str, server_url) -> None:
    targets = delay_targets(await server_url(mode), 7, (DELAY, DELAY), seed=0)
    [result] = await Calls().run([mode], targets, concurrency=3)
    assert result.ok == 7
    assert result.server_peak == 3
    assert result.ideal == pytest.approx(3 * DELAY)  # 3, 3, then 1


async def test_modes_run_one_after_another(server_url) -> None:
    targets = delay_targets(await server_url("gather"), 4, (0.1, 0.1), seed=0)
    calls = Calls()
    results = await calls.run(["gather", "sequential", "taskgroup"], targets)
    assert [r.mode for r in results] == calls.started == ["gather", "sequential", "taskgroup"]
    # each mode had the server to itself
    assert [r.server_peak for r in results] == [4, 1, 4]
    assert len(calls.done) == 12


async def test_gather_is_not_held_back_by_a_connection_pool(server_url) -> None:
    # aiohttp's default pool of 100 connections would hold the rest for a second wave
    targets = delay_targets(await server_url("gather"), 120, (0.3, 0.3), seed=0)
    [result] = await Calls().run(["gather"], targets)
    assert result.ok == 120
    assert result.server_peak == 120


@pytest.mark.parametrize("mode", list(MODES))
async def test_failed_requests_are_counted_and_described(mode: str, server_url) -> None:
    base = await server_url(mode)
    targets = [
        Target(0, str(base / "delay" / "0.1"), 0.1),
        Target(1, str(base / "delay" / "999"), 999),  # above the server's maximum: a 400
        Target(2, "http://127.0.0.1:1/delay/0.1", 0.1),  # nothing listens there
        Target(3, "not a url"),
        Target(4, str(base / "delay" / "0.1"), 0.1),
    ]
    [result] = await Calls().run([mode], targets)

    assert (result.ok, result.failed, result.cancelled) == (2, 3, 0)
    assert not result.interrupted
    errors = {r.index: r.error for r in result.records}
    assert errors[0] is None and errors[4] is None
    assert errors[1] == "HTTP 400: '999' is above this server's maximum of 10 s"
    assert "connect" in errors[2] and "refused" in errors[2]
    assert errors[3]
    assert {r.index: r.status for r in result.records}[1] == 400


@pytest.mark.parametrize("mode", list(MODES))
async def test_a_slow_request_times_out(mode: str, server_url) -> None:
    base = await server_url(mode)
    targets = [Target(0, str(base / "delay" / "0"), 0), Target(1, str(base / "delay" / "3"), 3)]
    results = await run_modes(
        [mode],
        targets,
        concurrency=None,
        request_timeout=0.2,
        on_start=nothing,
        on_done=lambda record: None,
        emit=lambda record: None,
    )
    [result] = results
    assert (result.ok, result.failed) == (1, 1)
    assert {r.index: r.error for r in result.records}[1] == "timed out after 0.2 s"


@pytest.mark.parametrize("mode", ASYNC_MODES)
async def test_cancelled_run_returns_partial_results(
    mode: str, serve_app, app_factory, caplog
) -> None:
    app = app_factory()
    server = await serve_app(app)
    base = server.make_url("/")
    # one quick request; when it is done, the long ones are in flight (or, in sequential,
    # the next one is starting) and the run is cancelled
    targets = [Target(0, str(base / "delay" / "0.1"), 0.1)]
    targets += [Target(i, str(base / "delay" / "5"), 5) for i in range(1, 5)]

    def on_done(record: RequestRecord) -> None:
        if record.ok and not task.cancelling():
            task.cancel()  # what asyncio.run does to its task on Ctrl-C, once

    task = asyncio.create_task(
        run_modes(
            [mode, "gather"],
            targets,
            concurrency=None,
            request_timeout=10,
            on_start=nothing,
            on_done=on_done,
            emit=lambda record: None,
        )
    )

    [result] = await task  # the second mode never starts

    assert result.mode == mode
    assert result.interrupted
    in_flight = 1 if mode == "sequential" else 4
    assert (result.ok, result.failed, result.cancelled) == (1, 0, in_flight)
    assert all(r.error == CANCELLED and r.status is None for r in result.records if not r.ok)
    assert result.wall < 5
    # the server saw its callers hang up and stopped waiting for them
    async with asyncio.timeout(2):
        await app[STATS].until(lambda s: s.in_flight == 0)

    gc.collect()  # a leaked session would warn now (and fail: filterwarnings = error)
    assert not [r for r in caplog.records if "Unclosed" in r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_cancelled_twice_is_not_swallowed(serve_app, app_factory) -> None:
    server = await serve_app(app_factory())
    targets = delay_targets(server.make_url("/"), 2, (5, 5), seed=0)
    started = asyncio.Event()

    async def set_started(name: str) -> None:
        started.set()

    task = asyncio.create_task(
        run_modes(
            ["gather"],
            targets,
            concurrency=None,
            request_timeout=10,
            on_start=set_started,
            on_done=lambda record: None,
            emit=lambda record: None,
        )
    )
    await started.wait()
    # someone other than Ctrl-C cancels too (a timeout, a TaskGroup): it must propagate
    task.cancel()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
