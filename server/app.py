"""The application factory: nothing runs at import time."""

from aiohttp import web

from server.dashboard import FEED, Feed, close_pages, sampler
from server.routes import setup_routes
from server.settings import Settings
from server.typedefs import SETTINGS, STATS, Stats


def create_app(settings: Settings | None = None, stats: Stats | None = None) -> web.Application:
    settings = settings or Settings()
    # no middlewares: errors get their JSON shape in server/protocol.py, and the counted
    # routes are marked in server/routes.py
    app = web.Application(client_max_size=settings.max_body)
    app[SETTINGS] = settings
    # the counted routes hold this Stats (server/routes.py): pass another here, not later
    app[STATS] = stats if stats is not None else Stats()
    app[FEED] = Feed()
    app.cleanup_ctx.append(sampler)
    app.on_shutdown.append(close_pages)
    setup_routes(app)
    return app
