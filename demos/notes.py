"""Speaker notes in a second terminal that follows the first: `demos present
--notes`. The presenter says which slide is on screen in a small local file;
the notes window reads it a few times a second. Neither waits for the other,
and no network is involved."""

import getpass
import json
import os
import tempfile
import textwrap
from contextlib import suppress
from pathlib import Path

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output import ColorDepth
from prompt_toolkit.styles import Style

from demos.slides import Slide


def state_file() -> Path:
    """Where the presenter says which slide is on screen (DEMOS_NOTES_FILE,
    or one file per user in the temporary folder)."""
    default = (
        Path(tempfile.gettempdir()) / f"demos-present-{getpass.getuser()}.json"
    )
    return Path(os.environ.get("DEMOS_NOTES_FILE") or default)


def tell(index: int) -> None:
    """Note that slide `index` is on screen. Written whole or not at all (a
    rename), and a failure to write never stops the talk: notes are a help."""
    path = state_file()
    with suppress(OSError):
        partial = path.with_name(f"{path.name}.{os.getpid()}")
        partial.write_text(json.dumps({"slide": index}), encoding="utf-8")
        os.replace(partial, path)


def on_screen() -> int | None:
    """The slide the presenter shows, or None when none has said yet."""
    with suppress(OSError, ValueError, KeyError, TypeError):
        return int(
            json.loads(state_file().read_text(encoding="utf-8"))["slide"]
        )
    return None


def notes_text(
    slides: list[Slide], index: int | None, width: int
) -> StyleAndTextTuples:
    """What the speaker reads: where the talk is, what to say, what the run
    should show, and what comes next."""
    if index is None or not 0 <= index < len(slides):
        return [
            ("", "\n  waiting for `demos present` in another terminal...\n")
        ]
    slide = slides[index]
    text: StyleAndTextTuples = [
        ("class:title", f" {index + 1}/{len(slides)}  {slide.label}"[:width]),
        ("", f"\n {slide.title}\n"),
    ]

    def section(heading: str, body: str, wrap: bool = True) -> None:
        if not body.strip():
            return
        text.append(("class:heading", f"\n{heading}\n"))
        for paragraph in body.splitlines():
            lines = (
                textwrap.wrap(paragraph, width - 2)
                if wrap
                else [paragraph[: width - 2]]
            )
            for line in lines or [""]:
                text.append(("", f"  {line}\n"))

    section("say", slide.say)
    if slide.run:
        section("the run", f"{slide.run.shown}\n{slide.expect}", wrap=False)
    if index + 1 < len(slides):
        following = slides[index + 1]
        section("next", f"{following.label}: {following.title}")
    else:
        section("next", "the end: questions")
    return text


def follow(slides: list[Slide], color: bool) -> None:
    """The notes window: full screen, q to quit; it shows the notes of the
    slide on the presenter's screen, and follows it."""
    keys = KeyBindings()

    @keys.add("q")
    @keys.add("c-c")
    def _quit(event: KeyPressEvent) -> None:
        event.app.exit()

    def body() -> StyleAndTextTuples:
        return notes_text(slides, on_screen(), app.output.get_size().columns)

    app: Application[None] = Application(
        layout=Layout(Window(FormattedTextControl(body), wrap_lines=False)),
        key_bindings=keys,
        full_screen=True,
        refresh_interval=0.3,  # the presenter's moves show within 0.3 s
        style=Style.from_dict(
            {"title": "reverse bold", "heading": "bold underline"}
        ),
        color_depth=None if color else ColorDepth.DEPTH_1_BIT,
    )
    app.run()
