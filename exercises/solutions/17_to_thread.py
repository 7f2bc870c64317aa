"""A solution of 17 to_thread: each blocking call waits in a thread of
its own; the loop awaits them all."""

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
    return await asyncio.to_thread(legacy_fetch, url)


async def main() -> None:
    urls = [f"{SERVER}/delay/1?page={page}" for page in range(4)]
    pages = await asyncio.gather(*(fetch(url) for url in urls))
    print(f"{len(pages)} pages")


asyncio.run(main())
