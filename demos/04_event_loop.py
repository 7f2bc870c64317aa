"""The event loop runs coroutines: by hand, or with asyncio.run.

Sample run::

    $ python demos/04_event_loop.py
    by hand:     run_until_complete done
    loop closed? True
    asyncio.run: asyncio.run done
    takeaway: call asyncio.run(main()) once, at the entry point of the program
"""

import asyncio

from stage import scaled


async def my_coroutine(name: str) -> str:
    await asyncio.sleep(scaled(0.5))
    return f"{name} done"


# The explicit way: make a loop, run the coroutine until it completes, close the loop.
loop = asyncio.new_event_loop()
try:
    print("by hand:    ", loop.run_until_complete(my_coroutine("run_until_complete")))
finally:
    loop.close()
print("loop closed?", loop.is_closed())

# The shortcut since Python 3.7: asyncio.run makes a new loop, runs, cleans up and closes it.
print("asyncio.run:", asyncio.run(my_coroutine("asyncio.run")))

print("takeaway: call asyncio.run(main()) once, at the entry point of the program")
