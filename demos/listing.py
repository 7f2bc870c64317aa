"""A demo's code as the room sees it on a slide: the code that runs, without
the docstring (its sample output would give the answer away), without the
`* SCALE` plumbing the tests shrink delays with, cut into pages that fit."""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

# What a slide leaves out, and why it stays honest: `PAUSE = 1 * SCALE`
# runs as `PAUSE = 1` in the talk (SCALE is 1 unless DEMO_TIME_SCALE says
# otherwise); `from stage import SCALE, stopwatch` shows what the code
# still uses (`from stage import stopwatch`), and goes when that is nothing.
_TIMES_SCALE = re.compile(r"\s*\*\s*SCALE\b|\bSCALE\s*\*\s*")
_FROM_STAGE = re.compile(r"^from stage import (?P<names>.+)$")
# a linter's code is for the linter; the reason beside it is for the room
_NOQA = re.compile(r"noqa: [A-Z]+[0-9]+(?:, *[A-Z]+[0-9]+)* *")

# The line that matters in each demo (the await, the gather, the blocking
# call), named by a pattern of its text: the demo files carry no marker, and
# "every await" would light up half a slide. A demo not named here, or whose
# pattern no longer matches, falls back to DEFAULT_KEY.
KEY_LINES = {
    "coroutine": r"^\s+main\(\)|^asyncio\.run\(main\(\)\)",
    "sleep": r"await asyncio\.(sleep|gather)\(",
    "awaitables": r"= await |create_task\(",
    "event_loop": r"run_until_complete\(|asyncio\.run\(",
    "toy_loop": r"\bawait ",
    "asyncio_loop": r"await asyncio\.gather\(|sock_recv\(",
    "gather": r"await asyncio\.gather\(",
    "taskgroup": r"asyncio\.TaskGroup\(\)|await asyncio\.gather\(",
    "http": r"urlopen\(|await asyncio\.gather\(",
    "parallelism": r"pool\.map\(|return crunch\(|asyncio\.gather\(",
    "blocking": r"time\.sleep\(|^\s+busy\(|to_thread\(",
    "tcp_echo": r"await asyncio\.gather\(|\[await client",
    "aiofiles": r"await f\.write\(|with open\(",
    "files_blocking": r"read_bytes\(\)|await f\.read\(",
    "download_save": r"await asyncio\.gather\(|await f\.write\(",
    "semaphore": r"async with limit|Semaphore\(",
    "timeout": r"asyncio\.timeout\(|wait_for\(",
    "cancel": r"\.cancel\(\)|shield\(",
    "no_await": r"^\s+save\(|^\s+asyncio\.sleep\(",
    "lost_task": r"create_task\(",
    "debug_mode": r"time\.sleep\(|debug=True|to_thread\(",
    "swallow_cancel": r"except (BaseException|Exception)",
    "running_loop": r"asyncio\.run\(|await result",
    "worker_pool": r"await queue\.|asyncio\.gather\(",
    "streaming": r"async for |await response\.read\(",
    "to_thread": r"to_thread\(|run_in_executor\(|urlopen\(",
}
DEFAULT_KEY = r"asyncio\.gather\(|TaskGroup\(|time\.sleep\(|\bawait\b"


@dataclass(frozen=True)
class Page:
    """Some of a demo's lines, at most a slide's height, and which of them
    are the lines that matter (indexes into `lines`)."""

    lines: tuple[str, ...]
    key: frozenset[int]
    # a page that begins inside a definition shows, dimmed, the line that
    # opens it (`async def main() -> None:`), so the room knows where it is
    context: str = ""


def shown_lines(source: str) -> list[str]:
    """The script's lines as the slide shows them: no docstring, no SCALE,
    one blank line where the file has two (a slide's rows are few)."""
    tree = ast.parse(source)
    lines = source.splitlines()
    if ast.get_docstring(tree) is not None:
        lines = lines[tree.body[0].end_lineno or 0 :]
    shown: list[str] = []
    for line in lines:
        line = unscaled(line)
        if line is None or (
            not line.strip() and (not shown or not shown[-1].strip())
        ):
            continue
        shown.append(line)
    while shown and not shown[-1].strip():
        shown.pop()
    return shown


def unscaled(line: str) -> str | None:
    """`line` without SCALE or a linter's code; None if nothing is left."""
    imported = _FROM_STAGE.match(line)
    if imported:
        names = [
            n.strip()
            for n in imported["names"].split(",")
            if n.strip() != "SCALE"
        ]
        return f"from stage import {', '.join(names)}" if names else None
    line = _TIMES_SCALE.sub("", line)
    line = _NOQA.sub("", line)
    return re.sub(r"\s*#\s*$", "", line)  # a comment that held only a noqa


def key_lines(name: str, lines: list[str]) -> set[int]:
    """The indexes of the lines that matter in demo `name`."""
    for pattern in (KEY_LINES.get(name), DEFAULT_KEY):
        if pattern:
            found = {
                i
                for i, line in enumerate(lines)
                if re.search(pattern, code_of(line))
            }
            if found:
                return found
    return set()


def code_of(line: str) -> str:
    """The line without its strings and trailing comment (a rough cut: enough
    to keep a label or a comment naming `time.sleep` from lighting up)."""
    line = re.sub(r"\"[^\"]*\"|'[^']*'", '""', line)
    return re.sub(r"\s+#.*$", "", line)


def pages(script: Path, rows: int) -> list[Page]:
    """The demo's code in as few pages of at most `rows` lines as it takes,
    cut at blank lines (between definitions, or between the steps of one),
    the pages as even as they can be: no page of one lonely line."""
    lines = shown_lines(script.read_text(encoding="utf-8"))
    key = key_lines(script.stem.partition("_")[2], lines)
    result = []
    for first, last in cuts(lines, rows):
        marks = frozenset(i - first for i in key if first <= i < last)
        chunk = tuple(lines[first:last])
        context = opener(lines, first)
        result.append(Page(lines=chunk, key=marks, context=context))
    return result


def opener(lines: list[str], start: int) -> str:
    """The top-level line that opens the block `lines[start]` is in, if it
    is indented (a page that begins inside `main`); "" otherwise."""
    if not lines[start][:1].isspace():
        return ""
    for line in reversed(lines[:start]):
        if line.strip() and not line[:1].isspace():
            return line
    return ""


def cuts(lines: list[str], rows: int) -> list[tuple[int, int]]:
    """(first, last) of each page: the fewest pages, then the most even."""
    n = len(lines)
    # best[i]: (pages, longest page) for lines[i:], where its first page ends
    best: dict[int, tuple[tuple[int, int], int]] = {n: ((0, 0), n)}
    for start in range(n - 1, -1, -1):
        if not lines[start].strip():
            continue  # a page begins with code, never with a blank line
        room = rows - (1 if opener(lines, start) else 0)
        last = min(start + room, n)
        ends = [
            e
            for e in range(start + 1, last + 1)
            if e == n or not lines[e].strip()
        ]
        if not ends:
            ends = [last]  # one long block: cut it where it must be
        options = []
        for end in ends:
            after = next((i for i in range(end, n) if lines[i].strip()), n)
            (count, longest), _ = best[after]
            height = end - start + rows - room
            options.append(((count + 1, max(longest, height)), end))
        best[start] = min(options)
    result = []
    start = next((i for i in range(n) if lines[i].strip()), n)
    while start < n:
        end = best[start][1]
        result.append((start, end))
        start = next((i for i in range(end, n) if lines[i].strip()), n)
    return result
