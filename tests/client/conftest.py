"""What the client's tests share: a demo server for the session, the command run to its end,
what it says when it starts its own server, and the documented shape of `--json`."""

import re
import subprocess
from collections.abc import Iterator

import pytest
from yarl import URL

from server.embedded import EmbeddedServer
from tests.conftest import CLIENT, PROJECT_ROOT
from tests.processes import Child, with_open_files

RUN_LIMIT = 30  # seconds: a client run that has not ended by then has hung
STARTED = re.compile(
    r"started a demo server at (http://127\.0\.0\.1:(\d+)) \(no --server given\)\n"
)
# what a clean run never prints: a traceback, an exception by its class name, and what
# asyncio and aiohttp say of what was left behind
NOISE = ("Traceback", "Error", "Unclosed", "Task was destroyed", "Exception ignored")

# the documented shape of `demo-client --json`
MODE_KEYS = {
    "mode",
    "wall_s",
    "ideal_s",
    "speedup",
    "ok",
    "failed",
    "cancelled",
    "server_peak",
    "server_given_up",
    "server_peak_with_others",
    "interrupted",
    "client_cpu_s",
    "server_cpu_s",
    "loop_blocked_s",
    "arrival_order",
    "requests",
}
REQUEST_KEYS = {
    "index",
    "url",
    "delay_s",
    "start_s",
    "end_s",
    "status",
    "error",
    "server_in_flight",
}


@pytest.fixture(scope="session")
def embedded_url() -> Iterator[URL]:
    """A demo server in a child process, shared by the whole session: for the modes that
    block the test's own event loop (`threads`, `blocking`) and for the CLI tests."""
    with EmbeddedServer() as url:
        yield url


def run_client(
    *args: str, open_files: tuple[int, int] | None = None
) -> subprocess.CompletedProcess[str]:
    """`demo-client *args` in a child process, to its end; `open_files`: (soft, hard) limit."""
    command = [*CLIENT, *args]
    if open_files:
        command = with_open_files(command, *open_files)
    return subprocess.run(
        command, capture_output=True, text=True, timeout=RUN_LIMIT, cwd=PROJECT_ROOT
    )


def started_server(child: Child) -> str:
    """The URL of the server the client says it started (its first line on stderr)."""
    started = STARTED.fullmatch(child.readline("stderr"))
    assert started, child.seen("stderr")
    return started[1]


def assert_quiet(*outputs: str) -> None:
    """No traceback, and nothing asyncio or aiohttp says about what was left behind."""
    for text in NOISE:
        assert not any(text in output for output in outputs), outputs
