"""A pytest plugin for running httpbin's own test suite against another server: it puts a
forwarding WSGI shell in place of `httpbin.app`, so each request the suite makes with
Flask's test client goes over real HTTP to the server at $HTTPBIN_FORWARD_TO, and its
answer comes back to the suite as it was sent (status, headers, cookies, body).

Loaded by tests/server/httpbin/test_suite.py as `-p tests.server.httpbin.shell`.
"""

import http.client
import os
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote, urlsplit

import httpbin
from flask import Flask

# headers about one connection, not the message: http.client and the server set their own
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "upgrade"}


def forwarding_shell(base: str) -> Flask:
    """A Flask app (the suite calls `.test_client()` and sets `.debug`) whose WSGI callable
    forwards to `base`."""
    target = urlsplit(base)
    shell = Flask("httpbin-shell")

    def forward(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = quote(environ["PATH_INFO"].encode("latin-1"), safe="/:@!$&'()*+,;=-._~%")
        query = environ.get("QUERY_STRING", "")
        headers = [
            (name[5:].replace("_", "-").title(), value)
            for name, value in environ.items()
            if name.startswith("HTTP_") and len(name) > 5  # `{"": ""}` makes `HTTP_`
        ]
        if environ.get("CONTENT_TYPE"):
            headers.append(("Content-Type", environ["CONTENT_TYPE"]))
        chunked = environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked"
        length = environ.get("CONTENT_LENGTH")
        stream = environ["wsgi.input"]
        body = stream.read(int(length)) if length and not chunked else stream.read()
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        try:
            connection.putrequest(
                environ["REQUEST_METHOD"],
                path + (f"?{query}" if query else ""),
                skip_host=True,
                skip_accept_encoding=True,
            )
            for name, value in headers:
                if name.lower() not in HOP_BY_HOP:
                    connection.putheader(name, value)
            if chunked:
                connection.putheader("Transfer-Encoding", "chunked")
            elif body or length:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body if body or chunked else None, encode_chunked=chunked)
            answer = connection.getresponse()
            data = answer.read()
        finally:
            connection.close()
        kept = [(k, v) for k, v in answer.getheaders() if k.lower() not in HOP_BY_HOP]
        start_response(f"{answer.status} {answer.reason}", kept)
        return [data]

    shell.wsgi_app = forward  # type: ignore[method-assign]
    return shell


def pytest_configure(config: Any) -> None:
    httpbin.app = forwarding_shell(os.environ["HTTPBIN_FORWARD_TO"])
