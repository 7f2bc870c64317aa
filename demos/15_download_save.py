"""Download and save concurrently: aiohttp, then aiofiles.

Sample run::

    $ python demos/15_download_save.py
    download and save 10 x 1 MiB; the server takes 0.5 s
      one by one:  5.10 s
      gather:      0.56 s
    speedup: 9.2x
    one-by-one saved 10 files, 10,485,760 bytes
    gather saved 10 files, 10,485,760 bytes
    takeaway: while one download waits on the network, the others go on
"""

import asyncio
import tempfile
import time
from pathlib import Path

import aiofiles
import aiohttp

from stage import SCALE, demo_server

FILES = 10
SIZE = 2**20  # bytes per download
WAIT = 0.5 * SCALE  # the server takes this long for each: a slow network


async def download(
    session: aiohttp.ClientSession, url: str, path: Path
) -> None:
    async with session.get(url) as response:
        body = await response.read()
    async with aiofiles.open(path, "wb") as f:
        await f.write(body)


async def main(server: str, folder: Path) -> None:
    url = f"{server}/bytes/{SIZE}?delay={WAIT:g}&seed="  # seed: other bytes
    print(f"download and save {FILES} x 1 MiB; the server takes {WAIT:g} s")
    async with aiohttp.ClientSession() as session:
        # untimed: the first request also opens the connection
        await download(session, f"{server}/bytes/1", folder / "warm-up")

        started = time.perf_counter()
        for i in range(FILES):
            await download(session, f"{url}{i}", folder / f"one-by-one-{i}")
        one_by_one = time.perf_counter() - started
        print(f"  one by one: {one_by_one:5.2f} s")

        started = time.perf_counter()
        await asyncio.gather(
            *(
                download(session, f"{url}{i}", folder / f"gather-{i}")
                for i in range(FILES)
            )
        )
        together = time.perf_counter() - started
        print(f"  gather:     {together:5.2f} s")
    print(f"speedup: {one_by_one / together:.1f}x")


with tempfile.TemporaryDirectory() as name, demo_server() as server:
    folder = Path(name)
    asyncio.run(main(str(server), folder))
    for way in ("one-by-one", "gather"):
        saved = [p.stat().st_size for p in folder.glob(f"{way}-*")]
        print(f"{way} saved {len(saved)} files, {sum(saved):,} bytes")
print("takeaway: while one download waits on the network, the others go on")
