"""Run a coroutine: asyncio.run(main()).

What to do: make main() run. Calling an async def only makes a coroutine
object; nothing inside it runs until the event loop runs it. The check
expects the server to see this program's one request, and no warning.

Why: it is the first thing everyone forgets; Python only warns, later.

Demo: demos/01_coroutine.py
Docs: https://docs.python.org/3/library/asyncio-task.html
"""

import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{SERVER}/delay/0.2") as response:
            print("the server answered:", response.status)


main()
