"""The talk, slide by slide: the outline's order, each part's title slide in
our own words, and a slide per page of each demo's code.

The outline (the talk's original notebook) goes: a title and its thesis; three
pictures (concurrency and parallelism, synchronous and asynchronous,
cooperative and preemptive); then coroutine, await, asyncio.sleep, the event
loop, asyncio.run, gather. The tour's demos follow it that far, then go on
part by part (`demos list`). The three pictures are live runs, not drawings.
"""

import ast
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from demos.cli import FOLDER, PARTS, idea, name_of, parts, scripts
from demos.listing import Page, pages

ROOT = FOLDER.parent  # the demos run from here, as `python demos/07_gather.py`
WIDTH = 80
HEIGHT = 24
BODY = HEIGHT - 2  # a title row above, a footer row below


@dataclass(frozen=True)
class Run:
    """What the run key starts, what the slide says it is, and what it
    measures (on screen while it runs: no silent wait)."""

    argv: tuple[str, ...]
    shown: str  # `$ python demos/07_gather.py`
    measures: str


@dataclass(frozen=True)
class Command:
    """A slide that runs a command of the project rather than a demo's code:
    the three pictures, and demo-client at the climax."""

    title: str
    args: tuple[str, ...]  # demo-client's, or a demo's name
    words: tuple[str, ...]
    measures: str
    expect: str


@dataclass(frozen=True)
class Part:
    name: str  # `demos present NAME` starts at its title slide
    heading: str
    words: tuple[str, ...]
    items: tuple[str | Command, ...]  # demos by name, and commands


@dataclass(frozen=True)
class Slide:
    part: str
    title: str
    words: tuple[str, ...] = ()  # a title or command slide's text
    page: Page | None = None  # a code slide's lines
    run: Run | None = None
    label: str = ""  # the footer's name for it: `07 gather 1/2`
    demo: int | None = None  # the demo's number: `7G` jumps to its first page
    name: str = ""  # the demo's name: `gather`
    say: str = ""  # speaker notes: what to say,
    expect: str = ""  # what the run should show


# What a run measures, said on screen while it runs (the demos that stay
# silent for a second or more); the others say their idea. Words, not
# numbers: the demos' numbers are theirs to change.
MEASURES = {
    "awaitables": "a coroutine, a Task and a Future, each awaited",
    "gather": "the same three waits: one by one, then with gather",
    "taskgroup": "tasks that succeed, then one that fails: gather, TaskGroup",
    "http": "the same requests: urllib one by one, then aiohttp and gather",
    "parallelism": "computing jobs: one by one, gather, processes; best of 5+",
    "blocking": "a heartbeat's beats while a worker is busy, four ways",
    "tcp_echo": "clients of a slow echo server: one by one, then together",
    "download_save": "downloads saved to files: one by one, then with gather",
    "worker_pool": "the same pages: gather, then a few workers on a Queue",
    "to_thread": "blocking calls: in the loop, to_thread, then an executor",
}


def client(*args: str) -> tuple[str, ...]:
    return (sys.executable, "-m", "client", *args)


CLIMAX = Command(
    title="demo-client: the same 10 requests, one by one, then all at once",
    args=(),
    words=(
        "10 requests of 1 s each to the project's slow server, first one",
        "after another, then concurrently with asyncio.gather.",
        "",
        "Each row of the picture is a lane: sequential needs one, gather ten.",
    ),
    measures="10 requests of 1 s, one by one (10 s), then gather (1 s)",
    expect="sequential 10 s, gather 1 s: 10x faster, server peak 10",
)

