"""Files, told honestly: aiofiles runs each file operation in a thread.

On a local disk that is often no faster. What it buys is an event loop that keeps
running while a file is read, and downloads that overlap while each is saved.

Sample run::

"""

import asyncio
import os
import tempfile
import time
from pathlib import Path

import aiofiles
import aiohttp
from stage import demo_server, scaled

FILES = 20
SIZE = 1024 * 1024  # bytes per small file
BIG = 256 * 1024 * 1024  # bytes in the large file, read CHUNK bytes at a time
CHUNK = 1024 * 1024
BEAT = 0.005  # the heartbeat wants to run this often (s)


def write_all_blocking(folder: Path) -> None:
    for i in range(FILES):
        (folder / f"plain-{i}").write_bytes(os.urandom(SIZE))


async def write_one(path: Path) -> None:
    async with aiofiles.open(path, "wb") as f:
        await f.write(os.urandom(SIZE))


async def write_all_one_by_one(folder: Path) -> None:
    for i in range(FILES):
        await write_one(folder / f"seq-{i}")


async def write_all_gather(folder: Path) -> None:
    await asyncio.gather(*(write_one(folder / f"gather-{i}") for i in range(FILES)))


async def heartbeat_lag(read: asyncio.Task[int]) -> float:
    """The longest the loop kept a BEAT-second heartbeat waiting while `read` ran."""
    worst = 0.0
    while not read.done():
        before = time.perf_counter()
        await asyncio.sleep(BEAT)
        worst = max(worst, time.perf_counter() - before - BEAT)
    return worst


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


async def download(session: aiohttp.ClientSession, url: str, path: Path) -> None:
    async with session.get(url) as response:
        body = await response.read()
    async with aiofiles.open(path, "wb") as f:
        await f.write(body)


async def downloads(server: str, folder: Path) -> None:
    wait = scaled(0.5)
    urls = [f"{server}/bytes/{SIZE}?seed={i}&delay={wait:g}" for i in range(FILES // 2)]
    print(f"download-and-save {len(urls)} x 1 MiB (the server takes {wait:g} s each)")
    async with aiohttp.ClientSession() as session:
        started = time.perf_counter()
        for i, url in enumerate(urls):
            await download(session, url, folder / f"dl-seq-{i}")
        one_by_one = time.perf_counter() - started
        print(f"  one by one:                {one_by_one:6.2f} s")
        started = time.perf_counter()
        await asyncio.gather(
            *(download(session, url, folder / f"dl-{i}") for i, url in enumerate(urls))
        )
        together = time.perf_counter() - started
        print(f"  gather:                    {together:6.2f} s  ({one_by_one / together:.1f}x)")


async def main(folder: Path, server: str) -> None:
    print(f"write {FILES} x 1 MiB files")
    for label, write in [("  plain Python, one by one", write_all_blocking)]:
        started = time.perf_counter()
        write(folder)
        print(f"{label:<28} {time.perf_counter() - started:6.2f} s")
    for label, awrite in [
        ("  aiofiles, one by one", write_all_one_by_one),
        ("  aiofiles, gather", write_all_gather),
    ]:
        started = time.perf_counter()
        await awrite(folder)
        print(f"{label:<28} {time.perf_counter() - started:6.2f} s")

    big = folder / "big"
    big.write_bytes(os.urandom(BIG))
    print(f"read a {BIG // 2**20} MiB file in 1 MiB chunks; heartbeat every {BEAT * 1000:g} ms")
    for label, read in [
        ("  plain read in a coroutine", read_blocking),
        ("  aiofiles read", read_aiofiles),
    ]:
        task = asyncio.create_task(read(big))
        lag = await heartbeat_lag(task)
        await task
        print(f"{label:<28} heartbeat lag up to {lag * 1000:5.0f} ms")

    await downloads(server, folder)


with tempfile.TemporaryDirectory() as folder, demo_server() as server:
    asyncio.run(main(Path(folder), str(server)))
print("takeaway: async files keep the loop free; the speed comes from overlapping the waits")
