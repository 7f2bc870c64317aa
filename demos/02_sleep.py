"""While a coroutine awaits `asyncio.sleep()`, others run.

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

from stage import SCALE, stopwatch

PAUSE = 1 * SCALE  # between the speaker's two words
WHISPER = 0.3 * SCALE  # between the audience's whispers

elapsed = stopwatch()


async def speaker() -> None:  # the talk's classic: two words, a pause between
    print(elapsed(), "Indian")
    await asyncio.sleep(PAUSE)
    print(elapsed(), "Pythonista")


async def listener() -> None:
    for _ in range(3):
        await asyncio.sleep(WHISPER)
        print(elapsed(), "   (the audience whispers)")


async def main() -> None:
    await speaker()  # alone: the second word comes 1 s after the first
    print()
    await asyncio.gather(speaker(), listener())  # whispers fill the pause


asyncio.run(main())
print("takeaway: while one coroutine sleeps, the event loop runs the others")
