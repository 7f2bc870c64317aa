"""The terminal's picture of a run: every mode on one time scale, each request a bar in a
lane (a lane holds requests one after another), or, when there are too many to draw one by
one, how many were in flight over time. Drawn from the records alone.
"""

import math

from rich.text import Text

from client.records import ModeResult, Report, RequestRecord

MARGIN = 13  # the left column: the mode's name
RIGHT = 14  # and the right one: how many ran at once
LANES = 12  # at most this many rows of bars; beyond, how many were in flight
CHART = 8  # the rows of the in-flight chart, shared by the modes
LEVELS = " ▁▂▃▄▅▆▇█"
SHADES = ("█", "▓")  # one request after another in a lane: where one ends, the next begins
FAILED, CANCELLED = "░", "╳"
STEPS = (1, 2, 5)  # axis ticks: 1, 2 or 5 times a power of ten


def timeline_lines(report: Report, width: int) -> list[Text]:
    """Each mode's requests as bars in lanes, or, when that would not fit, a chart of how
    many were in flight; then the time axis. Beside bars, one by one (when it did not run)
    is drawn as a dotted line for contrast; a chart or as-completed's arrival order keeps
    the run's own length (the verdict says the rest in words)."""
    results = report.results
    lanes = {r.mode: lanes_of(r, most=LANES) for r in results}
    as_lanes = sum(len(lane) for lane in lanes.values()) <= LANES
    ghost = sequential_ghost(report)
    if not as_lanes or any(r.arrivals for r in results):
        ghost = None
    end = max([r.wall for r in results] + [ghost or 0.0]) or 1e-3
    durations = sorted(r.end - r.start for result in results for r in result.records)
    unit = durations[len(durations) // 2] if durations else end
    scale = Scale(end, width - MARGIN - RIGHT, unit)
    if as_lanes:
        lines = [line for r in results for line in lane_rows(r, lanes[r.mode], scale)]
    else:
        lines = in_flight_chart(results, scale)
    if ghost is not None:
        dots = "·" * scale.cell(ghost)
        lines.append(Text(f"{'one by one':<{MARGIN}}", style="bold") + dots + "  at best")
    return [Text(), *lines, *scale.axis()]


def in_flight_chart(results: list[ModeResult], scale: "Scale") -> list[Text]:
    """How many requests were in flight during each column of time: a filled curve per
    mode, on one vertical scale for all (its top is the most any mode had in flight)."""
    every = scale.seconds_per_column
    counts = {r.mode: in_flight(r.records, every, scale.columns) for r in results}
    peak = max((max(c, default=0) for c in counts.values()), default=0) or 1
    rows = max(1, CHART // len(results))
    eighths = len(LEVELS) - 1
    lines = []
    for result in results:
        # in eighths of a row, rounded up: one request in flight still shows
        heights = [math.ceil(c / peak * rows * eighths) for c in counts[result.mode]]
        for row in range(rows - 1, -1, -1):
            bars = "".join(LEVELS[min(eighths, max(0, h - row * eighths))] for h in heights)
            name = result.mode if row == 0 else ""  # on the baseline, where every bar starts
            line = Text(f"{name:<{MARGIN}}", style="bold") + Text(bars, style="cyan")
            if not lines:
                line.append("  in flight")
            lines.append(line)
    return lines


def duration(value: float) -> str:
    """`9.50 s`, `3 min 20 s`, `2 h 47 min`: a long time in words a room reads at once."""
    if value < 100:
        return f"{value:.2f} s"
    if value < 3600:
        minutes, rest = divmod(round(value), 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, minutes = divmod(round(value / 60), 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


class Scale:
    """Seconds to columns, on round ticks. Of the round scales that fit, one with ticks
    between 0 and the end, to read the times by; then the one where the typical request
    (`unit` seconds) is a whole number of columns, so that equal requests get equal bars;
    then the finest, then the one that wastes the least."""

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
                    (inside, whole, per_tick / step, -ticks * step, -step, ticks, per_tick)
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


def lanes_of(result: ModeResult, most: int | None = None) -> list[list[RequestRecord]]:
    """Requests placed in lanes, each in the first whose last request ended before it began.
    One after another: one lane. All at once: one lane each. Beyond `most` lanes, it stops
    (10,000 at once would take 10,000 x 10,000 steps to place)."""
    lanes: list[list[RequestRecord]] = []
    for record in sorted(result.records, key=lambda r: (r.start, r.index)):
        free = next((lane for lane in lanes if lane[-1].end <= record.start + 1e-3), None)
        if free is None:
            if most is not None and len(lanes) == most:
                return [*lanes, [record]]  # one too many: more than fit
            lanes.append([record])
        else:
            free.append(record)
    if result.arrivals:  # as_completed: the order it handed them over, first at the top
        rank = {index: i for i, index in enumerate(result.arrivals)}
        lanes.sort(key=lambda lane: rank.get(lane[-1].index, len(rank)))
    return lanes


def lane_rows(result: ModeResult, lanes: list[list[RequestRecord]], scale: "Scale") -> list[Text]:
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
