"""The report in words and pictures, from the records alone: a summary table, a timeline,
what bounded the run, and the verdict; and the same run as JSON.

Everything fits 80 x 24 with the verdict on the last line: a projector shows one screen.
"""

import math
from collections.abc import Iterator

from rich.console import Console
from rich.table import Table
from rich.text import Text

from client.records import ModeResult, Report, RequestRecord

COLUMNS = ("mode", "wall", "ideal", "speedup", "ok", "failed", "server peak")
MARGIN = 13  # the timeline's left column: the mode's name
RIGHT = 14  # and its right one: how many ran at once
LANES = 12  # at most this many rows of bars; beyond, each mode is one row of in-flight counts
LEVELS = " ▁▂▃▄▅▆▇█"
SHADES = ("█", "▓")  # one request after another in a lane: where one ends, the next begins
FAILED, CANCELLED = "░", "╳"
STEPS = (1, 2, 5)  # axis ticks: 1, 2 or 5 times a power of ten


def render(report: Report, console: Console, *, timeline: bool) -> None:
    """The table, the timeline and the notes (the headline is printed before the run)."""
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


# the timeline: every mode on one time scale


def timeline_lines(report: Report, width: int) -> list[Text]:
    """Each mode's requests as bars in lanes (a lane holds requests one after another), or,
    when that would not fit, as one row of how many were in flight; then the time axis."""
    results = report.results
    ghost = sequential_ghost(report)
    end = max([r.wall for r in results] + [ghost or 0.0]) or 1e-3
    durations = sorted(r.end - r.start for result in results for r in result.records)
    unit = durations[len(durations) // 2] if durations else end
    scale = Scale(end, width - MARGIN - RIGHT, unit)
    lanes = {r.mode: lanes_of(r) for r in results}
    if sum(len(lane) for lane in lanes.values()) > LANES:
        every = scale.seconds_per_column
        counts = {r.mode: in_flight(r.records, every, scale.columns) for r in results}
        peak = max((max(c, default=0) for c in counts.values()), default=0) or 1
        lines = [in_flight_row(r.mode, counts[r.mode], peak) for r in results]
    else:
        lines = [line for r in results for line in lane_rows(r, lanes[r.mode], scale)]
    if ghost is not None:
        dots = "·" * scale.cell(ghost)
        lines.append(Text(f"{'one by one':<{MARGIN}}", style="bold") + dots + "  at best")
    return [Text(), *lines, *scale.axis()]


class Scale:
    """Seconds to columns, on round ticks. Of the round scales that fit, the one where the
    typical request (`unit` seconds) is a whole number of columns, so that equal requests
    get equal bars; then one with ticks between 0 and the end; then the finest, then the one
    that wastes the least."""

    def __init__(self, end: float, columns: int, unit: float) -> None:
        steps = [nice_step(end, columns // 4)]  # a tick every 4 columns or more
        while len(steps) < 4:  # and the next three round ones
            steps.append(nice_step(steps[-1] * 1.01, 1))
        choices = []
        for step in steps:
            ticks = math.ceil(end / step - 1e-9)
            widest = max(1, columns // ticks)
            for per_tick in range(widest, max(0, widest // 2 - 1), -1):
                cells = unit / step * per_tick
                whole = abs(cells - round(cells)) < 0.15  # of a column: jitter aside
                inside = ticks > 1  # a tick between 0 and the end, to read the times by
                choices.append(
                    (whole, inside, per_tick / step, -ticks * step, -step, ticks, per_tick)
                )
        *_, step, self.ticks, self.per_tick = max(choices)
        self.step = -step
        self.columns = self.per_tick * self.ticks

    @property
    def seconds_per_column(self) -> float:
        return self.step / self.per_tick

    def cell(self, t: float) -> int:
        return min(self.columns, round(t / self.step * self.per_tick))

    def axis(self) -> list[Text]:
        """The axis line, and a label every one, two or five ticks: as many as fit."""
        line = "└" + "".join("─" * (self.per_tick - 1) + "┴" for _ in range(self.ticks))
        names = [f"{round(i * self.step, 6):g} s" for i in range(self.ticks + 1)]
        room = max(len(name) for name in names) + 2
        every = next(k for k in (1, 2, 5, 10, self.ticks) if k * self.per_tick >= room)
        labels = ""
        for i in range(0, self.ticks + 1, every):
            at = i * self.per_tick - (len(names[i]) // 2 if i else 0)
            labels += " " * (at - len(labels)) + names[i]
        return [Text(" " * MARGIN + line[:-1] + "┘"), Text(" " * MARGIN + labels)]


def nice_step(end: float, ticks: int) -> float:
    """The smallest of 1, 2, 5 x 10^k that needs at most `ticks` ticks to reach `end`."""
    power = 10 ** math.floor(math.log10(end / ticks))
    return next(
        step * power * scale
        for scale in (1, 10, 100)
        for step in STEPS
        if math.ceil(end / (step * power * scale) - 1e-9) <= ticks
    )


def lanes_of(result: ModeResult) -> list[list[RequestRecord]]:
    """Requests placed in lanes, each in the first whose last request ended before it began.
    One after another: one lane. All at once: one lane each."""
    lanes: list[list[RequestRecord]] = []
    for record in sorted(result.records, key=lambda r: (r.start, r.index)):
        free = next((lane for lane in lanes if lane[-1].end <= record.start + 1e-3), None)
        if free is None:
            lanes.append([record])
        else:
            free.append(record)
    if result.arrivals:  # as_completed: the order it handed them over, first at the top
        rank = {index: i for i, index in enumerate(result.arrivals)}
        lanes.sort(key=lambda lane: rank.get(lane[-1].index, len(rank)))
    return lanes


def lane_rows(result: ModeResult, lanes: list[list[RequestRecord]], scale: Scale) -> list[Text]:
    rows = []
    for i, lane in enumerate(lanes):
        row = Text(f"{result.mode if i == 0 else '':<{MARGIN}}", style="bold")
        at, ended = 0, 0.0
        for k, record in enumerate(lane):
            # back to back stays back to back: no gap that is only rounding
            touching = record.start - ended < scale.seconds_per_column
            first = at if touching and k else max(at, scale.cell(record.start))
            # as long as it lasted: equal requests, equal bars (the scale keeps the drift
            # of back-to-back ones under a column), and never past the axis
            length = max(1, min(scale.cell(record.end - record.start), scale.columns - first))
            row.append(" " * (first - at))
            row.append(*glyphs(record, SHADES[k % 2], length))
            at, ended = first + length, record.end
        if result.arrivals and len(lane) == 1:
            label = f"#{lane[0].index + 1}" + (" first" if i == 0 else "")
        else:
            label = at_once(len(lanes)) if i == 0 else ""
        if label:
            row.append(" " * max(2, scale.columns - at + 2) + label)
        rows.append(row)
    return rows


def glyphs(record: RequestRecord, shade: str, length: int) -> tuple[str, str]:
    if record.cancelled:
        return CANCELLED * length, "yellow"
    if not record.ok:
        return FAILED * length, "red"
    return shade * length, "green"


def at_once(count: int) -> str:
    return "1 at a time" if count == 1 else f"{count} at once"


def in_flight_row(mode: str, counts: list[int], peak: int) -> Text:
    """How many were in flight during each column, on one vertical scale for all modes."""
    bars = "".join(LEVELS[math.ceil(c / peak * (len(LEVELS) - 1))] for c in counts)
    return (
        Text(f"{mode:<{MARGIN}}", style="bold")
        + Text(bars, style="cyan")
        + f"  peak {max(counts, default=0)}"
    )


def in_flight(records: list[RequestRecord], seconds_per_column: float, columns: int) -> list[int]:
    """The most requests in flight at once during each column of time."""
    # at equal times an end (-1) sorts before a start (+1): back to back is not overlap
    events = sorted([(r.start, 1) for r in records] + [(r.end, -1) for r in records])
    counts, current, i = [], 0, 0
    for column in range(columns):
        peak = current
        while i < len(events) and events[i][0] < (column + 1) * seconds_per_column:
            current += events[i][1]
            peak = max(peak, current)
            i += 1
        counts.append(peak)
    return counts


def sequential_ghost(report: Report) -> float | None:
    """When sequential did not run: how long it would take at best (the sum of the delays),
    drawn, so that a mode run alone still shows its contrast."""
    if any(r.mode == "sequential" for r in report.results) or report.baseline is None:
        return None
    if not any(report.speedup(r) for r in report.results):
        return None
    return report.baseline[0]


# the notes under the picture: failures, what bounded the run, the verdict


def notes(report: Report) -> Iterator[Text]:
    for result in report.results:
        yield from failures(result, report.server)
    for result in report.results:
        if (limit := bound(result)) is not None:
            yield Text(f"{result.mode}: {limit}")
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
