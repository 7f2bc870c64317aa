"""The `exercises` command through click's CliRunner: the learner's folder, progress,
hints, resets, solutions, and wrong arguments in one line."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from exercises.catalog import exercises, find
from exercises.cli import main
from exercises.progress import STATE, Folder
from exercises.screen import HEIGHT, WIDTH

FIRST = exercises()[0]


def fits_a_screen(output: str) -> bool:
    lines = output.splitlines()
    return len(lines) < HEIGHT and all(len(line) <= WIDTH for line in lines)


def test_start_copies_every_exercise_into_a_new_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--no-color", "start", "mine"])
    assert result.exit_code == 0, result.output
    for exercise in exercises():
        copy = tmp_path / "mine" / exercise.path
        assert copy.read_bytes() == exercise.start.read_bytes()
    assert json.loads((tmp_path / "mine" / STATE).read_text()) == {"passed": []}
    assert not list((tmp_path / "mine").rglob("ruff.toml"))
    assert fits_a_screen(result.output)


def test_start_refuses_a_folder_that_exists(learner: Folder) -> None:
    result = CliRunner().invoke(main, ["start", str(learner.root)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "already exists" in result.output


def test_start_where_no_folder_can_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    result = CliRunner().invoke(main, ["start", str(tmp_path / "a-file" / "mine")])
    assert result.exit_code == 1
    assert result.output == f"exercises: cannot make {tmp_path}/a-file/mine: not a directory\n"


def test_list_shows_progress_at_a_glance(exercises_cli: Callable[..., Result]) -> None:
    result = exercises_cli("list")
    assert result.exit_code == 0
    assert result.output.startswith(f"0 of {len(exercises())} done")
    assert f"next 01 basics      {FIRST.name}" in result.output
    assert fits_a_screen(result.output)


def test_hint(exercises_cli: Callable[..., Result]) -> None:
    result = exercises_cli("hint", "gather")
    assert result.exit_code == 0
    gather = find("gather")
    assert gather is not None
    assert result.output.startswith(f"{gather.number:02} gather: a hint\n")
    assert "asyncio.gather" in result.output


def test_a_wrong_exercise_is_one_line_and_exit_status_2(
    exercises_cli: Callable[..., Result],
) -> None:
    for command in ("hint", "check", "reset", "solution"):
        result = exercises_cli(command, "99")
        assert result.exit_code == 2
        assert result.output == (
            f"exercises {command}: no exercise 99: they are 1 to {len(exercises())}"
            " (exercises list) (see --help)\n"
        )


def test_an_unknown_folder_is_one_line(tmp_path: Path) -> None:
    missing = CliRunner().invoke(main, ["--dir", str(tmp_path / "nowhere"), "list"])
    assert missing.exit_code == 2 and missing.output.count("\n") == 1
    assert "does not exist" in missing.output
    empty = CliRunner().invoke(main, ["--dir", str(tmp_path), "list"])
    assert empty.exit_code == 1
    assert empty.output == (
        f"exercises: no exercises in {tmp_path}: `exercises start` makes a folder of them\n"
    )


def test_the_solution_is_locked_until_the_learners_own_passes(
    exercises_cli: Callable[..., Result],
) -> None:
    result = exercises_cli("solution", "1")
    assert result.exit_code == 1
    assert "not done yet" in result.output
    assert "asyncio.run(main())" not in result.output


def test_a_passing_check_unlocks_the_solution_and_is_kept(
    learner: Folder, exercises_cli: Callable[..., Result]
) -> None:
    failed = exercises_cli("check", "1")
    assert failed.exit_code == 1
    assert "not yet: 01 run_it" in failed.output

    shutil.copyfile(FIRST.solution, learner.file(FIRST))
    passed = exercises_cli("check", "1")
    assert passed.exit_code == 0, passed.output
    assert passed.output.startswith("passed: 01 run_it")

    # another session: a new process would read the same file
    assert Folder.find(learner.root).passed == {FIRST.name}
    listed = exercises_cli("list")
    assert listed.output.startswith(f"1 of {len(exercises())} done")
    assert f"done 01 basics      {FIRST.name}" in listed.output
    assert f"next 02 basics      {exercises()[1].name}" in listed.output

    shown = exercises_cli("solution", "run_it")
    assert shown.exit_code == 0
    assert FIRST.solution.read_text().rstrip() in shown.output


def test_reset_restores_the_shipped_file_and_counts_it_undone(
    learner: Folder, exercises_cli: Callable[..., Result]
) -> None:
    exercise = find("gather")
    assert exercise is not None
    learner.file(exercise).write_text("my attempt\n")
    learner.mark(exercise, passed=True)
    result = exercises_cli("reset", str(exercise.number))
    assert result.exit_code == 0
    assert learner.file(exercise).read_bytes() == exercise.start.read_bytes()
    assert Folder.find(learner.root).passed == set()


def test_help_is_the_docstring() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "asyncio exercises, checked by what your program does." in result.output
    for command in ("start", "watch", "check", "list", "hint", "reset", "solution"):
        assert f"  {command} " in result.output
