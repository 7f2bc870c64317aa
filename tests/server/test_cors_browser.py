"""A page on another origin calls the server from Chromium, as a talk's `Promise.all` beside
Python's `gather` would: a plain GET, a JSON POST (preflighted) and a credentialed GET."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from server.embedded import EmbeddedServer

CALLS = """async (base) => {
  const results = await Promise.all([
    fetch(base + "/get?page=1").then((r) => r.json()),
    fetch(base + "/post", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Talk": "asyncio" },
      body: JSON.stringify({ hello: "world" }),
    }).then((r) => r.json()),
    fetch(base + "/delay/0.2", { credentials: "include" }).then((r) => r.json()),
  ]);
  return results;
}"""


class BlankPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!doctype html><title>another origin</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def other_origin() -> Iterator[str]:
    """A page served from another port: another origin to the browser."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BlankPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()
    server.server_close()


def test_a_page_on_another_origin_may_call_the_server(browser: Any, other_origin: str) -> None:
    with EmbeddedServer() as url:
        page = browser.new_page()
        page.goto(other_origin)
        got, posted, delayed = page.evaluate(CALLS, str(url))
        page.close()
    assert got["args"] == {"page": "1"}
    assert got["headers"]["Origin"] == other_origin.rstrip("/")
    assert posted["json"] == {"hello": "world"}
    assert posted["headers"]["X-Talk"] == "asyncio"  # allowed by the preflight
    assert delayed["delay"] == 0.2
