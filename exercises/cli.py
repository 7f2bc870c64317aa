"""`exercises`: small asyncio programs to fix or finish, each checked by what it does when
it runs against the demo server, in the manner of rustlings."""

from pathlib import Path

import click

from common.cli import OneLineErrorsGroup, os_reason
from exercises.catalog import Exercise, exercises, find
from exercises.checks import judge
from exercises.progress import Folder, NoFolder
from exercises.screen import Screen
from exercises.watch import watch as watch_folder

FOLDER = "asyncio-exercises"  # what `exercises start` makes, by default


class ExerciseType(click.ParamType):
    name = "N"

    def convert(self, value: object, param: click.Parameter | None, ctx: object) -> Exercise:
        if isinstance(value, Exercise):
            return value
        if (exercise := find(str(value))) is None:
            # a UsageError, not self.fail: its words alone, without the argument's name
            raise click.UsageError(
                f"no exercise {value}: they are 1 to {len(exercises())} (exercises list)"
            )
        return exercise


EXERCISE = click.argument("exercise", metavar="N", type=ExerciseType())


@click.group("exercises", cls=OneLineErrorsGroup, invoke_without_command=True)
@click.option(
    "--dir",
    "where",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The exercises' folder (default: the one you are in).",
)
@click.option("--no-color", is_flag=True, envvar="NO_COLOR", help="Plain text.")
@click.pass_context
def main(ctx: click.Context, where: Path | None, no_color: bool) -> None:
    """asyncio exercises, checked by what your program does.

    `exercises start` copies them into a folder of yours; in it, `exercises` checks the
    first one not done, again on every save, and moves on when it passes.
    """
    ctx.obj = {"where": where, "screen": Screen(color=False if no_color else None)}
    if ctx.invoked_subcommand is None:
        ctx.invoke(watch)


def folder_of(ctx: click.Context) -> Folder:
    where = ctx.obj["where"] or Path.cwd()
    try:
        return Folder.find(where.resolve())
    except NoFolder:
        raise click.ClickException(
            f"no exercises in {where}: `exercises start` makes a folder of them"
        ) from None


@main.command()
@click.argument("folder", metavar="[DIR]", default=FOLDER, type=click.Path(path_type=Path))
@click.pass_context
def start(ctx: click.Context, folder: Path) -> None:
    """Copy the exercises into DIR, yours to edit.

    DIR is asyncio-exercises unless named; it must not exist yet.
    """
    if folder.exists():
        raise click.ClickException(
            f"{folder} already exists: `cd {folder} && exercises` goes on where you were"
            if (folder / ".exercises.json").exists()
            else f"{folder} already exists: name a new folder"
        )
    try:
        Folder.create(folder)
    except OSError as error:
        raise click.ClickException(f"cannot make {folder}: {os_reason(error)}") from None
    screen: Screen = ctx.obj["screen"]
    screen.echo(f"copied {len(exercises())} exercises into {folder}/, one folder per part.")
    screen.echo(f"next: cd {folder} && exercises    (it checks each one as you save it)")


@main.command()
@click.pass_context
def watch(ctx: click.Context) -> None:
    """Check the first one not done, and on every save.

    It moves on when it passes; Ctrl-C stops (your progress is kept). What `exercises`
    alone does.
    """
    folder = folder_of(ctx)
    screen: Screen = ctx.obj["screen"]
    try:
        finished = watch_folder(folder, screen.watching)
    except KeyboardInterrupt:  # a check's program, if one ran, is stopped already
        finished = False
    if finished:
        screen.echo(f"all {len(exercises())} exercises pass: well played.")
    else:
        screen.echo("stopped watching; your progress is kept.")


@main.command()
@EXERCISE
@click.pass_context
def check(ctx: click.Context, exercise: Exercise) -> int:
    """Check exercise N once (its number or its name). Exit status 0 if it passes."""
    folder = folder_of(ctx)
    verdict = judge(exercise, folder.file(exercise), exercise.path)
    folder.mark(exercise, verdict.passed)
    ctx.obj["screen"].checked(exercise, verdict, folder)
    return 0 if verdict.passed else 1


@main.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """Every exercise, and which ones pass."""
    ctx.obj["screen"].progress(folder_of(ctx))


@main.command()
@EXERCISE
@click.pass_context
def hint(ctx: click.Context, exercise: Exercise) -> None:
    """A hint for exercise N."""
    screen: Screen = ctx.obj["screen"]
    screen.echo(f"{exercise.number:02} {exercise.name}: a hint")
    for line in exercise.hint.splitlines():
        screen.echo(f"  {line}")


@main.command()
@EXERCISE
@click.pass_context
def reset(ctx: click.Context, exercise: Exercise) -> None:
    """Put exercise N's file back as shipped.

    Your changes to it are lost, and it counts as not done.
    """
    folder = folder_of(ctx)
    folder.reset(exercise)
    ctx.obj["screen"].echo(f"{exercise.path} is as it was shipped again: not done")


@main.command()
@EXERCISE
@click.pass_context
def solution(ctx: click.Context, exercise: Exercise) -> None:
    """Show a solution of exercise N, once yours passes."""
    folder = folder_of(ctx)
    if exercise.name not in folder.passed:
        raise click.ClickException(
            f"exercise {exercise.number} is not done yet: its solution shows once"
            f" `exercises check {exercise.number}` passes"
        )
    screen: Screen = ctx.obj["screen"]
    screen.echo(f"# a solution of {exercise.path} (exercises/solutions/{exercise.solution.name})")
    screen.echo(exercise.solution.read_text(encoding="utf-8").rstrip())
