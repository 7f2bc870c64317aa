"""asyncio runs the toy loop's program, with the same output.

The program is the last demo's; its two waits, and now its send, come
from asyncio. asyncio's loop is the toy's, grown up: a selector (the same
`selectors` module) and timers, plus callbacks, tasks and cancellation.

Sample run::

    $ python demos/06_asyncio_loop.py
    <_UnixSelectorEventLoop running=True closed=False debug=False>
     0.00 s reader: waits for the socket
     0.50 s writer: slept 0.5 s, sends b'hello'
     0.50 s reader: got b'hello'
    takeaway: asyncio's event loop is the toy's, with a lot more care
"""

import asyncio
import socket

from stage import SCALE, stopwatch

PAUSE = 0.5 * SCALE  # how long the writer sleeps before it sends

sleep = asyncio.sleep  # the waits, asyncio's, under the toy's names


async def recv(sock: socket.socket, size: int) -> bytes:
    return await asyncio.get_running_loop().sock_recv(sock, size)


async def write(sock: socket.socket, data: bytes) -> None:
    await asyncio.get_running_loop().sock_sendall(sock, data)


async def reader(sock: socket.socket) -> None:
    print(elapsed(), "reader: waits for the socket")
    data = await recv(sock, 100)
    print(elapsed(), f"reader: got {data!r}")


async def writer(sock: socket.socket) -> None:
    await sleep(PAUSE)
    print(elapsed(), f"writer: slept {PAUSE:g} s, sends b'hello'")
    await write(sock, b"hello")


async def main() -> None:
    print(asyncio.get_running_loop())
    here, there = socket.socketpair()
    with here, there:
        here.setblocking(False)  # the loop's sock_* calls want sockets
        there.setblocking(False)  # that never block
        await asyncio.gather(reader(here), writer(there))


elapsed = stopwatch()
asyncio.run(main())
print("takeaway: asyncio's event loop is the toy's, with a lot more care")
