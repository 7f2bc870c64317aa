"""The whole API on one screen."""

from aiohttp import web

from server import dashboard, views


def setup_routes(app: web.Application) -> None:
    app.add_routes(
        [
            web.route("*", "/delay/{duration}", views.delay, name="delay"),
            web.route("*", "/echo", views.echo, name="echo"),
            web.get("/bytes/{n}", views.random_bytes, name="bytes"),
            # watching the server: not counted in flight (server/middlewares.py)
            web.get("/", dashboard.page, name="dashboard"),
            web.get("/feed", dashboard.feed, name="feed"),
            web.get("/health", views.health, name="health"),
            web.get("/stats", views.stats, name="stats"),
        ]
    )
