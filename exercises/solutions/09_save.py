"""A solution of 09 save: aiofiles opens and writes in a thread; the loop
goes on with the other downloads meanwhile."""

import asyncio
import os
from pathlib import Path

import aiofiles
import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")
FOLDER = Path("downloads")
SIZE = 200_000  # bytes per file


async def download(session: aiohttp.ClientSession, seed: int) -> None:
    url = f"{SERVER}/bytes/{SIZE}?seed={seed}&delay=0.5"
    async with session.get(url) as response:
        body = await response.read()
    async with aiofiles.open(FOLDER / f"file-{seed}.bin", "wb") as file:
        await file.write(body)


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(download(session, seed) for seed in range(5)))


FOLDER.mkdir(exist_ok=True)  # before the loop starts, while nothing else runs
asyncio.run(main())
print(f"saved {len(list(FOLDER.iterdir()))} files")
