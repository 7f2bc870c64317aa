"""The report: a table, a timeline and JSON, all from the same records."""

import dataclasses
import io
import json
import re

import pytest
from rich.console import Console

from client.html_report import html_report
from client.records import CANCELLED, ModeResult, Report, RequestRecord, Target
from client.report import bound, headline, render, seconds, to_json
from client.timeline import in_flight
from tests.client.conftest import MODE_KEYS, REQUEST_KEYS

SERVER = "http://127.0.0.1:8080"


def targets(n: int, delay: float = 0.5) -> list[Target]:
    return [Target(index=i, url=f"{SERVER}/delay/{delay:g}", delay=delay) for i in range(n)]


def sequential(n: int, delay: float = 0.5) -> ModeResult:
    records = [
        RequestRecord(
            index=i,
            url=t.url,
            delay=delay,
            start=i * delay,
            end=(i + 1) * delay,
            status=200,
            error=None,
            server_in_flight=1,
        )
        for i, t in enumerate(targets(n, delay))
    ]
    return ModeResult(
        mode="sequential", ideal=n * delay, records=records, wall=n * delay, server_peak=1
    )


def together(mode: str, n: int, delay: float = 0.5) -> ModeResult:
    records = [
        RequestRecord(
            index=i,
            url=t.url,
            delay=delay,
            start=0.0,
            end=delay,
            status=200,
            error=None,
            server_in_flight=i + 1,
        )
        for i, t in enumerate(targets(n, delay))
    ]
    return ModeResult(mode=mode, ideal=delay, records=records, wall=delay, server_peak=n)


def rendered(report: Report, *, width: int = 80, timeline: bool = True) -> list[str]:
    console = Console(record=True, width=width, no_color=True, file=io.StringIO())
    console.print(headline(report))  # as the CLI does, before the run
    render(report, console, timeline=timeline)
    return console.export_text().splitlines()


LANE = re.compile(r"^(?P<mode>[\w-]*) +(?P<bars>[█▓░╳][█▓░╳ ]*)(?: +(?P<label>\S.*))?$")
AXIS = re.compile(r"^ +└[─┴]+┘$")


def lanes(lines: list[str]) -> list[re.Match[str]]:
    return [m for line in lines if (m := LANE.match(line))]


def test_compare_report_fits_80_columns() -> None:
    report = Report(
        server=SERVER,
        embedded=True,
        targets=targets(4),
        results=[sequential(4), together("gather", 4)],
    )
    lines = rendered(report)
    assert all(len(line) <= 80 for line in lines), lines
    text = "\n".join(lines)
    assert lines[0] == "4 requests of 0.5 s each, to the demo server started here"
    assert re.search(r"^sequential +2\.00 s +2\.00 s +1\.0x +4 +0 +1$", text, re.M), text
    assert re.search(r"^gather +0\.50 s +0\.50 s +4\.0x +4 +0 +4$", text, re.M), text
    # one lane for sequential, one a request for gather, then the axis, then the verdict
    assert [(m["mode"], m["label"]) for m in lanes(lines)] == [
        ("sequential", "1 at a time"),
        ("gather", "4 at once"),
        *[("", None)] * 3,
    ]
    assert AXIS.match(lines[-3]) and lines[-2].lstrip().startswith("0 s")
    assert lines[-1] == "gather: the same 4 requests in 0.50 s instead of 2.00 s: 4.0x faster"


def test_bars_sit_on_one_time_scale() -> None:
    report = Report(
        server=SERVER,
        embedded=False,
        targets=targets(4),
        results=[sequential(4), together("gather", 4)],
    )
    [one_lane, *gathered] = [m["bars"].rstrip() for m in lanes(rendered(report))]
    # sequential: four requests back to back, in turns of two shades, each as long as
    # one of gather's, which all start at 0 together
    runs = re.findall(r"█+|▓+", one_lane)
    assert len(runs) == 4 and "".join(runs) == one_lane
    assert {len(run) for run in runs} == {len(gathered[0])}
    assert all(bars == gathered[0] and set(bars) == {"█"} for bars in gathered)


