"""A plain file read blocks the loop; aiofiles uses a thread.

Sample run::

    $ python demos/14_files_blocking.py
    read a 256 MiB file; heartbeat every 0.01 s (|):
    path.read_bytes()           read in 0.13 s; the loop froze
      |.|..|......................................|..|.|  longest gap 0.14 s
    await f.read()  (aiofiles)  read in 0.12 s; the loop ran on
      |.|..|..|..|..|..|..|.|..|..|..|..|.|..|..|..|..|.  longest gap 0.01 s
    takeaway: file calls in a coroutine stop the loop; aiofiles does not
"""

import asyncio
import tempfile
import time
from collections.abc import Awaitable
from pathlib import Path

import aiofiles

from stage import heartbeat, longest_gap, ticks

SIZE = 256 * 2**20  # bytes in the file: enough to take a while
BEAT = 0.01  # the heartbeat wants to beat this often (s)


async def read_plain(path: Path) -> bytes:
    return path.read_bytes()  # noqa: ASYNC240 (the mistake shown here)


async def read_aiofiles(path: Path) -> bytes:
    async with aiofiles.open(path, "rb") as f:
        return await f.read()  # in a thread: the loop runs on meanwhile


async def watch(reading: Awaitable[bytes]) -> tuple[list[float], float]:
    beats: list[float] = []
    async with asyncio.TaskGroup() as group:
        beating = group.create_task(heartbeat(beats, BEAT))
        await asyncio.sleep(3 * BEAT)
        started = time.perf_counter()
        data = await reading
        took = time.perf_counter() - started
        await asyncio.sleep(3 * BEAT)
        beating.cancel()
    del data  # only now: freeing 256 MiB holds up the loop too
    return beats, took


async def main(path: Path) -> None:
    print(f"read a {SIZE >> 20} MiB file; heartbeat every {BEAT:g} s (|):")
    runs = {
        "path.read_bytes()": await watch(read_plain(path)),
        "await f.read()  (aiofiles)": await watch(read_aiofiles(path)),
    }
    span = max(beats[-1] - beats[0] for beats, _ in runs.values())
    for label, (beats, took) in runs.items():
        gap = longest_gap(beats)
        froze = "the loop froze" if gap > took / 2 else "the loop ran on"
        print(f"{label:<28}read in {took:.2f} s; {froze}")
        print(f"  {ticks(beats, span)}  longest gap {gap:.2f} s")


with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "big"
    path.write_bytes(bytes(SIZE))
    path.read_bytes()  # once, untimed: both reads then find it in memory
    asyncio.run(main(path))
print("takeaway: file calls in a coroutine stop the loop; aiofiles does not")
