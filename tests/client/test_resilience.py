"""Faults around the client, with real processes: nothing hangs, every request is counted."""

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from typing import Any

import pytest
from yarl import URL


def client(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "client", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


def test_server_killed_mid_run_ends_the_run_and_counts_the_failures() -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "server", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    url = server.stdout.readline().split()[3]  # type: ignore[union-attr]
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "client",
            "--server",
            url,
            "--mode",
            "gather",
            "-n",
            "20",
            "--delay",
            "5",
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 15
        while True:  # bounded poll: kill the server only once all 20 are in flight
            with urllib.request.urlopen(f"{url}/stats", timeout=5) as response:
                if json.load(response)["in_flight"] == 20:
                    break
            assert time.monotonic() < deadline
            time.sleep(0.05)
        server.send_signal(signal.SIGKILL)
        out, err = run.communicate(timeout=20)  # the run ends: no hang
    finally:
        for child in (run, server):
            if child.poll() is None:
                child.kill()
            child.communicate()
    assert run.returncode == 1
    mode = json.loads(out)["modes"][0]
    assert mode["failed"] == 20 and mode["ok"] == 0
    for request in mode["requests"]:  # each in a few words, whichever way it was cut
        assert request["error"] in (
            "the server closed the connection",
            "connection lost: connection reset by peer",
        ) or request["error"].endswith(": connection refused"), request
    assert "Traceback" not in err


def test_a_server_that_never_answers_times_out_each_request() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        accepted: list[socket.socket] = []

        def accept_and_say_nothing() -> None:
            for _ in range(2):
                accepted.append(listener.accept()[0])

        threading.Thread(target=accept_and_say_nothing, daemon=True).start()
        url = f"http://127.0.0.1:{port}/x"
        result = client("--url", url, "--url", url, "--mode", "gather", "--timeout", "0.5")
        for sock in accepted:
            sock.close()
    assert result.returncode == 1
    assert result.stdout.count("timed out after 0.5 s") == 2
    assert "Traceback" not in result.stderr


def limit_files(soft: int, hard: int) -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_too_few_open_files_is_refused_before_any_request() -> None:
    result = client(
        "--mode", "gather", "-n", "1000", "--delay", "0.1", preexec_fn=lambda: limit_files(256, 256)
    )
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert "open files" in line and "256" in line
    assert "started a demo server" not in result.stderr  # nothing was started or sent


def test_the_open_file_limit_is_raised_when_it_can_be() -> None:
    result = client(
        "--mode",
        "gather",
        "-n",
        "1000",
        "--delay",
        "0.2",
        "--no-timeline",
        preexec_fn=lambda: limit_files(256, 4096),
    )
    assert result.returncode == 0, result.stderr
    assert "raised the open-file limit from 256 to 4096" in result.stderr
    assert "1000       0         1000" in result.stdout  # all ok, and the server held them all


def test_each_bad_url_reports_its_own_error_and_the_run_goes_on(embedded_url: URL) -> None:
    urls = {
        "good": str(embedded_url / "delay" / "0"),
        "refused": "http://127.0.0.1:1/",
        "dns": "http://no-such-host.invalid/",
        "tls": str(embedded_url).replace("http://", "https://") + "/health",
        "malformed": "http://[::1",
    }
    result = client(
        *(arg for url in urls.values() for arg in ("--url", url)),
        "--mode",
        "gather",
        "--json",
        env={**os.environ},
    )
    assert result.returncode == 1
    records = json.loads(result.stdout)["modes"][0]["requests"]
    errors = dict(zip(urls, (r["error"] for r in records), strict=True))
    assert errors["good"] is None
    assert "connection refused" in errors["refused"]
    assert "no-such-host.invalid" in errors["dns"]
    assert "TLS error" in errors["tls"]
    assert errors["malformed"] == "not a valid URL"


@pytest.mark.parametrize("moment", [0.1, 0.3, 0.8, 1.6, 2.5])
def test_ctrl_c_at_any_moment(spawn: Any, moment: float) -> None:
    # from start-up to after the report: 50 requests of 1 s end about 1.5-2 s in
    child = spawn([sys.executable, "-m", "client", "--mode", "gather", "-n", "50", "--delay", "1"])
    time.sleep(moment)  # the moment is the point of this test
    child.ctrl_c()
    code = child.wait()
    # 130; or -2 when the signal lands as the interpreter exits (a shell shows 130 too);
    # or 0 when the run had already ended
    assert code in (130, -signal.SIGINT, 0), child.seen("stderr")
    output = child.seen("stdout") + child.seen("stderr")
    for bad in ("Traceback", "Unclosed", "Task was destroyed", "Exception ignored"):
        assert bad not in output, output
