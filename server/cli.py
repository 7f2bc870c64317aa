"""`demo-server`: run the demo server until Ctrl-C or SIGTERM."""

import asyncio
import logging
import os
import signal
from contextlib import suppress

import click
from aiohttp import web
from click.core import ParameterSource

from common.cli import OneLineErrors, os_reason
from common.limits import room_for
from common.tuning import collect_less
from server import hardening
from server.app import create_app
from server.serving import listen, run_options, url_of
from server.settings import Settings
from server.typedefs import STATS

DEFAULTS = Settings()
DEFAULTED = (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)


@click.command(
    "demo-server",
    cls=OneLineErrors,
    context_settings={"show_default": True, "help_option_names": ["-h", "--help"]},
)
@click.option(
    "--host",
    default=DEFAULTS.host,
    envvar="DEMO_HOST",
    help="Address to listen on (0.0.0.0: every interface). Env: DEMO_HOST.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULTS.port,
    envvar="DEMO_PORT",
    help="Port to listen on (0: any free one). Env: DEMO_PORT.",
)
@click.option(
    "--max-delay",
    type=click.FloatRange(0),
    default=DEFAULTS.max_delay,
    envvar="DEMO_MAX_DELAY",
    help="Longest /delay, in seconds. Env: DEMO_MAX_DELAY.",
)
@click.option(
    "--max-body",
    type=click.IntRange(0),
    default=DEFAULTS.max_body,
    envvar="DEMO_MAX_BODY",
    help="Largest request body, in bytes. Env: DEMO_MAX_BODY.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(0),
    default=DEFAULTS.max_bytes,
    envvar="DEMO_MAX_BYTES",
    help="Largest /bytes/{n}. Env: DEMO_MAX_BYTES.",
)
@click.option(
    "--max-in-flight",
    type=click.IntRange(1),
    default=DEFAULTS.max_in_flight,
    envvar="DEMO_MAX_IN_FLIGHT",
    help="Beyond this many requests in flight, answer 503. Env: DEMO_MAX_IN_FLIGHT.",
)
@click.option(
    "--idle-timeout",
    type=click.FloatRange(0, min_open=True),
    default=DEFAULTS.idle_timeout,
    envvar="DEMO_IDLE_TIMEOUT",
    help="Close a connection that sends no complete request for this long. Env: DEMO_IDLE_TIMEOUT.",
)
def main(
    host: str,
    port: int,
    max_delay: float,
    max_body: int,
    max_bytes: int,
    max_in_flight: int,
    idle_timeout: float,
) -> int:
    """Serve the asyncio demo: /delay/{seconds}, /echo, /bytes/{n}, httpbin's endpoints
    (/get, /post, /status/{codes}, /stream/{n}, /drip...), /health, /stats and a dashboard.

    Ctrl-C or SIGTERM stops it, letting the requests in flight finish.
    """
    logging.basicConfig(format="demo-server: %(levelname)s %(message)s")
    # each request in flight holds a socket: the cap must fit in the open-file limit, or
    # the server would run out of files (accept fails) before it ever answered 503
    fits = room_for(max_in_flight)
    if fits < max_in_flight:
        if click.get_current_context().get_parameter_source("max_in_flight") not in DEFAULTED:
            click.echo(
                f"demo-server: at most {fits} requests in flight, not {max_in_flight}: "
                "the open-file limit (ulimit -n) allows no more",
                err=True,
            )
        max_in_flight = fits
    settings = Settings(
        host=host,
        port=port,
        max_delay=max_delay,
        max_body=max_body,
        max_bytes=max_bytes,
        max_in_flight=max_in_flight,
        idle_timeout=idle_timeout,
    )
    return serve(settings)


def serve(settings: Settings) -> int:
    """Serve until Ctrl-C or SIGTERM (aiohttp's run_app); a second Ctrl-C stops at once."""
    try:
        sock = listen(settings)
    except OSError as exc:
        where = f"{settings.host}:{settings.port}"
        click.echo(f"demo-server: cannot listen on {where}: {os_reason(exc)}", err=True)
        return 1
    app = create_app(settings)
    hardening.harden(app)
    collect_less()  # common/tuning.py: the one process-wide tuning, measured
    app.on_shutdown.append(say_stopping)
    web.run_app(
        app,
        sock=sock,
        backlog=settings.backlog,
        print=lambda _: click.echo(
            f"demo-server listening on {url_of(sock)} (dashboard at /, Ctrl-C to stop)"
        ),
        **run_options(settings),
    )
    click.echo("demo-server stopped")
    return 0


async def say_stopping(app: web.Application) -> None:
    """on_shutdown: say what may still finish; from now on a second Ctrl-C stops at once."""
    if in_flight := app[STATS].in_flight:
        click.echo(f"demo-server stopping: {in_flight} in flight may finish (Ctrl-C again: now)")
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError):  # Windows: no signal handlers on the loop
            loop.add_signal_handler(sig, stop_now)


def stop_now() -> None:
    """The speaker will not wait: leave without the graceful part."""
    click.echo("demo-server stopped at once")
    os._exit(130)
