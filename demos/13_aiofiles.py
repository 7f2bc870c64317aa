"""aiofiles is no faster: it hands each file call to a thread.

Each call is a trip to a thread and back. With gather, several threads write
at once: on two cores that came to about as fast as open(), no faster.

Sample run::

    $ python demos/13_aiofiles.py
    200 files of 4096 bytes, best of 5 ......
      open():          0.233 s
      aiofiles.open(): 0.098 s, 0.4x as long
    -0.67 ms more a file: open, write and close each go to a thread
    takeaway: aiofiles is no faster; it buys a free loop (next demo)
"""

import asyncio
import tempfile
from pathlib import Path

import aiofiles

from stage import best_of

FILES = 200
DATA = bytes(4096)  # what each file holds
ROUNDS = 5  # each way runs this often, in turns; its fastest run counts


def with_open(folder: Path) -> None:
    for i in range(FILES):
        with open(folder / f"{i}", "wb") as f:
            f.write(DATA)


async def with_aiofiles(folder: Path) -> None:
    for i in range(FILES):
        async with aiofiles.open(folder / f"{i}", "wb") as f:
            await f.write(DATA)  # open, write, close: each goes to a thread


print(f"{FILES} files of {len(DATA)} bytes, best of {ROUNDS}", end=" ")
with tempfile.TemporaryDirectory() as name:
    folder = Path(name)
    best = best_of(
        ROUNDS,
        {
            "open()": lambda: with_open(folder),
            "aiofiles.open()": lambda: asyncio.run(with_aiofiles(folder)),
        },
    )
plain, aio = best["open()"].wall, best["aiofiles.open()"].wall
print(f"  open():          {plain:5.3f} s")
print(f"  aiofiles.open(): {aio:5.3f} s, {aio / plain:.1f}x as long")
extra = (aio - plain) / FILES * 1000
print(f"{extra:.2f} ms more a file: open, write and close each go to a thread")
print("takeaway: aiofiles is no faster; it buys a free loop (next demo)")
