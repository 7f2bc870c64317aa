"""What the tests of several folders use: commands in child processes (`spawn`; the
plumbing is in tests/processes.py), a `demo-server` of a test's own and what it holds, the
app served in the test's own loop (`app_factory`, `serve_app`: its state can be awaited,
tests/watched.py), and a headless browser.

Each folder's own fixtures are in its conftest: a client on the app in tests/server/, the
client's command and its embedded server in tests/client/.
"""

import asyncio
import json
import os
import re
import signal
import socket
import sys
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from server.app import create_app
from server.serving import run_options
from server.settings import Settings
from server.typedefs import FEED, SETTINGS
from tests.processes import Child, with_open_files
from tests.watched import WatchedPages, WatchedStats

# a shell's background job (`make test &`, a CI runner's) starts with Ctrl-C ignored, and
# every command a test starts would inherit it: the Ctrl-C tests would then see a command
# that cannot be stopped. A handler of our own is reset to the default in each child.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT_ROOT / "artifacts"  # screenshots from the browser tests (not committed)

SERVER = [sys.executable, "-m", "server"]
CLIENT = [sys.executable, "-m", "client"]
LISTENING = re.compile(
    r"demo-server listening on (http://127\.0\.0\.1:(\d+)) \(dashboard at /, Ctrl-C to stop\)\n",
    re.ASCII,
)


# commands in child processes


@pytest.fixture
def spawn() -> Iterator[Callable[..., Child]]:
    """`spawn(args, env=None, stdin=False)`: start a command in a child process; any still
    running at teardown are killed."""
    children: list[Child] = []

    def start(args: list[str], env: dict[str, str] | None = None, *, stdin: bool = False) -> Child:
        child = Child(args, {**os.environ, **(env or {})}, PROJECT_ROOT, stdin=stdin)
        children.append(child)
        return child

    yield start
    for child in children:
        child.close()


# a demo-server of a test's own, and what it holds


@dataclass
class DemoServer:
    """A `demo-server` in a child process, and where it listens."""

    child: Child
    url: str
    port: int

    def stop(self) -> str:
        """SIGTERM, a clean exit, and everything the server wrote on stderr."""
        self.child.process.send_signal(signal.SIGTERM)
        assert self.child.wait() == 0, self.child.seen("stderr")
        return self.child.seen("stderr")


@pytest.fixture
def start_server(spawn: Callable[..., Child]) -> Callable[..., DemoServer]:
    """`start_server(*options)`: `demo-server --port 0 *options`, once it says it listens.

    `port=None` leaves --port out (for DEMO_PORT in `env`); `open_files` runs it under that
    limit.
    """

    def start(
        *options: str,
        port: int | None = 0,
        env: dict[str, str] | None = None,
        open_files: int | None = None,
    ) -> DemoServer:
        command = [*SERVER, *(["--port", str(port)] if port is not None else []), *options]
        child = spawn(with_open_files(command, open_files) if open_files else command, env)
        match = LISTENING.fullmatch(child.readline("stdout"))
        assert match, child.seen("stdout")
        return DemoServer(child, match[1], int(match[2]))

    return start


COUNTS = ("in_flight", "peak_in_flight", "total", "given_up")


def stats(url: str) -> dict[str, Any]:
    """A running demo server's /stats."""
    with urllib.request.urlopen(f"{url}/stats", timeout=5) as response:
        return json.load(response)


def counts(stats: dict[str, Any]) -> dict[str, int]:
    """The request counts of a /stats answer (not its cpu_s, which grows as it runs)."""
    return {name: stats[name] for name in COUNTS}


def until_in_flight(
    url: str, n: int, *, while_running: Child | None = None, timeout: float = 20.0
) -> None:
    """Return once the demo server at `url` has held `n` requests in flight at once.

    Its dashboard's feed says so as it happens: five samples a second, each the most in
    flight since the one before. Fails after `timeout` s, or at the first sample after
    `while_running` (the process sending them) has exited.
    """

    async def watch() -> dict[str, Any]:
        async with (
            asyncio.timeout(timeout),
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{url}/feed") as ws,
        ):
            await ws.receive_json()  # the history, skipped: it may be an earlier test's
            while True:
                sample = await ws.receive_json()
                gone = while_running is not None and while_running.process.poll() is not None
                if sample["in_flight"] >= n or gone:
                    return sample

    try:
        sample = asyncio.run(watch())
    except TimeoutError:
        pytest.fail(f"{url} never had {n} requests in flight within {timeout} s")
    if sample["in_flight"] < n:
        assert while_running is not None
        pytest.fail(f"the sender exited first: {while_running.seen('stderr')!r}")


def listening(port: int) -> bool:
    """Whether anything accepts connections on this loopback port."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return False
    return True


# a browser

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; Playwright's own download is not used


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium driven by Playwright, for one module of sync tests (its sync API
    keeps an event loop running in this thread, which no async test may share).

    Skipped where Chromium or Playwright is missing, unless REQUIRE_BROWSER=1 (CI sets
    it): there a missing browser fails the run instead of passing it quietly.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not CHROMIUM.exists():
        message = "needs Debian's chromium and the playwright package"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            # no sandbox as root; and no calls home, which this closed network refuses
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


# the app, served as demo-server serves it: the server's tests and the client's modes


@pytest.fixture
def app_factory() -> Callable[..., web.Application]:
    """`create_app(Settings(**overrides))`, its counters and open pages watched."""

    def make(**overrides: Any) -> web.Application:
        app = create_app(Settings(**overrides), WatchedStats())
        # create_app makes the Feed itself: its set of pages is swapped before the app runs
        app[FEED].pages = WatchedPages()
        return app

    return make


@pytest.fixture
def serve_app(aiohttp_server: Callable[..., Any]) -> Callable[..., Awaitable[TestServer]]:
    """`await serve_app(app)`: the app on a real socket, served as demo-server serves it."""

    async def serve(app: web.Application) -> TestServer:
        options = run_options(app[SETTINGS])
        del options["handler_cancellation"]  # pytest-aiohttp's server sets it too
        return await aiohttp_server(app, **options)

    return serve
