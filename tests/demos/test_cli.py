"""`demos list` and `demos run`: the tour as the speaker drives it."""

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from demos.cli import main, scripts
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


def test_list_is_one_line_a_demo_within_79_columns() -> None:
    listed = CliRunner().invoke(main, ["list"])
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert len(lines) == len(scripts())  # 22 demos would still leave two rows free
    assert all(re.match(r"\d\d  \w+ +\S", line) and len(line) <= 79 for line in lines)
    assert lines[0].startswith("01  coroutine ")
    assert "Calling an async def runs nothing: it returns a coroutine." in lines[0]


def test_list_cuts_a_long_idea_to_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("demos.cli.idea", lambda script: "a long idea " * 10)
    lines = CliRunner().invoke(main, ["list"]).output.splitlines()
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


def test_run_unknown_is_a_one_line_usage_error() -> None:
    result = demos("run", "99")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no demo '99'" in result.stderr


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
