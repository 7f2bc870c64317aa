"""`demo-server --workers N`: N processes sharing one port (SO_REUSEPORT), for N cores.

Each worker is a whole demo server; the kernel spreads new connections among them.
Their counters are their own, so /stats and the dashboard show one worker's share.
"""

import multiprocessing
import os
import signal
from collections.abc import Callable
from types import FrameType

from server.settings import Settings


def serve_workers(settings: Settings, workers: int, serve_one: Callable[[Settings], int]) -> int:
    """Run `serve_one(settings)` in each worker; return the worst exit status."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited loop
    processes = [context.Process(target=serve_one, args=(settings,)) for _ in range(workers)]
    for process in processes:
        process.start()

    def forward(signum: int, frame: FrameType | None) -> None:
        for process in processes:
            if process.pid is not None and process.is_alive():
                os.kill(process.pid, signal.SIGTERM)

    # Ctrl-C reaches every worker from the terminal itself; SIGTERM (docker stop, kill)
    # reaches only this process, which passes it on
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, forward)
    for process in processes:
        process.join()
    return max(process.exitcode or 0 for process in processes)
