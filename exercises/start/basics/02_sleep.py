"""While a coroutine awaits, the others run.

What to do: the two countdowns are gathered, yet they take turns: each
holds the whole event loop while it sleeps. Make them sleep the asyncio
way, so that they overlap (1.5 s in all, not 3 s) and the loop never
freezes (the check measures its heartbeat beside your program).

Why: await is where a coroutine lets the others run; time.sleep never does.

Demo: demos/02_sleep.py
Docs: https://docs.python.org/3/library/asyncio-task.html#sleeping
"""

import asyncio
import time


async def countdown(name: str, steps: int) -> None:
    for step in range(steps, 0, -1):
        print(f"{name}: {step}")
        time.sleep(0.5)
    print(f"{name}: done")


async def main() -> None:
    started = time.perf_counter()
    await asyncio.gather(countdown("a", 3), countdown("b", 3))
    print(f"took {time.perf_counter() - started:.2f} s")


asyncio.run(main())
