"""Every key the app and its requests carry, declared in one place."""

from dataclasses import dataclass

from aiohttp import web

from server.settings import Settings


@dataclass
class Stats:
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


SETTINGS = web.AppKey("settings", Settings)
STATS = web.AppKey("stats", Stats)
IN_FLIGHT_AT_ARRIVAL = web.RequestKey("in_flight_at_arrival", int)
