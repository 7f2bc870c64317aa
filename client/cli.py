"""`demo-client`: the same requests one after another, then concurrently, side by side."""

import importlib.util
from contextlib import nullcontext
from typing import IO, TYPE_CHECKING

import click
from click.core import ParameterSource

from client.modes import COMPARE, MODES, width
from client.records import Report
from client.targets import delay_targets, parse_delay, url_targets
from common.cli import OneLineErrors
from common.limits import TooManyFiles, ensure_open_files
from server.embedded import EmbeddedServer
from server.settings import Settings

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable

    from yarl import URL

    from client.records import Target

MODE_SETS = {**{name: [name] for name in MODES}, "compare": list(COMPARE)}
CONTEXT = {"show_default": True, "help_option_names": ["-h", "--help"]}
MODES_HELP = "\b\nModes:\n" + "\n".join(
    [f"  {name:<13}{(mode.__doc__ or '').strip()}" for name, mode in MODES.items()]
    + [f"  {'compare':<13}sequential, then gather"]
)


class DelayRange(click.ParamType):
    name = "SECONDS|LOW-HIGH"

    def convert(self, value: object, param: object, ctx: object) -> tuple[float, float]:
        if isinstance(value, tuple):
            return value
        try:
            return parse_delay(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a delay: use seconds (1, 0.25) or a range (0.5-1.5)")


class ModeNames(click.ParamType):
    """`gather`, or several: `sequential,gather`."""

    name = "MODE"

    def convert(self, value: object, param: object, ctx: object) -> list[str]:
        if isinstance(value, list):
            return value
        names = str(value).split(",")
        for name in names:
            if name not in MODE_SETS:
                self.fail(f"{name!r} is not a mode")
        return names


@click.command("demo-client", cls=OneLineErrors, context_settings=CONTEXT, epilog=MODES_HELP)
@click.option(
    "--mode",
    "modes",
    multiple=True,
    type=ModeNames(),
    help="How to make the requests (modes below); several (--mode sequential,gather or "
    "--mode repeated) to compare them side by side. [default: compare]",
)
@click.option(
    "-n", "--requests", "n", type=click.IntRange(1), default=10, help="How many requests."
)
@click.option(
    "--delay",
    type=DelayRange(),
    default="1",
    help="Server-side wait per request in seconds, or a range such as 0.5-1.5.",
)
@click.option("--seed", type=int, default=0, help="Seed for the delays drawn from a range.")
@click.option(
    "--server",
    envvar="DEMO_SERVER_URL",
    metavar="URL",
    help="A running demo-server. Env: DEMO_SERVER_URL. [default: start one here]",
)
@click.option(
    "--url",
    "urls",
    multiple=True,
    metavar="URL",
    help="Fetch this URL instead of the server's /delay (repeatable).",
)
@click.option(
    "--urls-file",
    type=click.File(encoding="utf-8"),
    help="Fetch the URLs in this file, one a line ('-': stdin).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1),
    help="At most this many at once in the bounded and threads modes. "
    "[default: 5 for bounded, N up to 100 for threads]",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0, min_open=True),
    default=30.0,
    help="Seconds before one request gives up (threads, blocking: urllib's, for each "
    "connect or read).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object with every request's timings, and nothing else.",
)
@click.option("--no-color", is_flag=True, help="Plain text, for projectors that wash colors out.")
@click.option("--no-timeline", is_flag=True, help="Only the table, not the timeline.")
@click.option(
    "--report",
    "report_file",
    type=click.File("w", encoding="utf-8", lazy=False),  # a bad path fails before the run
    metavar="FILE.html",
    help="Also write the run as an HTML page: a timeline per mode, and the table.",
)
@click.option("--step", is_flag=True, help="Wait for Enter before each mode, to talk first.")
@click.option(
    "--loop",
    type=click.Choice(["asyncio", "uvloop"]),
    default="asyncio",
    envvar="DEMO_LOOP",
    help="The client's event loop: asyncio's own, or uvloop (pip install '.[uvloop]'). "
    "Env: DEMO_LOOP.",
)
def main(
    modes: tuple[list[str], ...],
    n: int,
    delay: tuple[float, float],
    seed: int,
    server: str | None,
    urls: tuple[str, ...],
    urls_file: IO[str] | None,
    concurrency: int | None,
    timeout: float,
    as_json: bool,
    no_color: bool,
    no_timeline: bool,
    report_file: IO[str] | None,
    step: bool,
    loop: str,
) -> int:
    """Fetch N slow URLs one after another, then concurrently, and show the speedup.

    With no --server it starts a demo server of its own on a free loopback port,
    so it works with nothing else running and no network.

    Exit status: 0 all requests ok, 1 some failed, 2 usage error, 130 Ctrl-C.
    """
    names = mode_names(modes)
    given_urls = read_urls([*urls, *(urls_file or [])]) if urls or urls_file else None
    if given_urls and (server or explicit("n", "delay", "seed")):
        raise click.UsageError("--url/--urls-file fetch each URL once: no --server, -n or --delay")
    base = server_url(server) if server else None
    if loop == "uvloop" and importlib.util.find_spec("uvloop") is None:
        raise click.UsageError("uvloop is not installed: pip install '.[uvloop]'")
    note = make_room(names, len(given_urls or []) or n, concurrency)
    embedded = None
    if base is None and given_urls is None:
        check_delay(delay[1], Settings.max_delay, "the built-in server")
        embedded = EmbeddedServer().launch()  # it boots while we import

    # imported here, not at the top, so that --help starts fast (no aiohttp, no rich)
    from client import interrupt
    from client.compare import run_modes
    from client.screen import Screen
    from common.tuning import collect_less

    screen = Screen(color=not no_color, as_json=as_json, timeline=not no_timeline, step=step)
    with embedded or nullcontext(base) as url:
        if base:
            check_delay(delay[1], max_delay_of(url, timeout), f"the server at {url}")
        report = Report(
            server=str(url) if url else None,
            embedded=embedded is not None,
            targets=given_urls or delay_targets(url, n, delay, seed),
            loop=loop,
        )
        screen.begin(report, names, note)
        modes_run = run_modes(
            report, names, concurrency=concurrency, request_timeout=timeout, watcher=screen
        )
        collect_less()  # common/tuning.py: the one process-wide tuning, measured
        # asyncio.run(modes_run), except that Ctrl-C returns False (client/interrupt.py)
        report.interrupted = not interrupt.run(modes_run, loop_factory(loop))
    screen.show(report, report_file)
    interrupt.leave(130 if report.interrupted else 1 if report.failed else 0)


