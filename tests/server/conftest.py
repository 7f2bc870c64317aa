"""A test client on the app (`make_client`, `client`; the app itself and its server come
from tests/conftest.py, whose counters a test can await), and the error shape
(`assert_json_error`: the one shape of every error the app answers)."""

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

REQUEST_LIMIT = aiohttp.ClientTimeout(total=20)


# the error shape

ERROR_KEYS = {"status_code", "error", "detail"}


def assert_error_body(body: Any, status: int, reason: str) -> None:
    """The server's error shape: status_code, error (the reason) and a non-empty detail."""
    assert set(body) == ERROR_KEYS, body
    assert body["status_code"] == status
    assert body["error"] == reason
    assert isinstance(body["detail"], str) and body["detail"]


async def assert_json_error(response: aiohttp.ClientResponse, status: int) -> dict[str, Any]:
    """The response is that error, in JSON; its body."""
    assert response.status == status
    assert response.content_type == "application/json"
    body = await response.json()
    assert_error_body(body, status, response.reason)
    return body


# a client on the app (the app and its server: tests/conftest.py)


@pytest.fixture
def make_client(
    aiohttp_client: Callable[..., Any],
    app_factory: Callable[..., web.Application],
    serve_app: Callable[..., Awaitable[TestServer]],
) -> Callable[..., Awaitable[TestClient]]:
    """`await make_client(**overrides)`: a test client on an app with those settings."""

    async def make(**overrides: Any) -> TestClient:
        server = await serve_app(app_factory(**overrides))
        # a bound on every request: a server that wrongly waits fails the test, not the suite
        return await aiohttp_client(server, timeout=REQUEST_LIMIT)

    return make


@pytest.fixture
async def client(make_client: Callable[..., Awaitable[TestClient]]) -> TestClient:
    """A test client on an app with the default settings."""
    return await make_client()
