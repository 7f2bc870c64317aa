"""aiohttp's HTTP protocol, made to answer what it refuses the way the app answers errors.

Some requests never reach the app's middlewares: the parser refuses a bad request line or
header (400), the Expect check an expectation it does not know (417). aiohttp answers those
in plain text and logs a traceback for each. Here they get the app's JSON error, and the log
one line: junk from the network is not the server's failure.

aiohttp has no public hook for the protocol class, so the plumbing (`Runner`) is kept here.
"""

from collections.abc import Awaitable
from http import HTTPStatus
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestHandler, RequestPayloadError

from server.middlewares import SERVER_FAILED, json_error


class Protocol(RequestHandler):
    """One connection: aiohttp's, with JSON for its own errors and one-line logs for junk."""

    __slots__ = ()  # as aiohttp's: no __dict__ on each of 10,000 connections

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        super().handle_error(request, status, exc, message)  # logs, and checks nothing was sent
        detail = message if message and status < 500 else SERVER_FAILED
        response = json_error(status, HTTPStatus(status).phrase, one_line(detail))
        response.force_close()  # as aiohttp does: after a refusal the stream cannot be trusted
        return response

    def log_exception(self, *args: Any, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info")
        # a body that does not decode fails again when aiohttp drains it after the answer
        if isinstance(exc, RequestPayloadError):
            exc = exc.__cause__
        if isinstance(exc, HttpProcessingError):
            self.logger.warning("refused a malformed request: %s", malformed(exc))
        else:
            super().log_exception(*args, **kwargs)


def malformed(exc: BaseException) -> str:
    """What the parser found wrong, on one line (its messages point at the bad byte below)."""
    if isinstance(exc, RequestPayloadError) and exc.__cause__:
        exc = exc.__cause__
    return one_line(exc.message if isinstance(exc, HttpProcessingError) else str(exc))


def one_line(text: str) -> str:
    return " ".join(text.split())


class Server(web.Server):
    """aiohttp's low-level server, making `Protocol`s, with the Expect check done in JSON."""

    def __init__(self, handler: Any, **kwargs: Any) -> None:
        def handle(request: web.BaseRequest) -> Awaitable[web.StreamResponse]:
            # aiohttp checks Expect before any middleware runs, answers in plain text, and
            # fails (500) on a value that is not UTF-8; it knows only 100-continue
            expect = request.headers.get("Expect")
            if expect is not None and expect.lower() != "100-continue":
                return refuse_expectation(expect)
            return handler(request)  # not awaited here: one coroutine less per request

        super().__init__(handle, **kwargs)

    def __call__(self) -> RequestHandler:
        return Protocol(self, loop=self._loop, **self._kwargs)


async def refuse_expectation(expect: str) -> web.StreamResponse:
    return json_error(417, "Expectation Failed", f"unknown Expect: {expect!r}")


class Runner(web.AppRunner):
    """An AppRunner whose server is `Server`: same app, same settings."""

    async def _make_server(self) -> web.Server:
        plain = await super()._make_server()  # starts the app
        return Server(
            plain.request_handler,
            request_factory=plain.request_factory,
            handler_cancellation=plain.handler_cancellation,
            **plain._kwargs,
        )
