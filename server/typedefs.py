"""Every key the app and its requests carry, declared in one place."""

from dataclasses import dataclass

from aiohttp import web

from server.settings import Settings


@dataclass
class Stats:
    in_flight: int = 0
    peak_in_flight: int = 0
    total: int = 0


SETTINGS = web.AppKey("settings", Settings)
STATS = web.AppKey("stats", Stats)
IN_FLIGHT_AT_ARRIVAL = web.RequestKey("in_flight_at_arrival", int)
ARRIVED_AT = web.RequestKey("arrived_at", float)
