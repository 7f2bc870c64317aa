"""Runs a learner's program as a check needs it, and gathers what happened: its exit, its
output line by line with the time each came, what the harness measured beside it, and the
embedded demo server's own counts for this run (a fresh server per run, so they are the
program's alone).

The program never learns it is watched: it reads DEMO_SERVER_URL (and ECHO_PORT for a
server of its own), as it would when run by hand against `demo-server`.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from server.embedded import EmbeddedServer

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GRACE = 1.0  # after Ctrl-C, how long a program has to stop before it is killed (s)


@dataclass
class Run:
    """What one run of a learner's program did."""

    program: Path
    limit: float  # seconds it was given
    returncode: int | None = None
    timed_out: bool = False  # stopped by the checker at `limit`
    lines: list[tuple[float, str]] = field(default_factory=list)  # (time.time(), line)
    stderr: str = ""
    measured: dict[str, Any] = field(default_factory=dict)  # the harness's report
    stats: dict[str, int] = field(default_factory=dict)  # the server's /stats after it
    folder: Path = Path()  # its working directory, where it writes files
    served: Any = None  # what a check's own client found, for a program that serves

    @property
    def wall(self) -> float:
        return float(self.measured.get("wall", 0.0))

    @property
    def lag(self) -> float:
        return float(self.measured.get("lag", 0.0))

    @property
    def started(self) -> float:
        """When its asyncio.run began (time.time()); the first output's time without one."""
        started = self.measured.get("started")
        return float(started) if started else (self.lines[0][0] if self.lines else 0.0)

    def printed_at(self) -> list[float]:
        """Seconds from the start to each line of its output."""
        return [moment - self.started for moment, _ in self.lines]


@contextmanager
def demo_server(wanted: bool) -> Iterator[str | None]:
    if not wanted:
        yield None
        return
    with EmbeddedServer() as url:
        yield str(url)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_program(
    program: Path,
    folder: Path,
    *,
    limit: float,
    server: bool = True,
    serve: Callable[[int], Any] | None = None,
) -> Run:
    """Run `program` in `folder` for at most `limit` seconds (then Ctrl-C, then killed).

    `serve`: the program is a server of its own; once it listens on the port it was
    given, `serve(port)` plays its clients, and the program is stopped after.
    """
    run = Run(program=program, limit=limit)
    with ExitStack() as stack:
        url = stack.enter_context(demo_server(server))
        run.folder = folder / "work"
        run.folder.mkdir()
        report = folder / "report.json"  # outside its working folder: not one of its files
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])
            ),
            "PYTHONUNBUFFERED": "1",  # each line when printed: its time is measured
            "EXERCISES_REPORT": str(report),
            "NO_COLOR": "1",
        }
        if url:
            env["DEMO_SERVER_URL"] = url
        port = free_port() if serve else None
        if port:
            env["ECHO_PORT"] = str(port)
        child = subprocess.Popen(
            [sys.executable, "-X", "dev", "-m", "exercises.harness", str(program.resolve())],
            cwd=run.folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        readers = [
            threading.Thread(target=read_lines, args=(child.stdout, run.lines), daemon=True),
            threading.Thread(target=read_all, args=(child.stderr, run), daemon=True),
        ]
        for reader in readers:
            reader.start()
        try:
            deadline = time.monotonic() + limit
            if serve and port and listening(port, child, deadline):
                run.served = serve(port)
                stop(child)
            try:
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                run.timed_out = True
                stop(child)
        finally:  # Ctrl-C in the checker included: never leave the program running
            if child.poll() is None:
                child.kill()
                child.wait()
            for reader in readers:
                reader.join(timeout=GRACE)
        run.returncode = child.returncode
        if url:
            run.stats = read_stats(url)
        if report.exists():
            run.measured = json.loads(report.read_text(encoding="utf-8") or "{}")
    return run


def stop(child: subprocess.Popen[str]) -> None:
    """Ctrl-C, as a learner would press it; killed if it does not stop."""
    child.send_signal(signal.SIGINT)
    try:
        child.wait(timeout=GRACE)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def listening(port: int, child: subprocess.Popen[str], deadline: float) -> bool:
    """Wait until the program accepts connections on `port`, or ends, or time is up."""
    while time.monotonic() < deadline and child.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)  # it is still starting: Python and its imports
    return False


def read_lines(stream: Any, lines: list[tuple[float, str]]) -> None:
    with stream:
        for line in stream:
            lines.append((time.time(), line.rstrip("\n")))


def read_all(stream: Any, run: Run) -> None:
    with stream:
        run.stderr = stream.read()


def read_stats(url: str) -> dict[str, int]:
    with urllib.request.urlopen(f"{url}/stats", timeout=5) as response:
        return dict(json.load(response))
