"""An event loop from scratch: `send()` resumes, `yield` pauses.

A coroutine is a function that can pause and resume: `send(None)` runs it to
its next pause, where it tells its loop what it waits for; the loop resumes
it when that has come. Twenty lines on `selectors` run a program that waits
on a timer and on a socket; the next demo runs it on asyncio.

Sample run::

    $ python demos/05_toy_loop.py
    writer(there).send(None) returned ('sleep', 0.5)
     0.00 s reader: waits for the socket
     0.50 s writer: slept 0.5 s, sends b'hello'
     0.50 s reader: got b'hello'
    takeaway: await pauses; the loop resumes the coroutine when it can
"""

import contextlib
import selectors
import socket
import time
import types

from stage import SCALE, stopwatch

PAUSE = 0.5 * SCALE  # how long the writer sleeps before it sends


@types.coroutine
def sleep(seconds: float):
    yield "sleep", seconds  # pause here, and tell the loop why


@types.coroutine
def recv(sock: socket.socket, size: int):
    yield "read", sock  # pause until the socket has data
    return sock.recv(size)


def run(*coroutines: types.CoroutineType) -> None:  # the toy event loop
    due = [(0.0, coroutine) for coroutine in coroutines]  # (when, coroutine)
    selector = selectors.DefaultSelector()  # the sockets waited for
    while due or selector.get_map():
        soonest = min(w for w, _ in due) - time.monotonic() if due else None
        for key, _ in selector.select(soonest):  # wait: a socket or a timer
            due.append((0.0, selector.unregister(key.fileobj).data))
        woken = [c for when, c in due if when <= time.monotonic()]
        due = [(when, c) for when, c in due if c not in woken]
        for coroutine in woken:
            with contextlib.suppress(StopIteration):  # it returned: done
                why, what = coroutine.send(None)  # run it to its next pause
                if why == "sleep":
                    due.append((time.monotonic() + what, coroutine))
                else:  # "read": resume it once the socket has data
                    selector.register(what, selectors.EVENT_READ, coroutine)


async def reader(sock: socket.socket) -> None:
    print(elapsed(), "reader: waits for the socket")
    data = await recv(sock, 100)
    print(elapsed(), f"reader: got {data!r}")


async def writer(sock: socket.socket) -> None:
    await sleep(PAUSE)
    print(elapsed(), f"writer: slept {PAUSE:g} s, sends b'hello'")
    sock.send(b"hello")  # 5 bytes to an empty socket: it cannot block


here, there = socket.socketpair()
with here, there:
    paused = writer(there)  # by hand: run it to its first pause
    print(f"writer(there).send(None) returned {paused.send(None)}")
    elapsed = stopwatch()
    run(reader(here), writer(there))
print("takeaway: await pauses; the loop resumes the coroutine when it can")
