"""The random bytes /bytes and /stream-bytes send for a `?seed=`: httpbin's own, byte
for byte, so a test that pinned httpbin's answer passes here too."""

import asyncio
import random
from collections.abc import AsyncIterator

from aiohttp import web

PIECE = 16 * 1024  # bytes made between two turns of the loop (~5 ms of randint)


def seed_of(text: str) -> int:
    """A seed as httpbin takes it (`int()`: `-3`, ` 7 `), of at most 100 digits."""
    try:
        if len(text) <= 100:
            return int(text)
    except ValueError:
        pass
    raise web.HTTPBadRequest(text=f"the seed must be a whole number, not {text!r}")


async def seeded_bytes(seed: int, n: int, piece: int = PIECE) -> AsyncIterator[bytes]:
    """The `n` bytes httpbin sends for `?seed=`: `random.seed(seed)`, then
    `random.randint(0, 255)` for each byte, so the very same bytes on the same Python.
    In pieces, with the loop free between them: 10 MiB takes seconds of CPU."""
    rng = random.Random(seed)
    for start in range(0, n, piece):
        yield bytes(rng.randint(0, 255) for _ in range(min(piece, n - start)))
        await asyncio.sleep(0)
