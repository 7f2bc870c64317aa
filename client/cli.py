"""`demo-client`: the same requests one after another, then concurrently, side by side."""

import asyncio
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import IO

import aiohttp
import click
from click.core import ParameterSource
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from yarl import URL

from client.fetch import describe
from client.harness import run_modes
from client.html_report import html_report
from client.limits import TooManyFiles, ensure_open_files
from client.modes import COMPARE, MODES
from client.records import RequestRecord
from client.report import Report, headline, render, seconds, to_json
from client.targets import delay_targets, parse_delay, url_targets
from server.clitools import OneLineErrors
from server.embedded import EmbeddedServer
from server.settings import Settings

MODE_NAMES = [*MODES, "compare"]
CONTEXT = {"show_default": True, "help_option_names": ["-h", "--help"]}
MODES_HELP = "\b\nModes:\n" + "\n".join(
    [f"  {name:<13}{mode.help}" for name, mode in MODES.items()]
    + [f"  {'compare':<13}sequential, then gather"]
)
MAX_EMITTED = 30  # as-completed prints each result as it comes, up to this many


class DelayRange(click.ParamType):
    name = "SECONDS|LOW-HIGH"

    def convert(self, value: object, param: object, ctx: object) -> tuple[float, float]:
        if isinstance(value, tuple):
            return value
        try:
            return parse_delay(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a delay: use seconds (1, 0.25) or a range (0.5-1.5)")


@click.command("demo-client", cls=OneLineErrors, context_settings=CONTEXT, epilog=MODES_HELP)
@click.option(
    "--mode",
    "modes",
    multiple=True,
    type=click.Choice(MODE_NAMES),
    metavar="MODE",
    help="How to make the requests (modes below); repeat it to compare modes side by side. "
    "[default: compare]",
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
    help="Seconds before one request gives up.",
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
def main(
    modes: tuple[str, ...],
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
) -> int:
    """Fetch N slow URLs one after another, then concurrently, and show the speedup.

    With no --server it starts a demo server of its own on a free loopback port,
    so it works with nothing else running and no network.

    Exit status: 0 all requests ok, 1 some failed, 2 usage error, 130 Ctrl-C.
    """
    names = [m for mode in modes or ["compare"] for m in (COMPARE if mode == "compare" else [mode])]
    names = list(dict.fromkeys(names))  # in order, once each
    color = None if not no_color else True  # None: rich also honours NO_COLOR
    show = Show(
        out=Console(no_color=color, highlight=False, soft_wrap=False),
        err=Console(stderr=True, no_color=color, highlight=False, soft_wrap=True),
        as_json=as_json,
        timeline=not no_timeline,
        report_file=report_file,
        step=step,
    )
    if (urls or urls_file) and (server or explicit("n", "delay", "seed")):
        raise click.UsageError("--url/--urls-file fetch each URL once: no --server, -n or --delay")
    with ExitStack() as stack:
        if urls or urls_file:
            try:
                targets = url_targets([*urls, *(urls_file or [])])
            except UnicodeDecodeError:
                raise click.UsageError("--urls-file must be UTF-8 text") from None
            if not targets:
                raise click.UsageError("no URLs to fetch in --url/--urls-file")
            make_room(names, len(targets), concurrency, show)
            report = Report(None, False, targets, [])
        else:
            make_room(names, n, concurrency, show)  # before the server: it inherits the limit
            if server:
                base = server_url(server)
                asyncio.run(check_reachable(base, timeout))
            else:  # start one, which accepts any delay asked for
                embedded = EmbeddedServer(max_delay=max(Settings.max_delay, delay[1]))
                base = stack.enter_context(embedded)
                if not as_json:
                    show.err.print(f"started a demo server at {base} (no --server given)")
            report = Report(str(base), not server, delay_targets(base, n, delay, seed), [])
        return run(report, names, concurrency, timeout, show)


def make_room(names: list[str], n: int, concurrency: int | None, show: "Show") -> None:
    """Enough open files for the widest mode's connections, or a clear error now."""
    widest = max(MODES[name].width(n, concurrency) for name in names)
    try:
        note = ensure_open_files(widest)
    except TooManyFiles as exc:
        raise click.ClickException(str(exc)) from None
    if note and not show.as_json:
        show.err.print(note)


def explicit(*names: str) -> bool:
    """Whether any of these options was given on the command line or by the environment."""
    ctx = click.get_current_context()
    return any(ctx.get_parameter_source(name) != ParameterSource.DEFAULT for name in names)


def server_url(text: str) -> URL:
    try:
        url = URL(text)
        if url.scheme in ("http", "https") and url.host and url.port:
            return url
    except ValueError:
        pass
    raise click.UsageError(
        f"--server must be an http:// URL, such as http://HOST:8080, not {text!r}"
    )


@dataclass(frozen=True)
class Show:
    """Where and how the run is shown."""

    out: Console
    err: Console
    as_json: bool
    timeline: bool
    report_file: IO[str] | None
    step: bool


def run(
    report: Report, names: list[str], concurrency: int | None, timeout: float, show: Show
) -> int:
    """Run the modes, then print the report; the exit status."""
    if not show.as_json:
        show.out.print(headline(report))  # what is about to run, before it runs
    with progress_display(show.err, enabled=not show.as_json) as progress:
        task_id = progress.add_task("", total=len(report.targets))

        async def on_start(name: str) -> None:
            if show.step:
                progress.stop()  # no bar drawn over the prompt
                show.err.print(f"[bold]next: {name}[/] (Enter to run it) ", end="")
                await wait_for_enter()
                progress.start()
            progress.reset(task_id, description=name, total=len(report.targets))

        def on_done(record: RequestRecord) -> None:
            progress.advance(task_id)

        def emit(record: RequestRecord) -> None:
            if not show.as_json and len(report.targets) <= MAX_EMITTED:
                progress.console.print(
                    f"  #{record.index + 1} done at {seconds(record.end)}"
                    + (f" (delay {seconds(record.delay)})" if record.delay is not None else "")
                    + (f": {record.error}" if record.error else "")
                )

        report.results = asyncio.run(
            run_modes(
                names,
                report.targets,
                concurrency=concurrency,
                request_timeout=timeout,
                on_start=on_start,
                on_done=on_done,
                emit=emit,
            )
        )
    if show.as_json:
        click.echo(json.dumps(to_json(report), indent=2))
    else:
        render(report, show.out, timeline=show.timeline)
    if show.report_file is not None:
        with show.report_file as f:
            f.write(html_report(report))
        show.err.print(f"report written to {show.report_file.name}")
    if report.interrupted:
        return 130
    return 1 if any(r.failed for r in report.results) else 0


async def wait_for_enter() -> None:
    """Wait for a line on stdin without blocking the event loop, so Ctrl-C still works."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    try:
        fd = sys.stdin.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
    except (NotImplementedError, OSError, ValueError):  # Windows, or stdin not a terminal
        sys.stdin.readline()
        click.echo(err=True)  # a piped Enter is not echoed: end the prompt's line
        return
    try:
        await ready
    finally:
        loop.remove_reader(fd)
    sys.stdin.readline()


@contextmanager
def progress_display(console: Console, enabled: bool) -> Iterator[Progress]:
    """A progress bar on stderr, shown only on a terminal; gone when the run ends."""
    progress = Progress(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not (enabled and console.is_terminal),
    )
    with progress:
        yield progress


async def check_reachable(server: URL, request_timeout: float) -> None:
    """Fail in one line, before any timing, if nothing answers at the server's /health."""
    try:
        async with (
            aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=min(request_timeout, 5))
            ) as s,
            s.get(server / "health") as response,
        ):
            response.raise_for_status()
    except aiohttp.ClientResponseError as exc:
        raise click.ClickException(
            f"no demo server at {server}: GET /health answered {exc.status}"
        ) from None
    except (aiohttp.ClientError, TimeoutError) as exc:
        reason = describe(exc, request_timeout)
        raise click.ClickException(f"cannot reach the server at {server}: {reason}") from None
