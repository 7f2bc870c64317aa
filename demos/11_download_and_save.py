"""Download and save: fetch over HTTP, write with aiofiles, concurrently.

Sample run::

    $ python demos/11_download_and_save.py
    download and save 10 x 1 MiB; the server takes 0.5 s for each
      one by one:  5.13 s
      gather:      0.58 s
    speedup: 8.9x
    saved 20 files, 20,971,520 bytes
    takeaway: while one download waits on the network, the others proceed
"""

import asyncio
import tempfile
import time
from pathlib import Path

import aiofiles
import aiohttp
from stage import demo_server, scaled

FILES = 10
SIZE = 1024 * 1024  # bytes per download
WAIT = scaled(0.5)  # the server takes this long for each one, like a slow network


async def download(session: aiohttp.ClientSession, url: str, path: Path) -> None:
    async with session.get(url) as response:
        body = await response.read()
    async with aiofiles.open(path, "wb") as f:
        await f.write(body)


async def main(server: str, folder: Path) -> None:
    urls = [f"{server}/bytes/{SIZE}?seed={i}&delay={WAIT:g}" for i in range(FILES)]
    print(f"download and save {FILES} x 1 MiB; the server takes {WAIT:g} s for each")
    async with aiohttp.ClientSession() as session:
        started = time.perf_counter()
        for i, url in enumerate(urls):
            await download(session, url, folder / f"one-by-one-{i}")
        one_by_one = time.perf_counter() - started
        print(f"  one by one: {one_by_one:5.2f} s")

        started = time.perf_counter()
        await asyncio.gather(
            *(download(session, url, folder / f"gather-{i}") for i, url in enumerate(urls))
        )
        together = time.perf_counter() - started
        print(f"  gather:     {together:5.2f} s")
    print(f"speedup: {one_by_one / together:.1f}x")


with tempfile.TemporaryDirectory() as folder, demo_server() as server:
    asyncio.run(main(str(server), Path(folder)))
    saved = list(Path(folder).iterdir())
    print(f"saved {len(saved)} files, {sum(p.stat().st_size for p in saved):,} bytes")
print("takeaway: while one download waits on the network, the others proceed")
