"""The bytes of a `?seed=` are httpbin's: `random.seed(seed)` then `random.randint(0, 255)`
a byte, here on whichever Python runs the tests (3.11 included, where httpbin is not)."""

import random

import pytest
from aiohttp.test_utils import TestClient

from server.httpbin.seeded import HTTPBIN_LIMIT, httpbin_bytes


def as_httpbin_makes_them(seed: int, n: int) -> bytes:
    rng = random.Random(seed)  # random.seed(seed) on the module's generator, in httpbin
    return bytes(rng.randint(0, 255) for _ in range(n))


@pytest.mark.parametrize("seed", [0, 1, -7, 2**64 + 3])
@pytest.mark.parametrize("n", [0, 1, 10, 4097, HTTPBIN_LIMIT])
def test_the_fast_bytes_are_randints(seed: int, n: int) -> None:
    assert httpbin_bytes(seed, n) == as_httpbin_makes_them(seed, n)


@pytest.mark.parametrize("path", ["/bytes/10?seed=0", "/stream-bytes/10?seed=0&chunk_size=3"])
async def test_httpbins_pinned_answer(client: TestClient, path: str) -> None:
    """The bytes httpbin's own test suite pins for seed 0."""
    async with client.get(path) as response:
        assert await response.read() == b"\xc5\xd7\x14\x84\xf8\xcf\x9b\xf4\xb7o"


async def test_beyond_httpbins_limit_a_seed_still_repeats(client: TestClient) -> None:
    n = HTTPBIN_LIMIT + 1
    bodies = []
    for path in (f"/bytes/{n}?seed=4", f"/stream-bytes/{n}?seed=4", f"/bytes/{n}?seed=5"):
        async with client.get(path) as response:
            bodies.append(await response.read())
    assert bodies[0] == bodies[1] == random.Random(4).randbytes(n) != bodies[2]
