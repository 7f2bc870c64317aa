"""`demos present`: the talk, full-screen, one slide at a time; a key runs the
slide's demo in place and its output appears under the title as it comes.

Built on prompt_toolkit (keys, resizing, the alternate screen, and putting the
terminal back however the presenter ends) and rich (the code's highlighting).
"""

import asyncio
import io
import os
import re
import signal
import subprocess
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import (
    ANSI,
    StyleAndTextTuples,
    to_formatted_text,
)
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output import ColorDepth
from prompt_toolkit.styles import Style
from rich.console import Console
from rich.syntax import Syntax

from demos import notes
from demos.listing import Page
from demos.slides import ROOT, WIDTH, Slide

KEYS = (
    ("→  space  PgDn", "next slide"),
    ("←  PgUp", "back"),
    ("Enter  r", "run the slide's demo, here"),
    ("Ctrl-C", "stop the run; stay on the slide"),
    ("7 G", "go to demo 7 (a number, then G)"),
    ("Home  End", "the first slide, the last"),
    ("?", "these keys"),
    ("q", "quit"),
)
FOOTER_KEYS = "→ next  ← back  r run  ? keys  q quit"
PATIENCE = 5.0  # seconds a stopped demo has to clean up before it is killed
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass
class Running:
    """One run of a slide's demo: what it printed so far, and how it ended."""

    started: float = field(default_factory=time.monotonic)
    lines: list[tuple[str, str]] = field(default_factory=list)  # (style, text)
    process: asyncio.subprocess.Process | None = None
    stopping: bool = False  # Ctrl-C: its stderr is dropped from then on
    ended: str = ""  # `done in 2.01 s`, `failed: exit status 1 after 0.20 s`

    def took(self) -> str:
        return f"{time.monotonic() - self.started:.2f} s"


