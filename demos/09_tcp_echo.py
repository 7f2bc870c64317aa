"""No HTTP needed: raw TCP with asyncio streams, one by one vs together.

Sample run::

    $ python demos/09_tcp_echo.py
    echo server on 127.0.0.1:41951, answering after 0.5 s
    10 clients one by one:   5.03 s  last: 'HELLO 9'
    10 clients together:     0.51 s  last: 'HELLO 9'
    speedup: 9.9x
    takeaway: one thread serves many sockets at once: each is mostly waiting
"""

import asyncio
import time

from stage import scaled

CLIENTS = 10
DELAY = scaled(0.5)  # the server thinks this long before answering


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
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
    print(f"echo server on 127.0.0.1:{port}, answering after {DELAY:g} s")
    async with server:
        started = time.perf_counter()
        answers = [await client(port, f"hello {i}") for i in range(CLIENTS)]
        one_by_one = time.perf_counter() - started
        print(f"{CLIENTS} clients one by one:  {one_by_one:5.2f} s  last: {answers[-1]!r}")

        started = time.perf_counter()
        answers = await asyncio.gather(*(client(port, f"hello {i}") for i in range(CLIENTS)))
        together = time.perf_counter() - started
        print(f"{CLIENTS} clients together:    {together:5.2f} s  last: {answers[-1]!r}")
    print(f"speedup: {one_by_one / together:.1f}x")


asyncio.run(main())
print("takeaway: one thread serves many sockets at once: each is mostly waiting")
