"""Three things can be awaited: coroutines, Tasks and Futures.

Sample run::

    $ python demos/03_awaitables.py
     0.00 s coroutine: tea
     1.00 s task created: Task-2 done? False
     1.00 s doing other things while it brews...
     1.00 s task: coffee
     2.00 s future done? False
     2.00 s future: cake
    takeaway: await runs a coroutine; a Task runs by itself; a Future awaits a value
"""

import asyncio
import time

from stage import scaled

start = time.perf_counter()


def elapsed() -> str:
    return f"{time.perf_counter() - start:5.2f} s"


async def brew(what: str, seconds: float) -> str:
    await asyncio.sleep(scaled(seconds))
    return what


async def main() -> None:
    # 1. a coroutine: awaiting it runs it, right here, to the end
    print(elapsed(), "coroutine:", await brew("tea", 1))

    # 2. a Task: create_task starts the coroutine soon, on its own; keep the reference
    coffee = asyncio.create_task(brew("coffee", 1))
    print(elapsed(), "task created:", coffee.get_name(), "done?", coffee.done())
    print(elapsed(), "doing other things while it brews...")
    print(elapsed(), "task:", await coffee)

    # 3. a Future: a placeholder for a result that someone will set later
    loop = asyncio.get_running_loop()
    order: asyncio.Future[str] = loop.create_future()
    loop.call_later(scaled(1), order.set_result, "cake")  # "someone", one second from now
    print(elapsed(), "future done?", order.done())
    print(elapsed(), "future:", await order)


asyncio.run(main())
print("takeaway: await runs a coroutine; a Task runs by itself; a Future awaits a value")
