"""Plain data passed from the modes to the report: what was asked, what happened."""

import heapq
from dataclasses import dataclass, field

CANCELLED = "cancelled"  # the error of a request stopped by Ctrl-C


@dataclass(frozen=True, slots=True)
class Target:
    """One request to make; `delay` is the server-side wait, when we know it."""

    index: int
    url: str
    delay: float | None = None


@dataclass(slots=True)
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


@dataclass
class ModeResult:
    """One mode's run: every request's record, and how long it all took."""

    mode: str
    ideal: float | None
    records: list[RequestRecord] = field(default_factory=list)
    wall: float = 0.0
    interrupted: bool = False

    @property
    def ok(self) -> int:
        return sum(r.ok for r in self.records)

    @property
    def cancelled(self) -> int:
        return sum(r.error == CANCELLED for r in self.records)

    @property
    def failed(self) -> int:
        return len(self.records) - self.ok - self.cancelled

    @property
    def server_peak(self) -> int | None:
        """The most requests the server held at once while this mode ran."""
        seen = [r.server_in_flight for r in self.records if r.server_in_flight is not None]
        return max(seen, default=None)


def ideal_time(targets: list[Target], width: int) -> float | None:
    """The wall time if `width` requests at a time took exactly their delays."""
    delays = [t.delay for t in targets]
    if None in delays:
        return None
    finishes = [0.0] * max(1, min(width, len(delays)))
    for delay in delays:
        heapq.heappush(finishes, heapq.heappop(finishes) + (delay or 0.0))
    return max(finishes)
