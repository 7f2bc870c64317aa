"""What the room sees: each run the README shows, in a real pseudo-terminal of 80 x 24,
rendered by a terminal emulator (pyte). The point must be on the last screen: every
mode's row, the timeline, and the verdict at the bottom, with a line left for the prompt.

Delays are shorter than the README's (the picture has the same rows), to keep it quick.
"""

import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from fcntl import ioctl

import pyte
import pytest

COLUMNS, ROWS = 80, 24
LIMIT = 60.0  # seconds for a run: a hang fails the test, not the suite


def final_screen(
    args: list[str], enters: int = 0, interrupt_at: str | None = None, status: int = 0
) -> list[str]:
    """Run demo-client in an 80 x 24 pseudo-terminal; the screen when it has exited.
    `interrupt_at`: press Ctrl-C when the screen shows this text."""
    primary, secondary = pty.openpty()
    ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-m", "client", *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS)},
        start_new_session=True,
    )
    os.close(secondary)
    screen = pyte.Screen(COLUMNS, ROWS)
    stream = pyte.ByteStream(screen)
    deadline = time.monotonic() + LIMIT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], deadline - time.monotonic())
            if not ready:
                break
            try:
                data = os.read(primary, 65536)
            except OSError:  # the child closed the terminal: it has exited
                break
            if not data:
                break
            stream.feed(data)
            if enters and b"(Enter to run it)" in data:
                os.write(primary, b"\r")  # the speaker presses Enter
                enters -= 1
            if interrupt_at and any(interrupt_at in line for line in screen.display):
                os.killpg(child.pid, signal.SIGINT)  # Ctrl-C, to the whole command
                interrupt_at = None
        assert child.wait(timeout=LIMIT) == status
    finally:
        if child.poll() is None:
            child.kill()
        os.close(primary)
    return [line.rstrip() for line in screen.display]


def last_line(screen: list[str]) -> int:
    return max(i for i, line in enumerate(screen) if line)


def assert_whole_point(screen: list[str], modes: list[str]) -> None:
    text = "\n".join(screen)
    last = last_line(screen)
    assert last <= ROWS - 2, text  # a row left for the shell's prompt
    assert re.match(r"^\w[\w-]*: .* \d+\.\dx faster$", screen[last]), text  # the verdict
    header = next(i for i, line in enumerate(screen) if line.startswith("mode "))
    assert "server peak" in screen[header], text
    for mode in modes:  # each mode's row: wall, ideal, speedup, server peak
        assert re.search(rf"^{mode} +[\d.]+ s +[\d.]+ s +[\d.]+x +\d+ +0 +\d+$", text, re.M), text
        assert re.search(rf"^{mode} +[█▓▁▂▃▄▅▆▇]", text, re.M), text  # and its timeline
    assert re.search(r"^ +└─+┴", text, re.M), text  # the time axis
    assert all(len(line) <= COLUMNS for line in screen)


@pytest.mark.parametrize(
    "args",
    [
        ["--delay", "0.2"],
        ["--delay", "0.2", "--no-color"],
        ["--mode", "gather", "--delay", "0.2"],
    ],
    ids=["default", "no-color", "gather"],
)
def test_the_default_runs_fit_one_screen(args: list[str]) -> None:
    modes = ["gather"] if "--mode" in args else ["sequential", "gather"]
    screen = final_screen(args)
    assert_whole_point(screen, modes)
    if modes == ["gather"]:  # alone, it still shows what one by one would take
        assert re.search(r"^one by one +·+ +at best$", "\n".join(screen), re.M)
        assert "one by one, 2.00 s or more" in screen[last_line(screen)]


def test_step_shows_each_result_as_it_comes() -> None:
    screen = final_screen(["--delay", "0.2", "--step"], enters=2)
    assert_whole_point(screen, ["sequential", "gather"])


def test_four_modes_fit_one_screen() -> None:
    modes = ["sequential", "threads", "gather", "blocking"]
    screen = final_screen([arg for mode in modes for arg in ("--mode", mode)] + ["--delay", "0.2"])
    assert_whole_point(screen, modes)
    text = "\n".join(screen)
    # blocking does not overlap, and the report says what held it
    assert re.search(r"^blocking: its event loop was blocked [\d.]+ s of [\d.]+ s$", text, re.M)


def test_as_completed_keeps_its_arrival_order_on_screen() -> None:
    screen = final_screen(["--mode", "as-completed", "--delay", "0.1-0.5", "--seed", "7"])
    assert_whole_point(screen, ["as-completed"])
    arrivals = [int(m[1]) for line in screen if (m := re.search(r" #(\d+)( first)?$", line))]
    assert sorted(arrivals) == list(range(1, 11))
    # first at the top: each bar ends no earlier than the one above it
    ends = [len(line.split(" #")[0].rstrip()) for line in screen if re.search(r" #\d+", line)]
    assert ends == sorted(ends)


def test_ctrl_c_mid_run_leaves_the_bar_for_the_report() -> None:
    screen = final_screen(["--delay", "0.5"], interrupt_at=" 3/10 ", status=130)
    text = "\n".join(screen)
    # the progress bar is gone, the report starts on a line of its own
    assert not any("/10" in line for line in screen), text
    header = next(i for i, line in enumerate(screen) if "server peak" in line)
    assert screen[header].startswith("mode "), text
    assert re.search(r"^sequential \(interrupted\) +[\d.]+ s +5\.00 s +- +[34] ", text, re.M), text
    assert screen[last_line(screen)].startswith("interrupted (Ctrl-C): partial results"), text


def test_an_error_wraps_between_words_at_80_columns() -> None:
    # the message is longer than a line: the terminal would cut it mid-word
    screen = final_screen(["--server", "http://127.0.0.1:9", "--no-color"], status=1)
    lines = [line.rstrip() for line in screen if line.strip()]
    assert lines == [
        "demo-client: cannot reach the server at http://127.0.0.1:9: cannot connect:",
        "  connection refused",
    ]
