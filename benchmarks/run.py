"""The benchmark suite: every scenario starts its own servers on 127.0.0.1 and stops them.

    python benchmarks/run.py            # the table (run benchmarks/setup.sh once first)
    python benchmarks/run.py --json     # the same rows as JSON
    python benchmarks/run.py --quick    # tiny sizes, one run: a smoke test, not a measurement

Each speed figure is a ratio against a baseline measured in the same run (wall / ideal,
ours / theirs), the median of several runs: on a noisy machine absolute times mean little.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent  # this venv's demo-client and demo-server
GUNICORN = HERE / ".httpbin-venv" / "bin" / "gunicorn"


@dataclass
class Row:
    scenario: str
    measured: str
    value: float | None  # the figure the target is about
    target: str
    met: bool | None  # None: no target, or not measured here
    note: str = ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    pid: int
    url: str


@contextmanager
def process(args: list[str], wait: float = 20) -> Iterator[Server]:
    """Start a server on a free port (`{port}` in its arguments), stop it with SIGTERM;
    `wait` seconds for each."""
    port = free_port()
    child = subprocess.Popen(
        [a.replace("{port}", str(port)) for a in args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + wait
        while not listening(port):  # polled: these servers say nothing when they are ready
            if time.monotonic() > deadline or child.poll() is not None:
                raise RuntimeError(f"{args[0]} did not start")
            time.sleep(0.05)
        yield Server(child.pid, f"http://127.0.0.1:{port}")
    finally:
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            child.kill()


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def demo_server(*extra: str) -> AbstractContextManager[Server]:
    return process([str(BIN / "demo-server"), "--port", "{port}", *extra])


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def client_run(server: str, n: int, delay: float) -> tuple[dict[str, Any], int]:
    """One demo-client gather run as a separate process: its JSON and its peak RSS (KiB)."""
    args = [
        str(BIN / "demo-client"),
        "--server",
        server,
        "--mode",
        "gather",
        "-n",
        str(n),
        "--delay",
        str(delay),
        "--json",
        "--timeout",
        "120",
    ]
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = child.stdout.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    mode = json.loads(out)["modes"][0]
    if mode["failed"]:
        raise RuntimeError(f"{mode['failed']} of {n} requests failed")
    return mode, usage.ru_maxrss


def gather_ratio(n: int, delay: float, runs: int, target: float, name: str) -> list[Row]:
    ratios, client_rss, server_rss, peaks = [], [], [], []
    for _ in range(runs):
        with demo_server("--max-delay", str(delay + 1)) as server:
            mode, rss = client_run(server.url, n, delay)
            server_rss.append(peak_rss_kib(server.pid))
        ratios.append(mode["wall_s"] / mode["ideal_s"])
        client_rss.append(rss)
        peaks.append(mode["server_peak"])
    ratio = statistics.median(ratios)
    rows = [
        Row(
            name,
            f"wall/ideal {ratio:.2f} (runs: {', '.join(f'{r:.2f}' for r in ratios)})",
            ratio,
            f"<= {target}",
            ratio <= target,
            f"server peak {min(peaks)}",
        )
    ]
    if n >= 10_000:
        for side, rss in (("client", client_rss), ("server", server_rss)):
            mb = max(rss) / 1024
            rows.append(
                Row(f"peak RSS, {side}, {name}", f"{mb:.0f} MB", mb, "<= 150 MB", mb <= 150)
            )
    return rows


def floor_ratio(n: int, delay: float, runs: int) -> list[Row]:
    """The same socket work with bare asyncio.Protocols (benchmarks/floor.py)."""
    floor = [sys.executable, str(HERE / "floor.py")]
    ratios = []
    for _ in range(runs):
        with process([*floor, "server", "{port}", str(delay)]) as server:
            port = server.url.rpartition(":")[2]
            client = [*floor, "client", port, str(n)]
            wall = float(subprocess.run(client, capture_output=True, check=True).stdout)
            ratios.append(wall / delay)
    ratio = statistics.median(ratios)
    return [
        Row(
            f"floor: bare asyncio client and server, -n {n} --delay {delay:g}",
            f"wall/ideal {ratio:.2f} (runs: {', '.join(f'{r:.2f}' for r in ratios)})",
            ratio,
            "",
            None,
            "what this machine allows, no HTTP library",
        )
    ]


def wrk_rps(url: str, seconds: int) -> float:
    out = subprocess.run(
        ["wrk", "-t1", "-c64", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]


def compare_rps(
    ours: Callable[[], AbstractContextManager[Server]],
    baseline: Callable[[], AbstractContextManager[Server]],
    runs: int,
    seconds: int,
) -> tuple[float, float]:
    """Median /echo req/s of two servers, run in turn (ABBA...) so that drift hits both alike."""
    rps: dict[Callable[[], AbstractContextManager[Server]], list[float]] = {ours: [], baseline: []}
    for i in range(runs):
        for start in (ours, baseline) if i % 2 == 0 else (baseline, ours):
            with start() as server:
                rps[start].append(wrk_rps(f"{server.url}/echo", seconds))
    return statistics.median(rps[ours]), statistics.median(rps[baseline])


def echo_vs_hello(runs: int, seconds: int) -> list[Row]:
    hello = [sys.executable, str(HERE / "hello.py"), "{port}"]
    ours, bare = compare_rps(demo_server, lambda: process(hello), runs, seconds)
    ratio = ours / bare
    return [
        Row(
            "/echo req/s vs bare aiohttp hello world (wrk -c64)",
            f"{ours:,.0f} vs {bare:,.0f}: {ratio:.2f}",
            ratio,
            ">= 0.95",
            ratio >= 0.95,
        )
    ]


def instructions_per_request(server: list[str], n: int) -> float:
    """A server's CPU instructions per /echo request, counted by callgrind: no noise.

    The server runs under valgrind twice: answering n requests, then idle for as long; the
    difference over n leaves out start-up, shutdown, and what runs on a timer whatever the
    load (the dashboard's sampler). One connection, one request at a time: each request takes
    the same path, so the count repeats to within 1 % (8 at once batch unevenly: 5 %).
    """
    counts, busy = [], 0.0
    for requests in (n, 0):
        with tempfile.NamedTemporaryFile("r") as log:
            callgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
            with process([*callgrind, f"--log-file={log.name}", *server], wait=180) as running:
                started = time.monotonic()
                if requests:
                    hey = ["hey", "-n", str(requests), "-c", "1", f"{running.url}/echo"]
                    subprocess.run(hey, capture_output=True, check=True)
                    busy = time.monotonic() - started
                else:
                    time.sleep(busy)
            counts.append(int(re.search(r"Collected : (\d+)", log.read()).group(1)))  # type: ignore[union-attr]
    return (counts[0] - counts[1]) / n


def echo_vs_hello_instructions(n: int) -> list[Row]:
    hello = [sys.executable, str(HERE / "hello.py"), "{port}"]
    ours = instructions_per_request([str(BIN / "demo-server"), "--port", "{port}"], n)
    bare = instructions_per_request(hello, n)
    ratio = bare / ours
    return [
        Row(
            "/echo CPU instructions per request vs bare aiohttp hello world (callgrind)",
            f"{ours:,.0f} vs {bare:,.0f}: {ratio:.2f}",
            ratio,
            "report",
            None,
            "hello's / ours: the req/s ratio it predicts, nearly free of the VM's drift",
        )
    ]


def workers_row(runs: int, seconds: int) -> list[Row]:
    two, one = compare_rps(lambda: demo_server("--workers", "2"), demo_server, runs, seconds)
    ratio = two / one
    return [
        Row(
            "/echo req/s, --workers 2 vs 1",
            f"{two:,.0f} vs {one:,.0f}: {ratio:.2f}x",
            ratio,
            "report",
            None,
            "client (wrk) and server share the 2 cores",
        )
    ]


def hey_total(url: str, n: int) -> float:
    out = subprocess.run(
        ["hey", "-n", str(n), "-c", str(n), "-t", "120", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(re.search(r"Total:\s+([\d.]+) secs", out).group(1))  # type: ignore[union-attr]


def vs_httpbin(n: int, sync: bool) -> list[Row]:
    if not GUNICORN.exists():
        return [
            Row(
                "vs httpbin on gunicorn",
                "not measured",
                None,
                "",
                None,
                "run benchmarks/setup.sh first",
            )
        ]
    with demo_server() as server:
        ours = hey_total(f"{server.url}/delay/1", n)
    rows = []
    kinds = [("sync", ["-w", "4"])] if sync else []
    kinds.append(("gevent", ["-k", "gevent", "-w", "1"]))
    for kind, workers in kinds:
        args = [str(GUNICORN), *workers, "-b", "127.0.0.1:{port}", "httpbin:app"]
        with process(args) as server:
            theirs = hey_total(f"{server.url}/delay/1", n)
        rows.append(
            Row(
                f"{n} concurrent /delay/1: ours vs httpbin, gunicorn {kind} ({' '.join(workers)})",
                f"{ours:.2f} s vs {theirs:.2f} s: {theirs / ours:.1f}x",
                theirs / ours,
                "faster" if kind == "gevent" else "report",
                theirs > ours if kind == "gevent" else None,
            )
        )
    return rows


def startup(repeat: int) -> list[Row]:
    def timed(args: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return time.perf_counter() - started

    client = str(BIN / "demo-client")
    help_s = statistics.median(timed([client, "--help"]) for _ in range(repeat))
    e2e = [client, "--mode", "gather", "-n", "10", "--delay", "0", "--no-timeline"]
    e2e_s = statistics.median(timed(e2e) for _ in range(repeat))
    return [
        Row("demo-client --help start-up", f"{help_s:.3f} s", help_s, "<= 0.25 s", help_s <= 0.25),
        Row(
            "demo-client --mode gather -n 10 --delay 0, embedded server included",
            f"{e2e_s:.3f} s",
            e2e_s,
            "<= 1.0 s",
            e2e_s <= 1.0,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    small, big, secs = (50, 200, 1) if args.quick else (1_000, 10_000, 5)

    rows: list[Row] = []
    rows += startup(3 if args.quick else 10)
    rows += gather_ratio(small, 1, runs, 1.15, f"gather -n {small} --delay 1")
    rows += floor_ratio(small, 1, runs)
    rows += gather_ratio(big, 1, runs, 3.0, f"gather -n {big} --delay 1 (fresh connections)")
    rows += floor_ratio(big, 1, runs)
    if not args.quick:
        rows += gather_ratio(big, 5, runs, 1.3, f"gather -n {big} --delay 5")
        rows += floor_ratio(big, 5, runs)
    if shutil.which("wrk"):
        # req/s drift more than walls on this VM: more, shorter pairs
        pairs, wrk_secs = (1, secs) if args.quick else (max(runs, 5), 3)
        rows += echo_vs_hello(pairs, wrk_secs)
        rows += workers_row(runs, secs)
    if shutil.which("valgrind") and shutil.which("hey") and not args.quick:
        rows += echo_vs_hello_instructions(2_000)  # minutes: valgrind starts Python slowly
    if shutil.which("hey"):
        rows += vs_httpbin(20 if args.quick else 200, sync=not args.quick)

    if args.json:
        print(json.dumps([asdict(row) for row in rows], indent=2))
        return
    for row in rows:
        verdict = {True: "met", False: "MISSED", None: ""}[row.met]
        print(
            f"{row.scenario}\n    {row.measured}   target {row.target} {verdict}"
            + (f"   ({row.note})" if row.note else "")
        )


if __name__ == "__main__":
    main()