def mode_names(modes: tuple[list[str], ...]) -> list[str]:
    """The modes asked for, each once, in order; `compare` is sequential, then gather."""
    asked = [name for names in modes for name in names] or ["compare"]
    return list(dict.fromkeys(mode for name in asked for mode in MODE_SETS[name]))


def make_room(names: list[str], n: int, concurrency: int | None) -> str | None:
    """Enough open files for the widest mode, before the server starts (it inherits the
    limit); a note when the limit was raised."""
    widest = max(width(name, n, concurrency) for name in names)
    try:
        return ensure_open_files(widest)
    except TooManyFiles as exc:
        raise click.ClickException(str(exc)) from None


def read_urls(lines: list[str]) -> "list[Target]":
    try:
        targets = url_targets(lines)
    except UnicodeDecodeError:
        raise click.UsageError("--urls-file must be UTF-8 text") from None
    if not targets:
        raise click.UsageError("no URLs to fetch in --url/--urls-file")
    return targets


def check_delay(delay: float, maximum: float, server: str) -> None:
    """Refuse, before the run, a delay the server would refuse each request for."""
    if delay > maximum:
        raise click.UsageError(f"--delay {delay:g}: {server} allows at most {maximum:g} s")


def explicit(*names: str) -> bool:
    """Whether any of these options was given on the command line or by the environment."""
    ctx = click.get_current_context()
    return any(ctx.get_parameter_source(name) != ParameterSource.DEFAULT for name in names)


def server_url(text: str) -> "URL":
    from yarl import URL

    try:
        url = URL(text)
        if url.scheme in ("http", "https") and url.host and url.port:
            return url
    except ValueError:
        pass
    raise click.UsageError(
        f"--server must be an http:// URL, such as http://HOST:8080, not {text!r}"
    )


def max_delay_of(server: "URL", timeout: float) -> float:
    """The server's longest /delay, from its /health; one line and exit 1 if none answers."""
    import json
    import urllib.error
    import urllib.request

    from client.fetch import describe

    try:
        with urllib.request.urlopen(str(server / "health"), timeout=min(timeout, 5)) as answer:
            return float(json.load(answer).get("max_delay", float("inf")))
    except urllib.error.HTTPError as exc:
        raise click.ClickException(
            f"no demo server at {server}: GET /health answered {exc.code}"
        ) from None
    except (OSError, ValueError) as exc:
        reason = describe(exc, timeout)
        raise click.ClickException(f"cannot reach the server at {server}: {reason}") from None


def loop_factory(name: str) -> "Callable[[], asyncio.AbstractEventLoop] | None":
    """None: asyncio's own loop; or uvloop's, if the option asked for it."""
    if name == "uvloop":
        import uvloop

        return uvloop.new_event_loop
    return None
