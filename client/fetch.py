"""Fetch one target and record what happened: with aiohttp, or with a blocking client."""

import asyncio
import http.client
import json
import signal
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from yarl import URL

from client.records import CANCELLED, RequestRecord, Target
from common.cli import os_reason
from common.wire import IN_FLIGHT_HEADER


@dataclass
class Run:
    """What every mode is given: the requests to make and the means to make them."""

    targets: list[Target]
    session: aiohttp.ClientSession
    concurrency: int
    timeout: float
    started: float  # time.perf_counter() when the mode started
    on_done: Callable[[RequestRecord], None]  # the harness's: keeps the record
    emit: Callable[[RequestRecord], None]  # a mode's way to show a result as it comes

    async def fetch(self, target: Target) -> RequestRecord:
        """GET the target with the run's aiohttp session; never raises for a failed request."""
        record = self._begin(target)
        try:
            async with self.session.get(http_url(target.url)) as response:
                body = await response.read()
                _answered(record, response.status, response.reason, response.headers, body)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            record.error = describe(exc, self.timeout)
        except asyncio.CancelledError:
            record.error = CANCELLED  # Ctrl-C: still drawn in the partial report
            self._end(record)
            raise
        return self._end(record)

    def fetch_blocking(self, target: Target) -> RequestRecord:
        """The same GET with urllib: the calling thread waits, and so does its event loop."""
        record = self._begin(target)
        try:
            url = str(http_url(target.url))
            with ctrl_c_lands_here(), urllib.request.urlopen(url, timeout=self.timeout) as response:
                body = response.read()
                _answered(record, response.status, response.reason, response.headers, body)
        except urllib.error.HTTPError as exc:
            with exc:
                _answered(record, exc.code, exc.reason, exc.headers, exc.read())
        except (OSError, ValueError, http.client.HTTPException) as exc:
            record.error = describe(exc, self.timeout)
        except KeyboardInterrupt:
            record.error = CANCELLED
            signal.raise_signal(signal.SIGINT)  # now for asyncio: it stops the run as usual
        return self._end(record)

    def _begin(self, target: Target) -> RequestRecord:
        start = time.perf_counter() - self.started
        return RequestRecord(target.index, target.url, target.delay, start=start, end=start)

    def _end(self, record: RequestRecord) -> RequestRecord:
        record.end = time.perf_counter() - self.started
        self.on_done(record)
        return record


@contextmanager
def ctrl_c_lands_here() -> Iterator[None]:
    """On the event loop's own thread (`blocking` mode), let Ctrl-C interrupt the call.

    asyncio's Ctrl-C handler cancels the run's task, which a loop stuck in a blocking call
    only notices when the call returns: up to --timeout later. Elsewhere (a worker thread),
    nothing changes: only the main thread receives signals.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    asyncio_handler = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, asyncio_handler)


def http_url(text: str) -> URL:
    """The URL, if it is one to fetch: http or https, with a host; else ValueError.

    Checked here, not left to the clients: aiohttp fails an assert on "//x", and urllib
    opens "file:" URLs.
    """
    url = URL(text)
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"not an http(s) URL: {text!r}")
    return url


def _answered(
    record: RequestRecord, status: int, reason: str | None, headers: Any, body: bytes
) -> None:
    record.status = status
    in_flight = headers.get(IN_FLIGHT_HEADER)
    if in_flight is not None and in_flight.isdecimal():
        record.server_in_flight = int(in_flight)
    if status >= 400:
        record.error = f"HTTP {status}: {_detail(body) or reason or 'error'}"


def _detail(body: bytes) -> str | None:
    """The demo server's own words for an error: the "detail" of its JSON body."""
    try:
        detail = json.loads(body).get("detail")
    except (ValueError, AttributeError):
        return None
    return detail if isinstance(detail, str) else None


def describe(exc: BaseException, timeout: float) -> str:
    """A failure in a few words, for a report line."""
    if isinstance(exc, TimeoutError) or "timed out" in str(exc):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, ValueError | http.client.InvalidURL):  # aiohttp's InvalidURL is one too
        return "not a valid URL"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the server closed the connection"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return f"cannot connect to {exc.host}:{exc.port}: {os_reason(exc.os_error)}"
    if isinstance(exc, aiohttp.ClientOSError):
        return f"connection lost: {os_reason(exc)}"
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, OSError):
        return f"cannot connect: {os_reason(exc.reason)}"
    return f"{type(exc).__name__}: {exc}".rstrip(": ")
