"""Everything the `exercises` command prints, in one place: 80 columns, one screen, color
unless --no-color or NO_COLOR."""

import textwrap
from dataclasses import dataclass

import click

from exercises.catalog import Exercise, exercises
from exercises.progress import Folder
from exercises.verdict import Verdict

WIDTH = 79
HEIGHT = 24


def paragraphs(lines: list[str]) -> list[str]:
    """A verdict's lines, each sentence whole (its checks break them where they like): a
    line that begins with a capital begins a sentence; an indented one (a traceback's)
    stands alone."""
    joined: list[str] = []
    for line in lines:
        going_on = not line[:1].isupper() and not line.startswith(" ")
        if joined and going_on and not joined[-1].startswith(" "):
            joined[-1] += " " + line
        else:
            joined.append(line)
    return joined


@dataclass
class Screen:
    color: bool | None = None  # None: when the terminal takes it

    def echo(self, text: str = "", *, err: bool = False) -> None:
        click.echo(text, color=self.color, err=err)

    def style(self, text: str, **how: object) -> str:
        return click.style(text, **how)  # type: ignore[arg-type]

    def clear(self) -> None:
        click.clear()  # only on a terminal; --no-color or not

    def verdict(self, exercise: Exercise, verdict: Verdict) -> list[str]:
        if verdict.passed:
            head = self.style(f"passed: {exercise.number:02} {exercise.name}", fg="green")
        else:
            head = self.style(f"not yet: {exercise.number:02} {exercise.name}", fg="red")
        lines = [f"{head} (checked in {verdict.seconds:.1f} s)"]
        for paragraph in paragraphs(verdict.lines):
            indent = " " * (len(paragraph) - len(paragraph.lstrip()) + 2)
            lines += textwrap.wrap(
                paragraph.strip(), WIDTH, initial_indent=indent, subsequent_indent=indent
            ) or [""]
        return lines

    def checked(self, exercise: Exercise, verdict: Verdict, folder: Folder) -> None:
        """After `exercises check N`."""
        for line in self.verdict(exercise, verdict):
            self.echo(line)
        if verdict.passed:
            self.echo(f"its solution: exercises solution {exercise.number}")
        else:
            self.echo(f"edit {exercise.path}; a hint: exercises hint {exercise.number}")

    def watching(self, exercise: Exercise, verdict: Verdict, folder: Folder, news: str) -> None:
        """One screen: the exercise, what its check found, what to do next."""
        done = len(folder.passed & {e.name for e in exercises()})
        so_far = f"{done} of {len(exercises())} done" + (f"; {news}" if news else "")
        top = [
            f"{exercise.path}   ({so_far})",
            self.style(f"{exercise.number:02} {exercise.idea()}", bold=True),
        ]
        body = exercise.statement().splitlines()[1:]
        while body and not body[0].strip():
            body.pop(0)
        shown = self.verdict(exercise, verdict)
        bottom = [
            f"edit {exercise.path} and save: it is checked again.",
            f"exercises hint {exercise.number}: a hint.  Ctrl-C: stop (progress is kept).",
        ]
        room = HEIGHT - 1 - len(top) - len(shown) - len(bottom) - 3
        if len(body) > room:
            body = ["(what to do, and why: at the top of the file)"]
        self.clear()
        for line in [*top, "", *body, "", *shown, "", *bottom]:
            self.echo(line)

    def progress(self, folder: Folder) -> None:
        """`exercises list`: every exercise, and which are done, on one screen."""
        every = exercises()
        upcoming = folder.next_unsolved()
        done = len(folder.passed & {e.name for e in every})
        self.echo(f"{done} of {len(every)} done, in {folder.root.name}/")
        for exercise in every:
            if exercise.name in folder.passed:
                status = self.style("done", fg="green")
            elif exercise == upcoming:
                status = self.style("next", fg="yellow", bold=True)
            else:
                status = "    "
            idea = exercise.idea()
            room = WIDTH - 35
            idea = idea if len(idea) <= room else idea[: room - 3] + "..."
            self.echo(
                f"{status} {exercise.number:02} {exercise.part:<11} {exercise.name:<15}{idea}"
            )
        if upcoming is None:
            self.echo("all done: well played")
        else:
            self.echo(f"next: `exercises` watches it; `exercises check {upcoming.number}` once")
