"""A blocking call freezes the loop: fetch with aiohttp instead.

What to do: these coroutines are gathered, yet they run one after
another, 5 s in all: urllib waits for each answer and holds the event
loop meanwhile (the check measures how long the loop froze). Fetch with
one aiohttp.ClientSession, passed to each fetch.

Why: asyncio is cooperative: a call that blocks stops every coroutine.

Demo: demos/11_blocking.py
Docs: https://docs.python.org/3/library/asyncio-dev.html
"""

import asyncio
import json
import os
import urllib.request

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def fetch(url: str) -> dict:
    with urllib.request.urlopen(url) as response:
        return json.load(response)


async def main() -> None:
    urls = [f"{SERVER}/delay/1?page={page}" for page in range(5)]
    pages = await asyncio.gather(*(fetch(url) for url in urls))
    print(f"{len(pages)} pages")


asyncio.run(main())
