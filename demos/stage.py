"""The plumbing the demos share, so that each demo shows only its own idea.

- SCALE: DEMO_TIME_SCALE from the environment (1 by default). The demos
  multiply their delays by it: DEMO_TIME_SCALE=0.2 makes every delay five
  times shorter (the tests use it); which version wins stays the same.
- stopwatch(), demo_server(), usable_cores(): small tools.
- best_of(): times several variants fairly, for the demos that compare them.
- show_lanes() (which worker ran which job when) and ticks() (a heartbeat's
  beats, with longest_gap()): the pictures, in plain text, drawn from
  measured times; heartbeat() takes the beats.

Importing this module does nothing but define these.
"""

import asyncio
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from server.embedded import EmbeddedServer

SCALE = float(os.environ.get("DEMO_TIME_SCALE", "1"))
LABEL = 16  # columns before a picture's time line: "process 4194304 "


def stopwatch() -> Callable[[], str]:
    """A function that tells the time since this call, as ` 1.00 s`."""
    start = time.perf_counter()

    def elapsed() -> str:
        return f"{time.perf_counter() - start:5.2f} s"

    return elapsed


def demo_server() -> EmbeddedServer:
    """The project's demo server, in a process of its own, on a free loopback
    port, for as long as a `with demo_server() as url:` block lasts."""
    return EmbeddedServer()


def usable_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow
    fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Job:
    """What a job measured about itself: who ran it, when, the CPU it used."""

    worker: str
    start: float  # time.perf_counter(): one clock for all processes
    end: float
    cpu: float  # seconds of CPU time


@dataclass(frozen=True)
class Trial:
    """One timed run of one variant."""

    start: float
    end: float
    jobs: Sequence[Job] = ()

    @property
    def wall(self) -> float:
        return self.end - self.start

    @property
    def cpu(self) -> float:
        return sum(job.cpu for job in self.jobs)

    @property
    def waited(self) -> float:
        """The share of its jobs' time spent waiting for a CPU: on a busy
        machine other programs take it, and the time measures them too."""
        running = sum(job.end - job.start for job in self.jobs)
        return 1 - self.cpu / running if running else 0.0

    @property
    def fair(self) -> bool:
        return self.waited < 0.15


def best_of(
    rounds: int, variants: dict[str, Callable[[], Sequence[Job] | None]]
) -> dict[str, Trial]:
    """Each variant's fastest run of `rounds` (or up to twice as many while
    one's best run was not fair), after one uncounted round.

    A fair race on a busy machine: the first round warms up (imports, caches,
    worker processes); every round runs each variant in turn, so that a noisy
    moment hurts them alike; the fastest run is the one least disturbed. A dot
    a round, on the line already printed, shows the room it is at work.
    """
    best: dict[str, Trial] = {}
    order = list(variants.items())
    for round_ in range(2 * rounds + 1):
        if round_ > rounds and all(trial.fair for trial in best.values()):
            break
        print(".", end="", flush=True)
        order.reverse()  # A B C, then C B A: a slow drift hurts all alike
        for name, run in order:
            start = time.perf_counter()
            jobs = run() or ()
            trial = Trial(start=start, end=time.perf_counter(), jobs=jobs)
            if round_ and (name not in best or trial.wall < best[name].wall):
                best[name] = trial
    print()
    return best


def _column(moment: float, start: float, span: float, width: int) -> int:
    return min(width - 1, max(0, int((moment - start) / span * width)))


def lanes(trial: Trial, span: float, width: int = 56) -> list[str]:
    """One line per worker, each job drawn as its number over the time it ran;
    `span` seconds fill `width` columns, so several trials share one scale."""
    rows: dict[str, list[str]] = {}
    for number, job in enumerate(trial.jobs, start=1):
        row = rows.setdefault(job.worker, [" "] * width)
        first = _column(job.start, trial.start, span, width)
        last = _column(job.end, trial.start, span, width)
        row[first : last + 1] = str(number % 10) * (last - first + 1)
    return [f"{w:<{LABEL}}{''.join(row)}".rstrip() for w, row in rows.items()]


def show_lanes(trials: dict[str, Trial]) -> None:
    """Each trial's times, then its lanes; all on one time scale.

    A trial whose jobs spent much of their time waiting for a CPU (other
    programs had them) says so: it is then no fair measure of what it does.
    """
    span = max(trial.wall for trial in trials.values())
    for name, trial in trials.items():
        busy = trial.cpu / trial.wall
        print(
            f"{name:<17} {trial.wall:4.2f} s, CPU {trial.cpu:4.2f} s:"
            f" {busy:3.1f} cores busy"
        )
        for line in lanes(trial, span):
            print(f"  {line}")
        if not trial.fair:
            waited = f"{trial.waited:.0%} of their time"
            print(f"  (its jobs waited for a CPU {waited}: other programs")
            print("   were running; run it again for a fair race)")


async def heartbeat(beats: list[float], every: float) -> None:
    """Note the time, sleep `every` seconds, again, until cancelled: a gap in
    `beats` is a time when the event loop could not run it."""
    while True:
        beats.append(time.perf_counter())
        await asyncio.sleep(every)


def ticks(
    moments: Sequence[float],
    span: float,
    width: int = 50,
    start: float | None = None,
) -> str:
    """A time line of `span` seconds from `start` (or the first moment): `|`
    at each moment, `.` elsewhere."""
    origin = moments[0] if start is None else start
    line = ["."] * width
    for moment in moments:
        line[_column(moment, origin, span, width)] = "|"
    return "".join(line)


def longest_gap(moments: Sequence[float]) -> float:
    """The longest time between two moments in a row."""
    return max(b - a for a, b in zip(moments, moments[1:], strict=False))
