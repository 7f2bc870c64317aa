"""Every exercise as shipped fails its check; its reference solution passes; and a wrong
way to the right answer fails too. The checks run the programs for real."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from exercises.catalog import Exercise, exercises
from exercises.checks import CHECKS, judge
from exercises.progress import Folder
from exercises.screen import HEIGHT, WIDTH, Screen
from exercises.verdict import Verdict

# the solution with one change that keeps its output and breaks what the exercise teaches
WRONG_WAYS = {
    "sleep": ("await asyncio.sleep(0.5)", "pass"),  # done at once: no naps at all
    "future": (  # completed from the library's thread, behind the loop's back
        "loop.call_soon_threadsafe(done.set_result, result)",
        "done.set_result(result)",
    ),
    "gather": (  # the gather turned into a loop of awaits
        "await asyncio.gather(*(fetch(session, url) for url in urls))",
        "[await fetch(session, url) for url in urls]",
    ),
    "taskgroup": (  # gather told to wait for all: the batch's failure stops nothing
        "                async with asyncio.TaskGroup() as group:\n"
        "                    for url in urls:\n"
        "                        group.create_task(fetch(session, url))\n"
        "            except* aiohttp.ClientResponseError as failed:\n"
        "                status = failed.exceptions[0].status\n",
        "                coros = (fetch(session, url) for url in urls)\n"
        "                await asyncio.gather(*coros, return_exceptions=True)\n"
        "                raise aiohttp.ClientError()\n"
        "            except aiohttp.ClientError:\n"
        "                status = 500\n",
    ),
    "blocking": (  # aiohttp, one request after another
        "await asyncio.gather(*(fetch(session, url) for url in urls))",
        "[await fetch(session, url) for url in urls]",
    ),
    "tcp_echo": ("    async for line in reader:", "    if line := await reader.readline():"),
    "save": (  # no aiofiles: written by the loop's own thread
        '    async with aiofiles.open(FOLDER / f"file-{seed}.bin", "wb") as file:\n'
        "        await file.write(body)\n",
        '    (FOLDER / f"file-{seed}.bin").write_bytes(body)\n',
    ),
    "semaphore": ("asyncio.Semaphore(LIMIT)", "asyncio.Semaphore(LIMIT * 4)"),  # no bound
    "timeout": ("asyncio.timeout(1)", "asyncio.timeout(0.1)"),  # gives up on every page
    "lost_task": (  # held, but never waited for
        "        async with asyncio.TaskGroup() as background:\n",
        "        background = set()\n        if True:\n",
    ),
    "swallow_cancel": ("except Exception as error:", "except BaseException as error:"),
    "worker_pool": ("range(WORKERS)", "range(1)"),
    "to_thread": (  # in threads, but one after another
        "await asyncio.gather(*(fetch(url) for url in urls))",
        "[await fetch(url) for url in urls]",
    ),
    "as_completed": (  # as_completed, but the results kept until the end
        "        for next_page in asyncio.as_completed(coros):\n"
        "            print(await next_page)\n",
        "        pages = [await page for page in asyncio.as_completed(coros)]\n"
        "        print(*pages, sep='\\n')\n",
    ),
}


def check(exercise: Exercise, program: Path) -> Verdict:
    return judge(exercise, program, exercise.path)


def test_every_exercise_has_a_check_a_start_and_a_solution() -> None:
    assert len(exercises()) >= 15
    assert {exercise.name for exercise in exercises()} == set(CHECKS)
    assert {exercise.part for exercise in exercises()} == {
        "basics", "inside", "concurrency", "files", "limits", "mistakes", "patterns"
    }  # fmt: skip
    for exercise in exercises():
        assert exercise.start.is_file() and exercise.solution.is_file()
        statement = exercise.statement()
        assert "Demo: " in statement and "Docs: https://" in statement, exercise.name
        assert all(len(line) <= 79 for line in statement.splitlines()), exercise.name


@pytest.mark.parametrize("exercise", exercises(), ids=lambda exercise: exercise.name)
def test_shipped_start_fails_and_solution_passes(
    exercise: Exercise, learner: Folder, capsys: pytest.CaptureFixture[str]
) -> None:
    # the two at once: each check is a program and a server of its own, two cores here
    with ThreadPoolExecutor(max_workers=2) as pool:
        start = pool.submit(check, exercise, exercise.start)
        solution = pool.submit(check, exercise, exercise.solution)
    assert not start.result().passed, start.result().lines
    assert start.result().lines  # it says what it measured
    assert solution.result().passed, solution.result().lines
    assert start.result().seconds < exercise.limit + 5  # a few seconds, a hang included

    capsys.readouterr()
    Screen(color=False).watching(exercise, start.result(), learner, news="")
    screen = capsys.readouterr().out.splitlines()
    assert len(screen) < HEIGHT and max(map(len, screen)) <= WIDTH  # `exercises` fits 80 x 24
    assert "What to do:" in screen[3]  # and the statement is on it


@pytest.mark.parametrize("name", sorted(WRONG_WAYS))
def test_a_wrong_way_to_the_right_answer_fails(name: str, tmp_path: Path) -> None:
    exercise = next(e for e in exercises() if e.name == name)
    old, new = WRONG_WAYS[name]
    text = exercise.solution.read_text(encoding="utf-8")
    assert old in text
    wrong = tmp_path / exercise.filename
    wrong.write_text(text.replace(old, new), encoding="utf-8")
    verdict = check(exercise, wrong)
    assert not verdict.passed, verdict.lines


def test_a_syntax_error_names_the_file_line_and_message(tmp_path: Path) -> None:
    exercise = exercises()[3]
    broken = tmp_path / exercise.filename
    broken.write_text("async def main(:\n    pass\n", encoding="utf-8")
    verdict = check(exercise, broken)
    assert not verdict.passed
    assert verdict.lines[0].startswith(f"{exercise.path}, line 1: SyntaxError:")


def test_the_learners_own_error_shows_their_traceback_cut_to_their_file(
    tmp_path: Path,
) -> None:
    exercise = exercises()[3]
    program = tmp_path / exercise.filename
    program.write_text(
        "import asyncio\n\n\nasync def main():\n    return 1 / 0\n\n\nasyncio.run(main())\n",
        encoding="utf-8",
    )
    verdict = check(exercise, program)
    assert not verdict.passed
    text = "\n".join(verdict.lines)
    assert f"{exercise.path}, line 5, in main: return 1 / 0" in text
    assert "ZeroDivisionError: division by zero" in text
    assert "exercises" not in text.replace(exercise.path, "")  # none of the checker's frames


def test_an_error_in_a_thread_of_the_program_is_shown(tmp_path: Path) -> None:
    exercise = next(e for e in exercises() if e.name == "future")
    wrong = tmp_path / exercise.filename
    text = exercise.solution.read_text(encoding="utf-8")
    wrong.write_text(text.replace(*WRONG_WAYS["future"]), encoding="utf-8")
    verdict = check(exercise, wrong)
    assert not verdict.passed
    assert "Meanwhile a thread failed:" in verdict.lines
    assert verdict.lines[-1].strip().startswith("RuntimeError: Non-thread-safe operation")
    assert f"{exercise.path}, line " in verdict.lines[-2]


def test_a_program_that_hangs_is_stopped_at_the_limit_it_names(tmp_path: Path) -> None:
    exercise = next(e for e in exercises() if e.name == "gather")
    program = tmp_path / exercise.filename
    program.write_text("import time\n\nwhile True:\n    time.sleep(1)\n", encoding="utf-8")
    verdict = check(exercise, program)
    assert not verdict.passed
    assert f"stopped after {exercise.limit:g} s" in " ".join(verdict.lines)
