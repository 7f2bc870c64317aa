"""Fixtures shared by the server and client tests.

- `app_factory` / `client`: the app from `create_app`, served by pytest-aiohttp through the
  server's own protocol (JSON errors), whose counters can be awaited
  (`await stats.until(...)`) instead of polled.
- `embedded_url`: one demo server in a child process, for the modes that block the
  test's own event loop (`threads`, `blocking`) and for the CLI tests.
- `spawn`: a command in a child process whose output lines can be awaited with a bound.
"""

import asyncio
import os
import queue
import signal
import subprocess
import threading
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from yarl import URL

from server.app import create_app
from server.embedded import EmbeddedServer
from server.serving import run_options
from server.settings import Settings
from server.typedefs import SETTINGS, Stats

PROJECT_ROOT = Path(__file__).resolve().parent.parent

Predicate = Callable[[Stats], bool]
WAIT_LIMIT = 5.0  # seconds: a wait for the server never hangs the suite
REQUEST_LIMIT = aiohttp.ClientTimeout(total=20)


ERROR_KEYS = {"status_code", "error", "detail"}


async def assert_json_error(response: aiohttp.ClientResponse, status: int) -> dict[str, Any]:
    """The server's error shape: JSON with status_code, error and a non-empty detail."""
    assert response.status == status
    assert response.content_type == "application/json"
    body = await response.json()
    assert set(body) == ERROR_KEYS
    assert body["status_code"] == status
    assert body["error"] == response.reason
    assert body["detail"]
    return body


class WatchedStats(Stats):
    """The server's own counters, plus a way to wait for a state of them.

    The counted routes change these fields as requests come and go; each change checks
    the waiters, so a test awaits "50 in flight" or "back to 0" without sleeping.
    """

    def __init__(self) -> None:
        object.__setattr__(self, "_waiters", [])
        super().__init__()

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        for predicate, future in list(self._waiters):
            if not future.done() and predicate(self):
                future.set_result(None)

    async def until(self, predicate: Predicate) -> None:
        """Return once `predicate(stats)` holds; a TimeoutError after WAIT_LIMIT seconds."""
        if predicate(self):
            return
        future = asyncio.get_running_loop().create_future()
        waiter = (predicate, future)
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(WAIT_LIMIT):
                await future
        finally:
            self._waiters.remove(waiter)


@pytest.fixture
def app_factory() -> Callable[..., web.Application]:
    """`create_app(Settings(**overrides))`, counting into a WatchedStats."""

    def make(**overrides: Any) -> web.Application:
        return create_app(Settings(**overrides), WatchedStats())

    return make


@pytest.fixture
def serve_app(aiohttp_server: Callable[..., Any]) -> Callable[..., Awaitable[TestServer]]:
    """`await serve_app(app)`: the app on a real socket, served as demo-server serves it."""

    async def serve(app: web.Application) -> TestServer:
        options = run_options(app[SETTINGS])
        del options["handler_cancellation"]  # pytest-aiohttp's server sets it too
        return await aiohttp_server(app, **options)

    return serve


@pytest.fixture
def make_client(
    aiohttp_client: Callable[..., Any],
    app_factory: Callable[..., web.Application],
    serve_app: Callable[..., Awaitable[TestServer]],
) -> Callable[..., Any]:
    """`await make_client(**overrides)`: a test client on an app with those settings."""

    async def make(**overrides: Any) -> TestClient:
        # a bound on every request: a server that wrongly waits fails the test, not the suite
        server = await serve_app(app_factory(**overrides))
        return await aiohttp_client(server, timeout=REQUEST_LIMIT)

    return make


@pytest.fixture
async def client(make_client: Callable[..., Any]) -> TestClient:
    """A test client on an app with the default settings."""
    return await make_client()


@pytest.fixture(scope="session")
def embedded_url() -> Iterator[URL]:
    """A demo server in a child process, shared by the whole session."""
    with EmbeddedServer() as url:
        yield url


class Child:
    """A child process whose stdout and stderr lines arrive on queues, read by threads."""

    def __init__(self, args: list[str], env: dict[str, str] | None) -> None:
        # a process group of its own, as a terminal gives a command: Ctrl-C is sent to it all
        self.process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=PROJECT_ROOT,
            start_new_session=True,
        )
        self._lines: dict[str, queue.Queue[str | None]] = {}
        self._seen: dict[str, list[str]] = {}
        self._readers = []
        for name in ("stdout", "stderr"):
            self._lines[name], self._seen[name] = queue.Queue(), []
            reader = threading.Thread(
                target=self._pump, args=(name, getattr(self.process, name)), daemon=True
            )
            reader.start()
            self._readers.append(reader)

    def _pump(self, name: str, stream: Any) -> None:
        for line in stream:
            self._seen[name].append(line)
            self._lines[name].put(line)
        self._lines[name].put(None)

    def ctrl_c(self) -> None:
        """What Ctrl-C in a terminal does: SIGINT to every process in the foreground group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def readline(self, name: str, timeout: float = 15.0) -> str:
        """The next line of `name` ("stdout" or "stderr"); fails after `timeout` s or at EOF."""
        try:
            line = self._lines[name].get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"no line on {name} within {timeout} s; so far: {self.seen(name)!r}")
        if line is None:
            pytest.fail(f"{name} closed; it said: {self.seen(name)!r}")
        return line

    def wait(self, timeout: float = 15.0) -> int:
        """Wait for the exit; then every line printed is in `seen`."""
        code = self.process.wait(timeout=timeout)
        for reader in self._readers:
            reader.join(timeout=timeout)
        return code

    def seen(self, name: str) -> str:
        return "".join(self._seen[name])

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def spawn() -> Iterator[Callable[..., Child]]:
    """Start commands in child processes; any still running at teardown are killed."""
    children: list[Child] = []

    def start(args: list[str], env: dict[str, str] | None = None) -> Child:
        child = Child(args, {**os.environ, **(env or {})})
        children.append(child)
        return child

    yield start
    for child in children:
        child.close()


CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; Playwright's own download is not used
ARTIFACTS = PROJECT_ROOT / "artifacts"  # screenshots from the browser tests (not committed)


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
