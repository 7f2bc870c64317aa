"""TaskGroup: when one task fails, the others are cancelled.

Sample run::

    $ python demos/08_taskgroup.py
    TaskGroup, none fails: ['one', 'two'] in 1.00 s
    gather, one fails:     ['slow', ValueError('broken failed')] in 2.00 s
    TaskGroup, one fails:  raised [ValueError('broken failed')] in 0.50 s
      and the slow one was cancelled? True
    takeaway: a TaskGroup ends as one: a failure cancels the others
"""

import asyncio
import time

from stage import SCALE

WAIT = 1 * SCALE  # what each task of the first group takes
FAIL = 0.5 * SCALE  # when the broken task fails
SLOW = 2 * SCALE  # what the slow task would take


async def fetch(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    if name == "broken":
        raise ValueError(f"{name} failed")
    return name


async def main() -> None:
    started = time.perf_counter()
    async with asyncio.TaskGroup() as group:  # Python 3.11+
        tasks = [group.create_task(fetch(n, WAIT)) for n in ("one", "two")]
    took = time.perf_counter() - started
    names = [task.result() for task in tasks]
    print(f"TaskGroup, none fails: {names} in {took:.2f} s")

    # gather waits for the slow one, then hands back the error as a result
    started = time.perf_counter()
    results = await asyncio.gather(
        fetch("slow", SLOW), fetch("broken", FAIL), return_exceptions=True
    )
    took = time.perf_counter() - started
    print(f"gather, one fails:     {results} in {took:.2f} s")

    # a TaskGroup cancels the others at the first error, then raises them all
    started = time.perf_counter()
    try:
        async with asyncio.TaskGroup() as group:
            slow = group.create_task(fetch("slow", SLOW))
            group.create_task(fetch("broken", FAIL))
    except* ValueError as errors:
        took = time.perf_counter() - started
        raised = list(errors.exceptions)  # what the ExceptionGroup holds
        print(f"TaskGroup, one fails:  raised {raised} in {took:.2f} s")
        print(f"  and the slow one was cancelled? {slow.cancelled()}")


asyncio.run(main())
print("takeaway: a TaskGroup ends as one: a failure cancels the others")
