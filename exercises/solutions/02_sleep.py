"""A solution of 02 sleep: `await asyncio.sleep` lets the other one run."""

import asyncio
import time


async def countdown(name: str, steps: int) -> None:
    for step in range(steps, 0, -1):
        print(f"{name}: {step}")
        await asyncio.sleep(0.5)
    print(f"{name}: done")


async def main() -> None:
    started = time.perf_counter()
    await asyncio.gather(countdown("a", 3), countdown("b", 3))
    print(f"took {time.perf_counter() - started:.2f} s")


asyncio.run(main())
