"""Runs a learner's program in its own process and measures it from beside, without
touching its code: how late a heartbeat beside it woke (the loop's lag), the tasks still
running when its main coroutine returned, and which thread opened files for writing.

    python -X dev -m exercises.harness PROGRAM.py    # report: JSON in $EXERCISES_REPORT

The program runs as `__main__`, as `python PROGRAM.py` would run it; only `asyncio.run`
is wrapped, so that the heartbeat runs on the program's own loop.
"""

import asyncio
import atexit
import json
import os
import runpy
import signal
import sys
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

BEAT = 0.01  # the heartbeat wants to wake this often (s)

measured: dict[str, Any] = {
    "runs": 0,  # calls of asyncio.run
    "started": None,  # time.time() when the first one began: a clock both processes read
    "wall": 0.0,  # seconds inside asyncio.run, or the whole program's without it
    "lag": 0.0,  # the longest the heartbeat woke late (s)
    "pending": [],  # tasks still running when main() returned
    "opened_on_loop": [],  # files opened for writing by the loop's own thread
    "opened_in_threads": [],  # ... by another thread (aiofiles, to_thread)
}
last_beat: list[float] = []  # the heartbeat's latest wake-up, while it runs
real_run = asyncio.run


def run(main: Coroutine[Any, Any, Any], **options: Any) -> Any:
    """asyncio.run, with a heartbeat beside `main` on the same loop."""
    if not asyncio.iscoroutine(main):
        return real_run(main, **options)  # its own error, in its own words
    measured["runs"] += 1
    measured["started"] = measured["started"] or time.time()
    started = time.perf_counter()
    try:
        return real_run(beside(main), **options)
    finally:
        measured["wall"] += time.perf_counter() - started


async def beside(main: Coroutine[Any, Any, Any]) -> Any:
    beating = asyncio.create_task(heartbeat())
    try:
        return await main
    finally:
        others = asyncio.all_tasks() - {beating, asyncio.current_task()}
        measured["pending"] += [name_of(task) for task in others if not task.done()]
        late()  # a freeze just before the end: the heartbeat is cancelled before it wakes
        beating.cancel()
        last_beat.clear()


def name_of(task: asyncio.Task[Any]) -> str:
    coro = task.get_coro()
    return getattr(coro, "__qualname__", task.get_name())


async def heartbeat() -> None:
    while True:
        last_beat[:] = [time.perf_counter()]
        await asyncio.sleep(BEAT)
        late()


def late() -> None:
    """Count how much later than asked the heartbeat is (or would be) awake."""
    if last_beat:
        measured["lag"] = max(measured["lag"], time.perf_counter() - last_beat[0] - BEAT)


def audit(event: str, args: tuple[Any, ...]) -> None:
    """Note each file opened for writing, and by which thread."""
    if event != "open" or not isinstance(args[0], str | Path):
        return
    mode, flags = args[1], args[2]
    writing = (mode is not None and any(c in mode for c in "wax+")) or (
        mode is None and flags & (os.O_WRONLY | os.O_RDWR)
    )
    if writing and Path(args[0]).resolve().is_relative_to(Path.cwd()):
        where = "opened_on_loop" if threading.current_thread() is main else "opened_in_threads"
        measured[where].append(os.path.relpath(args[0]))


def report() -> None:
    late()  # stopped while the loop was frozen: that freeze counts too
    if not measured["runs"]:
        measured["wall"] = time.perf_counter() - program_started
    with open(os.environ["EXERCISES_REPORT"], "w", encoding="utf-8") as file:
        json.dump(measured, file)


main = threading.main_thread()
program_started = time.perf_counter()

if __name__ == "__main__":
    program = sys.argv[1]
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(program))  # as `python PROGRAM.py` has it
    # Ctrl-C is how the checker stops a program: make sure it raises, even when this
    # process was started with SIGINT ignored (as a shell's background job is)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    asyncio.run = run  # type: ignore[assignment]
    atexit.register(report)
    sys.addaudithook(audit)
    program_started = time.perf_counter()
    try:
        runpy.run_path(program, run_name="__main__")
    except KeyboardInterrupt:  # the checker stops a program that runs too long, or serves
        sys.exit(130)
