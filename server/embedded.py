"""A demo server in a child process, for commands that need one and were given none.

A process of its own keeps it answering, on the other core, even while the caller's
event loop is blocked (which the "blocking" demos do on purpose).

    with EmbeddedServer() as url:  # or `async with`, in a coroutine
        ...  # fetch url / "delay" / "1"

    server = EmbeddedServer()  # or across a notebook's cells
    url = server.start()
    ...
    server.stop()
"""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from yarl import URL

from common.limits import room_for
from server.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class EmbeddedServer:
    """Start the demo server on a free loopback port; stop it on leaving the block."""

    def __init__(self, max_delay: float = Settings.max_delay) -> None:
        self.max_delay = max_delay
        self._process: subprocess.Popen[str] | None = None

    def launch(self) -> "EmbeddedServer":
        """Start the child now; it boots while the caller does other things."""
        if self._process is None:
            path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
            self._process = subprocess.Popen(
                [sys.executable, "-m", "server.embedded", str(self.max_delay)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONPATH": path},
                # its own session: Ctrl-C in the terminal reaches the caller, who stops it
                start_new_session=True,
            )
        return self

    def start(self) -> URL:
        """Launch it if need be, wait until it listens; its URL."""
        self.launch()
        assert self._process is not None and self._process.stdout is not None
        try:
            line = self._process.stdout.readline().strip()
            if not line.startswith("http://"):
                raise RuntimeError("the embedded demo server did not start")
        except BaseException:  # Ctrl-C while it starts included
            self.stop()
            raise
        return URL(line)

    def stop(self) -> None:
        """Stop it: a moment to close cleanly, then killed (what is in flight is dropped)."""
        if self._process is None:
            return
        with self._process as process:
            assert process.stdin is not None
            process.stdin.close()  # the child's signal to stop
            try:
                process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                process.kill()
        self._process = None

    def __enter__(self) -> URL:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def __aenter__(self) -> URL:
        """The same, from a coroutine: its boot does not block the event loop."""
        try:
            return await asyncio.to_thread(self.start)
        except asyncio.CancelledError:  # Ctrl-C while it boots
            self.stop()
            raise

    async def __aexit__(self, *exc_info: object) -> None:
        await asyncio.to_thread(self.stop)


async def serve_until_stdin_closes(settings: Settings) -> None:
    """The child's side: print the URL, serve, stop when the parent closes our stdin."""
    from aiohttp import web  # here: the parent need not import aiohttp

    from common.tuning import collect_less
    from server import hardening
    from server.app import create_app
    from server.serving import listen, run_options, url_of

    app = create_app(settings)
    hardening.harden(app)
    collect_less()  # common/tuning.py: the one process-wide tuning, measured
    runner = web.AppRunner(app, **run_options(settings))
    await runner.setup()
    sock = listen(settings)
    await web.SockSite(runner, sock, backlog=settings.backlog).start()
    print(url_of(sock), flush=True)
    try:
        await asyncio.to_thread(sys.stdin.read)  # until the parent closes it, or dies
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    # the cap fits the open-file limit (the client raised it for its run: we inherit it)
    settings = Settings(
        host="127.0.0.1",
        port=0,
        max_delay=float(sys.argv[1]),
        max_in_flight=room_for(Settings.max_in_flight),
    )
    try:
        asyncio.run(serve_until_stdin_closes(settings))
    except BrokenPipeError:  # the parent left (Ctrl-C) before it read our URL: just go
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
