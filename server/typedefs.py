"""Every key the app and its requests carry, and the state behind them, in one place."""

from collections import OrderedDict, deque
from dataclasses import dataclass, field

from aiohttp import web

from server.settings import Settings


@dataclass
class Counts:
    """Requests in flight now, the most held at once, all those done (`total`), and of
    those the ones given up on (the client hung up before its answer: a timeout, a
    cancelled task)."""

    in_flight: int = 0
    peak_in_flight: int = 0
    total: int = 0
    given_up: int = 0

    def arrive(self) -> int:
        """Count one more request in flight; return the count, this one included."""
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        return self.in_flight

    def leave(self, *, given_up: bool) -> None:
        self.in_flight -= 1
        self.total += 1
        self.given_up += given_up

    def to_json(self) -> dict[str, int]:
        return {
            name: getattr(self, name)
            for name in ("in_flight", "peak_in_flight", "total", "given_up")
        }


@dataclass
class RunCounts(Counts):
    """One client run's own requests (those that carry its RUN_HEADER), and the most the
    server held in all, other clients' included, when one of them arrived."""

    peak_with_others: int = 0

    def to_json(self) -> dict[str, int]:
        return {**super().to_json(), "peak_with_others": self.peak_with_others}


@dataclass
class Stats(Counts):
    """The whole server's counts, and each recent run's own."""

    # the most in flight since the dashboard's last sample, so no burst falls between two
    window_peak: int = 0
    runs: OrderedDict[str, RunCounts] = field(default_factory=OrderedDict)

    KEPT_RUNS = 1000  # the runs a client may still ask about; older ones are forgotten

    def arrive(self) -> int:
        count = super().arrive()
        self.window_peak = max(self.window_peak, count)
        return count

    def run(self, run_id: str) -> RunCounts:
        """A run's counts, new if need be (the oldest idle run makes room)."""
        if (counts := self.runs.get(run_id)) is None:
            if len(self.runs) >= self.KEPT_RUNS:
                idle = next((k for k, c in self.runs.items() if not c.in_flight), None)
                self.runs.pop(idle if idle is not None else next(iter(self.runs)))
            counts = self.runs[run_id] = RunCounts()
        return counts


@dataclass
class Feed:
    """The dashboard's open pages, the samples a new page gets first, and the page itself."""

    pages: set[web.WebSocketResponse] = field(default_factory=set)
    # what a new page gets at once: the last 30 s of samples, five a second
    history: deque[dict[str, float]] = field(default_factory=lambda: deque(maxlen=150))
    html: bytes = b""


SETTINGS = web.AppKey("settings", Settings)
STATS = web.AppKey("stats", Stats)
FEED = web.AppKey("feed", Feed)
IN_FLIGHT_AT_ARRIVAL = web.RequestKey("in_flight_at_arrival", int)
