"""Debug mode names a task that blocks the loop, and how long.

A blocking call in a coroutine (here time.sleep, as requests.get would be)
holds up every other task, and nothing says so. asyncio's debug mode logs
each step of a task that took longer than 0.1 s, with the line where the
task paused next: run with `asyncio.run(main(), debug=True)`,
`PYTHONASYNCIODEBUG=1` or `python -X dev`.

Sample run::

    $ python demos/21_debug_mode.py
    time.sleep(1) in a coroutine:
      napper asked to sleep 0.1 s, slept 1.00 s
    the same in debug mode: asyncio.run(main(), debug=True)
        Executing <Task pending name='report' coro=<report() running at
        21_debug_mode.py:47> cb=[TaskGroup._on_task_done()] created at
        taskgroups.py:161> took 1.000 seconds
      napper asked to sleep 0.1 s, slept 1.00 s
    await asyncio.to_thread(time.sleep, 1), in debug mode:
      napper asked to sleep 0.1 s, slept 0.10 s
    takeaway: PYTHONASYNCIODEBUG=1 names the task that blocks the loop
"""

import asyncio
import logging
import re
import textwrap
import time

from stage import SCALE

PAUSE = 1 * SCALE  # how long the blocking call takes
NAP = 0.1 * SCALE  # what the other task asks to sleep


class Show(logging.Handler):  # asyncio logs to stderr; here, on the slide
    def emit(self, record: logging.LogRecord) -> None:
        message = re.sub(r"/\S+/", "", record.getMessage())  # paths: names
        print(textwrap.indent(textwrap.fill(message, 74), "    "))


async def report(blocking: bool) -> None:
    if blocking:
        time.sleep(PAUSE)  # noqa: ASYNC251 (the mistake shown here)
    else:
        await asyncio.to_thread(time.sleep, PAUSE)  # the fix: in a thread
    await asyncio.sleep(0)  # and on with the report


async def napper() -> float:
    started = time.perf_counter()
    await asyncio.sleep(NAP)
    return time.perf_counter() - started


async def main(blocking: bool) -> None:
    async with asyncio.TaskGroup() as group:
        nap = group.create_task(napper(), name="napper")
        group.create_task(report(blocking), name="report")
    print(f"  napper asked to sleep {NAP:g} s, slept {nap.result():.2f} s")


logging.getLogger("asyncio").addHandler(Show())
print(f"time.sleep({PAUSE:g}) in a coroutine:")
asyncio.run(main(blocking=True))
print("the same in debug mode: asyncio.run(main(), debug=True)")
asyncio.run(main(blocking=True), debug=True)
print(f"await asyncio.to_thread(time.sleep, {PAUSE:g}), in debug mode:")
asyncio.run(main(blocking=False), debug=True)
print("takeaway: PYTHONASYNCIODEBUG=1 names the task that blocks the loop")
