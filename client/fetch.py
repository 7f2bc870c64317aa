"""Fetch one target and record what happened: with aiohttp, or with a blocking client."""

import asyncio
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from yarl import URL

from client.interrupt import Interrupted, interruptible
from client.records import CANCELLED, ModeResult, RequestFailed, RequestRecord, Target
from common.cli import os_reason
from common.wire import IN_FLIGHT_HEADER


@dataclass(kw_only=True)
class Fetcher:
    """What every mode is given: the requests to make and the means to make them."""

    targets: list[Target]
    session: aiohttp.ClientSession
    concurrency: int  # for the modes that bound how many run at once
    timeout: float
    result: ModeResult  # each request's record joins it as the request ends
    on_start: Callable[[], None] | None = None  # e.g. a progress bar
    on_done: Callable[[RequestRecord], None] | None = None
    started: float = field(default_factory=time.perf_counter)

    async def fetch(self, target: Target, *, fail: bool = False) -> RequestRecord:
        """GET the target with the run's aiohttp session. A failed request is recorded, and
        raises RequestFailed only if `fail` (the modes that stop at the first failure)."""
        record = self._begin(target)
        try:
            async with self.session.get(http_url(target.url)) as response:
                body = await response.read()
                _answered(record, response.status, response.reason, response.headers, body)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            record.error = describe(exc, self.timeout)
        except asyncio.CancelledError:
            record.error = CANCELLED  # Ctrl-C, or its TaskGroup: drawn in the report
            self._end(record)
            raise
        self._end(record)
        if fail and not record.ok:
            raise RequestFailed(record)
        return record

    def fetch_blocking(self, target: Target) -> RequestRecord:
        """The same GET with urllib: the calling thread waits, and so does its event loop."""
        record = self._begin(target)
        try:
            # the session's headers too: the server then counts it in this run
            headers = {str(name): value for name, value in self.session.headers.items()}
            request = urllib.request.Request(str(http_url(target.url)), headers=headers)
            with interruptible(), urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                _answered(record, response.status, response.reason, response.headers, body)
        except urllib.error.HTTPError as exc:
            with exc:
                _answered(record, exc.code, exc.reason, exc.headers, exc.read())
        except (OSError, ValueError, http.client.HTTPException) as exc:
            record.error = describe(exc, self.timeout)
        except Interrupted:
            record.error = CANCELLED
        return self._end(record)

    def _begin(self, target: Target) -> RequestRecord:
        if self.on_start is not None:
            self.on_start()
        start = time.perf_counter() - self.started
        return RequestRecord(
            index=target.index, url=target.url, delay=target.delay, start=start, end=start
        )

    def _end(self, record: RequestRecord) -> RequestRecord:
        record.end = time.perf_counter() - self.started
        self.result.records.append(record)
        if self.on_done is not None:
            self.on_done(record)
        return record


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
