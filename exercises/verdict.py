"""What a check concludes, and how a learner's own error is cut down to their file."""

import re
from dataclasses import dataclass, field
from pathlib import Path

# asyncio's and aiohttp's words for a mistake they noticed, and ours for each
WARNINGS = {
    "was never awaited": "a coroutine was never awaited",
    "Task was destroyed but it is pending": "a task was destroyed while still pending",
    "exception was never retrieved": "a task's exception was never retrieved",
    "Unclosed client session": "a ClientSession was never closed",
    "Unclosed connector": "a ClientSession's connector was never closed",
}
EXCEPTION_LINE = re.compile(r"^[\s|+-]*([A-Za-z_][\w.]*(?:Error|Exception|Group|Interrupt)\b.*)$")
SHOWN_FRAMES = 4  # of the learner's own, the innermost


@dataclass
class Verdict:
    passed: bool
    lines: list[str] = field(default_factory=list)  # what was measured, against what was wanted
    seconds: float = 0.0  # how long the check took

    @classmethod
    def ok(cls, *lines: str) -> "Verdict":
        return cls(passed=True, lines=list(lines))

    @classmethod
    def fail(cls, *lines: str) -> "Verdict":
        return cls(passed=False, lines=list(lines))


def warnings_in(stderr: str) -> list[str]:
    """Each mistake Python or aiohttp warned of, in words, with the name it gave."""
    found = []
    for line in stderr.splitlines():
        for marker, words in WARNINGS.items():
            if marker in line:
                named = re.search(r"coroutine '([^']+)'", line) or re.search(
                    r"coro=<([^()\s]+)", line
                )
                found.append(f"{words} ({named.group(1)})" if named else words)
    return list(dict.fromkeys(found))  # each once, in order


def traceback_of(stderr: str, program: Path, shown_as: str) -> list[str]:
    """The learner's traceback, cut to the frames in their own file, and the error."""
    start = stderr.rfind("Traceback (most recent call last):")
    block = stderr[start:] if start >= 0 else stderr
    lines = block.splitlines()
    frames: list[str] = []
    marker = f'File "{program.resolve()}"'
    for index, line in enumerate(lines):
        if marker in line:
            where = line.strip(" |").replace(marker, shown_as)
            code = lines[index + 1].strip(" |") if index + 1 < len(lines) else ""
            frames.append(f"  {where}: {code}")
    errors = [m.group(1) for line in lines if (m := EXCEPTION_LINE.match(line))]
    error = errors[-1] if errors else (lines[-1].strip() if lines else "it failed")
    return [*frames[-SHOWN_FRAMES:], f"  {error}"]
