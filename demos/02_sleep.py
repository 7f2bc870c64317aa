"""While a coroutine awaits `asyncio.sleep()`, others run.

Sample run::

    $ python demos/02_sleep.py
    the speaker alone: two words, a pause between (seconds from start)
     0.00 s speaker: Indian
     1.00 s speaker: Pythonista

    the speaker and the audience, gathered: whispers fill the pause
     1.00 s speaker: Indian
     1.30 s    audience: (whispers)
     1.60 s    audience: (whispers)
     1.90 s    audience: (whispers)
     2.00 s speaker: Pythonista
    takeaway: while one coroutine sleeps, the event loop runs the others
"""

import asyncio

from stage import SCALE, stopwatch

PAUSE = 1 * SCALE  # between the speaker's two words
WHISPER = 0.3 * SCALE  # between the audience's whispers

elapsed = stopwatch()


async def speaker() -> None:  # the talk's classic: two words, a pause between
    print(elapsed(), "speaker: Indian")
    await asyncio.sleep(PAUSE)
    print(elapsed(), "speaker: Pythonista")


async def listener() -> None:
    for _ in range(3):
        await asyncio.sleep(WHISPER)
        print(elapsed(), "   audience: (whispers)")


async def main() -> None:
    print("the speaker alone: two words, a pause between (seconds from start)")
    await speaker()
    print("\nthe speaker and the audience, gathered: whispers fill the pause")
    await asyncio.gather(speaker(), listener())


asyncio.run(main())
print("takeaway: while one coroutine sleeps, the event loop runs the others")
