"""The application factory: nothing runs at import time."""

from aiohttp import web

from server.dashboard import close_pages, sampler
from server.middlewares import count_in_flight, headers_of_every_answer, json_errors, preflight
from server.routes import setup_routes
from server.settings import Settings
from server.typedefs import FEED, SETTINGS, STATS, Feed, Stats


def create_app(settings: Settings | None = None, stats: Stats | None = None) -> web.Application:
    """The demo server's app; `stats` lets a test watch the counters it keeps."""
    settings = settings or Settings()
    stats = stats if stats is not None else Stats()
    app = web.Application(
        client_max_size=settings.max_body,
        middlewares=[
            json_errors(),
            preflight(),
            count_in_flight(stats, settings.max_in_flight, settings.idle_timeout),
        ],
    )
    app.on_response_prepare.append(headers_of_every_answer)
    app[SETTINGS] = settings
    app[STATS] = stats
    app[FEED] = Feed()
    app.cleanup_ctx.append(sampler)
    app.on_shutdown.append(close_pages)
    setup_routes(app)
    return app
