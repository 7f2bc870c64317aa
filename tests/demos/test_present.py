"""`demos present` as the room sees it: driven through a pseudo-terminal of
80 x 24, keys sent as the speaker types them, the screen read through pyte."""

import asyncio
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyte
import pytest

from demos.cli import idea, scripts
from demos.listing import Page, shown_lines
from demos.present import FOOTER_KEYS, Presenter, Running
from demos.slides import BODY, ROOT, Run, Slide, deck, start_of
from tests.demos.conftest import demo_env

ROWS, COLUMNS = 24, 80
RIGHT, LEFT, CTRL_C = "\x1b[C", "\x1b[D", "\x03"


class Terminal:
    """`demos present ...` in a pseudo-terminal, and what its screen shows."""

    def __init__(self, *args: str, notes_file: Path) -> None:
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.master, self.slave = pty.openpty()
        size = struct.pack("HHHH", ROWS, COLUMNS, 0, 0)
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, size)
        self.modes_before = termios.tcgetattr(self.slave)
        env = demo_env(
            TERM="xterm",
            DEMOS_NOTES_FILE=str(notes_file),
            PROMPT_TOOLKIT_NO_CPR="1",  # pyte does not answer the cursor query
        )
        env.pop("NO_COLOR", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "demos", "present", *args],
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )

    def rows(self) -> list[str]:
        return [row.rstrip() for row in self.screen.display]

    def text(self) -> str:
        return "\n".join(self.rows())

    def wait_for(self, shows: Callable[[str], bool], timeout: float = 30) -> str:
        """Read what the presenter draws until the screen `shows` it."""
        deadline = time.monotonic() + timeout
        while not shows(self.text()):
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self.master], [], [], max(0, remaining))
            if not ready:
                raise AssertionError(f"the screen never showed it:\n{self.text()}")
            self.stream.feed(os.read(self.master, 65536))
        return self.text()

    def wait_for_text(self, text: str, timeout: float = 30) -> str:
        return self.wait_for(lambda screen: text in screen, timeout)

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def quit(self) -> int:
        self.press("q")
        status = self.process.wait(timeout=15)
        with_output = select.select([self.master], [], [], 0)[0]
        if with_output:
            self.stream.feed(os.read(self.master, 65536))
        return status

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    opened: list[Terminal] = []

    def open_(*args: str) -> Terminal:
        opened.append(Terminal(*args, notes_file=tmp_path / "notes.json"))
        return opened[-1]

    yield open_
    for each in opened:
        each.close()


SLIDES = deck()


def rows_of(page: Page) -> list[str]:
    """What a code slide's rows show: the line that opens the block the page
    begins in, if it begins inside one, then the page's lines."""
    return [line.rstrip() for line in ([page.context] if page.context else []) + [*page.lines]]


def pages_of(number: int) -> list[str]:
    """The footer's labels of a demo's pages: `10 parallelism 1/4`, ..."""
    return [slide.label for slide in SLIDES if slide.demo == number]


def footer(screen: str) -> str:
    return screen.split("\n")[ROWS - 1]


def on_slide(label: str) -> Callable[[str], bool]:
    return lambda screen: footer(screen).startswith(f" {label} ·")


def test_opens_on_the_talks_title_and_q_restores_the_terminal(
    terminal: Callable[..., Terminal],
) -> None:
    term = terminal()
    screen = term.wait_for(on_slide("intro"))
    assert screen.splitlines()[0].startswith(" part 1 of ")
    assert "asyncio on stage" in screen
    assert "cooperative" in screen  # the outline's thesis, in words of ours
    assert f"1/{len(SLIDES)}" in footer(screen)
    assert footer(screen).rstrip().endswith(FOOTER_KEYS)
    assert term.quit() == 0
    assert termios.tcgetattr(term.slave) == term.modes_before  # not left raw
    assert not term.screen.cursor.hidden


def test_a_code_slide_is_the_code_that_runs_whole_and_uncut(
    terminal: Callable[..., Terminal],
) -> None:
    term = terminal("07")
    screen = term.wait_for(on_slide("07 gather 1/2"))
    rows = screen.splitlines()
    gather = next(s for s in scripts() if s.stem == "07_gather")
    assert rows[0].strip() == idea(gather)
    first = SLIDES[start_of(SLIDES, "07")]
    assert first.page is not None
    # every line of the page on a row of its own, exactly: none cut or wrapped
    assert rows[1 : 1 + len(rows_of(first.page))] == rows_of(first.page)
    assert "SCALE" not in screen and "Sample run" not in screen
    assert "takeaway" not in screen.split("print")[0]  # no answer up top
    term.press(RIGHT)
    screen = term.wait_for(on_slide("07 gather 2/2"))
    assert "await asyncio.gather(" in screen
    line = next(i for i, row in enumerate(screen.splitlines()) if "asyncio.gather(" in row)
    assert any(char.bold for char in term.screen.buffer[line].values())  # it stands out


