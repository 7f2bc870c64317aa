"""One check per exercise, judged from what the program did, never from its text.

Each runs the learner's file (exercises/runner.py) and reads the measures: the demo
server's own counts (the most it held at once, the requests it saw, those given up), the
time inside asyncio.run against the delays asked, the loop's lag measured beside it, the
tasks left when main() returned, which thread opened files, the bytes on disk, when each
line was printed, and Python's warnings. The margins hold on a busy 2-core machine: a
concurrent run is judged by the server's peak first, and by time only with room to spare.
"""

import random
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exercises.catalog import Exercise
from exercises.runner import Run, run_program
from exercises.verdict import Verdict, traceback_of, warnings_in

Check = Callable[[Run], Verdict]


@dataclass(frozen=True)
class Spec:
    check: Check
    server: bool = True  # runs against a fresh embedded demo server
    serve: Callable[[int], Any] | None = None  # the program serves: play its clients


CHECKS: dict[str, Spec] = {}


def check(name: str, **options: Any) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[name] = Spec(check=function, **options)
        return function

    return register


def judge(exercise: Exercise, program: Path, shown_as: str) -> Verdict:
    """Run `program` as `exercise`'s check says, and say what it did."""
    started = time.perf_counter()
    verdict = judged(exercise, program, shown_as)
    verdict.seconds = time.perf_counter() - started
    return verdict


def judged(exercise: Exercise, program: Path, shown_as: str) -> Verdict:
    if not program.is_file():
        return Verdict.fail(f"{shown_as} is missing: `exercises reset {exercise.number}`")
    source = program.read_text(encoding="utf-8", errors="replace")
    try:
        compile(source, str(program), "exec")
    except SyntaxError as error:
        return Verdict.fail(
            f"{shown_as}, line {error.lineno}: SyntaxError: {error.msg}",
            f"  {(error.text or '').strip()}",
        )
    spec = CHECKS[exercise.name]
    with tempfile.TemporaryDirectory(prefix="exercise-") as folder:
        run = run_program(
            program, Path(folder), limit=exercise.limit, server=spec.server, serve=spec.serve
        )
        stopped = spec.serve is not None and run.returncode in (130, -2, -9)  # by us
        if run.returncode and not run.timed_out and not stopped:
            return Verdict.fail(
                f"it stopped with an error (exit status {run.returncode}):",
                *traceback_of(run.stderr, program, shown_as),
            )
        verdict = spec.check(run)  # while its files are still there
    if not verdict.passed and "Exception in thread" in run.stderr:  # Python's words for it
        verdict.lines += [
            "Meanwhile a thread failed:",
            *traceback_of(run.stderr, program, shown_as),
        ]
    warned = [] if run.timed_out else warnings_in(run.stderr)
    if warned:
        said = "; ".join(warned)
        if verdict.passed:
            return Verdict.fail(f"it worked, but Python warned: {said}")
        verdict.lines.append(f"Python warned: {said}")
    return verdict


# what the measures read as, in words


def peak(run: Run) -> int:
    return run.stats.get("peak_in_flight", 0)


def seen(run: Run) -> int:
    """Requests the server saw: done, given up, or still held when we asked."""
    return run.stats.get("total", 0) + run.stats.get("in_flight", 0)


def took(run: Run) -> str:
    if run.timed_out:
        return f"stopped after {run.limit:g} s"
    return f"it took {run.wall:.1f} s"


def at_once(count: int) -> str:
    return f"{count} request{'s' if count != 1 else ''} at once"


# basics


@check("run_it")
def run_it(run: Run) -> Verdict:
    if seen(run) >= 1:
        return Verdict.ok("main() ran: the server saw its request")
    return Verdict.fail("the server saw no request: main() never ran")


