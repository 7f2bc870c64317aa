"""A blocking library through asyncio.to_thread.

What to do: legacy_fetch() comes from a library you cannot change: it
blocks. Called inside a coroutine it freezes the loop, and the four calls
take turns (4 s). Keep calling it, but in threads with asyncio.to_thread,
so that the four overlap (about 1 s) and the loop keeps beating.

Why: not everything has an async version; a thread keeps it off the loop.

Demo: demos/26_to_thread.py
Docs: https://docs.python.org/3/library/asyncio-task.html#running-in-threads
"""

import asyncio
import json
import os
import urllib.request

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


def legacy_fetch(url: str) -> dict:
    """The library's: blocking, and not yours to change."""
    with urllib.request.urlopen(url) as response:
        return json.load(response)


async def fetch(url: str) -> dict:
    return legacy_fetch(url)


async def main() -> None:
    urls = [f"{SERVER}/delay/1?page={page}" for page in range(4)]
    pages = await asyncio.gather(*(fetch(url) for url in urls))
    print(f"{len(pages)} pages")


asyncio.run(main())
