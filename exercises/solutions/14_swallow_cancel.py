"""A solution of 14 swallow_cancel: `except Exception` logs a failed step;
CancelledError, a BaseException, goes through, and the timeout fires."""

import asyncio
import os

import aiohttp

SERVER = os.environ.get("DEMO_SERVER_URL", "http://127.0.0.1:8080")


async def job(session: aiohttp.ClientSession) -> None:
    for step in range(1, 5):
        try:
            async with session.get(f"{SERVER}/delay/0.5?step={step}") as got:
                await got.read()
            print(f"step {step} done")
        except Exception as error:
            print(f"step {step} failed ({error!r}); going on")


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        try:
            async with asyncio.timeout(0.8):
                await job(session)
        except TimeoutError:
            print("the job timed out")


asyncio.run(main())
