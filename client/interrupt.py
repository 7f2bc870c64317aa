"""Ctrl-C, in one place: what happens in each case, and where.

1. While the modes run: `asyncio.Runner` cancels the run (`run` below). Each request in
   flight records itself as cancelled (client/fetch.py), its mode as interrupted
   (client/compare.py); `run` returns False, and the CLI prints the partial report and
   exits 130 (`leave`).
2. After the last mode, as the loop winds down: the same; the report is whole.
3. In `blocking` mode the loop's own thread is stuck in urllib, where asyncio would wait
   for the call to return (up to --timeout): `interruptible` lets Ctrl-C stop the call at
   once, then hands it to asyncio as in 1 (used by client/fetch.py).
4. In `threads` mode the worker threads cannot be cancelled: `leave` exits without
   waiting for them. Once the report is out, `leave` ignores Ctrl-C.
5. Before the run (the imports, the embedded server's boot): click's KeyboardInterrupt,
   which the command's error manners turn into "interrupted", exit 130
   (common/cli.py); the embedded server stops when our end of its stdin closes
   (server/embedded.py). While `run` builds the event loop, Ctrl-C waits until the loop
   is whole.
"""

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn


class Interrupted(Exception):
    """Ctrl-C stopped a blocking call; asyncio has been told."""


def run(
    coroutine: Coroutine[Any, Any, None],
    loop_factory: Callable[[], asyncio.AbstractEventLoop] | None = None,
) -> bool:
    """`asyncio.run(coroutine)`, except that Ctrl-C returns False (True: it ran to its end)."""
    runner = asyncio.Runner(loop_factory=loop_factory)
    try:
        with ctrl_c_deferred():  # a Ctrl-C halfway through would leave half a loop
            runner.get_loop()
        runner.run(coroutine)
        return True
    except KeyboardInterrupt:
        return False
    finally:
        runner.close()
        coroutine.close()  # Ctrl-C before it started: no "never awaited" warning


@contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Ctrl-C waits until the block is over (on Windows, no way to: it may land inside)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def interruptible() -> Iterator[None]:
    """Around a blocking call: on the event loop's thread, Ctrl-C stops it at once."""
    if threading.current_thread() is not threading.main_thread():
        yield  # a worker thread: signals reach only the main thread
        return
    asyncio_handler = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, asyncio_handler)
        signal.raise_signal(signal.SIGINT)  # asyncio's turn: it cancels the run
        raise Interrupted from None
    finally:
        signal.signal(signal.SIGINT, asyncio_handler)


WORKERS = "blocking-fetch"  # the name of `threads` mode's worker threads (client/modes.py)


def leave(status: int) -> NoReturn:
    """Exit with `status`. The work is done: a Ctrl-C from now on is ignored (landing in
    the interpreter's own shutdown, it would print a traceback), and worker threads still
    blocked in a request (`threads` mode, after Ctrl-C) are not waited for."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if any(thread.name.startswith(WORKERS) for thread in threading.enumerate()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)
