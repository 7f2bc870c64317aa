"""`exercises watch`: check the first exercise not done; check it again on every save;
move on when it passes. watchfiles waits for the saves (the OS's file events, not a
polling loop of ours)."""

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from exercises.catalog import Exercise
from exercises.checks import judge
from exercises.progress import Folder
from exercises.verdict import Verdict

Shown = Callable[[Exercise, Verdict, Folder, str], None]


def watch(folder: Folder, show: Shown, stop: threading.Event | None = None) -> bool:
    """Until every exercise passes (True), or `stop` is set (False); Ctrl-C raises
    KeyboardInterrupt, during a check or between two."""
    news = ""
    while (exercise := folder.next_unsolved()) is not None:
        before = snapshot(folder)
        verdict = judge(exercise, folder.file(exercise), exercise.path)
        folder.mark(exercise, verdict.passed)
        if verdict.passed:
            news = f"{exercise.number:02} {exercise.name} passed"
            continue
        show(exercise, verdict, folder, news)
        news = ""
        if not saved(folder, before, stop):
            return False
    return True


def snapshot(folder: Folder) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in folder.root.rglob("*.py")}


def saved(folder: Folder, before: dict[Path, int], stop: threading.Event | None) -> bool:
    """Wait for a Python file in the folder to be saved (since `before`: a save made
    while the check ran counts); False if stopped first."""
    if snapshot(folder) != before:
        return True
    changes = watchfiles.watch(
        folder.root,
        watch_filter=watchfiles.PythonFilter(),
        stop_event=stop,
    )  # Ctrl-C raises KeyboardInterrupt here as anywhere: the command says goodbye
    return next(changes, None) is not None and not (stop and stop.is_set())
