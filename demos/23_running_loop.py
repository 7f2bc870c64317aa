"""Inside a running loop, asyncio.run() fails: await instead.

Jupyter runs every cell in its own event loop, as `python -m asyncio` runs
every line: there `asyncio.run(main())` raises, and `await main()` at the
top of a cell just works. The notebook below runs cells as they both do:
compiled to allow a top-level await, then awaited in the running loop.

Sample run::

    $ python demos/23_running_loop.py
    In [1]: asyncio.get_running_loop()
    Out[1]: <_UnixSelectorEventLoop running=True closed=False debug=False>
    In [2]: asyncio.run(main())
    RuntimeError: asyncio.run() cannot be called from a running event loop
    RuntimeWarning: coroutine 'main' was never awaited
    In [3]: await main()
    Out[3]: 'main done'
    takeaway: in a notebook, await main(); asyncio.run() is for scripts
"""

import ast
import asyncio
import warnings

from stage import SCALE

PAUSE = 0.5 * SCALE  # what main() takes
CELLS = ["asyncio.get_running_loop()", "asyncio.run(main())", "await main()"]
TOP_LEVEL_AWAIT = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT  # what Jupyter compiles with


async def main() -> str:
    await asyncio.sleep(PAUSE)
    return "main done"


async def run_cell(cell: str) -> object:
    code = compile(cell, "<cell>", "eval", flags=TOP_LEVEL_AWAIT)
    result = eval(code, {"asyncio": asyncio, "main": main})
    if asyncio.iscoroutine(result):  # the cell awaits: await it, here
        result = await result
    return result


async def notebook() -> None:  # runs its cells, one by one, in its loop
    for number, cell in enumerate(CELLS, start=1):
        print(f"In [{number}]: {cell}")
        with warnings.catch_warnings(record=True, action="always") as caught:
            try:
                print(f"Out[{number}]: {await run_cell(cell)!r}")
            except RuntimeError as error:
                print(f"RuntimeError: {error}")
        for warning in caught:
            print(f"{warning.category.__name__}: {warning.message}")


asyncio.run(notebook())  # the notebook's own loop, as Jupyter has one
print("takeaway: in a notebook, await main(); asyncio.run() is for scripts")