TALK = (
    Part(
        name="intro",
        heading="asyncio on stage",
        words=(
            "Concurrent, asynchronous, cooperative code,",
            "written as if it ran one line after the other.",
            "",
            "Three pictures first, each drawn by a run, here and now:",
            "concurrency and parallelism; synchronous and asynchronous;",
            "cooperative and preemptive.",
        ),
        items=(
            Command(
                title="Concurrency is not parallelism",
                args=("parallelism",),
                words=(
                    "Four jobs of pure computing: one by one, with gather,",
                    "then in processes, one per core.",
                    "",
                    "Concurrent: the jobs take turns in one lane.",
                    "Parallel: lanes side by side, on separate cores.",
                ),
                measures="4 jobs of computing, best of 5 runs each way",
                expect="gather: one lane, no faster; processes: 2 lanes, 2x",
            ),
            Command(
                title="Synchronous, then asynchronous",
                args=("-n", "5", "--delay", "0.5"),
                words=(
                    "Synchronous: each request waits for the one before it.",
                    "Asynchronous: all five are sent, then awaited together.",
                ),
                measures="5 requests of 0.5 s, one by one, then all at once",
                expect="sequential 2.5 s in one lane, gather 0.5 s in five",
            ),
            Command(
                title="Cooperative, then preemptive",
                args=(
                    "--mode",
                    "gather,threads,blocking",
                    "-n",
                    "5",
                    "--delay",
                    "0.5",
                ),
                words=(
                    "Cooperative: a task gives way where it awaits (gather).",
                    "Preemptive: the OS switches threads at will (threads).",
                    "A task that never gives way stops everyone (blocking).",
                ),
                measures="5 requests of 0.5 s: gather, threads, then blocking",
                expect="gather, threads 0.5 s; blocking 2.5 s: sequential",
            ),
        ),
    ),
    Part(
        name="basics",
        heading="A coroutine, and what await does",
        words=(
            "A coroutine: a function that can pause, and resume later.",
            "",
            "await pauses it until what it awaits is done.",
            "What can be awaited: coroutines, Tasks and Futures.",
            "",
            "asyncio.sleep() always pauses, and lets the others run.",
            "",
            "An event loop runs them all: asyncio.run() makes one, once.",
        ),
        # the outline's order: what await takes comes before asyncio.sleep
        items=("coroutine", "awaitables", "sleep", "event_loop"),
    ),
    Part(
        name="inside",
        heading="Inside the event loop",
        words=(
            "What await hands control back to: a loop that waits",
            "for many things at once, and resumes whoever is ready.",
            "",
            "A toy one, from scratch; then the same program on asyncio's.",
        ),
        items=("toy_loop", "asyncio_loop"),
    ),
    Part(
        name="concurrency",
        heading="Many at once: gather",
        words=(
            "gather awaits many at once: their waits overlap,",
            "so they take the longest, not the sum.",
            "TaskGroup is its structured form: one fails, all stop.",
            "",
            "Then real HTTP, the whole demo-client, and what concurrency",
            "cannot do: compute faster, or survive a blocking call.",
        ),
        items=(
            "gather",
            "taskgroup",
            "http",
            CLIMAX,
            "parallelism",
            "blocking",
            "tcp_echo",
        ),
    ),
    Part(
        name="files",
        heading="Files",
        words=(
            "A disk is not a socket: the event loop cannot wait on it.",
            "aiofiles sends each call to a thread; what that costs,",
            "and when it pays.",
        ),
        items=("aiofiles", "files_blocking", "download_save"),
    ),
    Part(
        name="limits",
        heading="Bounds, timeouts, cancellation",
        words=(
            "How many at once (a Semaphore), how long at most (a timeout),",
            "and how to stop one (cancel, shield).",
        ),
        items=("semaphore", "timeout", "cancel"),
    ),
    Part(
        name="mistakes",
        heading="The classic mistakes, live",
        words=(
            "A coroutine never awaited, a task nobody keeps,",
            "a blocking call in a coroutine, a swallowed cancellation,",
            "asyncio.run inside a running loop. Each with its fix.",
        ),
        items=(
            "no_await",
            "lost_task",
            Command(
                title="demo-client: async def around a blocking client",
                args=(
                    "--mode",
                    "gather,blocking",
                    "-n",
                    "5",
                    "--delay",
                    "0.5",
                ),
                words=(
                    "The same five requests: with aiohttp and gather, then",
                    "with async def functions that call a blocking client.",
                    "",
                    "async def alone makes nothing concurrent.",
                ),
                measures="5 requests of 0.5 s: gather, then blocking",
                expect="gather 0.5 s; blocking 2.5 s in one lane",
            ),
            "debug_mode",
            "swallow_cancel",
            "running_loop",
        ),
    ),
    Part(
        name="patterns",
        heading="Patterns",
        words=(
            "A pool of workers on a queue, answers streamed as they come,",
            "and blocking calls sent to threads.",
        ),
        items=("worker_pool", "streaming", "to_thread"),
    ),
    Part(
        name="practise",
        heading="Now you: exercises",
        words=(
            "18 small programs to fix or finish, in the tour's parts,",
            "each checked by what it does: the server's own counts,",
            "the loop's lag, the warnings, the bytes on disk.",
            "",
            "exercises start     a folder of your own",
            "exercises           checks the first unsolved one, on every save",
        ),
        items=(),
    ),
)