class Presenter:
    """The slides, the one on screen, and the demo running on it, if any."""

    def __init__(self, slides: list[Slide], start: int, color: bool) -> None:
        self.slides = slides
        self.index = start
        self.color = color
        self.began = time.monotonic()
        self.digits = ""  # typed before G
        self.help = False
        self.running: Running | None = None
        self.code_cache: dict[int, StyleAndTextTuples] = {}
        self.app: Application[None] = Application(
            layout=Layout(
                HSplit(
                    [
                        Window(FormattedTextControl(self.header), height=1),
                        Window(
                            FormattedTextControl(self.body), wrap_lines=False
                        ),
                        Window(FormattedTextControl(self.footer), height=1),
                    ]
                )
            ),
            key_bindings=self.keys(),
            full_screen=True,
            refresh_interval=0.5,  # the clock in the footer, a run's time
            style=Style.from_dict(
                {
                    "title": "reverse bold",
                    "footer": "reverse",
                    "heading": "bold",
                    "command": "bold",
                    "status": "bold",
                    "error": "ansired" if color else "",
                }
            ),
            color_depth=None if color else ColorDepth.DEPTH_1_BIT,
        )

    # what the room sees

    def header(self) -> StyleAndTextTuples:
        width = self.app.output.get_size().columns
        title = self.slide.title
        if self.slide.page is None and self.slide.run is None:
            # a part's title slide: its heading is the slide; up here, where
            # the part stands in the talk
            names = list(dict.fromkeys(slide.part for slide in self.slides))
            where = names.index(self.slide.part) + 1
            title = f"part {where} of {len(names)}"
        return [("class:title", f" {title}"[:width].ljust(width))]

    def footer(self) -> StyleAndTextTuples:
        width = self.app.output.get_size().columns
        minutes, seconds = divmod(int(time.monotonic() - self.began), 60)
        clock = f"{minutes:02}:{seconds:02}"
        count = f"{self.index + 1}/{len(self.slides)}"
        where = f" {self.slide.label} · {count} · {clock}"
        right = (
            f"go to demo {self.digits}_ (G)" if self.digits else FOOTER_KEYS
        )
        gap = max(1, width - len(where) - len(right) - 1)
        return [
            (
                "class:footer",
                f"{where}{' ' * gap}{right} "[:width].ljust(width),
            )
        ]

    def body(self) -> StyleAndTextTuples:
        rows = self.app.output.get_size().rows - 2
        if self.help:
            return keys_text()
        slide, run = self.slide, self.running
        if slide.page is not None:
            above = self.code(slide.page)
        elif slide.run is not None:
            above = [
                ("", "\n"),
                *(("", f"  {line}\n") for line in slide.words),
                ("class:command", f"\n  {slide.run.shown}\n"),
            ]
        else:
            above = title_text(slide, rows)
        if run is None:
            return above
        output = self.output(run, slide)
        used = sum(text.count("\n") for _, text in above)
        # decided on what the run is known to print (its sample run, the
        # command, the status), so the code does not vanish mid-run
        expected = len(slide.expect.splitlines()) + 2
        if used + 1 + max(len(output), expected) <= rows:
            return [*above, ("", "\n"), *flatten(output)]
        # code and output do not fit together: the output, its last lines
        return flatten(output[-rows:])

    def code(self, page: Page) -> StyleAndTextTuples:
        if self.index not in self.code_cache:
            self.code_cache[self.index] = highlighted(page, self.color)
        return self.code_cache[self.index]

    def output(self, run: Running, slide: Slide) -> list[tuple[str, str]]:
        assert slide.run is not None
        lines = [("class:command", slide.run.shown), *run.lines]
        if run.ended:
            status = run.ended
        elif run.stopping:
            status = f"stopping (Ctrl-C) after {run.took()}"
        else:
            status = f"running {run.took()}: {slide.run.measures}"
        lines.append(("class:status", status))
        return lines

    @property
    def slide(self) -> Slide:
        return self.slides[self.index]

    # what the speaker does

    def keys(self) -> KeyBindings:
        keys = KeyBindings()
        actions: dict[tuple[str, ...], Callable[[], object]] = {
            ("right", " ", "pagedown"): lambda: self.go(self.index + 1),
            ("left", "pageup"): lambda: self.go(self.index - 1),
            ("home",): lambda: self.go(0),
            ("end",): lambda: self.go(len(self.slides) - 1),
            ("enter", "r"): self.run,
            ("c-c",): self.interrupt,
            ("?",): self.toggle_help,
            ("q",): lambda: self.app.create_background_task(self.quit()),
            ("G",): self.jump,
            ("escape",): self.forget_digits,
        }
        for names, action in actions.items():
            for name in names:
                keys.add(name)(lambda event, act=action: act())
        for digit in "0123456789":
            keys.add(digit)(self.digit)
        return keys

    def go(self, index: int) -> None:
        index = max(0, min(index, len(self.slides) - 1))
        self.digits, self.help = "", False
        if index != self.index:
            self.leave()
            self.index = index
            notes.tell(index)

    def leave(self) -> None:
        """Moving on ends the run on screen (a demo still going is stopped)."""
        if self.running is not None and self.running.ended == "":
            self.app.create_background_task(stop(self.running))
        self.running = None

    def digit(self, event: KeyPressEvent) -> None:
        self.digits = (self.digits + event.data)[-2:]

    def forget_digits(self) -> None:
        self.digits, self.help = "", False

    def jump(self) -> None:
        wanted = int(self.digits) if self.digits else None
        if wanted is None:
            self.go(len(self.slides) - 1)  # G alone: the end, as in less
            return
        for index, slide in enumerate(self.slides):
            if slide.demo == wanted:
                self.go(index)
                return
        self.digits = ""  # no such demo: stay

    def toggle_help(self) -> None:
        self.help = not self.help

    def run(self) -> None:
        if self.slide.run is None or (self.running and not self.running.ended):
            return
        self.help = False
        self.running = Running()
        self.app.create_background_task(self.watch(self.running, self.slide))

    def interrupt(self) -> None:
        """Ctrl-C stops the run and leaves the speaker on the slide; with
        nothing running it does nothing: only q leaves the talk."""
        if self.running is not None and not self.running.ended:
            self.app.create_background_task(stop(self.running))

    async def quit(self) -> None:
        if self.running is not None and not self.running.ended:
            await stop(self.running)
        self.app.exit()

    async def watch(self, run: Running, slide: Slide) -> None:
        """Run the slide's demo in a session of its own (Ctrl-C here reaches
        only the presenter, which then stops it and all it started), and
        relay what it prints as it prints it."""
        assert slide.run is not None
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if not self.color:
            env["NO_COLOR"] = "1"
        try:
            run.process = await asyncio.create_subprocess_exec(
                *slide.run.argv,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as error:
            run.ended = f"could not start: {error.strerror or error}"
            self.app.invalidate()
            return
        assert (
            run.process.stdout is not None and run.process.stderr is not None
        )
        await asyncio.gather(
            self.relay(run, run.process.stdout, ""),
            self.relay(run, run.process.stderr, "class:error"),
        )
        status = await run.process.wait()
        if run.stopping:
            run.ended = f"stopped by Ctrl-C after {run.took()}"
        elif status == 0:
            run.ended = f"done in {run.took()}"
        else:
            run.ended = f"failed: exit status {status} after {run.took()}"
        self.app.invalidate()

    async def relay(
        self, run: Running, stream: asyncio.StreamReader, style: str
    ) -> None:
        while line := await stream.readline():
            if run.stopping and style:
                continue  # the interrupt's traceback: not for the room
            text = line.decode("utf-8", "replace").rstrip("\r\n").expandtabs()
            text = _ESCAPES.sub("", text).rpartition("\r")[
                2
            ]  # a progress bar's last state
            run.lines.append((style, text))
            self.app.invalidate()


async def stop(run: Running) -> None:
    """Interrupt the demo's process group, as Ctrl-C would; kill it if it
    will not stop (`with` blocks clean up on the interrupt: a server, a
    temporary file)."""
    run.stopping = True
    process = run.process
    if process is None or process.returncode is not None:
        return
    for sig, patience in ((signal.SIGINT, PATIENCE), (signal.SIGKILL, None)):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), patience)
            return


