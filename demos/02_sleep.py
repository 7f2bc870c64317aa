"""`await asyncio.sleep()` pauses this coroutine; the loop runs others.

Sample run::

    $ python demos/02_sleep.py
     0.00 s Indian
     1.00 s Pythonista

     1.00 s Indian
     1.30 s    (the audience whispers)
     1.60 s    (the audience whispers)
     1.90 s    (the audience whispers)
     2.00 s Pythonista
    takeaway: while one coroutine sleeps, the event loop runs the others
"""

import asyncio
import time

from stage import scaled

start = time.perf_counter()


def elapsed() -> str:
    return f"{time.perf_counter() - start:5.2f} s"


async def speaker() -> None:  # the talk's classic: two words with a pause between them
    print(elapsed(), "Indian")
    await asyncio.sleep(scaled(1))
    print(elapsed(), "Pythonista")


async def listener() -> None:
    for _ in range(3):
        await asyncio.sleep(scaled(0.3))
        print(elapsed(), "   (the audience whispers)")


async def main() -> None:
    await speaker()  # alone: the second word comes 1 s after the first
    print()
    await asyncio.gather(speaker(), listener())  # the whispers fill the pause


asyncio.run(main())
print("takeaway: while one coroutine sleeps, the event loop runs the others")