def test_the_run_key_shows_the_demos_own_output_on_the_slide(
    terminal: Callable[..., Terminal],
) -> None:
    term = terminal("gather")
    term.wait_for(on_slide("07 gather 1/2"))
    term.press("r")
    screen = term.wait_for_text("running")  # at once: what it measures
    assert "$ python demos/07_gather.py" in screen
    screen = term.wait_for_text("done in")
    assert "one by one: ['one', 'two', 'three']" in screen
    assert "takeaway: waits awaited concurrently overlap" in screen
    assert on_slide("07 gather 1/2")(screen)  # the same slide
    term.press(RIGHT)  # moving on clears it
    screen = term.wait_for(on_slide("07 gather 2/2"))
    assert "done in" not in screen
    assert term.quit() == 0


def test_ctrl_c_stops_the_demo_and_leaves_the_speaker_on_the_slide(
    terminal: Callable[..., Terminal],
) -> None:
    term = terminal("parallelism")  # computing for seconds before it prints
    first, second, *_ = pages_of(10)
    term.wait_for(on_slide(first))
    term.press("r")
    term.wait_for_text("running")
    term.press(CTRL_C)
    screen = term.wait_for_text("stopped by Ctrl-C")
    assert on_slide(first)(screen)
    assert "Traceback" not in screen and "KeyboardInterrupt" not in screen
    assert term.process.poll() is None  # the presenter goes on
    term.press(RIGHT)
    term.wait_for(on_slide(second))
    assert term.quit() == 0


def test_a_number_then_g_jumps_to_that_demo_and_question_mark_lists_keys(
    terminal: Callable[..., Terminal],
) -> None:
    term = terminal()
    term.wait_for(on_slide("intro"))
    term.press("1")
    term.wait_for_text("go to demo 1_")
    term.press("2G")
    term.wait_for(on_slide(pages_of(12)[0]))
    term.press("7G")
    term.wait_for(on_slide("07 gather 1/2"))
    term.press("?")
    screen = term.wait_for_text("Keys")
    assert "Ctrl-C" in screen and "quit" in screen
    term.press(LEFT)
    screen = term.wait_for(lambda s: "Keys" not in s and "/" in footer(s))
    assert not on_slide("07 gather 1/2")(screen)
    assert term.quit() == 0


def test_the_demo_client_slides_run_in_the_tour(terminal: Callable[..., Terminal]) -> None:
    term = terminal("intro")
    term.wait_for(on_slide("intro"))
    term.press(RIGHT + RIGHT)
    screen = term.wait_for_text("Synchronous, then asynchronous")
    assert "$ demo-client -n 5 --delay 0.5" in screen
    term.press("\r")
    screen = term.wait_for_text("done in", timeout=60)
    assert "sequential" in screen and "gather" in screen and "faster" in screen
    assert term.quit() == 0


def test_no_color_draws_in_plain_text_and_reverse_video(
    terminal: Callable[..., Terminal],
) -> None:
    term = terminal("07", "--no-color")
    term.wait_for(on_slide("07 gather 1/2"))
    term.press(RIGHT)
    screen = term.wait_for(on_slide("07 gather 2/2"))
    chars = [char for row in term.screen.buffer.values() for char in row.values()]
    assert {char.fg for char in chars} == {"default"}
    line = next(i for i, row in enumerate(screen.splitlines()) if "asyncio.gather(" in row)
    assert any(char.reverse for char in term.screen.buffer[line].values())
    assert term.quit() == 0


def test_the_notes_window_follows_the_slide(terminal: Callable[..., Terminal]) -> None:
    notes = terminal("--notes")
    notes.wait_for_text("waiting for `demos present`")
    talk = terminal("07")
    talk.wait_for(on_slide("07 gather 1/2"))
    screen = notes.wait_for_text("07 gather 1/2")
    assert "the run" in screen and "the longest" in screen  # what the run shows
    assert "next" in screen and "07 gather 2/2" in screen
    talk.press(RIGHT)
    talk.wait_for(on_slide("07 gather 2/2"))
    notes.wait_for_text(pages_of(8)[0])  # its next
    assert talk.quit() == 0
    assert notes.quit() == 0


def test_every_slide_fits_80_by_24_with_its_title_and_footer(
    terminal: Callable[..., Terminal],
) -> None:
    term = terminal()
    for number, slide in enumerate(SLIDES, start=1):
        screen = term.wait_for(lambda s, n=number: f"· {n}/{len(SLIDES)} ·" in footer(s))
        rows = screen.splitlines()
        if slide.page is None and slide.run is None:
            assert rows[0].startswith(" part ") and slide.title in screen
        else:
            assert rows[0].strip() == slide.title, "the title is whole"
        if slide.page is not None:
            shown = rows[1 : 1 + len(rows_of(slide.page))]
            assert shown == rows_of(slide.page), slide.label
        for word in slide.words:
            assert word in screen
        term.press(RIGHT)
    assert term.quit() == 0


def test_a_start_that_is_neither_a_demo_nor_a_part_is_one_line_and_status_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "demos", "present", "99"],
        capture_output=True,
        text=True,
        env=demo_env(),
        cwd=ROOT,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "no demo or part '99'" in line


