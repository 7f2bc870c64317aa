"""The benchmark suite runs end to end at tiny sizes. Benchmarks are not tests: no timing is
asserted here, only what must hold on any machine."""

import json
import shutil
import subprocess
import sys

from tests.conftest import PROJECT_ROOT


def test_a_quick_run_measures_each_scenario() -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick", "--json"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = {row["scenario"]: row for row in json.loads(result.stdout)}

    assert rows["demo-client --help start-up"]["value"] > 0
    for n in (50, 200):
        [gather] = [row for name, row in rows.items() if name.startswith(f"gather -n {n} ")]
        floor = rows[f"floor: bare asyncio client and server, -n {n} --delay 1"]
        # nothing answers before its one-second delay: a ratio under 1 is a broken measurement
        assert gather["value"] >= 1 and floor["value"] >= 1
        # every request of the run was in flight on the server at once
        assert gather["note"] == f"server peak {n}"
    # the rows that need benchmarks/setup.sh's tools, where they are installed
    if shutil.which("wrk"):
        assert rows["/echo req/s vs bare aiohttp hello world (wrk -c64)"]["value"] > 0
    if shutil.which("hey") and (PROJECT_ROOT / "benchmarks/.httpbin-venv/bin/gunicorn").exists():
        [gevent] = [row for name, row in rows.items() if "gunicorn gevent" in name]
        assert gevent["value"] > 0
