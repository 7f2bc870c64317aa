"""`asyncio.gather` runs coroutines concurrently; TaskGroup is structured.

Sample run::

    $ python demos/05_gather.py
    one by one:  ['one', 'two', 'three'] in 3.00 s
    gather:      ['one', 'two', 'three'] in 1.00 s
    speedup:     3.0x
    TaskGroup:   ['one', 'two', 'three'] in 1.00 s
    gather(return_exceptions=True): ['one', ValueError('broken failed')]
    TaskGroup raised (ValueError('broken failed'),); the slow one cancelled? True
    takeaway: waits awaited concurrently overlap: the longest, not the sum
"""

import asyncio
import time

from stage import scaled


async def fetch(name: str, seconds: float) -> str:
    await asyncio.sleep(scaled(seconds))
    if name == "broken":
        raise ValueError(f"{name} failed")
    return name


async def main() -> None:
    started = time.perf_counter()
    one = await fetch("one", 1)
    two = await fetch("two", 1)
    three = await fetch("three", 1)
    sequential = time.perf_counter() - started
    print(f"one by one:  {[one, two, three]} in {sequential:.2f} s")

    started = time.perf_counter()
    results = await asyncio.gather(fetch("one", 1), fetch("two", 1), fetch("three", 1))
    concurrent = time.perf_counter() - started
    print(f"gather:      {results} in {concurrent:.2f} s")
    print(f"speedup:     {sequential / concurrent:.1f}x")

    started = time.perf_counter()
    async with asyncio.TaskGroup() as group:  # Python 3.11+
        tasks = [group.create_task(fetch(name, 1)) for name in ("one", "two", "three")]
    print(f"TaskGroup:   {[t.result() for t in tasks]} in {time.perf_counter() - started:.2f} s")

    # when one fails: gather can hand back the exception as a result...
    results = await asyncio.gather(fetch("one", 1), fetch("broken", 0.5), return_exceptions=True)
    print(f"gather(return_exceptions=True): {results!r}")
    # ...while a TaskGroup cancels the others and raises all the errors together
    try:
        async with asyncio.TaskGroup() as group:
            slow = group.create_task(fetch("slow", 2))
            group.create_task(fetch("broken", 0.5))
    except* ValueError as errors:
        print(f"TaskGroup raised {errors.exceptions!r}; the slow one cancelled? {slow.cancelled()}")


asyncio.run(main())
print("takeaway: waits awaited concurrently overlap: the longest, not the sum")
