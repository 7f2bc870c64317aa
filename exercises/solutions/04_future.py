"""A solution of 04 future: the callback, in its own thread, asks the loop
to complete the Future; the coroutine awaits it, and the loop runs on."""

import asyncio
import threading
import time
from collections.abc import Callable


def old_download(name: str, on_done: Callable[[str], None]) -> None:
    """The library's: returns at once; on_done(result) comes in 1 s."""
    threading.Timer(1.0, on_done, args=[f"{name}: downloaded"]).start()


async def fetch(name: str) -> str:
    loop = asyncio.get_running_loop()
    done: asyncio.Future[str] = loop.create_future()

    def on_done(result: str) -> None:  # in the library's thread
        loop.call_soon_threadsafe(done.set_result, result)

    old_download(name, on_done)
    return await done


async def main() -> None:
    started = time.perf_counter()
    for line in await asyncio.gather(*(fetch(name) for name in "abc")):
        print(line)
    print(f"took {time.perf_counter() - started:.2f} s")


asyncio.run(main())
