"""An awaitable from a callback: a Future.

What to do: old_download() is a callback API: it returns at once and
calls on_done(result) a second later, from a thread of its own. fetch()
waits for it by polling with time.sleep, which freezes the event loop:
the three downloads take turns (3 s). Make fetch() create a Future, have
the callback complete it, and await it: 1 s in all, the loop never
frozen. The callback runs in another thread: loop.call_soon_threadsafe.

Why: under every await there is a Future that some callback completes.

Demo: demos/03_awaitables.py
Docs: https://docs.python.org/3/library/asyncio-future.html
"""

import asyncio
import threading
import time
from collections.abc import Callable


def old_download(name: str, on_done: Callable[[str], None]) -> None:
    """The library's: returns at once; on_done(result) comes in 1 s."""
    threading.Timer(1.0, on_done, args=[f"{name}: downloaded"]).start()


async def fetch(name: str) -> str:
    box: list[str] = []
    old_download(name, box.append)
    while not box:  # until the callback has been called
        time.sleep(0.01)
    return box[0]


async def main() -> None:
    started = time.perf_counter()
    for line in await asyncio.gather(*(fetch(name) for name in "abc")):
        print(line)
    print(f"took {time.perf_counter() - started:.2f} s")


asyncio.run(main())
