"""Catching CancelledError breaks timeouts and TaskGroups.

Cancelling a task raises CancelledError at its await. A job that catches
everything (`except BaseException:`, a bare `except:`) and carries on has
swallowed it: its timeout does not time out, its TaskGroup waits for it.
CancelledError is a BaseException (since Python 3.8): `except Exception:`
lets it through. To clean up on cancel, catch it and raise it again.

Sample run::

    $ python demos/22_swallow_cancel.py
    except BaseException: around the job's await
        job caught CancelledError(); carries on
     1.40 s timeout(0.6): no TimeoutError; the job did 3 of 4 steps
        job caught CancelledError(); carries on
     1.40 s TaskGroup, another task failed: the job did 3 of 4 steps
    except Exception: around the job's await
     0.60 s timeout(0.6): TimeoutError; the job did 1 of 4 steps
     0.60 s TaskGroup, another task failed: the job did 1 of 4 steps
    takeaway: never swallow CancelledError: catch Exception, or re-raise
"""

import asyncio

from stage import SCALE, stopwatch

STEPS = 4  # the job works in steps...
STEP = 0.4 * SCALE  # ...of this long each
LIMIT = 0.6 * SCALE  # the timeout; also when the failing task fails


async def job(steps: list[int], catch: type[BaseException]) -> None:
    for step in range(1, STEPS + 1):
        try:
            await asyncio.sleep(STEP)  # a network call that may fail
            steps.append(step)
        except catch as error:  # log it and go on with the next step
            print(f"    job caught {error!r}; carries on")


async def fail() -> None:
    await asyncio.sleep(LIMIT)
    raise ValueError("failed")


async def main(catch: type[BaseException]) -> None:
    print(f"except {catch.__name__}: around the job's await")
    steps: list[int] = []
    elapsed = stopwatch()
    try:
        async with asyncio.timeout(LIMIT):
            await job(steps, catch)
        outcome = "no TimeoutError"
    except TimeoutError:
        outcome = "TimeoutError"
    did = f"the job did {len(steps)} of {STEPS} steps"
    print(elapsed(), f"timeout({LIMIT:g}): {outcome}; {did}")

    steps.clear()
    elapsed = stopwatch()
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(job(steps, catch))
            group.create_task(fail())
    except* ValueError:
        did = f"the job did {len(steps)} of {STEPS} steps"
        print(elapsed(), f"TaskGroup, another task failed: {did}")


asyncio.run(main(BaseException))
asyncio.run(main(Exception))
print("takeaway: never swallow CancelledError: catch Exception, or re-raise")
