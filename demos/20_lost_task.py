"""A task nobody keeps can vanish mid-work: keep a reference.

The event loop holds its tasks weakly. A waiting task is held by what it
waits on (a timer, a socket); here, a reply from a registry that holds its
waiters weakly, as registries and signal libraries often do. Then nothing
holds the task, and the garbage collector, whenever it runs, takes it half
done. asyncio's docs warn of it; RUF006 in ruff finds the line.

Sample run::

    $ python demos/20_lost_task.py
    asyncio.create_task(job('a')), the Task thrown away:
      gc.collect()
      asyncio: Task was destroyed but it is pending!
      tasks alive: 2 before, 1 after
      replies sent; work done: []
    a set keeps it: background.add(asyncio.create_task(job('b'))):
      gc.collect()
      tasks alive: 2 before, 2 after
      replies sent; work done: ['b']
    a TaskGroup keeps it: group.create_task(job('c')):
      gc.collect()
      tasks alive: 2 before, 2 after
      replies sent; work done: ['c']
    takeaway: keep every task you start: in a set, or in a TaskGroup
"""

import asyncio
import gc
import weakref

# the replies awaited, by name: held weakly, so an abandoned wait never leaks
waiting: weakref.WeakValueDictionary[str, asyncio.Future[str]]
waiting = weakref.WeakValueDictionary()
done: list[str] = []  # the work that got done


async def job(name: str) -> None:
    reply = waiting[name] = asyncio.get_running_loop().create_future()
    done.append(await reply)  # waits for the reply to its request


async def meanwhile() -> None:
    await asyncio.sleep(0)  # the job starts: now it waits for its reply
    before = len(asyncio.all_tasks())
    print("  gc.collect()")
    gc.collect()  # Python collects when it likes; here, now
    print(f"  tasks alive: {before} before, {len(asyncio.all_tasks())} after")
    for name, reply in list(waiting.items()):  # the replies come
        reply.set_result(name)
    await asyncio.sleep(0)
    print(f"  replies sent; work done: {done}")


async def main() -> None:
    asyncio.get_running_loop().set_exception_handler(  # on the slide, not
        lambda loop, context: print("  asyncio:", context["message"])  # stderr
    )
    print("asyncio.create_task(job('a')), the Task thrown away:")
    asyncio.create_task(job("a"))  # noqa: RUF006 (the mistake shown here)
    await meanwhile()

    print("a set keeps it: background.add(asyncio.create_task(job('b'))):")
    done.clear()
    background: set[asyncio.Task[None]] = set()
    task = asyncio.create_task(job("b"))
    background.add(task)
    task.add_done_callback(background.discard)  # and lets it go when done
    await meanwhile()

    print("a TaskGroup keeps it: group.create_task(job('c')):")
    done.clear()
    async with asyncio.TaskGroup() as group:
        group.create_task(job("c"))
        await meanwhile()


asyncio.run(main())
print("takeaway: keep every task you start: in a set, or in a TaskGroup")
