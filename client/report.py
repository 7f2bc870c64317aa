"""Three views of the same records: a summary table, a timeline, and JSON."""

import math

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from client.records import ModeResult, Report, RequestRecord

MAX_BARS = 20  # above this many requests, the timeline shows requests in flight instead
LEVELS = " ▁▂▃▄▅▆▇█"
BASELINES = {
    "sequential": "the sequential run",
    "sum-of-delays": "the sum of the delays (sequential's ideal)",
}


def render(report: Report, console: Console, *, timeline: bool) -> None:
    """The table, the timeline and the notes (the headline is printed before the run)."""
    console.print(summary_table(report))
    if timeline and report.results:
        console.print(timeline_view(report.results, width=min(console.width, 100)))
    for line in footnotes(report):
        console.print(line, soft_wrap=True)  # one line each, for grep: the terminal wraps it


def headline(report: Report) -> Text:
    n = len(report.targets)
    delays = {t.delay for t in report.targets}
    if None in delays:
        what = f"{plural(n, 'request')} to the given URLs"
    elif len(delays) == 1:
        what = f"{plural(n, 'request')} of {delays.pop():g} s" + (" each" if n > 1 else "")
    else:
        what = f"{n} requests of {min(delays):g} to {max(delays):g} s"  # type: ignore[type-var]
    where = f" against {report.server}" if report.server else ""
    if report.embedded:
        where += " (embedded)"
    if report.loop != "asyncio":
        where += f", on {report.loop}"
    return Text(what + where, style="bold")


COLUMNS = ("mode", "wall", "ideal", "speedup", "ok", "failed", "server peak")


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
        speedup, failed = report.speedup(result), result.failed
        table.add_row(
            *row[:3],
            Text(row[3], style="bold green" if speedup and speedup >= 2 else ""),
            row[4],
            Text(row[5], style="bold red" if failed else ""),
            row[6],
        )
    return table


def timeline_view(results: list[ModeResult], width: int) -> RenderableType:
    """One bar per request from its start to its end, all modes on one time scale."""
    scale = max((r.wall for r in results), default=0.0) or 1e-3
    label = 5
    columns = max(10, width - label)
    lines: list[Text] = []
    for result in results:
        records = sorted(result.records, key=lambda r: r.index)
        if len(records) <= MAX_BARS:
            lines.append(Text(f"\n{result.mode}", style="bold"))
            lines.extend(
                Text(f"#{r.index + 1:<{label - 1}}") + bar(r, scale, columns) for r in records
            )
        else:
            counts = in_flight(records, scale, columns)
            lines.append(
                Text(f"\n{result.mode}", style="bold")
                + Text(f": requests in flight (peak {max(counts)})")
            )
            lines.append(Text(" " * label) + sparkline(counts))
    lines.extend(Text(" " * label) + line for line in axis(scale, columns))
    return Group(*lines)


def bar(record: RequestRecord, scale: float, columns: int) -> Text:
    first = min(columns - 1, int(record.start / scale * columns))
    last = max(first + 1, min(columns, math.ceil(record.end / scale * columns)))
    if record.ok:
        return Text(" " * first) + Text("█" * (last - first), style="green")
    return Text(" " * first) + Text("░" * (last - first), style="red")


def in_flight(records: list[RequestRecord], scale: float, columns: int) -> list[int]:
    """The most requests in flight at once during each column of time."""
    # at equal times an end (-1) sorts before a start (+1): back to back is not overlap
    events = sorted([(r.start, 1) for r in records] + [(r.end, -1) for r in records])
    counts, current, i = [], 0, 0
    for column in range(columns):
        peak = current
        while i < len(events) and events[i][0] < (column + 1) * scale / columns:
            current += events[i][1]
            peak = max(peak, current)
            i += 1
        counts.append(peak)
    return counts


def sparkline(counts: list[int]) -> Text:
    peak = max(counts, default=0) or 1
    return Text(
        "".join(LEVELS[math.ceil(c / peak * (len(LEVELS) - 1))] for c in counts), style="cyan"
    )


def axis(scale: float, columns: int) -> list[Text]:
    left, right = "0 s", seconds(scale)
    return [
        Text("└" + "─" * (columns - 2) + "┘", style="dim"),
        Text(left + right.rjust(columns - len(left)), style="dim"),
    ]


def footnotes(report: Report) -> list[Text]:
    lines: list[Text] = []
    baseline = report.baseline
    if baseline and any(report.speedup(r) for r in report.results):
        against = BASELINES[baseline[1]]
        lines.append(Text(f"speedup: against {against}", style="dim"))
    for result in report.results:
        failed = [r for r in result.records if not r.ok and not r.cancelled]
        for record in failed[:5]:
            url = record.url.removeprefix(report.server or "\0")  # /delay/1, not the whole URL
            line = f"{result.mode}: #{record.index + 1} {url}: {record.error}"
            lines.append(Text(line, style="red"))
        if len(failed) > 5:
            lines.append(Text(f"{result.mode}: ... and {len(failed) - 5} more failed", style="red"))
    if report.interrupted:
        cancelled = sum(r.cancelled for r in report.results)
        note = f"; {plural(cancelled, 'request')} in flight cancelled" if cancelled else ""
        lines.append(Text(f"interrupted (Ctrl-C): partial results{note}", style="bold yellow"))
    elif takeaway := best(report):
        lines.append(takeaway)
    return lines


def best(report: Report) -> Text | None:
    """The one line to leave on the screen: the fastest mode against the baseline."""
    rated = [(s, r) for r in report.results if (s := report.speedup(r)) and r.mode != "sequential"]
    if not rated or report.baseline is None:
        return None
    speedup, result = max(rated, key=lambda pair: pair[0])
    verdict = f"{speedup:.1f}x faster" if speedup >= 1.2 else "no faster"
    return Text(
        f"{result.mode}: {plural(len(result.records), 'request')} in {seconds(result.wall)} "
        f"instead of {seconds(report.baseline[0])}: {verdict}",
        style="bold",
    )


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
                "interrupted": r.interrupted,
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
