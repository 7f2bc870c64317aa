"""Run the modes and show them: the progress while they run, then the report.

Imported by the CLI only when it runs, so that `demo-client --help` starts fast.
"""

import asyncio
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import IO, Literal

import aiohttp
import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from yarl import URL

from client.fetch import describe
from client.harness import run_modes
from client.html_report import html_report
from client.records import RequestRecord, Target
from client.report import Report, headline, render, seconds, to_json
from client.targets import delay_targets
from server.embedded import EmbeddedServer

MAX_EMITTED = 30  # as-completed prints each result as it comes, up to this many


@dataclass(frozen=True)
class Plan:
    """What to run, as the command line asked for it."""

    modes: list[str]
    n: int
    delay: tuple[float, float]
    seed: int
    server: URL | None  # a server named on the command line
    embedded: EmbeddedServer | None  # or one started here
    urls: list[Target] | None  # given URLs, instead of the server's /delay
    concurrency: int | None
    timeout: float
    loop: str = "asyncio"  # or "uvloop"


@dataclass(frozen=True)
class Show:
    """Where and how the run is shown."""

    out: Console
    err: Console
    as_json: bool
    timeline: bool
    report_file: IO[str] | None
    step: bool

    @classmethod
    def make(
        cls, no_color: bool, as_json: bool, timeline: bool, report: IO[str] | None, step: bool
    ) -> "Show":
        # plain text: no colour, and no bold or dim either (a projector washes out dim)
        plain = no_color or bool(os.environ.get("NO_COLOR"))
        colors: Literal["auto"] | None = None if plain else "auto"
        return cls(
            out=Console(color_system=colors, highlight=False, soft_wrap=False),
            err=Console(stderr=True, color_system=colors, highlight=False, soft_wrap=True),
            as_json=as_json,
            timeline=timeline,
            report_file=report,
            step=step,
        )


def present(plan: Plan, show: Show) -> int:
    """Find or start the server, run the modes, show the report; the exit status."""
    with ExitStack() as stack:
        if plan.urls is not None:
            report = Report(None, False, plan.urls, [], plan.loop)
        else:
            if plan.embedded is not None:
                base = stack.enter_context(plan.embedded)
                if not show.as_json:
                    show.err.print(f"started a demo server at {base} (no --server given)")
            else:
                assert plan.server is not None
                base = plan.server
                asyncio.run(check_reachable(base, plan.timeout))
            targets = delay_targets(base, plan.n, plan.delay, plan.seed)
            report = Report(str(base), plan.embedded is not None, targets, [], plan.loop)
        return run(report, plan.modes, plan.concurrency, plan.timeout, show)


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

        async def measure() -> None:
            # kept as soon as they exist: a Ctrl-C as the loop winds down, which asyncio
            # raises as KeyboardInterrupt, loses none of them
            report.results = await run_modes(
                names,
                report.targets,
                concurrency=concurrency,
                request_timeout=timeout,
                on_start=on_start,
                on_done=on_done,
                emit=emit,
            )

        measuring = measure()
        late_ctrl_c = False
        try:
            with asyncio.Runner(loop_factory=loop_factory(report.loop)) as runner:
                runner.run(measuring)
        except KeyboardInterrupt:
            if not report.results:
                raise
            late_ctrl_c = True
        finally:
            measuring.close()  # Ctrl-C before it started: no "never awaited" warning
    if show.as_json:
        click.echo(json.dumps(to_json(report), indent=2))
    else:
        render(report, show.out, timeline=show.timeline)
    if show.report_file is not None:
        with show.report_file as f:
            f.write(html_report(report))
        show.err.print(f"report written to {show.report_file.name}")
    if report.interrupted or late_ctrl_c:
        return 130
    return 1 if any(r.failed for r in report.results) else 0


def loop_factory(name: str) -> Callable[[], asyncio.AbstractEventLoop] | None:
    """None: asyncio's own loop; or uvloop's, if the option asked for it."""
    if name == "uvloop":
        import uvloop

        return uvloop.new_event_loop
    return None


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
