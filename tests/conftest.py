"""What the tests of several folders use: commands in child processes, a `demo-server` of a
test's own and what it holds, and a headless browser.

Each folder's own fixtures are in its conftest: the app on pytest-aiohttp's server in
tests/server/, the client's command and its embedded server in tests/client/.
"""

import asyncio
import codecs
import io
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import aiohttp
import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT_ROOT / "artifacts"  # screenshots from the browser tests (not committed)

SERVER = [sys.executable, "-m", "server"]
CLIENT = [sys.executable, "-m", "client"]
LISTENING = re.compile(
    r"demo-server listening on (http://127\.0\.0\.1:(\d+)) \(dashboard at /, Ctrl-C to stop\)\n",
    re.ASCII,
)


# commands in child processes


class Output:
    """A child's stdout or stderr, read by a thread as it arrives, so a test can wait for
    what it expects with a bound instead of sleeping."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.text = ""  # all of it so far
        self._taken = 0  # how much of it readline and read_until have handed out
        self._closed = False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._reader.start()

    def _pump(self, stream: IO[bytes]) -> None:
        # as `text=True` would decode it, but as soon as it comes, not a line at a time
        decode = io.IncrementalNewlineDecoder(
            codecs.getincrementaldecoder("utf-8")("replace"), translate=True
        ).decode
        with stream:  # closed here, at EOF, not under this thread by another
            while chunk := os.read(stream.fileno(), 65536):
                with self._changed:
                    self.text += decode(chunk)
                    self._changed.notify_all()
        with self._changed:
            self.text += decode(b"", final=True)
            self._closed = True
            self._changed.notify_all()

    def read_until(self, end: str, timeout: float, name: str) -> str:
        """What comes next, up to and including `end`; fails after `timeout` s or at EOF."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.text.find(end, self._taken) >= 0 or self._closed, timeout
            )
            cut = self.text.find(end, self._taken)
            if cut < 0:
                why = "closed" if self._closed else f"said no {end!r} within {timeout} s"
                pytest.fail(f"{name} {why}; it said: {self.text!r}")
            taken, self._taken = self._taken, cut + len(end)
            return self.text[taken : self._taken]

    def join(self, timeout: float) -> None:
        self._reader.join(timeout)


class Child:
    """A command in a child process: what it prints can be awaited, its exit too."""

    def __init__(self, args: list[str], env: dict[str, str], *, stdin: bool = False) -> None:
        # a process group of its own, as a terminal gives a command: Ctrl-C is sent to it all
        self.process = subprocess.Popen(
            args,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=PROJECT_ROOT,
            start_new_session=True,
        )
        self.exit = Exit(self.process.pid)
        assert self.process.stdout is not None and self.process.stderr is not None
        self._output = {
            "stdout": Output(self.process.stdout),
            "stderr": Output(self.process.stderr),
        }

    def ctrl_c(self) -> None:
        """What Ctrl-C in a terminal does: SIGINT to every process in the foreground group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def type(self, text: str) -> None:
        """Text on its stdin, as if typed (spawn it with stdin=True)."""
        assert self.process.stdin is not None
        self.process.stdin.write(text.encode())
        self.process.stdin.flush()

    def readline(self, name: str, timeout: float = 15.0) -> str:
        """The next line of `name` ("stdout" or "stderr"); fails after `timeout` s or at EOF."""
        return self.read_until(name, "\n", timeout)

    def read_until(self, name: str, end: str, timeout: float = 15.0) -> str:
        """What `name` says next, up to `end` (a prompt need not end its line)."""
        return self._output[name].read_until(end, timeout, name)

    def wait(self, timeout: float = 15.0) -> int:
        """Wait for the exit; then every line printed is in `seen`."""
        if not self.exit.wait(timeout):
            raise subprocess.TimeoutExpired(self.process.args, timeout)
        code = self.process.wait()
        for output in self._output.values():
            # a grandchild may still hold the pipe (the client's server shares its stderr)
            output.join(timeout)
        return code

    def seen(self, name: str) -> str:
        return self._output[name].text

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.wait()
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.exit.close()  # stdout and stderr close as their readers reach the end


class Exit:
    """A process's exit as an event: its pidfd turns readable when it ends (a zombie
    nobody reaped yet counts: it runs nothing). The pid need not be our child's."""

    def __init__(self, pid: int) -> None:
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:  # gone already
            self._fd = None

    def wait(self, timeout: float) -> bool:
        """True once the process has ended; False if it still runs after `timeout` s."""
        return self._fd is None or bool(select.select([self._fd], [], [], timeout)[0])

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


@pytest.fixture
def spawn() -> Iterator[Callable[..., Child]]:
    """`spawn(args, env=None, stdin=False)`: start a command in a child process; any still
    running at teardown are killed."""
    children: list[Child] = []

    def start(args: list[str], env: dict[str, str] | None = None, *, stdin: bool = False) -> Child:
        child = Child(args, {**os.environ, **(env or {})}, stdin=stdin)
        children.append(child)
        return child

    yield start
    for child in children:
        child.close()


# runs a command under an open-file limit (soft, hard), as `ulimit -n` would; the exec keeps
# the process, so its pid, signals and output are the command's own
WITH_LIMIT = (
    "import os, resource, sys; "
    "resource.setrlimit(resource.RLIMIT_NOFILE, (int(sys.argv[1]), int(sys.argv[2]))); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)


def with_open_files(command: list[str], soft: int, hard: int | None = None) -> list[str]:
    """`command`, run under an open-file limit of `soft` (and `hard`, by default the same)."""
    return [sys.executable, "-c", WITH_LIMIT, str(soft), str(hard or soft), *command]


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


COUNTS = ("in_flight", "peak_in_flight", "total")


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
