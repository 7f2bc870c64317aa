"""The project's one process-wide tuning: Python's cyclic garbage collector, with ten
thousand requests in flight.

Each request in flight holds a task, a transport and their buffers, and the collector
walks them all each time it runs, which at the default thresholds (700, 10, 10) is every
few hundred allocations. Measured on 2 cores (2026-12-06, `demo-client --mode gather -n
10000 --json` with its embedded server; four runs each, interleaved):
10,000 requests of 1 s took 5.9-7.1 s with the defaults, 4.3-4.9 s with this in both
processes (client CPU 4.6-5.5 s against 3.1-3.6 s, server 3.4-3.9 s against 2.6-3.2 s).
Below a thousand requests it changes nothing a person can see.
"""

import gc


def collect_less() -> None:
    """Leave what start-up made out of every collection (gc.freeze: the modules, the app),
    and collect the youngest objects every 10,000 allocations instead of every 700."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
