"""How the app is served: the same by demo-server (web.run_app) and the embedded server
(web.AppRunner)."""

import socket
from typing import Any

from yarl import URL

from server.settings import Settings


def listen(settings: Settings) -> socket.socket:
    """A socket listening on the settings' host and port (0: a free one); OSError if not."""
    return socket.create_server(
        (settings.host, settings.port),
        family=socket.AF_INET6 if ":" in settings.host else socket.AF_INET,
        backlog=settings.backlog,
    )


def url_of(sock: socket.socket) -> URL:
    host, port = sock.getsockname()[:2]
    return URL.build(scheme="http", host=host, port=port)


def run_options(settings: Settings) -> dict[str, Any]:
    """What aiohttp is told, by web.run_app and web.AppRunner alike."""
    return {
        # a client that hangs up stops its handler (and its /delay wait)
        "handler_cancellation": True,
        # on shutdown, requests in flight may run to the longest delay allowed
        "shutdown_timeout": settings.max_delay + 1,
        # a connection idle this long, before its first request too, is closed
        "keepalive_timeout": settings.idle_timeout,
        "access_log": None,
        # after an answer, the rest of an unread body is drained for this long, then the
        # connection is closed: long enough for an upload past --max-body to read its 413,
        # short enough that a client stalled mid-body (408) is not held on to (default 10 s)
        "lingering_time": 2.0,
    }
