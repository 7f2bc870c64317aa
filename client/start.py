"""The command's entry point: Ctrl-C is quiet even while the program is still starting."""

import os
import signal
import sys
import threading


def main() -> None:
    # until the CLI (and click) are imported, Ctrl-C just exits, with no traceback
    signal.signal(signal.SIGINT, lambda signum, frame: sys.exit(130))
    from client.cli import main as cli

    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        cli()
    except SystemExit as leaving:
        if leaving.code == 130 and threading.active_count() > 1:
            # Ctrl-C in `threads` mode: a worker thread may still wait for its answer, and
            # threads cannot be stopped; Python would wait for it on the way out. Do not.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)
        raise
