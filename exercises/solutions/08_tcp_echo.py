"""A solution of 08 tcp_echo: a line at a time, each sent back at once."""

import asyncio
import os

PORT = int(os.environ.get("ECHO_PORT", "8888"))


async def handle(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    async for line in reader:  # each line as it arrives, until EOF
        writer.write(line)
        await writer.drain()  # waits if the client reads slowly
    writer.close()
    await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", PORT)
    print(f"echoing on port {PORT}; Ctrl-C to stop")
    async with server:
        await server.serve_forever()


asyncio.run(main())
