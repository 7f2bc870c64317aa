"""Cancel without swallowing the cancel.

What to do: the job does four steps of 0.5 s under a timeout of 0.8 s,
and logs a failed step and goes on. But its `except BaseException` also
catches the CancelledError the timeout sends: the job does every step,
the timeout never fires. Let the cancel through (catch Exception, or
re-raise CancelledError), so that the job stops after the timeout.

Why: timeouts, TaskGroups and Ctrl-C all cancel; a job that swallows it
breaks them all.

Demo: demos/22_swallow_cancel.py
Docs: https://docs.python.org/3/library/asyncio-task.html#task-cancellation
"""

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
        except BaseException as error:
            print(f"step {step} failed ({error!r}); going on")


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        try:
            async with asyncio.timeout(0.8):
                await job(session)
        except TimeoutError:
            print("the job timed out")


asyncio.run(main())
