"""The benchmark suite: a table of scenarios, each starting its own servers on 127.0.0.1.

    python benchmarks/run.py                  # the table (run benchmarks/setup.sh once first)
    python benchmarks/run.py --json           # the same rows as JSON
    python benchmarks/run.py --quick          # tiny sizes, one run: a smoke test
    python benchmarks/run.py --only gather-1k --only gather-10k   # those rows, with their floors

Each speed figure is a ratio against a baseline measured in the same run (wall / ideal,
ours / theirs), the median of several runs: on a noisy machine absolute times mean little.
Adding a scenario means adding one entry to SCENARIOS.
"""

import argparse
import fcntl
import importlib.util
import json
import os
import pty
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent  # this venv's demo-client and demo-server
CLIENT = str(BIN / "demo-client")
GUNICORN = str(HERE / ".httpbin-venv" / "bin" / "gunicorn")  # made by benchmarks/setup.sh

# The servers compared, as commands; "{port}" becomes a free port.
Command = tuple[str, ...]
DEMO_SERVER: Command = (str(BIN / "demo-server"), "--port", "{port}")
# aiohttp's documented way onto two cores (README: "One process uses one core")
TWO_WORKERS: Command = (
    str(BIN / "gunicorn"),
    "server.app:create_app()",
    "-w",
    "2",
    "-k",
    "aiohttp.GunicornWebWorker",
    "-b",
    "127.0.0.1:{port}",
)
HELLO: Command = (sys.executable, str(HERE / "hello.py"), "{port}")
HTTPBIN: Command = ("-b", "127.0.0.1:{port}", "httpbin:app")
HTTPBIN_SYNC: Command = (GUNICORN, "-w", "4", *HTTPBIN)
HTTPBIN_GEVENT: Command = (GUNICORN, "-k", "gevent", "-w", "1", *HTTPBIN)


@dataclass(frozen=True, kw_only=True)
class Plan:
    """How big and how many: the full suite's sizes, or --quick's."""

    runs: int  # runs behind each median
    repeat: int  # timings behind each start-up median
    small: int  # the "1k" of gather-1k
    big: int  # the "10k"
    wrk_pairs: int  # req/s drift more than walls on this VM: more, shorter pairs
    wrk_seconds: int
    workers_seconds: int
    hey_n: int  # concurrent /delay/1 requests against httpbin
    callgrind_n: int


FULL = Plan(
    runs=3,
    repeat=10,
    small=1_000,
    big=10_000,
    wrk_pairs=5,
    wrk_seconds=3,
    workers_seconds=5,
    hey_n=200,
    callgrind_n=2_000,
)
QUICK = Plan(
    runs=1,
    repeat=3,
    small=50,
    big=200,
    wrk_pairs=1,
    wrk_seconds=1,
    workers_seconds=1,
    hey_n=20,
    callgrind_n=200,
)


@dataclass(frozen=True, kw_only=True)
class Figure:
    """What one scenario measured."""

    value: float  # the number its target judges
    shown: str  # how the row shows it
    detail: str = ""


@dataclass(frozen=True, kw_only=True)
class Target:
    text: str
    judge: Callable[[float], bool] | None = None  # None: reported, not judged


def at_most(bound: float, unit: str = "") -> Target:
    return Target(text=f"<= {bound}{unit}", judge=lambda value: value <= bound)


def at_least(bound: float) -> Target:
    return Target(text=f">= {bound}", judge=lambda value: value >= bound)


REPORT = Target(text="report")
BESIDE = Target(text="")  # a floor: read beside the row above it
FASTER = Target(text="faster", judge=lambda theirs_over_ours: theirs_over_ours > 1)


@dataclass(frozen=True, kw_only=True)
class Scenario:
    name: str  # for --only, which also runs "name:part" with "name"
    title: str  # the row's label; {small}, {big}, {hey_n}: the plan's sizes
    measure: Callable[[Plan], Figure]
    target: Target
    note: str = ""
    needs: tuple[str, ...] = ()  # tools from benchmarks/setup.sh
    quick: bool = True  # False: left out of --quick, unless --only names it

    @property
    def group(self) -> str:
        return self.name.partition(":")[0]


FLOOR = "floor: bare asyncio client and server (benchmarks/floor.py)"
FLOOR_NOTE = "what this machine allows, no HTTP library"
E2E = ("--mode", "gather", "-n", "10", "--delay", "0", "--no-timeline")

