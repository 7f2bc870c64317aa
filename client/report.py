"""The report in words and pictures, from the records alone: a summary table, a timeline,
what bounded the run, and the verdict; and the same run as JSON.

Everything fits 80 x 24 with the verdict on the last line: a projector shows one screen.
"""

from collections.abc import Iterator

from rich.console import Console
from rich.table import Table
from rich.text import Text

from client.records import ModeResult, Report, RequestRecord
from client.timeline import at_once, duration, timeline_lines

COLUMNS = ("mode", "wall", "ideal", "speedup", "ok", "failed", "server peak")
# beyond this speedup over a one by one that did not run, the ratio is mostly the run's
# overhead and swings from run to run: the verdict gives the two times instead
IN_WORDS = 100


def render(report: Report, console: Console, *, timeline: bool) -> None:
    """The table, the timeline and the notes (the headline is printed before the run)."""
    if not report.results:  # Ctrl-C before the first mode began: no table to show
        console.print(verdict(report))
        return
    console.print(summary_table(report))
    if timeline and report.results:
        for line in timeline_lines(report, width=min(console.width, 100)):
            console.print(line, no_wrap=True, overflow="crop")
    for line in notes(report):
        console.print(line, soft_wrap=True)  # one line each, for grep: the terminal wraps it


def headline(report: Report) -> Text:
    """What is about to run, and against what."""
    where = ""
    if report.embedded:
        where = ", to the demo server started here"
    elif report.server:
        where = f", to {report.server}"
    if report.loop != "asyncio":
        where += f", on {report.loop}"
    return Text(what_ran(report) + where, style="bold")


def what_ran(report: Report) -> str:
    """`10 requests of 1 s each`, `10 requests of 0.5 to 1.5 s`."""
    n = len(report.targets)
    delays = {t.delay for t in report.targets}
    if None in delays:
        return f"{plural(n, 'request')} to the given URL" + "s" * (n > 1)
    if len(delays) == 1:
        return f"{plural(n, 'request')} of {delays.pop():g} s" + (" each" if n > 1 else "")
    return f"{n} requests of {min(delays):g} to {max(delays):g} s"  # type: ignore[type-var]


def table_rows(report: Report) -> list[tuple[str, ...]]:
    """The summary's cells, one row per mode in COLUMNS' order: the same in every view."""
    rows = []
    for result in report.results:
        speedup = report.speedup(result)
        rows.append(
            (
                result.mode + (" (interrupted)" if result.interrupted else ""),
                seconds(result.wall),
                seconds(result.ideal),
                f"{speedup:.1f}x" if speedup is not None else "-",
                str(result.ok),
                str(result.failed),
                str(result.server_peak) if result.server_peak is not None else "-",
            )
        )
    return rows


def summary_table(report: Report) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in COLUMNS:
        table.add_column(column, justify="left" if column == "mode" else "right")
    for result, row in zip(report.results, table_rows(report), strict=True):
        speedup = report.speedup(result)
        table.add_row(
            *row[:3],
            Text(row[3], style="bold green" if speedup and speedup >= 2 else ""),
            row[4],
            Text(row[5], style="bold red" if result.failed else ""),
            row[6],
        )
    return table


# the notes under the picture: failures, what bounded the run, the verdict


def notes(report: Report) -> Iterator[Text]:
    for result in report.results:
        yield from failures(result, report.server)
    for result in report.results:
        if (limit := bound(result)) is not None:
            yield Text(f"{result.mode}: {limit}")
        if (result.peak_with_others or 0) > (result.server_peak or 0):
            held = result.peak_with_others
            yield Text(f"{result.mode}: other clients' requests too: the server held {held} in all")
    yield verdict(report)


def failures(result: ModeResult, server: str | None) -> Iterator[Text]:
    """Each reason once: with its request when it is alone, with how many when not."""
    failed = [r for r in result.records if not r.ok and not r.cancelled]
    by_reason: dict[str | None, list[RequestRecord]] = {}
    for record in sorted(failed, key=lambda r: r.index):
        by_reason.setdefault(record.error, []).append(record)
    groups = sorted(by_reason.items(), key=lambda group: -len(group[1]))  # the most first
    for reason, records in groups[:3]:
        if len(records) == 1:
            url = records[0].url.removeprefix(server or "\0")  # /delay/1, not the whole URL
            what = f"#{records[0].index + 1} {url}"
        else:
            what = f"{len(records)} requests ({numbers(records)})"
        yield Text(f"{result.mode}: {what}: {reason}", style="red")
    if rest := sum(len(records) for _, records in groups[3:]):
        yield Text(f"{result.mode}: ... and {plural(rest, 'more request')} failed", style="red")
    if result.cancelled and not result.interrupted:  # a TaskGroup stopped at its first failure
        seen = "" if result.given_up is None else f" (the server saw {result.given_up} given up)"
        yield Text(
            f"{result.mode}: the failure cancelled the other {result.cancelled}{seen}",
            style="yellow",
        )


