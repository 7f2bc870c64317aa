"""The compose stack, for real: stopping the server mid-run loses no request.

Needs a Docker engine (CI starts one with ../shared/docker/engine.sh, brings the stack
up, and sets REQUIRE_DOCKER=1); skipped elsewhere. Traffic goes to 127.0.0.1 through
the published port only.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import PROJECT_ROOT

PUBLISHED = "http://127.0.0.1:8080"


def docker_ready() -> bool:
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


if not docker_ready():
    if os.environ.get("REQUIRE_DOCKER") == "1":
        pytest.fail("REQUIRE_DOCKER=1 but no Docker engine answers", pytrace=False)
    pytest.skip("needs a Docker engine", allow_module_level=True)


def compose(*args: str) -> None:
    subprocess.run(["docker", "compose", *args], cwd=PROJECT_ROOT, check=True, timeout=120)


def stats() -> dict[str, int]:
    with urllib.request.urlopen(f"{PUBLISHED}/stats", timeout=2) as response:
        return json.load(response)


def test_stopping_the_server_mid_run_loses_no_request() -> None:
    compose("up", "--detach", "--wait", "server")
    client = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "client",
            "--server",
            PUBLISHED,
            "--mode",
            "gather",
            "-n",
            "50",
            "--delay",
            "4",
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # wait (bounded) until all 50 are in flight at the server, then stop it
        deadline = time.monotonic() + 15
        while stats()["in_flight"] < 50:
            assert time.monotonic() < deadline, "the requests never reached the server"
            time.sleep(0.05)
        compose("stop", "server")  # SIGTERM; the grace period outlasts the 4 s requests
        out, err = client.communicate(timeout=30)  # no hang: the run ends
    finally:
        client.kill()
    mode = json.loads(out)["modes"][0]
    assert mode["ok"] + mode["failed"] == 50, err  # every request accounted for
    assert mode["ok"] == 50, [r["error"] for r in mode["requests"] if r["error"]]
    assert client.returncode == 0
    with pytest.raises(urllib.error.URLError):  # and it is really gone
        stats()