SCENARIOS: list[Scenario] = [
    Scenario(
        name="startup",
        title="demo-client --help start-up",
        measure=lambda plan: seconds(CLIENT, "--help", repeat=plan.repeat),
        target=at_most(0.25, " s"),
    ),
    Scenario(
        name="end-to-end",
        title="demo-client --mode gather -n 10 --delay 0, embedded server included",
        measure=lambda plan: seconds(CLIENT, *E2E, repeat=plan.repeat),
        target=at_most(1.0, " s"),
    ),
    Scenario(
        name="gather-1k",
        title="gather -n {small} --delay 1",
        measure=lambda plan: gather(n=plan.small, delay=1, runs=plan.runs),
        target=at_most(1.15),
    ),
    Scenario(
        name="gather-1k:floor",
        title=FLOOR + ", -n {small} --delay 1",
        measure=lambda plan: floor(n=plan.small, delay=1, runs=plan.runs),
        target=BESIDE,
        note=FLOOR_NOTE,
    ),
    Scenario(
        name="gather-10k",
        title="gather -n {big} --delay 1 (fresh connections)",
        measure=lambda plan: gather(n=plan.big, delay=1, runs=plan.runs),
        target=at_most(3.0),
    ),
    Scenario(
        name="gather-10k:floor",
        title=FLOOR + ", -n {big} --delay 1",
        measure=lambda plan: floor(n=plan.big, delay=1, runs=plan.runs),
        target=BESIDE,
        note=FLOOR_NOTE,
    ),
    Scenario(
        name="gather-10k:bare",
        title="the plainest aiohttp gather (benchmarks/bare.py), -n {big} --delay 1",
        measure=lambda plan: bare(n=plan.big, delay=1, runs=plan.runs),
        target=BESIDE,
        note="no records, no progress, no heartbeat: what aiohttp alone costs",
    ),
    Scenario(
        name="gather-10k:uvloop",
        title="gather -n {big} --delay 1 --loop uvloop (the optional extra)",
        measure=lambda plan: gather(n=plan.big, delay=1, runs=plan.runs, loop="uvloop"),
        target=BESIDE,
        needs=("uvloop",),
    ),
    Scenario(
        name="enter-to-prompt",
        title="demo-client --mode gather -n {big} in an 80 x 24 terminal: Enter to prompt",
        measure=lambda plan: enter_to_prompt(n=plan.big, runs=plan.runs),
        target=at_most(1.0, " s"),
        note="its own server started and stopped; beyond the wall the table reports",
    ),
    Scenario(
        name="gather-10k-delay-5",
        title="gather -n {big} --delay 5",
        measure=lambda plan: gather(n=plan.big, delay=5, runs=plan.runs),
        target=at_most(1.3),
        quick=False,
    ),
    Scenario(
        name="gather-10k-delay-5:floor",
        title=FLOOR + ", -n {big} --delay 5",
        measure=lambda plan: floor(n=plan.big, delay=5, runs=plan.runs),
        target=BESIDE,
        note=FLOOR_NOTE,
        quick=False,
    ),
    Scenario(
        name="rss:server",
        title="peak RSS with {big} in flight (gather-10k's runs), server",
        measure=lambda plan: peak_rss("server", n=plan.big, runs=plan.runs),
        target=at_most(150, " MB"),
    ),
    Scenario(
        name="rss:client",
        title="peak RSS with {big} in flight (gather-10k's runs), client",
        measure=lambda plan: peak_rss("client", n=plan.big, runs=plan.runs),
        target=at_most(150, " MB"),
    ),
    Scenario(
        name="echo-wrk",
        title="/echo req/s vs bare aiohttp hello world (wrk -c64), interleaved",
        measure=lambda plan: rps(DEMO_SERVER, HELLO, pairs=plan.wrk_pairs, secs=plan.wrk_seconds),
        target=at_least(0.95),
        needs=("wrk",),
    ),
    Scenario(
        name="echo-callgrind",
        title="/echo CPU instructions per request vs bare aiohttp hello world (callgrind)",
        measure=lambda plan: instructions(DEMO_SERVER, HELLO, n=plan.callgrind_n),
        target=REPORT,
        note="hello's / ours: the req/s ratio it predicts, nearly free of the VM's drift",
        needs=("valgrind", "hey"),
        quick=False,  # minutes: valgrind starts Python slowly
    ),
    Scenario(
        name="workers",
        title="/echo req/s, gunicorn -w 2 vs demo-server (wrk -c64), interleaved",
        measure=lambda plan: rps(
            TWO_WORKERS, DEMO_SERVER, pairs=plan.runs, secs=plan.workers_seconds
        ),
        target=REPORT,
        note="client (wrk) and server share the 2 cores",
        needs=("wrk",),
    ),
    Scenario(
        name="httpbin:sync",
        title="{hey_n} concurrent /delay/1: ours vs httpbin on gunicorn sync (-w 4), hey",
        measure=lambda plan: delay_seconds(HTTPBIN_SYNC, n=plan.hey_n),
        target=REPORT,
        needs=("hey", GUNICORN),
        quick=False,  # 4 workers take 200 requests 4 at a time: ~50 s
    ),
    Scenario(
        name="httpbin:gevent",
        title="{hey_n} concurrent /delay/1: ours vs httpbin on gunicorn gevent (-w 1), hey",
        measure=lambda plan: delay_seconds(HTTPBIN_GEVENT, n=plan.hey_n),
        target=FASTER,
        needs=("hey", GUNICORN),
    ),
]


