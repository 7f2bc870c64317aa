"""The whole API on one screen."""

from aiohttp import web

from server import dashboard, views
from server.counting import counting
from server.typedefs import SETTINGS, STATS


def setup_routes(app: web.Application) -> None:
    counted = counting(app[STATS], app[SETTINGS].max_in_flight)
    app.add_routes(
        [
            # counted: in flight until answered (not the dashboard, /health or /stats)
            web.route("*", "/delay/{duration}", counted(views.delay), name="delay"),
            web.route("*", "/echo", counted(views.echo), name="echo"),
            web.get("/bytes/{n}", counted(views.random_bytes), name="bytes"),
            web.get("/", dashboard.page, name="dashboard"),
            web.get("/feed", dashboard.feed, name="feed"),
            web.get("/health", views.health, name="health"),
            web.get("/stats", views.stats, name="stats"),
        ]
    )
