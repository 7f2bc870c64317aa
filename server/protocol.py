"""aiohttp's HTTP protocol, made to answer every error in one JSON shape, and to cut off
clients that stop reading.

Errors come from three places: the handlers and the router raise HTTP exceptions (a bad
duration, a 404); aiohttp's parser refuses a bad request line or header before any handler
runs (400); its Expect check refuses an expectation it does not know (417). aiohttp answers
them all in plain text, and logs a traceback for each request its parser refuses. Here all
of them leave as JSON, from this one place, and junk from the network is logged in one line.

Doing it here rather than in a middleware keeps the request path free of middleware layers:
three coroutines fewer per request (aiohttp adds one of its own as soon as there is one).
A client that stops reading its answer (the server cannot send it) has `idle_timeout` to
resume, then is cut off: aiohttp would keep its connection, and the answer, forever.

aiohttp has no public hook for the protocol class, so the plumbing (`Runner`) is kept here.
"""

import asyncio
from collections.abc import Awaitable, Coroutine
from http import HTTPStatus
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestHandler, RequestPayloadError

from server.typedefs import SETTINGS

SERVER_FAILED = "the server failed; see its log"


def json_error(
    status: int, reason: str, detail: str, headers: dict[str, str] | None = None
) -> web.Response:
    """The one shape of every error this server answers."""
    body = {"status_code": status, "error": reason, "detail": detail}
    return web.json_response(body, status=status, headers=headers)


class Protocol(RequestHandler):
    """One connection: aiohttp's, with JSON for every error and one-line logs for junk."""

    __slots__ = ("_idle_timeout", "_stalled")  # as aiohttp's: no __dict__ per connection

    def __init__(self, *args: Any, idle_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._idle_timeout = idle_timeout
        self._stalled: asyncio.TimerHandle | None = None

    def pause_writing(self) -> None:
        """The client stopped reading what we send: it has the idle timeout to resume."""
        super().pause_writing()
        self._stalled = self._loop.call_later(self._idle_timeout, self.cut_off)

    def resume_writing(self) -> None:
        if self._stalled is not None:
            self._stalled.cancel()
        super().resume_writing()

    def cut_off(self) -> None:
        if self.transport is not None:
            self.transport.abort()  # close() would wait for the unread answer to be read

    def connection_lost(self, exc: BaseException | None) -> None:
        if self._stalled is not None:
            self._stalled.cancel()
        super().connection_lost(exc)

    def finish_response(
        self, request: web.BaseRequest, resp: web.StreamResponse, start_time: float | None
    ) -> Coroutine[Any, Any, tuple[web.StreamResponse, bool]]:
        """Send the answer; an HTTP error a handler or the router raised, as JSON."""
        # an HTTPException is the one response that is also an Exception: checked so first,
        # since isinstance against aiohttp's response classes goes through ABCMeta (slower)
        if (
            isinstance(resp, Exception)
            and isinstance(resp, web.HTTPException)
            and resp.status >= 400
        ):
            resp = json_error(resp.status, resp.reason, detail(request, resp), kept(resp))
        return super().finish_response(request, resp, start_time)  # one coroutine, not two

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
        if isinstance(exc, HttpProcessingError | RequestPayloadError):
            self.logger.warning("refused a malformed request: %s", malformed(exc))
        else:
            super().log_exception(*args, **kwargs)


def detail(request: web.BaseRequest, exc: web.HTTPException) -> str:
    """The error's own text; aiohttp's for a 404 or 405 is just "404: Not Found", so then
    say what was asked."""
    if exc.text and exc.text != f"{exc.status}: {exc.reason}":
        return exc.text
    return f"{request.method} {request.path}: {exc.reason}"


def kept(exc: web.HTTPException) -> dict[str, str]:
    """Headers worth keeping from an error (Allow on 405, Retry-After on 503)."""
    return {k: v for k, v in exc.headers.items() if k in ("Allow", "Retry-After")}


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
            # aiohttp's own Expect check fails (500) on a value that is not UTF-8; like it,
            # know only 100-continue
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
            idle_timeout=self.app[SETTINGS].idle_timeout,
            **plain._kwargs,
        )
