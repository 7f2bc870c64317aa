"""Files, told honestly: aiofiles runs each file operation in a thread.

On a local disk that is often no faster. What it buys is an event loop that keeps
running while a file is read (11_download_and_save.py shows where that pays).

Sample run::

    $ python demos/10_files_aiofiles.py
    write 20 x 1 MiB files
      plain Python, one by one    0.10 s
      aiofiles, one by one        0.12 s
      aiofiles, gather            0.11 s
    read 256 MiB in 1 MiB chunks; a heartbeat wants to run every 5 ms
      plain read in a coroutine  heartbeat late by  28 ms
      aiofiles                   heartbeat late by   1 ms
    takeaway: aiofiles is not faster on a local disk; it keeps the loop free
"""

import asyncio
import os
import tempfile
import time
from pathlib import Path

import aiofiles

FILES = 20
SIZE = 1024 * 1024  # bytes per small file
BIG = 256 * 1024 * 1024  # bytes in the large file, read CHUNK bytes at a time
CHUNK = 1024 * 1024
BEAT = 0.005  # the heartbeat wants to run this often (s)


async def write_one(path: Path) -> None:
    async with aiofiles.open(path, "wb") as f:
        await f.write(os.urandom(SIZE))


async def read_blocking(path: Path) -> int:
    total = 0
    # plain file I/O inside a coroutine: the loop waits for it
    with open(path, "rb") as f:  # noqa: ASYNC230
        while chunk := f.read(CHUNK):
            total += len(chunk)
    return total


async def read_aiofiles(path: Path) -> int:
    total = 0
    async with aiofiles.open(path, "rb") as f:  # each read runs in a thread: the loop is free
        while chunk := await f.read(CHUNK):
            total += len(chunk)
    return total


async def heartbeat_lag(read: asyncio.Task[int]) -> float:
    """The longest the loop kept a BEAT-second heartbeat waiting while `read` ran."""
    worst = 0.0
    while not read.done():
        before = time.perf_counter()
        await asyncio.sleep(BEAT)
        worst = max(worst, time.perf_counter() - before - BEAT)
    return worst


async def main(folder: Path) -> None:
    print(f"write {FILES} x 1 MiB files")
    started = time.perf_counter()
    for i in range(FILES):
        (folder / f"plain-{i}").write_bytes(os.urandom(SIZE))
    print(f"  plain Python, one by one   {time.perf_counter() - started:5.2f} s")

    started = time.perf_counter()
    for i in range(FILES):
        await write_one(folder / f"one-by-one-{i}")
    print(f"  aiofiles, one by one       {time.perf_counter() - started:5.2f} s")

    started = time.perf_counter()
    await asyncio.gather(*(write_one(folder / f"gather-{i}") for i in range(FILES)))
    print(f"  aiofiles, gather           {time.perf_counter() - started:5.2f} s")

    big = folder / "big"
    big.write_bytes(bytes(BIG))
    print(f"read {BIG // 2**20} MiB in 1 MiB chunks; a heartbeat wants to run every 5 ms")
    for label, read in [("plain read in a coroutine", read_blocking), ("aiofiles", read_aiofiles)]:
        task = asyncio.create_task(read(big))
        lag = await heartbeat_lag(task)
        await task
        print(f"  {label:<26} heartbeat late by {lag * 1000:3.0f} ms")


with tempfile.TemporaryDirectory() as folder:
    asyncio.run(main(Path(folder)))
print("takeaway: aiofiles is not faster on a local disk; it keeps the loop free")
