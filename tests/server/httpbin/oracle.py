"""The same bytes to two servers (`both`), as a differential test sends them: each gets
the same Host, so even `url` and `headers` compare as they are."""

import http.client
import json
from dataclasses import dataclass

HOST = "httpbin.test"  # the same Host header to both, so `url` and `headers` compare as is


@dataclass
class Request:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes = b""


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


def send(port: int, request: Request) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.putrequest(
            request.method, request.target, skip_host=True, skip_accept_encoding=True
        )
        connection.putheader("Host", HOST)
        for name, value in request.headers:
            connection.putheader(name, value.encode("latin-1"))
        if request.body or request.method in ("POST", "PUT", "PATCH"):
            connection.putheader("Content-Length", str(len(request.body)))
        connection.endheaders(request.body or None)
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def both(oracle: int, ours: int, request: Request) -> tuple[Answer, Answer]:
    return send(oracle, request), send(ours, request)
