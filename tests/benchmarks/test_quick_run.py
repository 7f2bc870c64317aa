"""The benchmark suite runs end to end at tiny sizes. Benchmarks are not tests: no timing is
asserted here, only what must hold on any machine."""

import json
import os
import shutil
import subprocess
import sys
from typing import Any

from tests.conftest import PROJECT_ROOT

GUNICORN = PROJECT_ROOT / "benchmarks/.httpbin-venv/bin/gunicorn"


def run_suite(*args: str, env: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """`benchmarks/run.py --quick --json ARGS`: its rows by scenario name."""
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick", "--json", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {row["name"]: row for row in json.loads(result.stdout)}


def test_a_quick_run_measures_each_scenario() -> None:
    rows = run_suite()

    assert rows["startup"]["value"] > 0
    assert rows["end-to-end"]["value"] > 0
    for name, n in (("gather-1k", 50), ("gather-10k", 200)):
        # nothing answers before its one-second delay: a ratio under 1 is a broken measurement
        assert rows[name]["value"] >= 1 and rows[f"{name}:floor"]["value"] >= 1
        # every request of the run was in flight on the server at once
        assert rows[name]["note"] == f"server peak {n}"
    assert rows["rss:server"]["value"] > 0 and rows["rss:client"]["value"] > 0
    # the slow scenarios are left out of a quick run
    assert "gather-10k-delay-5" not in rows and "echo-callgrind" not in rows
    # the rows that need benchmarks/setup.sh's tools, where they are installed
    if shutil.which("wrk"):
        assert rows["echo-wrk"]["value"] > 0 and rows["workers"]["value"] > 0
    if shutil.which("hey") and GUNICORN.exists():
        assert rows["httpbin:gevent"]["value"] > 0


def test_only_runs_the_scenarios_named_with_their_floors() -> None:
    rows = run_suite("--only", "gather-1k", "--only", "startup")

    assert list(rows) == ["startup", "gather-1k", "gather-1k:floor"]


def test_a_scenario_whose_tool_is_missing_says_so() -> None:
    env = {**os.environ, "PATH": "/nonexistent"}
    rows = run_suite("--only", "echo-wrk", env=env)

    assert rows["echo-wrk"]["measured"] == "not measured"
    assert rows["echo-wrk"]["value"] is None and rows["echo-wrk"]["met"] is None
