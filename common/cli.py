"""The error manners every command of the project shares."""

import os
import shutil
import socket
import sys
import textwrap
from typing import Any

import click


def os_reason(error: OSError) -> str:
    """`connection refused`, `address already in use`, `Name or service not known`."""
    import ssl  # here: the commands' --help need not pay for it

    if isinstance(error, ssl.SSLError):
        return f"TLS error: {error.reason or error}"
    if isinstance(error, socket.gaierror) or not error.errno or error.errno < 0:
        return error.strerror or str(error)
    return os.strerror(error.errno).lower()


class OneLineErrorsMixin:
    """For a click command: errors are one line on stderr, never a usage dump.

    Exit status: 2 for a usage error, the exception's own (1) for a failed run,
    130 for Ctrl-C; otherwise what the command's function returns.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)  # type: ignore[misc]
        except click.UsageError as exc:
            name = exc.ctx.command_path if exc.ctx else self.name  # type: ignore[attr-defined]
            say(f"{name}: {in_words(exc)} (see --help)")
            sys.exit(2)
        except click.ClickException as exc:
            say(f"{self.name}: {exc.format_message()}")  # type: ignore[attr-defined]
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            say(f"{self.name}: interrupted")  # type: ignore[attr-defined]
            sys.exit(130)
        sys.exit(code or 0)


def say(message: str) -> None:
    """An error on stderr. On a terminal, wrapped between words to its width (a terminal
    wraps mid-word: `cannot connect: c` / `onnection refused`), a URL never cut; to a file
    or a pipe, one line, for grep."""
    if sys.stderr.isatty():
        width = shutil.get_terminal_size().columns
        message = textwrap.fill(
            message, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
        )
    click.echo(message, err=True)


class OneLineErrors(OneLineErrorsMixin, click.Command):
    pass


class OneLineErrorsGroup(OneLineErrorsMixin, click.Group):
    pass


def in_words(error: click.UsageError) -> str:
    """A usage error as a person would say it: `-n must be 1 or more`."""
    if not isinstance(error, click.BadParameter) or error.param is None:
        return error.format_message()
    option = min(error.param.opts, key=len) if error.param.opts else error.param.name
    kind = error.param.type
    if isinstance(kind, click.IntRange | click.FloatRange):
        if "not in the range" in error.message:
            return f"{option} must be {bounds(kind)}"
        number = "a whole number" if isinstance(kind, click.IntRange) else "a number"
        return f"{option} must be {number}, {bounds(kind)}"
    return f"{option}: {error.message}"


def bounds(kind: click.IntRange | click.FloatRange) -> str:
    if kind.min is not None and kind.max is not None:
        return f"between {kind.min:g} and {kind.max:g}"
    if kind.min is not None:
        return f"more than {kind.min:g}" if kind.min_open else f"{kind.min:g} or more"
    assert kind.max is not None
    return f"less than {kind.max:g}" if kind.max_open else f"{kind.max:g} or less"