# The measuring helpers: each returns the Figure of one row.


def seconds(*command: str, repeat: int) -> Figure:
    """A command's median wall time, start-up included."""

    def once() -> float:
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return time.perf_counter() - started

    median = statistics.median(once() for _ in range(repeat))
    return Figure(value=median, shown=f"{median:.3f} s")


def median_ratio(ratios: list[float], detail: str = "") -> Figure:
    median = statistics.median(ratios)
    runs = ", ".join(f"{ratio:.2f}" for ratio in ratios)
    return Figure(value=median, shown=f"wall/ideal {median:.2f} (runs: {runs})", detail=detail)


def gather(*, n: int, delay: float, runs: int, loop: str = "asyncio") -> Figure:
    """demo-client --mode gather against a fresh demo-server each run."""
    measured = gather_runs(n=n, delay=delay, runs=runs, loop=loop)
    return median_ratio(measured.ratios, detail=f"server peak {min(measured.peaks)}")


def bare(*, n: int, delay: float, runs: int) -> Figure:
    """The plainest aiohttp client (benchmarks/bare.py) against a fresh demo-server."""
    ratios = []
    for _ in range(runs):
        with process((*DEMO_SERVER, "--max-delay", str(delay + 1))) as server:
            client = (sys.executable, str(HERE / "bare.py"), f"{server.url}/delay/{delay}", str(n))
            wall = float(subprocess.run(client, capture_output=True, check=True).stdout)
        ratios.append(wall / delay)
    return median_ratio(ratios)


def enter_to_prompt(*, n: int, runs: int) -> Figure:
    """As the speaker sees it: from Enter to the prompt, less the wall of the run itself
    (start-up, the embedded server's boot and stop, the report); and the longest the
    terminal went without anything new on it."""
    beyond, silences = [], []
    for _ in range(runs):
        took, text, silence = in_terminal((CLIENT, "--mode", "gather", "-n", str(n)))
        beyond.append(took - float(found(r"(?m)^gather +([\d.]+) s ", text)))
        silences.append(silence)
    median = statistics.median(beyond)
    runs_shown = ", ".join(f"{b:.2f}" for b in beyond)
    silent = f"longest silence {max(silences):.2f} s"
    return Figure(value=median, shown=f"{median:.2f} s (runs: {runs_shown})", detail=silent)


def in_terminal(command: Command) -> tuple[float, str, float]:
    """Run a command in an 80 x 24 pseudo-terminal: seconds to its exit, what it printed,
    and the longest gap between two writes."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    started = last = time.perf_counter()
    child = subprocess.Popen(command, stdin=secondary, stdout=secondary, stderr=secondary)
    os.close(secondary)
    chunks, silence = [], 0.0
    while True:
        try:
            data = os.read(primary, 65536)  # blocks until it writes; b"" or EIO: it exited
        except OSError:
            data = b""
        if not data:
            break
        now = time.perf_counter()
        silence, last = max(silence, now - last), now
        chunks.append(data)
    child.wait()
    took = time.perf_counter() - started
    os.close(primary)
    return took, b"".join(chunks).decode(errors="replace").replace("\r", ""), silence


def floor(*, n: int, delay: float, runs: int) -> Figure:
    """The same socket work with bare asyncio.Protocols (benchmarks/floor.py)."""
    script = (sys.executable, str(HERE / "floor.py"))
    ratios = []
    for _ in range(runs):
        with process((*script, "server", "{port}", str(delay))) as server:
            client = (*script, "client", str(server.port), str(n))
            wall = float(subprocess.run(client, capture_output=True, check=True).stdout)
        ratios.append(wall / delay)
    return median_ratio(ratios)


def peak_rss(side: Literal["client", "server"], *, n: int, runs: int) -> Figure:
    """The most memory one side held in gather's runs at n, delay 1 (the same runs)."""
    mb = max(gather_runs(n=n, delay=1, runs=runs).peak_kib[side]) / 1024
    return Figure(value=mb, shown=f"{mb:.0f} MB")


