"""The event loop runs coroutines: by hand or by `asyncio.run`.

Sample run::

    $ python demos/04_event_loop.py
    by hand:     run_until_complete done
    loop closed? True
    asyncio.run: asyncio.run done
    takeaway: call asyncio.run(main()) once, at the program's entry point
"""

import asyncio

from stage import SCALE

PAUSE = 0.5 * SCALE


async def my_coroutine(name: str) -> str:
    await asyncio.sleep(PAUSE)
    return f"{name} done"


# The explicit way: make a loop, run the coroutine to the end, close the loop.
loop = asyncio.new_event_loop()
try:
    result = loop.run_until_complete(my_coroutine("run_until_complete"))
    print("by hand:    ", result)
finally:
    loop.close()
print("loop closed?", loop.is_closed())

# The shortcut since Python 3.7: asyncio.run makes a loop, runs, cleans up
# (cancels what is left, shuts down async generators) and closes the loop.
print("asyncio.run:", asyncio.run(my_coroutine("asyncio.run")))

print("takeaway: call asyncio.run(main()) once, at the program's entry point")
