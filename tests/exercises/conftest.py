"""Fixtures for the exercises' tests: a learner's folder made by `exercises start`, and
the command, run in-process through click's CliRunner."""

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from exercises.cli import main
from exercises.progress import Folder


@pytest.fixture
def learner(tmp_path: Path) -> Folder:
    """A fresh folder of exercises, as `exercises start` makes it."""
    return Folder.create(tmp_path / "learn")


@pytest.fixture
def exercises_cli(learner: Folder) -> Callable[..., Result]:
    """`exercises_cli("list")`: the command, on the learner's folder, without color."""

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, ["--no-color", "--dir", str(learner.root), *args])

    return invoke
