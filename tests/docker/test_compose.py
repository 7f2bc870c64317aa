"""The compose stack, for real: stopping the server mid-run loses no request.

Needs a Docker engine (CI starts one with ../shared/docker/engine.sh, brings the stack
up, and sets REQUIRE_DOCKER=1); skipped elsewhere. Traffic goes to 127.0.0.1 through
the published port only.
"""

import json
import os
import subprocess
import urllib.error

import pytest

from tests.conftest import CLIENT, PROJECT_ROOT, stats, until_in_flight

PUBLISHED = "http://127.0.0.1:8080"
N = 50


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


def test_stopping_the_server_mid_run_loses_no_request(spawn) -> None:
    compose("up", "--detach", "--wait", "server")
    client = spawn(
        [*CLIENT, "--server", PUBLISHED, "--mode", "gather", "-n", str(N), "--delay", "4"]
        + ["--json"]
    )
    # all 50 in flight at the server, then stop it
    until_in_flight(PUBLISHED, N, while_running=client, timeout=15)
    compose("stop", "server")  # SIGTERM; the grace period outlasts the 4 s requests
    client.wait(timeout=30)  # no hang: the run ends
    mode = json.loads(client.seen("stdout"))["modes"][0]
    assert mode["ok"] + mode["failed"] == N, client.seen("stderr")  # every request accounted for
    assert mode["ok"] == N, [r["error"] for r in mode["requests"] if r["error"]]
    assert client.process.returncode == 0
    with pytest.raises(urllib.error.URLError):  # and it is really gone
        stats(PUBLISHED)
