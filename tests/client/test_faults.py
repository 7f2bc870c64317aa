"""Faults around a real `demo-client` process: a server that dies or never answers, too few
open files, Ctrl-C at any moment, URLs that cannot work. Each request says what happened to
it in a few words, the run ends, and nothing prints a traceback."""

import json
import re
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from yarl import URL

from tests.client.conftest import (
    NOISE,
    REQUEST_KEYS,
    RUN_LIMIT,
    assert_quiet,
    run_client,
    started_server,
)
from tests.conftest import CLIENT, counts, listening, stats, until_in_flight
from tests.processes import Exit


def one_mode(stdout: str) -> dict[str, Any]:
    [mode] = json.loads(stdout)["modes"]
    return mode


def short(error: str) -> bool:
    return "\n" not in error and len(error) < 100 and not any(text in error for text in NOISE)


def test_server_killed_mid_run_fails_each_request_in_a_few_words(spawn, start_server) -> None:
    server = start_server()
    url = server.url
    client = spawn(
        [*CLIENT, "--server", url, "--mode", "gather", "-n", "20", "--delay", "3", "--json"]
    )
    until_in_flight(url, 20, while_running=client)

    server.child.process.kill()  # SIGKILL: no graceful anything

    assert client.wait(timeout=RUN_LIMIT) == 1
    mode = one_mode(client.seen("stdout"))
    assert (mode["ok"], mode["failed"], mode["cancelled"]) == (0, 20, 0)  # all were waiting
    port = server.port
    for request in mode["requests"]:
        assert request["status"] is None  # it never answered
        # how the kill reaches each request depends on where it was: a clean hang-up, or
        # a reset; aiohttp retries a GET once on a fresh connection after a hang-up, and
        # that retry is refused, which is what the record then says
        assert request["error"] in (
            "the server closed the connection",
            "connection lost: connection reset by peer",
            f"cannot connect to 127.0.0.1:{port}: connection refused",
        ), request
    assert_quiet(client.seen("stdout"), client.seen("stderr"))


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A server that never answers: the kernel accepts its connections into the listen
    queue and keeps what they send; nothing ever reads it, nor replies."""
    with socket.create_server(("127.0.0.1", 0), backlog=16) as listener:
        yield listener.getsockname()[1]


def test_a_server_that_never_answers_times_out_each_request(silent_port: int) -> None:
    urls = [f"http://127.0.0.1:{silent_port}/x", f"http://127.0.0.1:{silent_port}/y"]
    result = run_client(
        *("--url", urls[0], "--url", urls[1], "--timeout", "0.5", "--mode", "gather"),
        "--no-color",
    )
    assert result.returncode == 1, result.stderr
    # every request failed for the same reason: said once, in one line
    assert result.stderr == "demo-client: every request failed: timed out after 0.5 s\n"
    assert_quiet(result.stdout, result.stderr)


def test_n_above_the_hard_open_file_limit_is_refused_before_any_request(start_server) -> None:
    url = start_server().url
    for server in (["--server", url], []):  # a named server, and the embedded one
        result = run_client(*server, "--mode", "gather", "-n", "1000", open_files=(256, 256))
        assert result.returncode == 1
        assert result.stdout == ""
        [line] = result.stderr.splitlines()  # one line, and no demo server started
        assert line.startswith("demo-client: 1000 connections at once need about ")
        assert "open files" in line and "256" in line
    assert counts(stats(url)) == {"in_flight": 0, "peak_in_flight": 0, "total": 0, "given_up": 0}


def test_n_above_the_soft_limit_raises_it_and_runs(start_server) -> None:
    url = start_server().url
    result = run_client(
        *("--server", url, "--mode", "gather", "-n", "1000", "--delay", "0", "--no-timeline"),
        open_files=(256, 4096),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "raised the open-file limit from 256 to 4096 for 1000 connections\n"
    assert re.search(r"^gather .* 1000 +0 ", result.stdout, re.M), result.stdout
    assert stats(url)["total"] == 1000


# Ctrl-C: a real SIGINT to the client's process group, as a terminal sends it


def interrupted(child: Any, *, finished: bool = False) -> None:
    # 130: the client caught it. -2: the signal came before Python installed its handler,
    # or as the interpreter was already leaving (the shell shows 130 for both). 0: only
    # where the run may have ended before the signal came.
    allowed = {130, -2} | ({0} if finished else set())
    assert child.wait(timeout=RUN_LIMIT) in allowed, child.seen("stderr")
    assert_quiet(child.seen("stdout"), child.seen("stderr"))


def at_the_server_line(child: Any) -> str:
    """Right as the embedded server is up, before the requests go out."""
    return started_server(child)


def during_the_requests(child: Any) -> str:
    url = started_server(child)
    until_in_flight(url, 50, while_running=child)
    return url


def after_the_report(child: Any) -> str:
    url = started_server(child)
    while not child.readline("stdout").startswith("gather: 50 requests in "):
        pass  # the report's last line: the client is stopping its server now
    return url


@pytest.mark.parametrize("moment", [at_the_server_line, during_the_requests, after_the_report])
def test_ctrl_c_once_running_stops_cleanly(spawn, moment: Callable[[Any], str]) -> None:
    child = spawn([*CLIENT, "--mode", "gather", "-n", "50", "--delay", "1"])
    url = moment(child)
    child.ctrl_c()
    interrupted(child, finished=moment is after_the_report)
    if moment is during_the_requests:
        assert "interrupted (Ctrl-C): partial results" in child.seen("stdout")
    # and the server it had started is gone
    assert not listening(URL(url).port)


DELAY = 10  # seconds each blocking request would take


@pytest.mark.parametrize("mode", ["threads", "blocking"])
def test_ctrl_c_does_not_wait_for_a_blocking_request(spawn, start_server, mode: str) -> None:
    """A thread, or a loop stuck in a blocking call, cannot be cancelled like a task.

    On a server of its own, which the client does not stop (that would end the request).
    """
    url = start_server().url
    child = spawn(
        [*CLIENT, "--server", url, "--mode", mode, "-n", "4", "--concurrency", "4"]
        + ["--delay", str(DELAY)]
    )
    until_in_flight(url, 1, while_running=child)
    sent = time.monotonic()
    child.ctrl_c()
    interrupted(child)
    # not the request's DELAY, a fraction of it (a loose bound: the point is "not waited")
    assert time.monotonic() - sent < DELAY / 2
    assert "interrupted (Ctrl-C): partial results" in child.seen("stdout")


def children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(child) for child in f.read().split()]


@pytest.mark.parametrize("after_launch", [0.0, 0.1, 0.25])
def test_ctrl_c_while_starting_stops_cleanly(spawn, after_launch: float) -> None:
    # main() launches the embedded server first, then imports aiohttp and rich while the
    # server boots: the launch is the one sign that the client's own code runs, and no
    # event announces a process appearing, so /proc is read until it does (bounded). Then
    # Ctrl-C during the imports or the server's boot, `after_launch` s later: the moment
    # is the test's subject. (Before the launch, in the interpreter's own first ~30 ms,
    # site and .pth files run: a Ctrl-C there gets Python's traceback, which no program
    # can catch.)
    child = spawn([*CLIENT, "--mode", "gather", "-n", "50", "--delay", "1"])
    deadline = time.monotonic() + 10
    while not (launched := children(child.process.pid)):
        assert time.monotonic() < deadline and child.process.poll() is None, child.seen("stderr")
        time.sleep(0.002)
    exits = [Exit(pid) for pid in launched]  # watched from now: no pid reused meanwhile
    time.sleep(after_launch)
    child.ctrl_c()
    interrupted(child)
    # and the server it had launched does not outlive it
    try:
        deadline = time.monotonic() + 5
        for server in exits:
            assert server.wait(deadline - time.monotonic()), "the server outlived the client"
    finally:
        for server in exits:
            server.close()


# URLs that cannot work, each in its own way, in one run with one that does


def test_bad_urls_each_fail_alone_and_the_good_one_succeeds(
    embedded_url: URL, tmp_path: Path
) -> None:
    port = embedded_url.port
    good = str(embedded_url / "delay" / "0")
    expected = {
        "http://[not a url": "not a valid URL",
        "not a url at all": "not a valid URL",
        "http://127.0.0.1:99999/": "not a valid URL",
        "http://127.0.0.1:1/": "cannot connect to 127.0.0.1:1: connection refused",
        "http://nothing.invalid/": "cannot connect to nothing.invalid:80: ",  # + the resolver's
        f"https://127.0.0.1:{port}/health": f"cannot connect to 127.0.0.1:{port}: TLS error: ",
        "ftp://127.0.0.1/file": "not a valid URL",
        "//127.0.0.1/no-scheme": "not a valid URL",  # crashed the run (an aiohttp assert)
        "file:///etc/passwd": "not a valid URL",  # urllib would open the file
    }
    urls_file = tmp_path / "urls.txt"
    bad = list(expected)
    urls_file.write_text("# half of them from a file\n\n" + "\n".join(bad[3:]) + "\n")
    args = [arg for url in bad[:3] for arg in ("--url", url)]
    result = run_client(
        *args,
        *("--url", good, "--urls-file", str(urls_file), "--json"),
        *("--mode", "sequential", "--mode", "gather", "--mode", "threads", "--mode", "blocking"),
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    order = [*bad[:3], good, *bad[3:]]
    for mode in json.loads(result.stdout)["modes"]:
        assert (mode["ok"], mode["failed"]) == (1, len(bad)), mode["mode"]
        requests = mode["requests"]
        assert [r["url"] for r in requests] == order
        for request in requests:
            assert set(request) == REQUEST_KEYS
            if request["url"] == good:
                assert (request["status"], request["error"]) == (200, None)
                continue
            error = request["error"]
            assert request["status"] is None and short(error), request
            if mode["mode"] in ("threads", "blocking"):  # urllib says less: no host and port
                expected_error = expected[request["url"]].partition(" to ")[0]
            else:
                expected_error = expected[request["url"]]
            assert expected_error in error, request
            assert "unknown error" not in error
