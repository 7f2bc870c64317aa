"""`demo-server`: its help and errors through CliRunner, its signals in a real process."""

import json
import signal
import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from server.cli import main
from tests.conftest import listening

OPTIONS = {
    "--host": "DEMO_HOST",
    "--port": "DEMO_PORT",
    "--max-delay": "DEMO_MAX_DELAY",
    "--max-body": "DEMO_MAX_BODY",
    "--max-bytes": "DEMO_MAX_BYTES",
    "--max-in-flight": "DEMO_MAX_IN_FLIGHT",
    "--idle-timeout": "DEMO_IDLE_TIMEOUT",
}


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port someone else is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_help_lists_every_option_and_env_var() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for option, env in OPTIONS.items():
        assert option in result.output
        assert env in result.output
    assert "/delay" in result.output


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--port", "{port}"], {}),
        ([], {"DEMO_PORT": "{port}"}),
    ],
)
def test_port_in_use_is_one_line(busy_port: int, args: list[str], env: dict[str, str]) -> None:
    args = [a.format(port=busy_port) for a in args]
    env = {k: v.format(port=busy_port) for k, v in env.items()}
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"demo-server: cannot listen on 127.0.0.1:{busy_port}: address already in use\n"
    )
    assert "Traceback" not in result.output


def test_unknown_host_is_one_line_with_the_reason() -> None:
    result = CliRunner().invoke(main, ["--host", "host.invalid", "--port", "0"])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("demo-server: cannot listen on host.invalid:0: ")
    assert "unknown error" not in line


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (["--bogus"], {}, "--bogus"),
        (["--port", "70000"], {}, "--port"),
        (["--max-delay", "-1"], {}, "--max-delay"),
        ([], {"DEMO_PORT": "abc"}, "--port"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], env: dict[str, str], named: str) -> None:
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("demo-server: ")
    assert named in line


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.load(exc)


def read_until(sock: socket.socket, buffer: bytearray, end: bytes | None) -> bytes:
    """Bytes up to and including `end` (None: until the server closes), kept from `buffer`."""
    while end is None or end not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            if end is None:
                break
            raise AssertionError(f"connection closed before {end!r}: {bytes(buffer)!r}")
        buffer += chunk
    cut = len(buffer) if end is None else buffer.index(end) + len(end)
    data = bytes(buffer[:cut])
    del buffer[:cut]
    return data


def test_sigterm_lets_the_request_in_flight_finish(start_server) -> None:
    # the settings come from the environment only: DEMO_PORT and DEMO_MAX_DELAY are honoured
    demo = start_server(port=None, env={"DEMO_PORT": "0", "DEMO_MAX_DELAY": "2"})
    server, url, port = demo.child, demo.url, demo.port
    assert port != 8080

    assert get(f"{url}/health") == (200, {"status": "ok", "max_delay": 2.0})

    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        # "Expect: 100-continue" makes the server say when the request reached the app,
        # so the signal is sent while it is in flight without guessing with a sleep
        sock.sendall(
            b"GET /delay/1 HTTP/1.1\r\nHost: demo\r\n"
            b"Expect: 100-continue\r\nConnection: close\r\n\r\n"
        )
        buffer = bytearray()
        assert read_until(sock, buffer, b"\r\n\r\n").startswith(b"HTTP/1.1 100 Continue")
        server.process.send_signal(signal.SIGTERM)
        response = read_until(sock, buffer, None)

    assert response.startswith(b"HTTP/1.1 200 OK\r\n")
    body = json.loads(response.partition(b"\r\n\r\n")[2])
    assert body["delay"] == 1
    assert server.wait() == 0
    out = server.seen("stdout")
    assert "demo-server stopping: 1 in flight may finish" in out
    assert out.endswith("demo-server stopped\n")
    assert server.seen("stderr") == ""
    assert not listening(port)


def test_sigint_stops_an_idle_server(start_server) -> None:
    server = start_server().child
    server.ctrl_c()
    assert server.wait() == 0
    # nothing in flight: nothing to wait for, and nothing to say about it
    assert server.seen("stdout").endswith(" Ctrl-C to stop)\ndemo-server stopped\n")
    assert server.seen("stderr") == ""


def test_gunicorn_serves_the_app_on_two_workers_as_the_readme_says(spawn) -> None:
    """aiohttp's documented way to use more cores: gunicorn with aiohttp's worker."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    app, worker = "server.app:create_app()", "aiohttp.GunicornWebWorker"
    server = spawn([gunicorn, app, "-k", worker, "-w", "2", "-b", f"127.0.0.1:{port}"])
    while server.seen("stderr").count("Booting worker") < 2:
        server.readline("stderr")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/delay/0", timeout=5) as response:
        assert response.status == 200 and json.load(response)["delay"] == 0
    server.process.terminate()
    assert server.wait() == 0
