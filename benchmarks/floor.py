"""The floor: what this machine allows with no HTTP library at all.

    python benchmarks/floor.py server PORT [DELAY]  # answers each request after DELAY s (1)
    python benchmarks/floor.py client PORT N        # N fresh connections at once; prints wall

A bare asyncio.Protocol on each side, the same socket work as `demo-client --mode gather`
against `/delay/DELAY` (connect, write a request, wait, read the answer, close) and nothing
else: no parsing, no routing, no records. What the demo's client and server add is their
wall minus this one.
"""

import asyncio
import gc
import sys
import time

REQUEST = b"GET /delay HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"


class Answering(asyncio.Protocol):
    delay = 1.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        asyncio.get_running_loop().call_later(self.delay, self.transport.write, ANSWER)  # type: ignore[attr-defined]


class Asking(asyncio.Protocol):
    def __init__(self, done: asyncio.Future[None]) -> None:
        self.done = done

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        transport.write(REQUEST)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        self.transport.close()  # the whole answer fits in one read

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_result(None)


async def serve(port: int) -> None:
    loop = asyncio.get_running_loop()
    await loop.create_server(Answering, "127.0.0.1", port, backlog=4096)
    await asyncio.Event().wait()


async def ask(port: int) -> None:
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    await loop.create_connection(lambda: Asking(done), "127.0.0.1", port)
    await done


async def run(port: int, n: int) -> float:
    gc.disable()  # as demo-client does while it times a mode
    started = time.perf_counter()
    await asyncio.gather(*(ask(port) for _ in range(n)))
    return time.perf_counter() - started


if __name__ == "__main__":
    role, port = sys.argv[1], int(sys.argv[2])
    try:
        if role == "server":
            Answering.delay = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
            asyncio.run(serve(port))
        else:
            print(f"{asyncio.run(run(port, int(sys.argv[3]))):.3f}")
    except KeyboardInterrupt:
        pass
