"""A timeout cancels the slow job; it gets CancelledError.

Sample run::

    $ python demos/17_timeout.py
     0.50 s   report: got CancelledError, cleaning up
     0.50 s asyncio.timeout(0.5): gave up on the report
     1.00 s   backup: got CancelledError, cleaning up
     1.00 s wait_for(timeout=0.5): the same, as a call
    takeaway: put a limit on every wait; on time-out the job is cancelled
"""

import asyncio

from stage import SCALE, stopwatch

SLOW = 2 * SCALE  # what the slow job would take
LIMIT = 0.5 * SCALE  # how long we are willing to wait for it

elapsed = stopwatch()


async def slow(what: str) -> str:
    try:
        await asyncio.sleep(SLOW)
        return what
    except asyncio.CancelledError:
        print(elapsed(), f"  {what}: got CancelledError, cleaning up")
        raise  # always let it go on: it is what stops the task


async def main() -> None:
    try:
        async with asyncio.timeout(LIMIT):  # Python 3.11+
            await slow("report")
    except TimeoutError:
        print(elapsed(), f"asyncio.timeout({LIMIT:g}): gave up on the report")

    try:
        await asyncio.wait_for(slow("backup"), timeout=LIMIT)
    except TimeoutError:
        print(elapsed(), f"wait_for(timeout={LIMIT:g}): the same, as a call")


asyncio.run(main())
print("takeaway: put a limit on every wait; on time-out the job is cancelled")