def numbers(records: list[RequestRecord]) -> str:
    """`#1, #2, #5` or `#1, #2, #3 and 7 more`."""
    shown = ", ".join(f"#{r.index + 1}" for r in records[:3])
    return shown + (f" and {len(records) - 3} more" if len(records) > 3 else "")


def bound(result: ModeResult) -> str | None:
    """What kept a mode from its ideal time, measured in the run; None if nothing did."""
    if result.ideal is None or result.interrupted or not result.records:
        return None
    if result.wall - result.ideal < max(0.2, 0.5 * result.ideal):
        return None
    wall = seconds(result.wall)
    if result.loop_blocked > 0.5 * result.wall and result.client_cpu < 0.5 * result.loop_blocked:
        return f"its event loop was blocked {seconds(result.loop_blocked)} of {wall}"
    client = seconds(result.client_cpu)
    if result.client_cpu > 0.6 * result.wall:
        per_request = result.client_cpu / len(result.records) * 1000
        return f"bound by the client's CPU: {client} of {wall}, {per_request:.2f} ms a request"
    if result.server_cpu is not None and result.server_cpu > 0.6 * result.wall:
        return f"bound by the server's CPU: {seconds(result.server_cpu)} of {wall}"
    server = f", server {seconds(result.server_cpu)}" if result.server_cpu is not None else ""
    return f"{wall}, not {seconds(result.ideal)}; CPU: client {client}{server}"


def verdict(report: Report) -> Text:
    """The one line to leave on the screen."""
    if report.interrupted:
        cancelled = sum(r.cancelled for r in report.results)
        note = f"; {plural(cancelled, 'request')} in flight cancelled" if cancelled else ""
        if not report.results:
            return Text("interrupted (Ctrl-C) before the first mode", style="bold yellow")
        return Text(f"interrupted (Ctrl-C): partial results{note}", style="bold yellow")
    rated = [(s, r) for r in report.results if (s := report.speedup(r)) and r.mode != "sequential"]
    if not rated or report.baseline is None:
        done = sum(r.ok for r in report.results)
        return Text(f"{plural(done, 'request')} answered, nothing to compare", style="bold")
    speedup, result = max(rated, key=lambda pair: pair[0])
    base, against = report.baseline
    n = plural(len(result.records), "request")
    if against == "sequential":
        what = f"{result.mode}: the same {n} in {seconds(result.wall)} instead of {seconds(base)}"
    elif speedup >= IN_WORDS:
        what = f"{result.mode}: {n} in {seconds(result.wall)}"
        return Text(f"{what}; one by one would take {duration(base)}: not run", style="bold")
    else:
        what = f"{result.mode}: {n} in {seconds(result.wall)}; one by one, {seconds(base)} or more"
    faster = f"{speedup:.1f}x faster" if speedup >= 1.2 else "no faster"
    return Text(f"{what}: {faster}", style="bold")


def result_line(result: ModeResult) -> Text:
    """One mode's result in a sentence, as soon as it is measured (--step)."""
    peak = result.server_peak
    held = f"; the server held {at_once(peak)}" if peak else ""
    n = plural(len(result.records), "request")
    return Text(f"{result.mode}: {n} in {seconds(result.wall)}{held}", style="bold")


def single_failure(report: Report) -> str | None:
    """The reason, when every request of the run failed for the same one."""
    records = [r for result in report.results for r in result.records]
    reasons = {r.error for r in records}
    if records and len(reasons) == 1 and not any(r.ok or r.cancelled for r in records):
        return reasons.pop()
    return None


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def to_json(report: Report) -> dict[str, object]:
    """The whole run as one object (documented in the README)."""
    baseline = report.baseline
    return {
        "server": report.server,
        "embedded_server": report.embedded,
        "event_loop": report.loop,
        "requests": len(report.targets),
        "interrupted": report.interrupted,
        "speedup_baseline": baseline[1] if baseline else None,
        "modes": [
            {
                "mode": r.mode,
                "wall_s": round(r.wall, 6),
                "ideal_s": r.ideal,
                "speedup": round(s, 3) if (s := report.speedup(r)) else None,
                "ok": r.ok,
                "failed": r.failed,
                "cancelled": r.cancelled,
                "server_peak": r.server_peak,
                "server_given_up": r.given_up,
                "server_peak_with_others": r.peak_with_others,
                "interrupted": r.interrupted,
                "client_cpu_s": round(r.client_cpu, 6),
                "server_cpu_s": round(r.server_cpu, 6) if r.server_cpu is not None else None,
                "loop_blocked_s": round(r.loop_blocked, 6),
                "arrival_order": r.arrivals or None,
                "requests": [
                    {
                        "index": rec.index,
                        "url": rec.url,
                        "delay_s": rec.delay,
                        "start_s": round(rec.start, 6),
                        "end_s": round(rec.end, 6),
                        "status": rec.status,
                        "error": rec.error,
                        "server_in_flight": rec.server_in_flight,
                    }
                    for rec in sorted(r.records, key=lambda rec: rec.index)
                ],
            }
            for r in report.results
        ],
    }
