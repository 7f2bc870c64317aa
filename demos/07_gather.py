"""`asyncio.gather` runs coroutines concurrently: waits overlap.

Sample run::

    $ python demos/07_gather.py
    one by one: ['one', 'two', 'three'] in 2.00 s (the sum)
    gather:     ['one', 'two', 'three'] in 1.00 s (the longest)
    speedup:    2.0x
    takeaway: waits awaited concurrently overlap: the longest, not the sum
"""

import asyncio
import time

from stage import SCALE

SHORT = 0.5 * SCALE  # seconds that "one" and "three" take
LONG = 1 * SCALE  # seconds that "two" takes


async def fetch(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)  # a stand-in for a network call
    return name


async def main() -> None:
    started = time.perf_counter()
    one = await fetch("one", SHORT)
    two = await fetch("two", LONG)
    three = await fetch("three", SHORT)
    sequential = time.perf_counter() - started
    print(f"one by one: {[one, two, three]} in {sequential:.2f} s (the sum)")

    started = time.perf_counter()
    results = await asyncio.gather(
        fetch("one", SHORT), fetch("two", LONG), fetch("three", SHORT)
    )
    concurrent = time.perf_counter() - started
    print(f"gather:     {results} in {concurrent:.2f} s (the longest)")
    print(f"speedup:    {sequential / concurrent:.1f}x")


asyncio.run(main())
print("takeaway: waits awaited concurrently overlap: the longest, not the sum")
