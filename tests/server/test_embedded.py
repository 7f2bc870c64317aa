"""EmbeddedServer: a demo server in a child process for the length of a `with` block."""

import json
import urllib.error
import urllib.request

import pytest

from server.embedded import EmbeddedServer
from server.settings import Settings
from tests.conftest import listening


def test_serves_inside_the_block_and_stops_after() -> None:
    with EmbeddedServer() as url:
        assert url.scheme == "http"
        assert url.host == "127.0.0.1"
        with urllib.request.urlopen(str(url / "health"), timeout=10) as response:
            assert response.status == 200
            assert json.load(response) == {"status": "ok", "max_delay": Settings.max_delay}
    assert not listening(url.port)


def test_max_delay_is_passed_on() -> None:
    with EmbeddedServer(max_delay=0.5) as url:
        with urllib.request.urlopen(str(url / "health"), timeout=10) as response:
            assert json.load(response)["max_delay"] == 0.5
        with urllib.request.urlopen(str(url / "delay" / "1"), timeout=10) as response:
            assert json.load(response)["delay"] == 0.5  # cut to its maximum


def test_stops_when_the_block_raises() -> None:
    with pytest.raises(KeyError), EmbeddedServer() as url:
        raise KeyError("in the block")
    assert not listening(url.port)