@pytest.mark.parametrize("script", scripts(), ids=lambda script: script.stem)
def test_each_demos_code_slides_fit_and_hide_the_plumbing(script: Path) -> None:
    ours = [s for s in SLIDES if s.demo == int(script.stem[:2])]
    assert ours, "every demo is in the talk"
    assert len({s.run for s in ours}) == 1  # every page runs the one demo
    shown: list[str] = []
    for slide in ours:
        assert slide.page is not None
        assert 0 < len(rows_of(slide.page)) <= BODY
        assert all(len(line) <= COLUMNS - 1 for line in slide.page.lines)
        assert len(f" {slide.title}") <= COLUMNS
        assert slide.run is not None
        assert len(f"running 10.00 s: {slide.run.measures}") <= COLUMNS
        count = f"{len(SLIDES)}/{len(SLIDES)}"
        assert len(f" {slide.label} · {count} · 00:00 {FOOTER_KEYS} ") <= COLUMNS
        shown.extend(slide.page.lines)
    assert [line for line in shown if line.strip()] == [
        line for line in shown_lines(script.read_text()) if line.strip()
    ]
    text = "\n".join(shown)
    assert "SCALE" not in text and "Sample run::" not in text and "noqa" not in text
    assert any(slide.page and slide.page.key for slide in ours), "a line stands out"


def test_the_talk_walks_the_outlines_order() -> None:
    demos = [s.name for s in SLIDES if s.demo is not None]
    order = list(dict.fromkeys(demos))
    outline = ["coroutine", "awaitables", "sleep", "event_loop", "toy_loop", "asyncio_loop"]
    assert order[: len(outline) + 1] == [*outline, "gather"]
    assert sorted(order) == sorted(s.stem[3:] for s in scripts()), "each demo, once"
    titles = [s for s in SLIDES if s.run is None]
    assert titles[0].title == "asyncio on stage"
    assert [s.part for s in titles] == list(dict.fromkeys(s.part for s in SLIDES))
    pictures = [s.title for s in SLIDES[1:4]]
    assert pictures == [
        "Concurrency is not parallelism",
        "Synchronous, then asynchronous",
        "Cooperative, then preemptive",
    ]


def test_a_failing_demo_shows_its_error_on_the_slide() -> None:
    broken = Slide(
        part="test",
        title="a demo that fails",
        label="broken",
        run=Run(
            argv=(sys.executable, "-c", "print('before'); raise SystemExit('broke here')"),
            shown="$ python broken.py",
            measures="nothing",
        ),
    )
    presenter = Presenter([broken], 0, color=False)
    run = Running()
    asyncio.run(presenter.watch(run, broken))
    assert ("", "before") in run.lines
    assert ("class:error", "broke here") in run.lines
    assert run.ended.startswith("failed: exit status 1")


def test_resizing_the_terminal_redraws(terminal: Callable[..., Terminal]) -> None:
    term = terminal("07")
    term.wait_for(on_slide("07 gather 1/2"))
    fcntl.ioctl(term.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    term.screen.resize(30, 100)
    term.process.send_signal(signal.SIGWINCH)  # as the terminal would
    screen = term.wait_for(lambda s: s.split("\n")[29].startswith(" 07 gather 1/2 ·"))
    assert screen.split("\n")[29].rstrip().endswith(FOOTER_KEYS)
    assert term.quit() == 0


def test_away_from_a_terminal_it_says_so_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "demos", "present"],
        capture_output=True,
        text=True,
        env=demo_env(),
        cwd=ROOT,
        timeout=30,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "needs a terminal" in line


def test_the_readmes_screen_is_the_slide_as_it_is() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    _, _, after = readme.partition("after `r` on `07 gather 2/2`")
    screen = after.split("```text\n", 1)[1].split("\n```", 1)[0].split("\n")
    [slide] = [s for s in SLIDES if s.label == "07 gather 2/2"]
    assert slide.page is not None
    assert screen[0].strip() == slide.title
    assert screen[1 : 1 + len(rows_of(slide.page))] == rows_of(slide.page)
    assert screen[1] == "async def main() -> None:"  # where page 2 begins
    assert screen[-1].startswith(" 07 gather 2/2 ·")


def test_a_parts_name_starts_at_its_title_slide(terminal: Callable[..., Terminal]) -> None:
    term = terminal("mistakes")
    screen = term.wait_for(on_slide("mistakes"))
    assert "The classic mistakes, live" in screen
    term.press(RIGHT)
    term.wait_for(on_slide(pages_of(19)[0]))
    assert term.quit() == 0


def test_q_during_a_run_stops_the_demo_then_quits(terminal: Callable[..., Terminal]) -> None:
    term = terminal("parallelism")
    term.wait_for(on_slide(pages_of(10)[0]))
    term.press("r")
    term.wait_for_text("running")
    assert term.quit() == 0
    assert termios.tcgetattr(term.slave) == term.modes_before
