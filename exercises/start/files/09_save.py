"""Save downloads without blocking the loop: aiofiles.

What to do: the downloads run at once, but each file is written with
plain open(), on the event loop's own thread: while the disk works, no
coroutine runs. Write them with aiofiles, which hands each file call to
a thread. The check looks at which thread opened each file, and at the
bytes on disk.

Why: a disk can be slow too (a network drive, a full cache).

Demo: demos/15_download_save.py
Docs: https://pypi.org/project/aiofiles
"""

import asyncio
import os
from pathlib import Path

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")
FOLDER = Path("downloads")
SIZE = 200_000  # bytes per file


async def download(session: aiohttp.ClientSession, seed: int) -> None:
    url = f"{SERVER}/bytes/{SIZE}?seed={seed}&delay=0.5"
    async with session.get(url) as response:
        body = await response.read()
    with open(FOLDER / f"file-{seed}.bin", "wb") as file:
        file.write(body)


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(download(session, seed) for seed in range(5)))


FOLDER.mkdir(exist_ok=True)  # before the loop starts, while nothing else runs
asyncio.run(main())
print(f"saved {len(list(FOLDER.iterdir()))} files")
