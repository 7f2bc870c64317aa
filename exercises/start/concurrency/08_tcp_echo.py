"""A TCP echo server with asyncio streams.

What to do: write handle(): send each line back as soon as it arrives,
until the client hangs up, then close the connection. The check connects
five clients at once; each sends a line, waits for it to come back, then
sends another. As written, handle() waits for the client to hang up.

Why: a server handles each connection in its own coroutine; a line read
at a time keeps a conversation going.

Demo: demos/12_tcp_echo.py
Docs: https://docs.python.org/3/library/asyncio-stream.html
"""

import asyncio
import os

PORT = int(os.environ.get("ECHO_PORT", "8888"))


async def handle(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    data = await reader.read()  # everything, until the client hangs up
    writer.write(data)
    writer.close()


async def main() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", PORT)
    print(f"echoing on port {PORT}; Ctrl-C to stop")
    async with server:
        await server.serve_forever()


asyncio.run(main())