@check("sleep", server=False)
def sleep(run: Run) -> Verdict:
    if run.lag >= 0.25:
        return Verdict.fail(
            f"the event loop froze for {run.lag:.2f} s at a time (a heartbeat beside",
            f"your program woke that late); {took(run)}; 1.5 s is possible",
        )
    if run.wall < 1.4:
        return Verdict.fail(f"{took(run)}: each countdown should still take 3 x 0.5 s")
    return Verdict.ok(f"the countdowns overlapped: {run.wall:.1f} s, the loop never froze")


# inside


@check("toy_loop", server=False)
def toy_loop(run: Run) -> Verdict:
    finished = sum(line.endswith(": done") for _, line in run.lines)
    if finished < 3:
        return Verdict.fail(f"{finished} of the 3 jobs finished ({took(run)})")
    if run.wall < 1.4:
        return Verdict.fail(f"{took(run)}: the jobs' naps should still last (1.5 s)")
    if run.wall >= 2.2:
        return Verdict.fail(
            f"the naps took {run.wall:.1f} s: one job after another adds them up (3 s);",
            "interleaved, they take 1.5 s, the longest job's",
        )
    return Verdict.ok(f"the naps overlapped: {run.wall:.1f} s for the 3 jobs")


@check("future", server=False)
def future(run: Run) -> Verdict:
    results = len(run.lines) - 1  # a line a download, then the time taken
    if run.lag >= 0.25 or run.wall >= 2.0:
        return Verdict.fail(
            f"the event loop froze for {run.lag:.2f} s at a time (a heartbeat beside",
            f"your program woke that late); {took(run)}; 1 s is possible",
        )
    if run.timed_out or results < 3:
        return Verdict.fail(f"{max(results, 0)} of the 3 downloads came back ({took(run)})")
    if run.wall < 0.9:
        return Verdict.fail(f"{took(run)}: each download still takes the library 1 s")
    return Verdict.ok(f"the 3 downloads awaited at once: {run.wall:.1f} s, the loop never froze")


# concurrency


@check("gather")
def gather(run: Run) -> Verdict:
    if peak(run) >= 5 and seen(run) == 5 and not run.timed_out and run.wall < 2.5:
        return Verdict.ok(f"the server held all 5 at once: {run.wall:.1f} s in all")
    return Verdict.fail(
        f"the server held at most {at_once(peak(run))}, {seen(run)} in all;",
        f"this exercise needs all 5 at once ({took(run)}; about 1 s is possible)",
    )


@check("taskgroup")
def taskgroup(run: Run) -> Verdict:
    if seen(run) < 10:
        return Verdict.fail(
            f"the server saw {seen(run)} requests; both attempts should reach it (10)"
        )
    if peak(run) > 6:
        return Verdict.fail(
            f"the server held {at_once(peak(run))}: the first attempt's slow requests",
            "still ran beside the second; a failure should cancel them (at most 5)",
        )
    if run.wall >= 1.5:
        return Verdict.fail(f"{took(run)}: a failed batch should stop at once, not wait 1 s")
    return Verdict.ok(f"each failure stopped its batch: at most {at_once(peak(run))}")


@check("blocking")
def blocking(run: Run) -> Verdict:
    if run.lag < 0.3 and peak(run) >= 5 and not run.timed_out and run.wall < 2.5:
        return Verdict.ok(f"5 at once, the loop never froze: {run.wall:.1f} s")
    return Verdict.fail(
        f"the event loop froze {run.lag:.1f} s at a time; the server held at most",
        f"{at_once(peak(run))} ({took(run)}; 1 s is possible, with 5 at once)",
    )


CLIENTS, LINES = 5, 3
THINK = 0.2  # a client's pause between two lines (s)
ANSWER = 1.0  # how long a client waits for each echo (s)


