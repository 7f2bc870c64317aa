"""The plain data between the modes and the report, and the ideal times."""

import pytest

from client.records import CANCELLED, ModeResult, RequestRecord, Target, ideal_time


def targets(*delays: float | None) -> list[Target]:
    return [Target(index=i, url=f"http://h/delay/{d}", delay=d) for i, d in enumerate(delays)]


def test_ideal_sequential_is_the_sum() -> None:
    assert ideal_time(targets(0.5, 1, 1.5), 1) == pytest.approx(3)


@pytest.mark.parametrize("width", [3, 4, 100])
def test_ideal_all_at_once_is_the_longest(width: int) -> None:
    assert ideal_time(targets(0.5, 1, 1.5), width) == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("delays", "width", "ideal"),
    [
        ((1, 1, 1, 1, 1), 2, 3),  # three waves of at most two
        ((3, 1, 1, 1), 2, 3),  # the short ones run beside the long one
        ((1, 2, 3), 2, 4),  # in order, each to the first free slot (greedy, not optimal)
        ((1, 1, 1, 1), 3, 2),
    ],
)
def test_ideal_bounded_fills_free_slots_in_order(
    delays: tuple[float, ...], width: int, ideal: float
) -> None:
    assert ideal_time(targets(*delays), width) == pytest.approx(ideal)


def test_ideal_unknown_delays() -> None:
    assert ideal_time([Target(index=0, url="http://a"), Target(index=1, url="http://b")], 2) is None
    assert ideal_time(targets(1, None), 2) is None


def test_ideal_edge_cases() -> None:
    assert ideal_time([], 5) == 0
    assert ideal_time(targets(0, 0), 1) == 0
    assert ideal_time(targets(2, 1), 0) == pytest.approx(3)  # no width still means one


def record(index: int, *, error: str | None = None, in_flight: int | None = None) -> RequestRecord:
    return RequestRecord(
        index=index, url="u", delay=1.0, start=0.0, end=1.0, error=error, server_in_flight=in_flight
    )


def test_mode_result_counts() -> None:
    result = ModeResult(
        mode="gather",
        ideal=1.0,
        records=[
            record(0, in_flight=2),
            record(1, in_flight=5),
            record(2, error="HTTP 400 Bad Request", in_flight=3),
            record(3, error="connection refused"),
            record(4, error=CANCELLED),
        ],
    )
    assert (result.ok, result.failed, result.cancelled) == (2, 2, 1)
    assert [r.ok for r in result.records] == [True, True, False, False, False]


def test_mode_result_without_server_counts() -> None:
    empty = ModeResult(mode="gather", ideal=None)
    assert (empty.ok, empty.failed, empty.cancelled, empty.server_peak) == (0, 0, 0, None)
