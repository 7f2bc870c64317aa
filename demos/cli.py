"""`demos`: list the tour's scripts with their one-line ideas, and run them."""

import ast
import contextlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import click

from common.cli import OneLineErrorsGroup

FOLDER = Path(__file__).resolve().parent
WIDTH = 79  # `demos list` fits an 80-column terminal


def scripts() -> list[Path]:
    return sorted(FOLDER.glob("[0-9][0-9]_*.py"))


def idea(script: Path) -> str:
    """The first line of the script's docstring."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree) or ""
    return docstring.splitlines()[0].replace("`", "") if docstring else ""


def cut(line: str) -> str:
    """`line`, cut to fit the terminal's 80 columns."""
    return line if len(line) <= WIDTH else line[: WIDTH - 3] + "..."


def find(which: str) -> list[Path]:
    """`5`, `05`, `gather`, `05_gather` or `all`."""
    if which == "all":
        return scripts()
    for script in scripts():
        number, _, name = script.stem.partition("_")
        if which in (name, script.stem):
            return [script]
        if which.isdecimal() and int(which) == int(number):
            return [script]
    raise click.BadParameter(
        f"no demo {which!r}; `demos list` shows them", param_hint="DEMO"
    )


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
    """Each demo's number, name and one-line idea, one line each."""
    names = [script.stem.partition("_") for script in scripts()]
    width = max((len(name) for _, _, name in names), default=0)
    for script, (number, _, name) in zip(scripts(), names, strict=True):
        click.echo(cut(f"{number}  {name:<{width}}  {idea(script)}"))
    return 0


@main.command("run")
@click.argument("which", metavar="DEMO...", nargs=-1, required=True)
def run(which: tuple[str, ...]) -> int:
    """Run demos by number or name, or all: demos run 5 | gather | all."""
    chosen = [script for name in which for script in find(name)]
    for script in chosen:
        if len(chosen) > 1:
            click.secho(f"\n== {script.stem}\n   {idea(script)}", bold=True)
        status = run_script(script)
        if status != 0:
            raise click.ClickException(
                f"{script.name} failed (exit status {status})"
            )
    return 0


def run_script(script: Path) -> int:
    """Run one demo as its own Python script.

    It runs in a session of its own, so Ctrl-C in the terminal reaches only
    this command. That then interrupts the demo and all it started (a process
    pool's workers too) with SIGINT, so that its `with` blocks clean up (a
    256 MiB temporary file, a server), and shows one line instead of the
    tracebacks: the demo's stderr is relayed until then, and dropped after.
    """
    child = subprocess.Popen(
        [sys.executable, str(script)],
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    interrupted = threading.Event()
    relay = threading.Thread(
        target=relay_stderr, args=(child, interrupted), daemon=True
    )
    relay.start()
    try:
        return child.wait()
    except KeyboardInterrupt:
        interrupted.set()
        stop(child)
        raise
    finally:
        # the rest of its stderr; not for ever: a server it started may
        # hold the pipe a moment longer
        relay.join(timeout=5)


def relay_stderr(
    child: subprocess.Popen[bytes], dropped: threading.Event
) -> None:
    assert child.stderr is not None
    for line in child.stderr:
        if not dropped.is_set():
            sys.stderr.buffer.write(line)
            sys.stderr.flush()


def stop(child: subprocess.Popen[bytes]) -> None:
    """Interrupt the demo's process group; kill it if it will not stop."""
    if not hasattr(os, "killpg"):  # Windows: no process groups to signal
        child.terminate()
        child.wait()
        return
    for sig, patience in ((signal.SIGINT, 5.0), (signal.SIGKILL, None)):
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(child.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=patience)
            return
