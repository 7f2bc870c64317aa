"""What `demo-client` shows: a progress bar while a mode runs, the prompt of --step, then
the report (or its JSON). The report's text itself is drawn in client/report.py.
"""

import asyncio
import json
import os
import sys
from typing import IO

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from client.html_report import html_report
from client.records import Report, RequestRecord
from client.report import headline, render, result_line, single_failure, to_json


class Screen:
    """The terminal, as the run goes: the Watcher that client/compare.py calls."""

    def __init__(self, *, color: bool, as_json: bool, timeline: bool, step: bool) -> None:
        # plain text: no colour, and no bold or dim either (a projector washes out dim)
        plain = not color or bool(os.environ.get("NO_COLOR"))
        colors = None if plain else "auto"
        self.out = Console(color_system=colors, highlight=False, soft_wrap=False)
        self.err = Console(stderr=True, color_system=colors, highlight=False, soft_wrap=True)
        self.as_json, self.timeline, self.step = as_json, timeline, step
        # on stderr, on a terminal only; gone when the mode ends
        self.progress = Progress(
            TextColumn("{task.description:<12}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("done, {task.fields[in_flight]:>5} in flight"),
            TimeElapsedColumn(),
            console=self.err,
            transient=True,
            disable=as_json or not self.err.is_terminal,
        )
        self.task = self.progress.add_task("", start=False, in_flight=0)
        self.in_flight = 0
        self.total: int = 0
        self.modes: list[str] = []

    def note(self, text: str) -> None:
        """A line about the run, not part of the report (stderr)."""
        if not self.as_json:
            self.err.print(text)

    def begin(self, report: Report, modes: list[str], note: str | None) -> None:
        """What is about to run, before it runs; `note`: how the run was prepared."""
        self.total, self.modes = len(report.targets), modes
        if note:
            self.note(note)
        if report.embedded:
            self.note(f"started a demo server at {report.server} (no --server given)")
        if not self.as_json:
            self.out.print(headline(report))

    async def before_mode(self, mode: str) -> None:
        if self.step:
            drop_typed_ahead()  # before the prompt: after it, a key is its answer
            self.err.print(f"[bold]next: {mode}[/] (Enter to run it) ", end="")
            await wait_for_enter()
        self.in_flight = 0
        self.progress.reset(self.task, description=mode, total=self.total, start=True, in_flight=0)
        self.progress.start()

    def request_started(self) -> None:
        self.in_flight += 1
        self.progress.update(self.task, in_flight=self.in_flight)

    def request_done(self, record: RequestRecord) -> None:
        self.in_flight -= 1
        self.progress.update(self.task, advance=1, in_flight=self.in_flight)

    def after_mode(self, report: Report) -> None:
        self.progress.stop()
        if self.step and not self.as_json and len(report.results) < len(self.modes):
            self.out.print(result_line(report.results[-1]))  # the whole report comes last

    def show(self, report: Report, html: IO[str] | None) -> None:
        """The report, as text or JSON; and the HTML page if one was asked for. When every
        request failed for one reason, that reason is the whole report (exit 1)."""
        self.progress.stop()  # a mode stopped by Ctrl-C did not reach after_mode
        if not self.as_json and (reason := single_failure(report)):
            which = "every request" if len(report.targets) > 1 else "the request"
            raise click.ClickException(f"{which} failed: {reason}")
        if self.as_json:
            click.echo(json.dumps(to_json(report), indent=2))
        else:
            render(report, self.out, timeline=self.timeline)
        if html is not None:
            with html:
                html.write(html_report(report))
            self.note(f"report written to {html.name}")


async def wait_for_enter() -> None:
    """Wait for a line on stdin without blocking the event loop, so Ctrl-C still works."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    try:
        loop.add_reader(sys.stdin.fileno(), lambda: ready.done() or ready.set_result(None))
    except (NotImplementedError, OSError, ValueError):  # Windows, or no stdin to watch
        await asyncio.to_thread(sys.stdin.readline)
    else:
        try:
            await ready
        finally:
            loop.remove_reader(sys.stdin.fileno())
        sys.stdin.readline()
    if not sys.stdin.isatty():
        click.echo(err=True)  # an Enter that was piped in is not echoed: end the prompt's line


def drop_typed_ahead() -> None:
    """Forget what was typed before the prompt: an Enter pressed while the last mode ran
    is not the speaker's answer to this one."""
    try:
        import termios  # POSIX only
    except ImportError:
        return
    if sys.stdin.isatty():
        termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
