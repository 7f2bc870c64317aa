"""What to fetch: delays parsed, /delay targets drawn, given URLs cleaned."""

import pytest
from yarl import URL

from client.records import Target
from client.targets import delay_targets, parse_delay, url_targets

SERVER = URL("http://127.0.0.1:8080")


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("1", (1.0, 1.0)),
        ("0.25", (0.25, 0.25)),
        ("0", (0.0, 0.0)),
        ("0.5-1.5", (0.5, 1.5)),
        ("2-2", (2.0, 2.0)),
    ],
)
def test_parse_delay(text: str, bounds: tuple[float, float]) -> None:
    assert parse_delay(text) == bounds


@pytest.mark.parametrize(
    "text", ["", "abc", "-1", "1.5-0.5", "inf", "nan", "0-inf", "1-nan", "1-2-3", "1-x"]
)
def test_parse_delay_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_delay(text)


def test_delay_targets_fixed_delay() -> None:
    targets = delay_targets(SERVER, 3, (0.25, 0.25), seed=0)
    assert targets == [
        Target(index=i, url="http://127.0.0.1:8080/delay/0.25", delay=0.25) for i in range(3)
    ]


def test_delay_targets_range_is_repeatable_and_in_range() -> None:
    targets = delay_targets(SERVER, 50, (0.5, 1.5), seed=3)
    assert targets == delay_targets(SERVER, 50, (0.5, 1.5), seed=3)
    assert [t.index for t in targets] == list(range(50))
    delays = [t.delay for t in targets]
    assert all(0.5 <= d <= 1.5 for d in delays)
    assert len(set(delays)) > 10  # drawn, not all the same
    for target in targets:
        assert target.url == f"http://127.0.0.1:8080/delay/{target.delay:g}"
        assert float(target.url.rpartition("/")[2]) == target.delay

    other = [t.delay for t in delay_targets(SERVER, 50, (0.5, 1.5), seed=4)]
    assert other != delays


def test_delay_targets_keep_the_server_path() -> None:
    [target] = delay_targets(URL("http://demo:9000"), 1, (1, 1), seed=0)
    assert target.url == "http://demo:9000/delay/1"


def test_url_targets_skip_blanks_and_comments() -> None:
    lines = [
        "http://a/1\n",
        "\n",
        "   \n",
        "# a comment\n",
        "   # an indented comment\n",
        "  http://b/2  \n",
        "http://c/3  # a comment after the URL\n",
        "http://d/#a-fragment-is-no-comment\n",
        "not a url",
    ]
    assert url_targets(lines) == [
        Target(index=0, url="http://a/1"),
        Target(index=1, url="http://b/2"),
        Target(index=2, url="http://c/3"),
        Target(index=3, url="http://d/#a-fragment-is-no-comment"),
        Target(index=4, url="not a url"),
    ]
    assert url_targets([]) == []
