"""httpbin's own test suite, run against our server: what a project that tests against
httpbin sees when it points at us instead.

The suite is `tests/test_httpbin.py` of the httpbin sdist, fetched with pip from the index
the test extra installs from (the wheel does not carry it; nothing of it is copied into
this project), and run in a child pytest whose `httpbin.app` is a forwarding shell
(tests/server/httpbin/shell.py): each of its requests goes over HTTP to a running server.
The reference is the real httpbin served by gunicorn, as httpbin.org serves it; ours must
pass every test it passes.

Run by hand (after a first run has fetched the sdist into .pytest_cache):
    .venv313/bin/python -m pytest tests/server/httpbin/test_suite.py -v
"""

import os
import socket
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from server.embedded import EmbeddedServer

if sys.version_info < (3, 12):
    pytest.skip("httpbin needs Python 3.12+ beside Playwright", allow_module_level=True)

ROOT = Path(__file__).parents[3]
# the suite's tests of something other than a server's answers, left out of the count: a
# subprocess without flasgger, httpbin's source files, a helper function, the type of the
# WSGI app's chunks (here the shell's), and the 501 that Werkzeug's development server
# gives a chunked body (on gunicorn, httpbin answers it: 200)
NOT_OF_A_SERVER = {
    "test_index_falls_back_to_static_page_without_flasgger",
    "test_sources_have_no_invalid_escape_sequences",
    "test_parse_multi_value_header",
    "test_bytes_endpoint_yields_bytes",
    "test_post_chunked",
}


@pytest.fixture(scope="module")
def suite(request: pytest.FixtureRequest) -> Path:
    """httpbin's tests/test_httpbin.py, from the sdist of the installed version."""
    cache = request.config.cache
    assert cache is not None
    where = cache.mkdir(f"httpbin-{version('httpbin')}-sdist")
    found = list(where.glob("*/tests/test_httpbin.py"))
    if not found:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
            + ["--no-binary", ":all:", f"httpbin=={version('httpbin')}", "-d", str(where)],
            check=True,
        )
        (sdist,) = where.glob("httpbin-*.tar.gz")
        with tarfile.open(sdist) as archive:
            archive.extractall(where, filter="data")
        found = list(where.glob("*/tests/test_httpbin.py"))
    (path,) = found
    return path


@pytest.fixture(scope="module")
def reference() -> Iterator[str]:
    """The real httpbin on gunicorn (one sync worker), on a socket bound here."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.set_inheritable(True)
    fd, port = listener.fileno(), listener.getsockname()[1]
    command = [sys.executable, "-m", "gunicorn", "httpbin:app", "--bind", f"fd://{fd}"]
    child = subprocess.Popen(
        [*command, "--log-level", "warning"], pass_fds=[fd], stderr=subprocess.DEVNULL
    )
    listener.close()  # gunicorn holds it now; connections wait in its backlog meanwhile
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        child.wait(timeout=30)


@pytest.fixture(scope="module")
def ours() -> Iterator[str]:
    with EmbeddedServer() as url:
        yield str(url).rstrip("/")


def run_suite(suite: Path, base: str, tmp_path: Path) -> dict[str, bool]:
    """Each test of the suite, and whether it passed, with its requests sent to `base`."""
    report = tmp_path / "report.xml"
    env = {**os.environ, "HTTPBIN_FORWARD_TO": base, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "pytest", str(suite), "-q", "-p", "tests.server.httpbin.shell"]
        + ["-p", "no:cacheprovider", f"--junitxml={report}", f"--rootdir={suite.parent}"]
        + ["-o", "asyncio_default_fixture_loop_scope=function", "--import-mode=importlib"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=600,
    )
    outcome = {}
    for case in ET.parse(report).iter("testcase"):
        failed = any(child.tag in ("failure", "error", "skipped") for child in case)
        outcome[case.attrib["name"]] = not failed
    return outcome


def test_httpbins_own_suite_passes_against_ours_as_against_httpbin(
    suite: Path, reference: str, ours: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    theirs = run_suite(suite, reference, tmp_path_factory.mktemp("theirs"))
    mine = run_suite(suite, ours, tmp_path_factory.mktemp("ours"))
    reaching = set(theirs) - NOT_OF_A_SERVER
    passed_theirs = {name for name in reaching if theirs[name]}
    passed_mine = {name for name in reaching if mine.get(name)}
    assert len(reaching) == 65  # the suite as 0.10.4 has it: a new test must be looked at
    assert passed_theirs == reaching, "the reference itself fails these"
    assert reaching - passed_mine == set(), "httpbin passes these, ours fails"
