"""The two servers this folder's tests compare: the real httpbin package (`oracle`, on
Werkzeug's threaded server in this process) and ours (`ours`, the real demo-server in a
child process), each a port.

httpbin pins greenlet below 3 on Python 3.11, where Playwright needs 3.1: the test extra
installs it on 3.12 and later only, and there this folder runs (CI runs it on 3.13).
"""

import logging
import sys
import threading
from collections.abc import Iterator

import pytest

from server.embedded import EmbeddedServer

collect_ignore_glob = ["test_*.py"] if sys.version_info < (3, 12) else []


@pytest.fixture(scope="module")
def oracle() -> Iterator[int]:
    """httpbin on Werkzeug's threaded HTTP server, in this process; its port."""
    import httpbin  # here: there is none on Python 3.11
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = make_server("127.0.0.1", 0, httpbin.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def ours() -> Iterator[int]:
    with EmbeddedServer() as url:
        assert url.port is not None
        yield url.port
