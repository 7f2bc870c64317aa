"""Plain data passed from the modes to the views: what was asked, what happened."""

import heapq
from dataclasses import dataclass, field

CANCELLED = "cancelled"  # the error of a request stopped by Ctrl-C, or by its TaskGroup


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """One request to make; `delay` is the server-side wait, when we know it."""

    index: int
    url: str
    delay: float | None = None


@dataclass(slots=True, kw_only=True)
class RequestRecord:
    """One request as it happened; times in seconds from the start of its mode."""

    index: int
    url: str
    delay: float | None
    start: float
    end: float
    status: int | None = None
    error: str | None = None
    server_in_flight: int | None = None  # the server's count when it arrived

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def cancelled(self) -> bool:
        return self.error == CANCELLED


class RequestFailed(Exception):
    """Raised by a request that failed, for the modes that stop at the first failure."""

    def __init__(self, record: RequestRecord) -> None:
        super().__init__(f"#{record.index + 1}: {record.error}")
        self.record = record


@dataclass(kw_only=True)
class ModeResult:
    """One mode's run: every request's record, and how long it all took."""

    mode: str
    ideal: float | None
    records: list[RequestRecord] = field(default_factory=list, repr=False)
    wall: float = 0.0
    interrupted: bool = False  # Ctrl-C stopped it
    arrivals: list[int] = field(default_factory=list)  # indexes, as as_completed gave them
    # what bounded it: the client's CPU seconds, the server's (when it says), and how long
    # the client's event loop was kept from running (a heartbeat's lateness, summed)
    client_cpu: float = 0.0
    server_cpu: float | None = None
    loop_blocked: float = 0.0
    # the demo server's own counts of this mode's requests (None: it did not say): the most
    # it held at once, those whose client hung up first (a TaskGroup cancelling the rest),
    # and the most it held in all, other clients' requests included
    server_peak: int | None = None
    given_up: int | None = None
    peak_with_others: int | None = None

    @property
    def ok(self) -> int:
        return sum(r.ok for r in self.records)

    @property
    def cancelled(self) -> int:
        return sum(r.cancelled for r in self.records)

    @property
    def failed(self) -> int:
        return len(self.records) - self.ok - self.cancelled


@dataclass(kw_only=True)
class Report:
    """A whole run: the same targets, one result per mode, in the order they ran."""

    server: str | None  # None: the given URLs
    embedded: bool  # the client started the server itself
    targets: list[Target] = field(repr=False)
    results: list[ModeResult] = field(default_factory=list)
    loop: str = "asyncio"  # the event loop the client ran on: asyncio's own, or uvloop
    interrupted: bool = False  # Ctrl-C, during a mode or between two

    @property
    def baseline(self) -> tuple[float, str] | None:
        """What speedups are measured against: the sequential run, or its ideal."""
        for result in self.results:
            if result.mode == "sequential" and not result.interrupted:
                return result.wall, "sequential"
        ideal = ideal_time(self.targets, 1)
        if ideal:
            return ideal, "sum-of-delays"
        return None

    @property
    def failed(self) -> int:
        return sum(result.failed for result in self.results)

    def speedup(self, result: ModeResult) -> float | None:
        baseline = self.baseline
        # a mode whose requests failed did not do the work: no speedup to claim
        if baseline is None or result.wall <= 0 or result.interrupted or result.failed:
            return None
        return baseline[0] / result.wall


def ideal_time(targets: list[Target], width: int) -> float | None:
    """The wall time if `width` requests at a time took exactly their delays."""
    delays = [t.delay for t in targets]
    if None in delays:
        return None
    finishes = [0.0] * max(1, min(width, len(delays)))
    for delay in delays:
        heapq.heappush(finishes, heapq.heappop(finishes) + (delay or 0.0))
    return max(finishes)