def rps(ours: Command, baseline: Command, *, pairs: int, secs: int) -> Figure:
    """Median /echo req/s of two servers, run in turn (ABBA...) so that drift hits both alike."""
    measured: dict[Command, list[float]] = {ours: [], baseline: []}
    for i in range(pairs):
        for command in (ours, baseline) if i % 2 == 0 else (baseline, ours):
            with process(command) as server:
                measured[command].append(wrk_rps(f"{server.url}/echo", secs))
    a, b = statistics.median(measured[ours]), statistics.median(measured[baseline])
    return Figure(value=a / b, shown=f"{a:,.0f} vs {b:,.0f}: {a / b:.2f}")


def instructions(ours: Command, baseline: Command, *, n: int) -> Figure:
    a, b = instructions_per_request(ours, n), instructions_per_request(baseline, n)
    return Figure(value=b / a, shown=f"{a:,.0f} vs {b:,.0f}: {b / a:.2f}")


def delay_seconds(theirs: Command, *, n: int) -> Figure:
    """n concurrent /delay/1 requests by hey: ours (measured once a run) vs theirs."""
    a, b = hey_seconds(DEMO_SERVER, n=n), hey_seconds(theirs, n=n)
    return Figure(value=b / a, shown=f"{a:.2f} s vs {b:.2f} s: {b / a:.1f}x")


# What the helpers run.


@dataclass(frozen=True, kw_only=True)
class GatherRuns:
    ratios: list[float]  # wall / ideal, one a run
    peaks: list[int]  # the most requests the server saw in flight at once
    peak_kib: dict[str, list[int]]  # peak RSS, client's and server's


@cache  # gather-10k and the RSS rows read the same runs
def gather_runs(*, n: int, delay: float, runs: int, loop: str = "asyncio") -> GatherRuns:
    modes: list[dict[str, Any]] = []
    peak_kib: dict[str, list[int]] = {"client": [], "server": []}
    for _ in range(runs):
        with process((*DEMO_SERVER, "--max-delay", str(delay + 1))) as server:
            mode, client_kib = client_run(server.url, n, delay, loop)
            peak_kib["server"].append(peak_rss_kib(server.pid))
        modes.append(mode)
        peak_kib["client"].append(client_kib)
    return GatherRuns(
        ratios=[mode["wall_s"] / mode["ideal_s"] for mode in modes],
        peaks=[mode["server_peak"] for mode in modes],
        peak_kib=peak_kib,
    )


def client_run(server: str, n: int, delay: float, loop: str) -> tuple[dict[str, Any], int]:
    """One demo-client gather run as a separate process: its JSON and its peak RSS (KiB)."""
    args = [CLIENT, "--server", server, "--mode", "gather", "-n", str(n), "--delay", str(delay)]
    args += ["--json", "--timeout", "120", "--loop", loop]
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    mode = json.loads(out)["modes"][0]
    if mode["failed"]:
        raise RuntimeError(f"{mode['failed']} of {n} requests failed")
    return mode, usage.ru_maxrss


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def wrk_rps(url: str, secs: int) -> float:
    wrk = ["wrk", "-t1", "-c64", f"-d{secs}s", url]
    out = subprocess.run(wrk, capture_output=True, text=True, check=True).stdout
    return float(found(r"Requests/sec:\s+([\d.]+)", out))


@cache  # ours is measured once for both httpbin rows
def hey_seconds(server: Command, *, n: int) -> float:
    with process(server) as running:
        hey = ["hey", "-n", str(n), "-c", str(n), "-t", "120", f"{running.url}/delay/1"]
        out = subprocess.run(hey, capture_output=True, text=True, check=True).stdout
    return float(found(r"Total:\s+([\d.]+) secs", out))


