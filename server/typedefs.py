"""Every key the app and its requests carry, and the state behind them, in one place."""

from collections import deque
from dataclasses import dataclass, field

from aiohttp import web

from server.settings import Settings


@dataclass
class Stats:
    """The requests in flight now, the most ever held at once, and the total served."""

    in_flight: int = 0
    peak_in_flight: int = 0
    total: int = 0
    # the most in flight since the dashboard's last sample, so no burst falls between two
    window_peak: int = 0

    def arrive(self) -> int:
        """Count one more request in flight; return the count, this one included."""
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        self.window_peak = max(self.window_peak, self.in_flight)
        return self.in_flight

    def leave(self) -> None:
        self.in_flight -= 1
        self.total += 1


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
