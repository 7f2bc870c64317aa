"""`demos`: list the tour's scripts with their one-line ideas, and run them."""

import ast
import subprocess
import sys
from pathlib import Path

import click

from common.cli import OneLineErrorsGroup

FOLDER = Path(__file__).resolve().parent


def scripts() -> list[Path]:
    return sorted(FOLDER.glob("[0-9][0-9]_*.py"))


def idea(script: Path) -> str:
    """The first line of the script's docstring."""
    docstring = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    return docstring.splitlines()[0].replace("`", "") if docstring else ""


def find(which: str) -> list[Path]:
    """`5`, `05`, `gather`, `05_gather` or `all`."""
    if which == "all":
        return scripts()
    for script in scripts():
        number, _, name = script.stem.partition("_")
        if which.isdecimal() and int(which) == int(number) or which in (name, script.stem):
            return [script]
    raise click.BadParameter(f"no demo {which!r}; `demos list` shows them", param_hint="DEMO")


@click.group(
    "demos",
    cls=OneLineErrorsGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.pass_context
def main(ctx: click.Context) -> None:
    """The asyncio tour: numbered scripts, one idea each.

    DEMO_TIME_SCALE=0.2 makes every delay five times shorter.
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@main.command("list")
def list_demos() -> int:
    """Each demo's number, name and one-line idea."""
    for script in scripts():
        number, _, name = script.stem.partition("_")
        click.echo(f"{number}  {name}\n    {idea(script)}")
    return 0


@main.command("run")
@click.argument("which", metavar="DEMO...", nargs=-1, required=True)
def run(which: tuple[str, ...]) -> int:
    """Run demos by number or name, or all of them: demos run 5 | gather | all."""
    chosen = [script for name in which for script in find(name)]
    for script in chosen:
        if len(chosen) > 1:
            click.secho(f"\n== {script.stem}\n   {idea(script)}", bold=True)
        status = run_script(script)
        if status != 0:
            raise click.ClickException(f"{script.name} failed (exit status {status})")
    return 0


def run_script(script: Path) -> int:
    """Run one demo; Ctrl-C stops it quietly (its own session: no traceback from it)."""
    child = subprocess.Popen([sys.executable, str(script)], start_new_session=True)
    try:
        return child.wait()
    except KeyboardInterrupt:
        child.terminate()
        child.wait()
        raise