def instructions_per_request(server: Command, n: int) -> float:
    """A server's CPU instructions per /echo request, counted by callgrind: no noise.

    The server runs under valgrind twice: answering n requests, then idle for as long; the
    difference over n leaves out start-up, shutdown, and what runs on a timer whatever the
    load (the dashboard's sampler). One connection, one request at a time: each request takes
    the same path, so the count repeats to within 1 % (8 at once batch unevenly: 5 %).
    """
    counts, busy = [], 0.0
    for requests in (n, 0):
        with tempfile.NamedTemporaryFile("r") as log:
            callgrind = ("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null")
            with process((*callgrind, f"--log-file={log.name}", *server), wait=180) as running:
                started = time.monotonic()
                if requests:
                    hey = ["hey", "-n", str(requests), "-c", "1", f"{running.url}/echo"]
                    subprocess.run(hey, capture_output=True, check=True)
                    busy = time.monotonic() - started
                else:
                    time.sleep(busy)
            counts.append(int(found(r"Collected : (\d+)", log.read())))
    return (counts[0] - counts[1]) / n


def found(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise RuntimeError(f"no {pattern!r} in the tool's output")
    return match.group(1)


@dataclass(frozen=True, kw_only=True)
class Server:
    pid: int
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def process(command: Command, wait: float = 20) -> Iterator[Server]:
    """Start a server on a free port ("{port}" in its command), stop it with SIGTERM;
    `wait` seconds for each."""
    port = free_port()
    child = subprocess.Popen(
        [arg.replace("{port}", str(port)) for arg in command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + wait
        while not listening(port):  # polled: most of these servers say nothing when ready
            if time.monotonic() > deadline or child.poll() is not None:
                raise RuntimeError(f"{command[0]} did not start")
            time.sleep(0.05)
        yield Server(pid=child.pid, port=port)
    finally:
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


# Running the table.


@dataclass(frozen=True, kw_only=True)
class Row:
    name: str
    scenario: str
    measured: str
    value: float | None  # the figure the target is about; None: not measured
    target: str
    met: bool | None  # None: no target, or not measured
    note: str = ""


def run(scenario: Scenario, plan: Plan) -> Row:
    row = Row(
        name=scenario.name,
        scenario=scenario.title.format_map(asdict(plan)),
        measured="not measured",
        value=None,
        target=scenario.target.text,
        met=None,
    )
    missing = [need for need in scenario.needs if not available(need)]
    if missing:
        return replace(row, note=f"needs {', '.join(missing)}: run benchmarks/setup.sh")
    try:
        figure = scenario.measure(plan)
    except (OSError, RuntimeError, ValueError, subprocess.SubprocessError) as error:
        # one broken scenario should not cost the rest of a ten-minute run
        return replace(row, measured=f"FAILED: {error}")
    judge = scenario.target.judge
    return replace(
        row,
        measured=figure.shown,
        value=figure.value,
        met=None if judge is None else judge(figure.value),
        note="; ".join(note for note in (figure.detail, scenario.note) if note),
    )


def available(need: str) -> bool:
    """A program on the PATH (or a path to one), or a module this Python can import."""
    if shutil.which(need):
        return True
    return "/" not in need and importlib.util.find_spec(need) is not None


def chosen(only: list[str] | None, quick: bool) -> list[Scenario]:
    if only:
        return [s for s in SCENARIOS if s.name in only or s.group in only]
    return [s for s in SCENARIOS if s.quick or not quick]


def show(row: Row) -> str:
    verdict = {True: " met", False: " MISSED", None: ""}[row.met]
    target = f"   target {row.target}{verdict}" if row.target else ""
    note = f"   ({row.note})" if row.note else ""
    return f"{row.scenario}\n    {row.measured}{target}{note}"


def main() -> None:
    names = list(dict.fromkeys(name for s in SCENARIOS for name in (s.group, s.name)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny sizes, one run, no slow scenario (unless --only names it)",
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--runs", type=int, help="runs per figure (median; default 3, quick 1)")
    parser.add_argument(
        "--only",
        action="append",
        choices=names,
        metavar="NAME",
        help="run only this scenario (repeatable); NAME also runs NAME:part. " + ", ".join(names),
    )
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    if args.runs:
        plan = replace(plan, runs=args.runs, wrk_pairs=max(args.runs, plan.wrk_pairs))

    rows = []
    for scenario in chosen(args.only, args.quick):
        rows.append(run(scenario, plan))
        if not args.json:
            print(show(rows[-1]), flush=True)
    if args.json:
        print(json.dumps([asdict(row) for row in rows], indent=2))
    if any(row.measured.startswith("FAILED") for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
