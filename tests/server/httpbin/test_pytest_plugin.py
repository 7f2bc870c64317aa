"""server/pytest_plugin.py as a drop-in for pytest-httpbin: its `httpbin` fixture, served
by our server in the test process, and pytest-httpbin's own tests of that fixture run on it.

Those tests come from the pytest-httpbin sdist, fetched with pip (nothing of it is copied
into this project), and run in a child pytest with `-p server.pytest_plugin`; the sdist's
package is importable (its tests import it) but not installed, so its own plugin, the real
httpbin behind it, does not load. Its HTTPS tests are left out: ours serves plain HTTP.
"""

import os
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests

from server import pytest_plugin

ROOT = Path(__file__).parents[3]
VERSION = "2.1.0"
PLAIN_HTTP_ONLY = (
    "not secure and not urllib and not both and not TestClassBassed and not fixed_port"
    " and not certificate and not handshake"
)
# pytest-httpbin 2.1.0's tests of plain HTTP: a new one must be looked at
EXPECTED = {
    "test_httpbin_gets_injected",
    "test_httpbin_accepts_get_requests",
    "test_httpbin_accepts_lots_of_get_requests_in_single_session",
    "test_httpbin_join",
    "test_httpbin_str",
    "test_chunked_encoding",
    "test_content_type_header_not_automatically_added",
    "test_unicode_data",
    "test_server_should_be_http_1_1",
}

httpbin = pytest_plugin.httpbin  # the fixture, for this module's own tests
class_based_httpbin = pytest_plugin.class_based_httpbin


@pytest.fixture(scope="module")
def pytest_httpbin_sdist(request: pytest.FixtureRequest) -> Path:
    """The unpacked pytest-httpbin sdist (its tests/ and its package)."""
    cache = request.config.cache
    assert cache is not None
    where = cache.mkdir(f"pytest-httpbin-{VERSION}-sdist")
    if not (unpacked := where / f"pytest_httpbin-{VERSION}").is_dir():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary"]
            + [":all:", f"pytest-httpbin=={VERSION}", "-d", str(where)],
            check=True,
        )
        with tarfile.open(where / f"pytest_httpbin-{VERSION}.tar.gz") as archive:
            archive.extractall(where, filter="data")
    return unpacked


def test_pytest_httpbins_own_tests_pass_on_ours(pytest_httpbin_sdist: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.xml"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(pytest_httpbin_sdist)])}
    subprocess.run(
        [sys.executable, "-m", "pytest", str(pytest_httpbin_sdist / "tests"), "-q"]
        + ["-p", "server.pytest_plugin", "-p", "no:cacheprovider", "-k", PLAIN_HTTP_ONLY]
        + [f"--junitxml={report}", f"--rootdir={pytest_httpbin_sdist}"]
        + ["-o", "asyncio_default_fixture_loop_scope=function"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=300,
    )
    cases = list(ET.parse(report).iter("testcase"))
    passed = {
        c.attrib["name"] for c in cases if not any(c.iter("failure")) and not any(c.iter("error"))
    }
    assert {c.attrib["name"] for c in cases} == EXPECTED
    assert passed == EXPECTED


def test_the_fixture_is_our_server(httpbin: pytest_plugin.Server) -> None:
    """Not httpbin: /health is ours."""
    assert requests.get(httpbin + "/health", timeout=10).json()["status"] == "ok"
    assert httpbin.join("/get?a=1") == f"http://127.0.0.1:{httpbin.port}/get?a=1"
    assert str(httpbin) == httpbin.url == f"http://{httpbin.host}:{httpbin.port}"


@pytest.mark.usefixtures("class_based_httpbin")
class TestClassBased:
    httpbin: pytest_plugin.Server

    def test_the_class_has_it(self) -> None:
        answer = requests.get(self.httpbin.url + "/cookies/set?a=1", timeout=10)
        assert answer.json() == {"cookies": {"a": "1"}}  # followed the redirect, kept the cookie
