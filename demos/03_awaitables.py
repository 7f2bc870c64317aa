"""Three things can be awaited: coroutines, Tasks and Futures.

Sample run::

    $ python demos/03_awaitables.py
     1.00 s coroutine: tea
     1.00 s task created: Task-2 done? False
     1.00 s doing other things while it brews...
     2.00 s task: coffee
     2.00 s future done? False
     3.00 s future: cake
    takeaway: await runs a coroutine; a Task runs alone; a Future is set later
"""

import asyncio

from stage import SCALE, stopwatch

BREW = 1 * SCALE  # seconds to make a drink
BAKE = 1 * SCALE  # seconds until the cake is ready

elapsed = stopwatch()


async def brew(what: str) -> str:
    await asyncio.sleep(BREW)
    return what


async def main() -> None:
    # 1. a coroutine: awaiting it runs it, right here, to the end
    tea = await brew("tea")
    print(elapsed(), "coroutine:", tea)

    # 2. a Task: starts the coroutine soon, on its own; keep the reference
    coffee = asyncio.create_task(brew("coffee"))
    name = coffee.get_name()
    print(elapsed(), "task created:", name, "done?", coffee.done())
    print(elapsed(), "doing other things while it brews...")
    drink = await coffee
    print(elapsed(), "task:", drink)

    # 3. a Future: a placeholder for a result that someone sets later
    loop = asyncio.get_running_loop()
    order: asyncio.Future[str] = loop.create_future()
    loop.call_later(BAKE, order.set_result, "cake")  # "someone", later
    print(elapsed(), "future done?", order.done())
    cake = await order
    print(elapsed(), "future:", cake)


asyncio.run(main())
print(
    "takeaway: await runs a coroutine; a Task runs alone;"
    " a Future is set later"
)
