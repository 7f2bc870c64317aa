"""Every demo fits one slide and says what it shows, the same way."""

import ast
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from demos.cli import idea, scripts
from tests.demos.conftest import DEMOS

MAX_CODE_LINES = 45  # "about 40": what a slide shows, the docstring aside


def code_lines(text: str) -> list[str]:
    """The lines a slide shows: not blank, not a comment, not the docstring."""
    tree = ast.parse(text)
    docstring = tree.body[0]
    skip = set(range(docstring.lineno, (docstring.end_lineno or 0) + 1))
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    skip |= {t.start[0] for t in tokens if t.type == tokenize.COMMENT and t.line.lstrip()[0] == "#"}
    lines = text.splitlines()
    return [line for i, line in enumerate(lines, 1) if line.strip() and i not in skip]


def test_the_tour_is_numbered_in_order() -> None:
    numbers = [int(script.name[:2]) for script in scripts()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 26


@pytest.mark.parametrize("script", scripts(), ids=lambda script: script.stem)
def test_a_demo_fits_a_slide_and_carries_a_real_sample_run(script: Path) -> None:
    text = script.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(text)) or ""
    _, _, rest = docstring.partition("\n")
    # the idea is what `demos list` shows in 79 columns, beside a name of up to 14
    assert len(script.stem.partition("_")[2]) <= 14, "a name longer than `demos list` fits"
    assert idea(script).endswith(".") and len(idea(script)) <= 59, idea(script)
    assert rest.startswith("\n"), "the idea stands alone on the first line"

    assert "Sample run::" in rest
    sample = rest.split("Sample run::", 1)[1]
    assert f"    $ python demos/{script.name}\n" in sample
    assert re.search(r"^    takeaway: \S", sample, re.MULTILINE), "the sample run is a real one"
    # what the script prints last is the takeaway of the sample
    takeaway = re.search(r"^    (takeaway: .*)$", sample, re.MULTILINE)
    assert takeaway and f'"{takeaway.group(1)}' in text.replace('"\n    "', "")

    assert all(len(line) <= 79 for line in text.splitlines()), "wider than 79 columns"
    assert len(code_lines(text)) <= MAX_CODE_LINES, "longer than a slide"


@pytest.mark.parametrize("script", scripts(), ids=lambda script: script.stem)
def test_delays_are_named_constants_so_the_calls_read_as_typed(script: Path) -> None:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    top_level = {
        id(node)
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        for node in ast.walk(statement)
    }
    uses = [node for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id == "SCALE"]
    assert all(id(node) in top_level for node in uses), "SCALE outside a constant at the top"
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Global)]
    assert "scaled(" not in script.read_text(encoding="utf-8")


def test_importing_stage_changes_nothing() -> None:
    check = (
        "import sys; path, hook = list(sys.path), sys.excepthook; "
        "import stage; "
        "assert sys.path == path and sys.excepthook is hook, 'stage has side effects'"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=DEMOS, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
