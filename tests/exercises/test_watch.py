"""`exercises watch`: a save gets the exercise checked again (real file events through
watchfiles), and a pass moves on to the next one."""

import queue
import shutil
import threading

from exercises.catalog import Exercise, exercises
from exercises.progress import Folder
from exercises.verdict import Verdict
from exercises.watch import watch

WAIT = 30  # s: the most a check and a file event may take on a busy machine


def test_a_save_is_checked_again_and_a_pass_moves_on(learner: Folder) -> None:
    shown: queue.Queue[tuple[str, bool, str]] = queue.Queue()

    def show(exercise: Exercise, verdict: Verdict, folder: Folder, news: str) -> None:
        shown.put((exercise.name, verdict.passed, news))

    stop = threading.Event()
    watching = threading.Thread(target=watch, args=(learner, show, stop))
    watching.start()
    try:
        first, second = exercises()[:2]
        assert shown.get(timeout=WAIT) == (first.name, False, "")

        # the learner saves; again if that save fell in the instant before the watcher
        # began to listen (as a learner would save again), which a check's time exceeds
        for _ in range(3):
            shutil.copyfile(first.solution, learner.file(first))
            try:
                after = shown.get(timeout=WAIT / 3)
                break
            except queue.Empty:
                continue
        assert after == (second.name, False, f"01 {first.name} passed")
        assert learner.passed == {first.name}
    finally:
        stop.set()
        watching.join(timeout=WAIT)
    assert not watching.is_alive()
