"""What an operator can tune, with the defaults a speaker wants."""

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    max_delay: float = 10.0
    max_body: int = MiB
    max_bytes: int = 10 * MiB
    # beyond this many requests in flight, new ones get 503: memory and file descriptors last
    max_in_flight: int = 20_000
    # a connection that sends no complete request (or body) for this long is closed:
    # silent and slowloris clients do not hold the server
    idle_timeout: float = 15.0
    # thousands of simultaneous connects overflow aiohttp's default of 128,
    # and the kernel's SYN retries then add whole seconds to a run
    backlog: int = 4096
