"""Raw TCP with asyncio streams: one by one, then together.

Sample run::

    $ python demos/12_tcp_echo.py
    10 clients; the server on port 43905 waits 0.5 s
    one by one:  5.01 s, last answer 'HELLO 9'
    together:    0.50 s, last answer 'HELLO 9'
    speedup: 10.0x
    takeaway: one thread serves many sockets at once: each mostly waits
"""

import asyncio
import time
from asyncio import StreamReader, StreamWriter

from stage import SCALE

CLIENTS = 10
DELAY = 0.5 * SCALE  # the server thinks this long before it answers


async def handle(reader: StreamReader, writer: StreamWriter) -> None:
    line = await reader.readline()
    await asyncio.sleep(DELAY)
    writer.write(line.upper())
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def client(port: int, text: str) -> str:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"{text}\n".encode())
    answer = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return answer.decode().strip()


async def main() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"{CLIENTS} clients; the server on port {port} waits {DELAY:g} s")
    texts = [f"hello {i}" for i in range(CLIENTS)]
    async with server:
        started = time.perf_counter()
        answers = [await client(port, text) for text in texts]
        one_by_one = time.perf_counter() - started
        print(f"one by one: {one_by_one:5.2f} s, last answer {answers[-1]!r}")

        started = time.perf_counter()
        answers = await asyncio.gather(*(client(port, t) for t in texts))
        together = time.perf_counter() - started
        print(f"together:   {together:5.2f} s, last answer {answers[-1]!r}")
    print(f"speedup: {one_by_one / together:.1f}x")


asyncio.run(main())
print("takeaway: one thread serves many sockets at once: each mostly waits")
