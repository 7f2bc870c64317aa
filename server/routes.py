"""The whole API on one screen."""

from aiohttp import web

from server import dashboard, views

# the routes whose requests count as "in flight" (not the dashboard, /health or /stats)
COUNTED = frozenset({"delay", "echo", "bytes"})


def setup_routes(app: web.Application) -> None:
    app.add_routes(
        [
            web.route("*", "/delay/{duration}", views.delay, name="delay"),
            web.route("*", "/echo", views.echo, name="echo"),
            web.get("/bytes/{n}", views.random_bytes, name="bytes"),
            web.get("/", dashboard.page, name="dashboard"),
            web.get("/feed", dashboard.feed, name="feed"),
            web.get("/health", views.health, name="health"),
            web.get("/stats", views.stats, name="stats"),
        ]
    )
