"""The exercises, as info.toml lists them, and where each one's files are."""

import ast
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
START = PACKAGE / "start"  # what `exercises start` copies: <part>/NN_name.py
SOLUTIONS = PACKAGE / "solutions"  # NN_name.py, one per exercise
PARTS = ("basics", "inside", "concurrency", "files", "limits", "mistakes", "patterns")


@dataclass(frozen=True)
class Exercise:
    number: int
    name: str
    part: str
    limit: float  # seconds a check lets the program run
    hint: str

    @property
    def filename(self) -> str:
        return f"{self.number:02}_{self.name}.py"

    @property
    def path(self) -> str:
        """Where it lives, in the package's start/ and in the learner's folder."""
        return f"{self.part}/{self.filename}"

    @property
    def start(self) -> Path:
        return START / self.path

    @property
    def solution(self) -> Path:
        return SOLUTIONS / self.filename

    def statement(self) -> str:
        """What to do and why: the starting file's docstring."""
        tree = ast.parse(self.start.read_text(encoding="utf-8"))
        return ast.get_docstring(tree) or ""

    def idea(self) -> str:
        return self.statement().splitlines()[0]


@cache
def exercises() -> tuple[Exercise, ...]:
    table = tomllib.loads((PACKAGE / "info.toml").read_text(encoding="utf-8"))
    return tuple(
        Exercise(
            number=number,
            name=entry["name"],
            part=entry["part"],
            limit=float(entry["limit"]),
            hint=entry["hint"].strip(),
        )
        for number, entry in enumerate(table["exercise"], start=1)
    )


def find(wanted: str) -> Exercise | None:
    """By number (`4`, `04`) or name (`gather`)."""
    for exercise in exercises():
        if wanted in (str(exercise.number), f"{exercise.number:02}", exercise.name):
            return exercise
    return None