def deck() -> list[Slide]:
    """Every slide of the talk, in order. A demo the outline does not name
    (one added since) comes at the end of the part `demos list` puts it in."""
    by_name = {name_of(script): script for script in scripts()}
    grouped = {
        part: [name_of(s) for s in members]
        for part, members in parts().items()
    }
    named = {
        item for part in TALK for item in part.items if isinstance(item, str)
    }
    slides: list[Slide] = []
    talk_parts = list(TALK)
    leftover = [part for part in grouped if part not in {p.name for p in TALK}]
    for part in leftover:
        talk_parts.append(Part(name=part, heading=part, words=(), items=()))
    for part in talk_parts:
        extra = [
            name for name in grouped.get(part.name, []) if name not in named
        ]
        items = [
            i for i in part.items if not isinstance(i, str) or i in by_name
        ] + extra
        slides.append(title_slide(part))
        for item in items:
            if isinstance(item, Command):
                slides.append(command_slide(part.name, item, by_name))
            else:
                try:
                    slides.extend(code_slides(part.name, by_name[item]))
                except SyntaxError as error:  # mid-edit: say so, still run it
                    slides.append(
                        broken_slide(part.name, by_name[item], error)
                    )
    return slides


def title_slide(part: Part) -> Slide:
    return Slide(
        part=part.name,
        title=part.heading,
        words=part.words,
        label=part.name,
        say="\n".join(part.words),
    )


def command_slide(
    part: str, command: Command, by_name: dict[str, Path]
) -> Slide:
    if command.args and command.args[0] in by_name:
        script = by_name[command.args[0]]
        argv: tuple[str, ...] = (sys.executable, str(script.relative_to(ROOT)))
        shown = f"$ python {script.relative_to(ROOT)}"
    else:
        argv = client(*command.args)
        shown = " ".join(("$ demo-client", *command.args))
    return Slide(
        part=part,
        title=command.title,
        words=command.words,
        label=part,
        run=Run(argv=argv, shown=shown, measures=command.measures),
        say="\n".join(command.words),
        expect=command.expect,
    )


def code_slides(part: str, script: Path) -> list[Slide]:
    """A slide per page of the demo's code; each runs the whole demo."""
    number = int(script.stem[:2])
    relative = script.relative_to(ROOT)
    run = Run(
        argv=(sys.executable, str(relative)),
        shown=f"$ python {relative}",
        measures=MEASURES.get(name_of(script), idea(script)),
    )
    say, expect = notes_of(script)
    shown = pages(script, BODY)
    slides = []
    for n, page in enumerate(shown, start=1):
        of = f" {n}/{len(shown)}" if len(shown) > 1 else ""
        slides.append(
            Slide(
                part=part,
                title=idea(script),
                page=page,
                run=run,
                label=f"{script.stem[:2]} {name_of(script)}{of}",
                demo=number,
                name=name_of(script),
                say=say,
                expect=expect,
            )
        )
    return slides


def broken_slide(part: str, script: Path, error: SyntaxError) -> Slide:
    relative = script.relative_to(ROOT)
    return Slide(
        part=part,
        title=f"{relative} does not parse",
        words=(f"line {error.lineno}: {error.msg}",),
        run=Run(
            argv=(sys.executable, str(relative)),
            shown=f"$ python {relative}",
            measures="what Python says of it",
        ),
        label=f"{script.stem[:2]} {name_of(script)}",
        demo=int(script.stem[:2]),
        name=name_of(script),
    )


def notes_of(script: Path) -> tuple[str, str]:
    """What to say (the docstring's idea and prose) and what the run should
    show (its `Sample run::`, without the command line)."""
    docstring = (
        ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    )
    prose, _, sample = docstring.partition("Sample run::")
    lines = textwrap.dedent(sample).strip("\n").splitlines()
    lines = [line for line in lines if not line.lstrip().startswith("$ ")]
    return prose.strip().replace("`", ""), textwrap.dedent("\n".join(lines))


def start_of(slides: list[Slide], which: str) -> int:
    """The slide `demos present WHICH` opens on: a demo's first page (by
    number or name), or a part's title slide. LookupError in words if none."""
    names = {part.name for part in TALK} | set(PARTS)
    if which in names:
        for index, slide in enumerate(slides):
            if (
                slide.part == which
                and slide.page is None
                and slide.run is None
            ):
                return index
    for index, slide in enumerate(slides):
        if slide.demo is None:
            continue
        stem = f"{slide.demo:02}_{slide.name}"
        if which in (slide.name, stem) or (
            which.isdecimal() and int(which) == slide.demo
        ):
            return index
    raise LookupError(
        f"no demo or part {which!r} in the talk; `demos list` shows them"
    )