def test_a_mode_alone_is_drawn_beside_one_by_one() -> None:
    report = Report(
        server=SERVER, embedded=False, targets=targets(4), results=[together("gather", 4)]
    )
    lines = rendered(report)
    [ghost] = [line for line in lines if line.startswith("one by one")]
    gathered = lanes(lines)[0]["bars"].rstrip()
    dots = ghost.split()[3]
    assert set(dots) == {"·"} and len(dots) == pytest.approx(4 * len(gathered), abs=1)
    assert lines[-1] == "gather: 4 requests in 0.50 s; one by one, 2.00 s or more: 4.0x faster"


def test_many_requests_show_how_many_were_in_flight() -> None:
    # 20 requests at once, then 5 more starting just as those end: the peak is 20, not 25
    records = [
        RequestRecord(index=i, url="u", delay=1.0, start=0.0, end=1.0, status=200)
        for i in range(20)
    ]
    records += [
        RequestRecord(index=20 + i, url="u", delay=1.0, start=1.0, end=2.0, status=200)
        for i in range(5)
    ]
    result = ModeResult(mode="gather", ideal=2.0, records=records, wall=2.0)
    lines = rendered(Report(server=None, embedded=False, targets=targets(25), results=[result]))
    assert all(len(line) <= 80 for line in lines), lines
    top = next(i for i, line in enumerate(lines) if line.endswith("  in flight"))
    chart = [line[13:].split("  in flight")[0] for line in lines[top : top + 8]]
    assert lines[top + 7].startswith("gather ") and lines[top + 8].lstrip().startswith("└")
    first, second = chart[-1][: len(chart[-1]) // 2], chart[-1][len(chart[-1]) // 2 :]
    assert set(first) == set(second) == {"█"}  # the bottom row: some in flight throughout
    # 20 of 20 fill all 8 rows; then 5 of 20, a quarter: the 2 bottom rows
    full = [row for row in chart if set(row[: len(first)]) == {"█"}]
    quarter = [row for row in chart if row[-1] == "█"]
    assert (len(full), len(quarter)) == (8, 2), chart


def test_in_flight_counts() -> None:
    def recs(*spans: tuple[float, float]) -> list[RequestRecord]:
        return [
            RequestRecord(index=i, url="u", delay=None, start=s, end=e)
            for i, (s, e) in enumerate(spans)
        ]

    # the most in flight in each column of 0.2 s
    assert max(in_flight(recs((0, 1), (1, 2)), 0.2, 10)) == 1  # back to back
    assert max(in_flight(recs((0, 1), (0.5, 1.5), (0.6, 0.7)), 0.2, 10)) == 3
    assert in_flight(recs((0, 0.1)), 0.25, 4) == [1, 0, 0, 0]
    assert in_flight([], 0.25, 3) == [0, 0, 0]


def test_wide_console_caps_the_timeline_at_100_columns() -> None:
    report = Report(
        server=SERVER, embedded=False, targets=targets(2), results=[together("gather", 2)]
    )
    lines = rendered(report, width=200)
    assert max(len(line) for line in lines if "─" in line) <= 100


def test_no_timeline() -> None:
    report = Report(
        server=SERVER, embedded=False, targets=targets(2), results=[together("gather", 2)]
    )
    assert not lanes(rendered(report, timeline=False))


def test_failures_are_named_and_not_credited() -> None:
    result = together("gather", 3)
    result.records[1].status, result.records[1].error = 400, "HTTP 400 Bad Request"
    result.records[2].url = "http://127.0.0.1:1/delay/1"
    result.records[2].status, result.records[2].error = None, "cannot connect"
    text = "\n".join(
        rendered(Report(server=SERVER, embedded=False, targets=targets(3), results=[result]))
    )
    assert re.search(r"^gather +0\.50 s +0\.50 s +- +1 +2 +3$", text, re.M), text
    assert "#2 /delay/0.5: HTTP 400 Bad Request" in text
    assert "#3 http://127.0.0.1:1/delay/1: cannot connect" in text


def test_failures_for_one_reason_are_summed_up() -> None:
    result = together("gather", 8)
    for record in result.records:
        record.error = "connection refused"
    for index in (2, 4):
        result.records[index].error = f"oops {index}"
    text = "\n".join(
        rendered(Report(server=SERVER, embedded=False, targets=targets(8), results=[result]))
    )
    assert text.count(": connection refused") == 1  # each reason once
    assert "gather: 6 requests (#1, #2, #4 and 3 more): connection refused" in text
    assert "gather: #3 /delay/0.5: oops 2" in text and "gather: #5 /delay/0.5: oops 4" in text


def test_beyond_three_reasons_the_rest_are_counted() -> None:
    # the first request fails alone; three reasons after it fail three times each
    result = together("gather", 10)
    result.records[0].error = "rare"
    for i, record in enumerate(result.records[1:]):
        record.error = f"common {i // 3}"
    text = "\n".join(
        rendered(Report(server=SERVER, embedded=False, targets=targets(10), results=[result]))
    )
    for i in range(3):  # the three most common, named
        assert f"3 requests (#{3 * i + 2}, #{3 * i + 3}, #{3 * i + 4}): common {i}" in text
    assert "gather: ... and 1 more request failed" in text  # the rare one, counted
    assert "rare" not in text


def test_interrupted_report() -> None:
    result = together("gather", 4)
    result.interrupted = True
    for record in result.records[1:]:
        record.status, record.error = None, CANCELLED
    report = Report(
        server=SERVER, embedded=False, targets=targets(4), results=[result], interrupted=True
    )
    lines = rendered(report)
    text = "\n".join(lines)
    assert "gather (interrupted)" in text
    assert "cancelled" not in text.split("interrupted (Ctrl-C)")[0]  # they are not failures
    assert lines[-1] == "interrupted (Ctrl-C): partial results; 3 requests in flight cancelled"
    assert report.speedup(result) is None


def test_baseline_without_sequential_is_the_sum_of_delays() -> None:
    report = Report(
        server=SERVER, embedded=False, targets=targets(4), results=[together("gather", 4)]
    )
    assert report.baseline == (2.0, "sum-of-delays")
    assert report.speedup(report.results[0]) == pytest.approx(4.0)
    assert rendered(report)[-1].endswith("one by one, 2.00 s or more: 4.0x faster")


def test_given_urls_have_no_baseline() -> None:
    urls = [Target(index=0, url="http://a/"), Target(index=1, url="http://b/")]
    result = ModeResult(
        mode="gather",
        ideal=None,
        records=[
            RequestRecord(index=0, url="http://a/", delay=None, start=0.0, end=0.3, status=200),
            RequestRecord(index=1, url="http://b/", delay=None, start=0.0, end=0.2, status=200),
        ],
        wall=0.3,
    )
    report = Report(server=None, embedded=False, targets=urls, results=[result])
    assert report.baseline is None
    lines = rendered(report)
    assert lines[0] == "2 requests to the given URLs"
    assert re.search(r"^gather +0\.30 s +- +- +2 +0 +-$", "\n".join(lines), re.M)


def test_headline_with_a_range_of_delays() -> None:
    varied = [
        Target(index=0, url="u", delay=0.5),
        Target(index=1, url="u", delay=1.25),
        Target(index=2, url="u", delay=0.75),
    ]
    assert rendered(Report(server=SERVER, embedded=False, targets=varied, results=[]))[0] == (
        f"3 requests of 0.5 to 1.25 s, to {SERVER}"
    )


def test_seconds() -> None:
    assert seconds(None) == "-"
    assert seconds(0) == "0.00 s"
    assert seconds(1.234) == "1.23 s"
    assert seconds(99.994) == "99.99 s"
    assert seconds(150.4) == "150 s"


def test_to_json_shape() -> None:
    report = Report(
        server=SERVER,
        embedded=True,
        targets=targets(3),
        results=[sequential(3), together("gather", 3)],
    )
    data = json.loads(json.dumps(to_json(report)))  # plain JSON types only
    assert data["server"] == SERVER
    assert data["embedded_server"] is True
    assert data["requests"] == 3
    assert data["interrupted"] is False
    assert data["speedup_baseline"] == "sequential"
    assert [m["mode"] for m in data["modes"]] == ["sequential", "gather"]
    for mode in data["modes"]:
        assert set(mode) == MODE_KEYS
        assert [r["index"] for r in mode["requests"]] == [0, 1, 2]
        for request in mode["requests"]:
            assert set(request) == REQUEST_KEYS
    gather = data["modes"][1]
    assert gather["wall_s"] == 0.5
    assert gather["ideal_s"] == 0.5
    assert gather["speedup"] == pytest.approx(3.0)
    assert (gather["ok"], gather["failed"], gather["cancelled"]) == (3, 0, 0)
    assert gather["server_peak"] == 3
    assert gather["requests"][2] == {
        "index": 2,
        "url": f"{SERVER}/delay/0.5",
        "delay_s": 0.5,
        "start_s": 0.0,
        "end_s": 0.5,
        "status": 200,
        "error": None,
        "server_in_flight": 3,
    }


def test_to_json_sorts_records_by_index() -> None:
    result = together("as-completed", 3)
    result.records.reverse()  # the order they finished in
    data = to_json(Report(server=SERVER, embedded=False, targets=targets(3), results=[result]))
    assert [r["index"] for r in data["modes"][0]["requests"]] == [0, 1, 2]


def test_html_report_escapes_what_it_shows() -> None:
    url = "http://127.0.0.1:1/<script>alert(1)</script>"
    record = RequestRecord(index=0, url=url, delay=None, start=0.0, end=0.1, error="<b>boom</b>")
    report = Report(
        server=None,
        embedded=False,
        targets=[Target(index=0, url=url)],
        results=[ModeResult(mode="gather", ideal=None, records=[record], wall=0.1)],
    )
    page = html_report(report)
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page
    assert page.count("<rect class='request failed'") == 1


@pytest.mark.parametrize(
    ("client_cpu", "server_cpu", "blocked", "held_by"),
    [
        (99.0, None, 0.0, "bound by the client's CPU: 99.00 s of 99.99 s, 990.00 ms a request"),
        (1.0, 99.0, 0.0, "bound by the server's CPU: 99.00 s of 99.99 s"),
        (1.0, 2.0, 99.0, "its event loop was blocked 99.00 s of 99.99 s"),
        (40.0, 50.0, 0.0, "99.99 s, not 1.00 s; CPU: client 40.00 s, server 50.00 s"),
    ],
    ids=["client", "server", "loop", "neither"],
)
def test_what_held_a_mode_is_one_line_of_80_columns(
    client_cpu: float, server_cpu: float | None, blocked: float, held_by: str
) -> None:
    # the longest mode name, 100 requests of 1 s that took 99.99 s: the widest numbers
    result = together("as-completed", 100, delay=1.0)
    result.wall = 99.99
    result.client_cpu, result.server_cpu, result.loop_blocked = client_cpu, server_cpu, blocked
    assert bound(result) == held_by
    assert len(f"as-completed: {held_by}") <= 80


def test_other_clients_at_the_server_are_named_not_counted() -> None:
    alone = sequential(3)
    crowded = dataclasses.replace(sequential(3), peak_with_others=51)
    for result, said in ((alone, False), (crowded, True)):
        report = Report(server=SERVER, embedded=False, targets=targets(3), results=[result])
        lines = rendered(report)
        assert re.search(r"^sequential .* 1$", "\n".join(lines), re.M)  # the run's own peak
        note = "sequential: other clients' requests too: the server held 51 in all"
        assert (note in lines) is said, lines