def highlighted(page: Page, color: bool) -> StyleAndTextTuples:
    """The page's code as rich highlights it, the key lines standing out:
    bold on a dark bar in color, in reverse video without."""
    above = [page.context] if page.context else []
    syntax = Syntax(
        "\n".join([*above, *page.lines]),
        "python",
        theme="ansi_dark",
        background_color="default",
        word_wrap=False,
    )
    key_style = "bold on grey30" if color else "reverse"
    for index in page.key:
        line = page.lines[index]
        indent = len(line) - len(line.lstrip())
        row = index + 1 + len(above)  # rich counts lines from 1
        syntax.stylize_range(key_style, (row, indent), (row, len(line)))
    if above:
        syntax.stylize_range("dim", (1, 0), (1, len(page.context)))
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=WIDTH,
        force_terminal=True,
        color_system="256",
        no_color=not color,  # bold and reverse stay
        highlight=False,
    )
    console.print(syntax, crop=True, soft_wrap=False)
    return to_formatted_text(ANSI(buffer.getvalue()))


def title_text(slide: Slide, rows: int) -> StyleAndTextTuples:
    """A part's title slide: its heading and words, just above the middle."""
    lines = 2 + len(slide.words)
    top = max(0, (rows - lines) // 2 - 1)
    text: StyleAndTextTuples = [
        ("", "\n" * top),
        ("class:heading", f"    {slide.title}\n\n"),
    ]
    text.extend(("", f"    {line}\n") for line in slide.words)
    return text


def keys_text() -> StyleAndTextTuples:
    text: StyleAndTextTuples = [("class:heading", "\n  Keys\n\n")]
    text.extend(("", f"  {keys:<18}{what}\n") for keys, what in KEYS)
    text.append(("", "\n  ? or Esc: back to the slide\n"))
    return text


def flatten(lines: list[tuple[str, str]]) -> StyleAndTextTuples:
    return [(style, f"{text}\n") for style, text in lines]


def present(slides: list[Slide], start: int, color: bool) -> None:
    """Give the talk from slide `start`, until q."""
    presenter = Presenter(slides, start, color)
    notes.tell(start)
    try:
        presenter.app.run()
    finally:
        running = presenter.running
        if (
            running is not None
            and running.process
            and running.process.returncode is None
        ):
            with suppress(
                ProcessLookupError
            ):  # an exception ended the talk mid-run
                os.killpg(running.process.pid, signal.SIGKILL)
