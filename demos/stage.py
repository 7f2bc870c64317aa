"""What the demos share: a way to shrink their delays, and the project's server to call.

DEMO_TIME_SCALE=0.2 makes every delay five times shorter (the tests use it); what a
demo shows (which version is faster, and by how much) stays the same.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # a clone, not installed

from server.embedded import EmbeddedServer  # noqa: E402

SCALE = float(os.environ.get("DEMO_TIME_SCALE", "1"))


def _quiet_ctrl_c(kind: type[BaseException], value: BaseException, tb: object) -> None:
    if issubclass(kind, KeyboardInterrupt):
        print("\ninterrupted", file=sys.stderr)
    else:
        sys.__excepthook__(kind, value, tb)  # type: ignore[arg-type]


sys.excepthook = _quiet_ctrl_c  # Ctrl-C in a demo: one line, not a traceback


def scaled(seconds: float) -> float:
    """`seconds`, times DEMO_TIME_SCALE."""
    return seconds * SCALE


def demo_server() -> EmbeddedServer:
    """The project's demo server on a free loopback port, for as long as a `with` lasts."""
    return EmbeddedServer()
