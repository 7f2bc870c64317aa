"""The learner's folder: their copies of the exercises, and which ones pass.

Progress is one small JSON file in the folder, so it survives between sessions and goes
where the folder goes.
"""

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from exercises.catalog import START, Exercise, exercises

STATE = ".exercises.json"


class NoFolder(Exception):
    """No learner's folder where one was looked for."""


@dataclass
class Folder:
    root: Path
    passed: set[str] = field(default_factory=set)  # names of the exercises that pass

    @classmethod
    def create(cls, root: Path) -> "Folder":
        """Copy every starting file into `root`, a new folder: the learner's to edit."""
        shutil.copytree(START, root, ignore=shutil.ignore_patterns("__pycache__", "ruff.toml"))
        folder = cls(root)
        folder.save()
        return folder

    @classmethod
    def find(cls, start: Path) -> "Folder":
        """The folder `start` is in (it, or one of its parents)."""
        for place in (start, *start.parents):
            state = place / STATE
            if state.is_file():
                try:
                    passed = json.loads(state.read_text(encoding="utf-8")).get("passed", [])
                except (ValueError, AttributeError):
                    passed = []  # a damaged file: start counting again rather than fail
                return cls(place, set(passed))
        raise NoFolder(start)

    def save(self) -> None:
        known = [exercise.name for exercise in exercises() if exercise.name in self.passed]
        text = json.dumps({"passed": known}, indent=1) + "\n"
        (self.root / STATE).write_text(text, encoding="utf-8")

    def file(self, exercise: Exercise) -> Path:
        return self.root / exercise.path

    def mark(self, exercise: Exercise, passed: bool) -> None:
        if (exercise.name in self.passed) != passed:
            self.passed ^= {exercise.name}
            self.save()

    def reset(self, exercise: Exercise) -> None:
        """The exercise's file as it was shipped; it counts as not done again."""
        self.file(exercise).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(exercise.start, self.file(exercise))
        self.mark(exercise, passed=False)

    def next_unsolved(self) -> Exercise | None:
        return next((e for e in exercises() if e.name not in self.passed), None)
