"""Every mode through the harness, against a real server; the server's count is the proof.

`threads` and `blocking` fetch with urllib: `blocking` stops the event loop it runs on,
so those two call a server in a child process, never the test server on this loop.
"""

import asyncio
import gc
import logging

import pytest
from yarl import URL

from client.compare import run_modes
from client.modes import MODES, width
from client.records import CANCELLED, ModeResult, Report, RequestRecord, Target, ideal_time
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


@pytest.fixture
def server_url(request, serve_app, app_factory):
    """A server for a mode: pytest-aiohttp's on this loop, or the child process's."""

    async def for_mode(mode: str) -> URL:
        if mode in BLOCKING:
            return request.getfixturevalue("embedded_url")
        server = await serve_app(app_factory())
        return server.make_url("/")

    return for_mode


class Watcher:
    """What the command line would be shown, recorded."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.done: list[RequestRecord] = []
        self.finished: list[str] = []
        self.in_flight = self.most_in_flight = 0

    async def before_mode(self, mode: str) -> None:
        self.started.append(mode)

    def request_started(self) -> None:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)

    def request_done(self, record: RequestRecord) -> None:
        self.in_flight -= 1
        self.done.append(record)

    def after_mode(self, report: Report) -> None:
        self.finished.append(report.results[-1].mode)

    async def run(
        self,
        names: list[str],
        targets: list[Target],
        concurrency: int | None = None,
        request_timeout: float = 10,
    ) -> list[ModeResult]:
        # the server the targets are on: its /stats counts each mode's own requests
        server = str(URL(targets[0].url).origin()) if targets else None
        report = Report(server=server, embedded=False, targets=targets)
        await run_modes(
            report,
            names,
            concurrency=concurrency,
            request_timeout=request_timeout,
            watcher=self,
        )
        return report.results


def target(index: int, url: object, delay: float | None = None) -> Target:
    return Target(index=index, url=str(url), delay=delay)


def test_every_mode_has_an_expected_peak() -> None:
    assert set(PEAK) == set(MODES)


@pytest.mark.parametrize("mode", list(MODES))
async def test_mode(mode: str, server_url) -> None:
    targets = delay_targets(await server_url(mode), N, (DELAY, DELAY), seed=0)
    watcher = Watcher()

    [result] = await watcher.run([mode], targets)

    assert result.mode == mode
    assert not result.interrupted
    assert (result.ok, result.failed, result.cancelled) == (N, 0, 0)
    assert sorted(r.index for r in result.records) == list(range(N))
    assert all(r.status == 200 and r.delay == DELAY for r in result.records)
    assert result.server_peak == PEAK[mode]
    # blocking's ideal is all at once: what it means to do, and fails to
    assert result.ideal == pytest.approx(ideal_time(targets, width(mode, N, None)))
    assert result.wall >= 0.9 * DELAY * N / PEAK[mode]  # the server did make each one wait
    assert all(0 <= r.start <= r.end <= result.wall for r in result.records)
    assert watcher.started == watcher.finished == [mode]
    assert watcher.done == result.records
    # the progress bar's count of requests in flight: the client's own view of the peak
    assert (watcher.in_flight, watcher.most_in_flight) == (0, PEAK[mode])
    if mode == "as-completed":  # each handed over as it ended
        by_end = sorted(result.records, key=lambda r: r.end)
        assert result.arrivals == [r.index for r in by_end]
    else:
        assert result.arrivals == []


@pytest.mark.parametrize("mode", ["bounded", "threads"])
async def test_concurrency_bounds(mode: str, server_url) -> None:
    targets = delay_targets(await server_url(mode), 7, (DELAY, DELAY), seed=0)
    [result] = await Watcher().run([mode], targets, concurrency=3)
    assert result.ok == 7
    assert result.server_peak == 3
    assert result.ideal == pytest.approx(3 * DELAY)  # 3, 3, then 1


async def test_modes_run_one_after_another(server_url) -> None:
    targets = delay_targets(await server_url("gather"), 4, (0.1, 0.1), seed=0)
    watcher = Watcher()
    results = await watcher.run(["gather", "sequential", "taskgroup"], targets)
    assert [r.mode for r in results] == watcher.started == ["gather", "sequential", "taskgroup"]
    # each mode had the server to itself
    assert [r.server_peak for r in results] == [4, 1, 4]
    assert len(watcher.done) == 12


async def test_gather_is_not_held_back_by_a_connection_pool(server_url) -> None:
    # aiohttp's default pool of 100 connections would hold the rest for a second wave
    targets = delay_targets(await server_url("gather"), 120, (0.3, 0.3), seed=0)
    [result] = await Watcher().run(["gather"], targets)
    assert result.ok == 120
    assert result.server_peak == 120


@pytest.mark.parametrize("mode", [name for name in MODES if name != "taskgroup"])
async def test_failed_requests_are_counted_and_described(mode: str, server_url) -> None:
    base = await server_url(mode)
    targets = [
        target(0, base / "delay" / "0.1", 0.1),
        target(1, base / "delay" / "abc"),  # not a duration: a 400
        target(2, "http://127.0.0.1:1/delay/0.1", 0.1),  # nothing listens there
        target(3, "not a url"),
        target(4, base / "delay" / "0.1", 0.1),
    ]
    [result] = await Watcher().run([mode], targets)

    assert (result.ok, result.failed, result.cancelled) == (2, 3, 0)
    assert not result.interrupted
    errors = {r.index: r.error for r in result.records}
    assert errors[0] is None and errors[4] is None
    assert errors[1] == (
        "HTTP 400: 'abc' is not a duration: use seconds (1, 0.25) or a unit (250ms, 1.5s)"
    )
    assert "connect" in errors[2] and "refused" in errors[2]
    assert errors[3] == "not a valid URL"
    assert {r.index: r.status for r in result.records}[1] == 400


@pytest.mark.parametrize("mode", ["gather", "taskgroup"])
async def test_a_taskgroup_cancels_the_rest_at_the_first_failure(mode: str, server_url) -> None:
    base = await server_url(mode)
    targets = [target(i, base / "delay" / "2", 2) for i in range(4)]
    targets.append(target(4, base / "status" / "500"))
    [result] = await Watcher().run([mode], targets)

    assert not result.interrupted
    if mode == "gather":  # gather waits for all: the failure is one of five answers
        assert (result.ok, result.failed, result.cancelled, result.given_up) == (4, 1, 0, 0)
    else:  # the failure cancelled the four in flight, and the server saw them hang up
        assert (result.ok, result.failed, result.cancelled, result.given_up) == (0, 1, 4, 4)
        assert {r.index: r.error for r in result.records}[0] == CANCELLED
    assert result.server_peak == 5


@pytest.mark.parametrize("mode", list(MODES))
async def test_a_slow_request_times_out(mode: str, server_url) -> None:
    base = await server_url(mode)
    targets = [target(0, base / "delay" / "0", 0), target(1, base / "delay" / "3", 3)]
    [result] = await Watcher().run([mode], targets, request_timeout=0.2)
    assert (result.ok, result.failed) == (1, 1)
    assert {r.index: r.error for r in result.records}[1] == "timed out after 0.2 s"


@pytest.mark.parametrize("mode", ASYNC_MODES)
async def test_a_cancelled_run_keeps_what_it_measured(
    mode: str, serve_app, app_factory, caplog
) -> None:
    app = app_factory()
    server = await serve_app(app)
    base = server.make_url("/")
    # one quick request; when it is done, the long ones are in flight (or, in sequential,
    # the next one is starting) and the run is cancelled
    targets = [target(0, base / "delay" / "0.1", 0.1)]
    targets += [target(i, base / "delay" / "5", 5) for i in range(1, 5)]

    class CancelAfterOne(Watcher):
        def request_done(self, record: RequestRecord) -> None:
            if record.ok and not task.cancelling():
                task.cancel()  # what asyncio.run does to its task on Ctrl-C, once

    report = Report(server=None, embedded=False, targets=targets)
    task = asyncio.create_task(run_modes(report, [mode, "gather"], watcher=CancelAfterOne()))

    with pytest.raises(asyncio.CancelledError):  # never swallowed
        await task

    [result] = report.results  # the second mode never started
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
