"""What to fetch: /delay URLs on the demo server, or URLs the user names."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from client.records import Target

if TYPE_CHECKING:
    from yarl import URL


def parse_delay(text: str) -> tuple[float, float]:
    """`1` -> (1, 1); `0.5-1.5` -> (0.5, 1.5). Raises ValueError."""
    try:
        bounds = float(text), float(text)
    except ValueError:
        low, _, high = text.partition("-")
        bounds = float(low), float(high)
    if not all(0 <= b < float("inf") for b in bounds) or bounds[0] > bounds[1]:
        raise ValueError(text)
    return bounds


def delay_targets(server: URL, n: int, delay: tuple[float, float], seed: int) -> list[Target]:
    """N calls to the server's /delay; a range gives varied delays, the same for a seed."""
    rng = random.Random(seed)
    delays = [round(rng.uniform(*delay), 3) for _ in range(n)]
    return [
        Target(index=i, url=str(server / "delay" / f"{d:g}"), delay=d) for i, d in enumerate(delays)
    ]


def url_targets(urls: Iterable[str]) -> list[Target]:
    """Given URLs as they are, blank lines and # comments left out; each reports its own error."""
    # a comment may end a line too: after a space, since a URL has none (its own # does not)
    kept = [u for line in urls if (u := re.sub(r"(^|\s)#.*", "", line).strip())]
    return [Target(index=i, url=url) for i, url in enumerate(kept)]
