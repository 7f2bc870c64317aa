"""`demos list` and `demos run`: the tour as the speaker drives it."""

import re
import signal
import subprocess
import sys
from pathlib import Path

import pyte
import pytest
from click.testing import CliRunner

from demos.cli import PARTS, main, parts, scripts
from tests.demos.conftest import demo_env


def demos(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "demos", *args],
        capture_output=True,
        text=True,
        env=demo_env(),
        timeout=60,
        check=False,
    )


def listed(*args: str) -> list[str]:
    result = CliRunner().invoke(main, ["list", *args])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def on_a_terminal(output: str) -> list[str]:
    """What an 80 x 24 terminal shows once `output` is printed and the
    shell's prompt follows it: the lines that scrolled off are gone."""
    screen = pyte.Screen(80, 24)
    pyte.Stream(screen).feed(output.replace("\n", "\r\n") + "$ ")
    return [row.rstrip() for row in screen.display]


def test_list_shows_the_whole_tour_on_one_80_by_24_screen() -> None:
    result = demos("list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 23, "a row is left for the prompt"
    assert all(len(line) <= 79 for line in lines)
    screen = on_a_terminal(result.stdout)
    assert screen[: len(lines)] == lines, "a line scrolled off or wrapped"
    assert screen[len(lines)] == "$"
    # every demo's number and name, once, in the tour's order
    shown = re.findall(r"\b(\d\d) (\w+)", "\n".join(lines[1:]))
    assert [f"{number}_{name}" for number, name in shown] == [s.stem for s in scripts()]
    # each part's name heads its demos' first row; the rest of its rows are indented
    for part, members in parts().items():
        [row] = [line for line in lines if line.startswith(f"{part} ")]
        assert f"{members[0].stem[:2]} {members[0].stem[3:]}" in row
    assert all(re.match(r"(\w+ +|\s+)\d\d \w+", line) for line in lines[1:])
    assert "demos list PART" in lines[0]  # how to reach the ideas


def test_list_still_fits_with_more_and_longer_named_demos(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # 30 demos with names of 14 letters, in all the parts: 4 or 5 a part,
    # the worst case for rows (a part of 4 takes two rows of three)
    names = [name for first in PARTS.values() for name in [first, *["n" * 14] * 3]]
    names += ["n" * 14] * (30 - len(names))
    more = [tmp_path / f"{n:02}_{name}.py" for n, name in enumerate(names, start=1)]
    monkeypatch.setattr("demos.cli.scripts", lambda: more)
    lines = listed()
    assert len(lines) <= 23 and all(len(line) <= 79 for line in lines)
    assert not any(line.endswith("...") for line in lines), "nothing cut"
    assert len(re.findall(r"\b\d\d \w+", "\n".join(lines))) == 30


def test_parts_cover_the_tour_in_order_under_names_of_their_own() -> None:
    names = {script.stem.partition("_")[2] for script in scripts()}
    assert set(PARTS.values()) <= names, "a part starts at a demo that is not there"
    assert not set(PARTS) & names, "a part named as a demo"
    assert [s for members in parts().values() for s in members] == scripts()
    assert list(parts()) == list(PARTS)


def test_list_part_gives_its_ideas_one_line_a_demo() -> None:
    lines = listed("mistakes")
    assert [line[:2] for line in lines] == [s.stem[:2] for s in parts()["mistakes"]]
    assert all(re.match(r"\d\d  \w+ +\S", line) and len(line) <= 79 for line in lines)
    assert "A task nobody keeps can vanish mid-work" in "\n".join(lines)
    # numbers and names too, each demo once
    assert listed("1", "coroutine") == listed("01")
    assert "Calling an async def runs nothing: it returns a coroutine." in listed("1")[0]
    assert len(listed("all")) == len(scripts())


def test_list_cuts_a_long_idea_to_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("demos.cli.idea", lambda script: "a long idea " * 10)
    lines = listed("all")
    assert all(len(line) == 79 and line.endswith("...") for line in lines)


@pytest.mark.parametrize("which", ["4", "04", "event_loop", "04_event_loop"])
def test_run_finds_a_demo_by_number_or_name(which: str) -> None:
    result = demos("run", which)
    assert result.returncode == 0, result.stderr
    assert "loop closed? True" in result.stdout
    assert "==" not in result.stdout  # one demo: no heading


def test_run_several_gives_each_a_heading() -> None:
    result = demos("run", "1", "4")
    assert result.returncode == 0, result.stderr
    assert "\n== 01_coroutine\n   Calling an async def runs nothing" in result.stdout
    assert "\n== 04_event_loop\n   The event loop runs coroutines" in result.stdout
    assert result.stdout.index("== 01_") < result.stdout.index("== 04_")


def test_run_a_part_runs_its_demos_in_order() -> None:
    result = demos("run", "inside")
    assert result.returncode == 0, result.stderr
    headings = re.findall(r"^== (\w+)$", result.stdout, re.M)
    assert headings == [script.stem for script in parts()["inside"]]


def test_run_unknown_is_a_one_line_usage_error() -> None:
    result = demos("run", "99")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no demo or part '99'" in result.stderr


def test_run_with_nothing_named_says_what_to_type() -> None:
    result = demos("run")
    assert result.returncode == 2
    assert result.stderr.endswith(
        " run: name a demo: demos run 7, demos run gather, a part, or all (see --help)\n"
    )


# files_blocking writes a 256 MiB temporary file
@pytest.mark.parametrize("demo", ["semaphore", "files_blocking"])
def test_ctrl_c_stops_a_demo_quietly_and_lets_it_clean_up(demo: str, tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "demos", "run", demo],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=demo_env(DEMO_TIME_SCALE="1", TMPDIR=str(tmp_path)),
    ) as command:
        assert command.stdout is not None
        assert command.stdout.readline()  # the demo is under way
        command.send_signal(signal.SIGINT)
        out, err = command.communicate(timeout=20)
    assert command.returncode == 130
    assert err.strip() == "demos: interrupted"  # not the demo's traceback
    assert "takeaway" not in out  # stopped, not finished
    assert list(tmp_path.iterdir()) == []  # its temporary files are gone
