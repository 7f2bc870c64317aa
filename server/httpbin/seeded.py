"""The random bytes /bytes and /stream-bytes send for a `?seed=`: httpbin's own, byte
for byte, so a test that pinned httpbin's answer passes here too.

httpbin calls `random.seed(seed)`, then `random.randint(0, 255)` for each byte: 0.4 µs a
byte, 40 ms for its largest answer (100 KiB), and seconds for the 10 MiB ours allows.
`httpbin_bytes` gets the same bytes from the same generator at C speed: `randint(0, 255)`
takes one 32-bit word of the Mersenne Twister and keeps its top 9 bits, drawing again when
they are 256 or more (the top bit set): so a byte is bits 23-30 of each word whose bit 31
is clear. Beyond 100 KiB, which httpbin never sends, a seed gives `Random(seed).randbytes`.
"""

import random
from collections.abc import AsyncIterator
from itertools import compress

from aiohttp import web

HTTPBIN_LIMIT = 100 * 1024  # httpbin's largest /bytes
PIECE = 64 * 1024  # beyond it, bytes made between two writes
# for each top byte of a word (bits 24-31) and the byte below it (bits 16-23)
HIGH_SEVEN = bytes((b & 0x7F) << 1 for b in range(256))  # bits 24-30, as bits 1-7
TOP_BIT = bytes(b >> 7 for b in range(256))  # bit 23, as bit 0
KEPT = bytes(b < 0x80 for b in range(256))  # bit 31 clear: randint keeps this word


def seed_of(text: str) -> int:
    """A seed as httpbin takes it (`int()`: `-3`, ` 7 `), of at most 100 digits."""
    try:
        if len(text) <= 100:
            return int(text)
    except ValueError:
        pass
    raise web.HTTPBadRequest(text=f"the seed must be a whole number, not {text!r}")


def httpbin_bytes(seed: int, n: int) -> bytes:
    """`random.seed(seed); bytes(random.randint(0, 255) for _ in range(n))`, fast."""
    rng, out = random.Random(seed), b""
    while len(out) < n:
        words = 2 * (n - len(out)) + 64  # half are kept, on average
        raw = rng.getrandbits(32 * words).to_bytes(4 * words, "little")  # in drawn order
        top = raw[3::4]
        high = int.from_bytes(top.translate(HIGH_SEVEN), "big")
        low = int.from_bytes(raw[2::4].translate(TOP_BIT), "big")
        out += bytes(compress((high | low).to_bytes(words, "big"), top.translate(KEPT)))
    return out[:n]


async def seeded_bytes(seed: int, n: int) -> AsyncIterator[bytes]:
    """The bytes for `?seed=`, httpbin's up to its limit; in pieces beyond it."""
    if n <= HTTPBIN_LIMIT:
        yield httpbin_bytes(seed, n)
        return
    rng = random.Random(seed)
    for start in range(0, n, PIECE):
        yield rng.randbytes(min(PIECE, n - start))
