"""Running a demo as the audience would, and reading numbers out of its output.

`run_demo("05_gather")` runs the script with its delays five times shorter
(DEMO_TIME_SCALE=0.2) and checks what every demo promises of its output: it
ends well, with a one-line takeaway, in 24 rows of at most 79 columns.
"""

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

DEMOS = Path(__file__).resolve().parents[2] / "demos"
SCALE = 0.2  # every delay five times shorter: what a demo shows stays the same

RunDemo = Callable[..., str]


def demo_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "DEMO_TIME_SCALE": str(SCALE), "PYTHONUNBUFFERED": "1", **extra}


# run a script on the first core only: the affinity outlives the exec
ONE_CORE = [
    "-c",
    "import os, sys; os.sched_setaffinity(0, {0}); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])",
]


@pytest.fixture
def run_demo() -> RunDemo:
    def run(name: str, *, one_core: bool = False) -> str:
        [script] = DEMOS.glob(f"{name}.py")
        result = subprocess.run(
            [sys.executable, *(ONE_CORE if one_core else []), str(script)],
            capture_output=True,
            text=True,
            timeout=120,
            env=demo_env(),
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        lines = result.stdout.splitlines()
        assert lines[-1].startswith("takeaway: ")
        assert len(lines) <= 24, "more than a screen"
        assert all(len(line) <= 79 for line in lines), "wider than 80 columns"
        return result.stdout

    return run


def number(pattern: str, text: str) -> float:
    """The number that `pattern`'s first group matches in `text`."""
    match = re.search(pattern, text, re.MULTILINE)
    assert match, f"{pattern!r} not in output:\n{text}"
    return float(match.group(1))
