"""A command in a child process whose output and exit a test can wait for, with a bound,
instead of sleeping: what the `spawn` fixture (tests/conftest.py) hands out."""

import codecs
import io
import os
import select
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import pytest


class Output:
    """A child's stdout or stderr, read by a thread as it arrives, so a test can wait for
    what it expects with a bound instead of sleeping."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.text = ""  # all of it so far
        self._taken = 0  # how much of it readline and read_until have handed out
        self._closed = False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._reader.start()

    def _pump(self, stream: IO[bytes]) -> None:
        # as `text=True` would decode it, but as soon as it comes, not a line at a time
        decode = io.IncrementalNewlineDecoder(
            codecs.getincrementaldecoder("utf-8")("replace"), translate=True
        ).decode
        with stream:  # closed here, at EOF, not under this thread by another
            while chunk := os.read(stream.fileno(), 65536):
                with self._changed:
                    self.text += decode(chunk)
                    self._changed.notify_all()
        with self._changed:
            self.text += decode(b"", final=True)
            self._closed = True
            self._changed.notify_all()

    def read_until(self, end: str, timeout: float, name: str) -> str:
        """What comes next, up to and including `end`; fails after `timeout` s or at EOF."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.text.find(end, self._taken) >= 0 or self._closed, timeout
            )
            cut = self.text.find(end, self._taken)
            if cut < 0:
                why = "closed" if self._closed else f"said no {end!r} within {timeout} s"
                pytest.fail(f"{name} {why}; it said: {self.text!r}")
            taken, self._taken = self._taken, cut + len(end)
            return self.text[taken : self._taken]

    def join(self, timeout: float) -> None:
        self._reader.join(timeout)


class Child:
    """A command in a child process: what it prints can be awaited, its exit too."""

    def __init__(
        self, args: list[str], env: dict[str, str], cwd: Path, *, stdin: bool = False
    ) -> None:
        # a process group of its own, as a terminal gives a command: Ctrl-C is sent to it all
        self.process = subprocess.Popen(
            args,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
        self.exit = Exit(self.process.pid)
        assert self.process.stdout is not None and self.process.stderr is not None
        self._output = {
            "stdout": Output(self.process.stdout),
            "stderr": Output(self.process.stderr),
        }

    def ctrl_c(self) -> None:
        """What Ctrl-C in a terminal does: SIGINT to every process in the foreground group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def type(self, text: str) -> None:
        """Text on its stdin, as if typed (spawn it with stdin=True)."""
        assert self.process.stdin is not None
        self.process.stdin.write(text.encode())
        self.process.stdin.flush()

    def readline(self, name: str, timeout: float = 15.0) -> str:
        """The next line of `name` ("stdout" or "stderr"); fails after `timeout` s or at EOF."""
        return self.read_until(name, "\n", timeout)

    def read_until(self, name: str, end: str, timeout: float = 15.0) -> str:
        """What `name` says next, up to `end` (a prompt need not end its line)."""
        return self._output[name].read_until(end, timeout, name)

    def wait(self, timeout: float = 15.0) -> int:
        """Wait for the exit; then every line printed is in `seen`."""
        if not self.exit.wait(timeout):
            raise subprocess.TimeoutExpired(self.process.args, timeout)
        code = self.process.wait()
        for output in self._output.values():
            # a grandchild may still hold the pipe (the client's server shares its stderr)
            output.join(timeout)
        return code

    def seen(self, name: str) -> str:
        return self._output[name].text

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.wait()
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.exit.close()  # stdout and stderr close as their readers reach the end


class Exit:
    """A process's exit as an event: its pidfd turns readable when it ends (a zombie
    nobody reaped yet counts: it runs nothing). The pid need not be our child's."""

    def __init__(self, pid: int) -> None:
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:  # gone already
            self._fd = None

    def wait(self, timeout: float) -> bool:
        """True once the process has ended; False if it still runs after `timeout` s."""
        return self._fd is None or bool(select.select([self._fd], [], [], timeout)[0])

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


# runs a command under an open-file limit (soft, hard), as `ulimit -n` would; the exec keeps
# the process, so its pid, signals and output are the command's own
WITH_LIMIT = (
    "import os, resource, sys; "
    "resource.setrlimit(resource.RLIMIT_NOFILE, (int(sys.argv[1]), int(sys.argv[2]))); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)


def with_open_files(command: list[str], soft: int, hard: int | None = None) -> list[str]:
    """`command`, run under an open-file limit of `soft` (and `hard`, by default the same)."""
    return [sys.executable, "-c", WITH_LIMIT, str(soft), str(hard or soft), *command]
