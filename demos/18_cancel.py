"""`task.cancel()` ends a task at its await; `shield()` protects.

Sample run::

    $ python demos/18_cancel.py
     0.20 s   download: got CancelledError, cleaning up
     0.20 s download.cancel(): cancelled? True
     0.70 s shield: we stopped waiting; the payment goes on...
     2.20 s ...and finishes: 'payment'
    takeaway: cancel what you no longer need; shield what must finish
"""

import asyncio

from stage import SCALE, stopwatch

SLOW = 2 * SCALE  # what each job takes
SOON = 0.2 * SCALE  # when we cancel the download
LIMIT = 0.5 * SCALE  # how long we wait for the payment

elapsed = stopwatch()


async def slow(what: str) -> str:
    try:
        await asyncio.sleep(SLOW)
        return what
    except asyncio.CancelledError:
        print(elapsed(), f"  {what}: got CancelledError, cleaning up")
        raise  # always let it go on: it is what stops the task


async def main() -> None:
    download = asyncio.create_task(slow("download"))
    await asyncio.sleep(SOON)
    download.cancel()
    try:
        await download
    except asyncio.CancelledError:
        print(elapsed(), "download.cancel(): cancelled?", download.cancelled())

    payment = asyncio.create_task(slow("payment"))
    try:
        await asyncio.wait_for(asyncio.shield(payment), timeout=LIMIT)
    except TimeoutError:
        print(elapsed(), "shield: we stopped waiting; the payment goes on...")
    result = await payment
    print(elapsed(), f"...and finishes: {result!r}")


asyncio.run(main())
print("takeaway: cancel what you no longer need; shield what must finish")
