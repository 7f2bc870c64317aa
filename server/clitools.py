"""The error manners every command of the project shares."""

import sys
from typing import Any

import click


class OneLineErrors(click.Command):
    """A click command whose errors are one line on stderr, never a usage dump.

    Exit status: 2 for a usage error, the exception's own (1) for a failed run,
    130 for Ctrl-C; otherwise what the command's function returns.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as exc:
            click.echo(f"{self.name}: {exc.format_message()} (see --help)", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(f"{self.name}: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            click.echo(f"{self.name}: interrupted", err=True)
            sys.exit(130)
        sys.exit(code or 0)
