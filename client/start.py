"""The command's entry point: Ctrl-C is quiet even while the program is still starting."""

import signal
import sys


def main() -> None:
    # until the CLI (and click) are imported, Ctrl-C just exits, with no traceback
    signal.signal(signal.SIGINT, lambda signum, frame: sys.exit(130))
    from client.cli import main as cli

    signal.signal(signal.SIGINT, signal.default_int_handler)
    cli()
