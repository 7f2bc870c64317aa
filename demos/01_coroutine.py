"""Calling an `async def` runs nothing: it returns a coroutine.

Sample run::

    $ python demos/01_coroutine.py
    main() returned <coroutine object main at 0x7f1182aefac0>
    ...and printed nothing: the body has not run
    Python warns: coroutine 'main' was never awaited
    asyncio.run(main()) runs it:
    Hello
    takeaway: a coroutine runs only when awaited (or run by asyncio.run)
"""

import asyncio
import warnings


async def main() -> None:
    print("Hello")


coroutine = main()
print(f"main() returned {coroutine!r}")
print("...and printed nothing: the body has not run")
coroutine.close()  # we will never run this one

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    main()  # called, never awaited, thrown away
print(f"Python warns: {caught[0].message}")

print("asyncio.run(main()) runs it:")
asyncio.run(main())

print("takeaway: a coroutine runs only when awaited (or run by asyncio.run)")
