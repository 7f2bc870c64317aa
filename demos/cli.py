"""`demos`: the tour's scripts at a glance, their ideas, and running them."""

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
COLUMNS = 3  # demos side by side in `demos list`

# The tour's parts, each named by its first demo, so that renumbering the
# demos leaves this alone. A part's name works wherever a demo's does.
PARTS = {
    "basics": "coroutine",
    "inside": "toy_loop",  # what await does: an event loop from scratch
    "concurrency": "gather",
    "files": "aiofiles",
    "limits": "semaphore",  # bounds, timeouts, cancellation
    "mistakes": "no_await",  # the classic ones, live, with their fixes
    "patterns": "worker_pool",
}


def scripts() -> list[Path]:
    return sorted(FOLDER.glob("[0-9][0-9]_*.py"))


def name_of(script: Path) -> str:
    """`gather` for 07_gather.py."""
    return script.stem.partition("_")[2]


def parts() -> dict[str, list[Path]]:
    """The scripts, part by part, in the tour's order."""
    starts = {first: part for part, first in PARTS.items()}
    grouped: dict[str, list[Path]] = {}
    part = next(iter(PARTS))
    for script in scripts():
        part = starts.get(name_of(script), part)
        grouped.setdefault(part, []).append(script)
    return grouped


def idea(script: Path) -> str:
    """The first line of the script's docstring."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree) or ""
    return docstring.splitlines()[0].replace("`", "") if docstring else ""


def cut(line: str) -> str:
    """`line`, cut to fit the terminal's 80 columns."""
    return line if len(line) <= WIDTH else line[: WIDTH - 3] + "..."


def find(which: str) -> list[Path]:
    """`5`, `05`, `gather`, `07_gather`, a part (`mistakes`) or `all`."""
    if which == "all":
        return scripts()
    if which in PARTS:
        return parts().get(which, [])
    for script in scripts():
        number, _, name = script.stem.partition("_")
        if which in (name, script.stem):
            return [script]
        if which.isdecimal() and int(which) == int(number):
            return [script]
    raise click.BadParameter(
        f"no demo or part {which!r}; `demos list` shows them",
        param_hint="DEMO",
    )


def choose(which: tuple[str, ...]) -> list[Path]:
    """The demos named, in the order named, each once."""
    chosen = (script for name in which for script in find(name))
    return list(dict.fromkeys(chosen))


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
@click.argument("which", metavar="[PART|DEMO|all]...", nargs=-1)
def list_demos(which: tuple[str, ...]) -> int:
    """The tour at a glance: its parts, each demo's number and name.

    With a part, demos or `all`: their one-line ideas, one line a demo.
    """
    if not which:
        for line in tour_map():
            click.echo(line)
        return 0
    chosen = choose(which)
    width = max(len(name_of(script)) for script in chosen)
    for script in chosen:
        name = f"{name_of(script):<{width}}"
        click.echo(cut(f"{script.stem[:2]}  {name}  {idea(script)}"))
    return 0


def tour_map() -> list[str]:
    """A line to say how to use it, then each part's name beside its demos,
    in rows of COLUMNS: a tour of 30 demos still fits an 80 x 24 screen."""
    width = max(len(name_of(script)) for script in scripts())
    heading = max(len(part) for part in PARTS) + 2
    lines = [
        "demos run N|NAME|PART|all; their ideas: demos list PART|NAME|all",
    ]
    for part, members in parts().items():
        cells = [f"{s.stem[:2]} {name_of(s):<{width}}" for s in members]
        for row in range(0, len(cells), COLUMNS):
            label = part if row == 0 else ""
            demos = "  ".join(cells[row : row + COLUMNS])
            lines.append(cut(f"{label:<{heading}}{demos}".rstrip()))
    return lines


@main.command("run")
@click.argument("which", metavar="DEMO...", nargs=-1)
def run(which: tuple[str, ...]) -> int:
    """Run demos by number, name or part, or all of them.

    For example: demos run 7 | gather | mistakes | all.
    """
    if not which:
        raise click.UsageError(
            "name a demo: demos run 7, demos run gather, a part, or all"
        )
    chosen = choose(which)
    for script in chosen:
        if len(chosen) > 1:
            click.secho(f"\n== {script.stem}\n   {idea(script)}", bold=True)
        status = run_script(script)
        if status != 0:
            raise click.ClickException(
                f"{script.name} failed (exit status {status})"
            )
    return 0


@main.command("present")
@click.argument("start", metavar="[DEMO|PART]", required=False)
@click.option(
    "--no-color",
    is_flag=True,
    help="Plain text, for projectors that wash colors out.",
)
@click.option(
    "--notes",
    is_flag=True,
    help="Speaker notes that follow the talk in another terminal.",
)
def present(start: str | None, no_color: bool, notes: bool) -> int:
    """Give the talk full-screen: a title slide per part, each demo's code,
    run in place. DEMO|PART starts there (07, gather, mistakes).

    \b
    Keys (also on screen, with ?):
      ->  space  PgDn   next slide       <-  PgUp   back
      Enter  r          run the slide's demo, its output on the slide
      Ctrl-C            stop the run; stay on the slide
      7 G               go to demo 7     Home  End  first, last slide
      q                 quit
    """
    from demos import slides as talk  # here: `demos list` need not pay for it

    deck = talk.deck()
    try:
        first = talk.start_of(deck, start) if start else 0
    except LookupError as error:
        raise click.BadParameter(str(error), param_hint="DEMO|PART") from None
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise click.UsageError(
            "demos present needs a terminal (it is full-screen)"
        )
    color = not no_color and "NO_COLOR" not in os.environ
    if notes:
        from demos.notes import follow

        follow(deck, color)
    else:
        from demos.present import present as give

        give(deck, first, color)
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
