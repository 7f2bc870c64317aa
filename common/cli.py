"""The error manners every command of the project shares."""

import os
import socket
import sys
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
            click.echo(f"{name}: {exc.format_message()} (see --help)", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(f"{self.name}: {exc.format_message()}", err=True)  # type: ignore[attr-defined]
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            click.echo(f"{self.name}: interrupted", err=True)  # type: ignore[attr-defined]
            sys.exit(130)
        sys.exit(code or 0)


class OneLineErrors(OneLineErrorsMixin, click.Command):
    pass


class OneLineErrorsGroup(OneLineErrorsMixin, click.Group):
    pass