def echo_clients(port: int) -> dict[str, Any]:
    """Five clients at once, each a conversation of three lines; what went wrong, if
    anything, and how long they took together."""
    problems: list[str] = []
    started = time.perf_counter()

    def client(number: int) -> None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=ANSWER) as sock:
                for line in range(1, LINES + 1):
                    sent = f"client {number} line {line}\n".encode()
                    sock.sendall(sent)
                    got = b""
                    while len(got) < len(sent) and (chunk := sock.recv(1024)):
                        got += chunk
                    if got != sent:
                        problems.append(f"client {number} sent {sent!r}, got back {got!r}")
                        return
                    time.sleep(THINK)  # a person typing the next line
                sock.shutdown(socket.SHUT_WR)
                if sock.recv(1024) != b"":
                    problems.append(f"client {number} got more than its own lines back")
        except TimeoutError:
            problems.append(f"client {number} waited {ANSWER:g} s for an answer in vain")
        except OSError as error:
            problems.append(f"client {number}: {error.strerror or error}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(1, CLIENTS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"problems": problems, "seconds": time.perf_counter() - started}


@check("tcp_echo", server=False, serve=echo_clients)
def tcp_echo(run: Run) -> Verdict:
    if run.served is None:
        return Verdict.fail(
            f"nothing listened on the port in ECHO_PORT ({took(run)}): start the server"
        )
    problems, seconds = run.served["problems"], run.served["seconds"]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return Verdict.fail(f"{problems[0]}{more};", "each line should come back as it arrives")
    if seconds >= 2.0:
        return Verdict.fail(
            f"the 5 clients took {seconds:.1f} s: one after another; at once, about 0.6 s"
        )
    return Verdict.ok(f"5 clients at once, every line echoed: {seconds:.1f} s")


# files


@check("save")
def save(run: Run) -> Verdict:
    folder = run.folder / "downloads"
    wrong = [
        name
        for seed in range(5)
        if not (path := folder / (name := f"file-{seed}.bin")).is_file()
        or path.read_bytes() != random.Random(seed).randbytes(200_000)
    ]
    if wrong:
        return Verdict.fail(
            f"{len(wrong)} of the 5 files are missing or not the bytes sent ({wrong[0]})"
        )
    on_loop = [path for path in run.measured.get("opened_on_loop", []) if "downloads" in path]
    if on_loop:
        return Verdict.fail(
            f"{len(on_loop)} files were opened and written by the event loop's own thread",
            "(the loop waits for the disk meanwhile); do it in a thread: aiofiles",
        )
    if peak(run) < 5:
        return Verdict.fail(f"the server held at most {at_once(peak(run))}; keep all 5 at once")
    return Verdict.ok("5 files, right to the byte, written off the loop, downloaded at once")


# limits


@check("semaphore")
def semaphore(run: Run) -> Verdict:
    if peak(run) > 3:
        return Verdict.fail(f"the server held {at_once(peak(run))}; at most 3 are allowed")
    if peak(run) < 3 or seen(run) != 10 or run.timed_out or run.wall >= 3.0:
        return Verdict.fail(
            f"the server held at most {at_once(peak(run))}, {seen(run)} of 10 in all;",
            f"3 at a time is allowed ({took(run)}; about 2 s is possible)",
        )
    return Verdict.ok(f"never more than 3 at once, all 10 in {run.wall:.1f} s")


@check("timeout")
def timeout(run: Run) -> Verdict:
    if run.timed_out:
        return Verdict.fail(
            f"{took(run)}: it was still waiting for the 5 s page;",
            "give each page 1 s at most, then go on without it",
        )
    given_up = run.stats.get("given_up", 0)
    if seen(run) != 3 or given_up != 1 or run.wall >= 2.0:
        return Verdict.fail(
            f"the server saw {seen(run)} requests, {given_up} given up ({took(run)});",
            "expected: 3, the slow one given up after 1 s",
        )
    return Verdict.ok(f"the slow page given up, the others printed: {run.wall:.1f} s")


# mistakes


@check("no_await")
def no_await(run: Run) -> Verdict:
    if seen(run) != 6:
        return Verdict.fail(
            f"the server saw {seen(run)} requests; expected 6: 3 pages, and 3 visits logged"
        )
    return Verdict.ok("the 3 pages fetched, the 3 visits logged")


@check("lost_task")
def lost_task(run: Run) -> Verdict:
    pending = run.measured.get("pending", [])
    if pending:
        names = ", ".join(sorted(set(pending)))
        return Verdict.fail(
            f"{len(pending)} tasks were still running when main() returned ({names});",
            f"asyncio.run cancelled them: {run.stats.get('given_up', 0)} requests given up",
        )
    given_up = run.stats.get("given_up", 0)
    if seen(run) != 6 or given_up:
        return Verdict.fail(
            f"the server saw {seen(run)} of 6 requests, {given_up} given up: the visits still",
            "being saved when main() returned were cut short; all 3 should be saved",
        )
    return Verdict.ok("every visit saved before the session closed; no task left")


@check("swallow_cancel")
def swallow_cancel(run: Run) -> Verdict:
    if seen(run) > 2 or run.timed_out or run.wall >= 1.3:
        return Verdict.fail(
            f"the job went on after its timeout (0.8 s): the server saw {seen(run)} requests",
            f"(2 expected: step 1, and step 2 cut short); {took(run)}",
        )
    if seen(run) < 2:
        return Verdict.fail(f"the server saw {seen(run)} requests; the job should start 2")
    return Verdict.ok(f"the job stopped at its timeout: {run.wall:.1f} s, 2 requests")


# patterns


@check("worker_pool")
def worker_pool(run: Run) -> Verdict:
    pending = run.measured.get("pending", [])
    if peak(run) > 3:
        return Verdict.fail(f"the server held {at_once(peak(run))}: 3 workers keep at most 3")
    if peak(run) < 3 or seen(run) != 12 or run.timed_out or run.wall >= 1.8:
        return Verdict.fail(
            f"the server held at most {at_once(peak(run))}, {seen(run)} of 12 in all;",
            f"3 workers keep 3 in flight ({took(run)}; about 1 s is possible)",
        )
    if pending:
        return Verdict.fail(
            f"{len(pending)} tasks still ran when main() returned: stop the workers"
        )
    return Verdict.ok(f"3 in flight, steadily: 12 pages in {run.wall:.1f} s")


@check("streaming")
def streaming(run: Run) -> Verdict:
    times = run.printed_at()
    if len(times) < 5:
        return Verdict.fail(f"{len(times)} lines printed; expected one for each of 5 bytes")
    spread = times[-1] - times[0]
    if spread < 1.0:
        return Verdict.fail(
            f"your lines all came within {spread:.2f} s, at {times[0]:.1f} s: after the whole",
            "body; the bytes arrive over 2 s, and each line should show as one lands",
        )
    return Verdict.ok(f"a line as each byte landed, from {times[0]:.1f} s to {times[-1]:.1f} s")


@check("to_thread")
def to_thread(run: Run) -> Verdict:
    if run.lag < 0.3 and peak(run) >= 4 and not run.timed_out and run.wall < 2.2:
        return Verdict.ok(f"4 at once in threads, the loop never froze: {run.wall:.1f} s")
    return Verdict.fail(
        f"the event loop froze {run.lag:.1f} s at a time; the server held at most",
        f"{at_once(peak(run))} ({took(run)}; 1 s is possible, with 4 at once)",
    )


@check("as_completed")
def as_completed(run: Run) -> Verdict:
    times = run.printed_at()
    if len(times) < 4 or peak(run) < 4 or run.timed_out:
        return Verdict.fail(
            f"{len(times)} results printed, the server held at most {at_once(peak(run))};",
            f"expected 4, all in flight at once ({took(run)})",
        )
    first, last = times[0], times[-1]
    if first >= 0.9 or last - first < 0.9:
        return Verdict.fail(
            f"your first result showed at {first:.1f} s, your last at {last:.1f} s;",
            "the fastest page lands at 0.2 s, the slowest at 1.5 s: show each as it lands",
        )
    return Verdict.ok(
        f"each result as it landed: the first at {first:.1f} s, the last at {last:.1f} s"
    )
