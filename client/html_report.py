"""The run as a self-contained HTML page, made to be projected: a short title, the verdict,
every mode's requests on one time scale (SVG, the window's width), then the table.

No script and no network: the picture is drawn here, from the same records and with the
same lanes and ticks as the terminal's timeline (client/report.py).
"""

import base64
from dataclasses import dataclass
from html import escape

from client.records import ModeResult, Report, RequestRecord
from client.report import COLUMNS, notes, seconds, table_rows, what_ran
from client.timeline import at_once, in_flight, lanes_of, nice_step, sequential_ghost

MAX_LANES = 40  # beyond, each mode is drawn as how many were in flight over time
WIDTH, LEFT, RIGHT = 1200, 190, 150  # SVG units: about a pixel each in a 1280 px window
LANE, GAP, AREA = 24, 6, 90  # a lane's height, the space between, an in-flight area's

# the text grows with the window as the picture does: 20 px at 1280 wide, as its labels
PAGE = """
body { font: max(16px, 94vw / 60)/1.4 system-ui, sans-serif; margin: 1.5rem 3vw;
       color: #101418; background: #fff; }
h1 { font-size: 1.6em; margin: 0 0 .3rem; }
@media (prefers-color-scheme: dark) { body { color: #f2f4f8; background: #0b0e14; } }
"""
# scoped to .run, so that the same picture can sit in a notebook's page (_repr_html_)
RUN = """
.run .verdict { font-size: 1.3em; font-weight: 700; margin: 0 0 1rem; }
.run svg { width: 100%; height: auto; display: block; }
.run svg text { font: 20px system-ui, sans-serif; fill: currentColor; }
.run svg .mode { font-weight: 700; }
.run .ok { fill: #1f8f4e; background: #1f8f4e; } .run .shade { fill: #57c785; }
.run .failed { fill: #d0342c; background: #d0342c; }
.run .cancelled { fill: #e0a100; background: #e0a100; }
.run .ghost { stroke: currentColor; stroke-width: 3; stroke-dasharray: 4 8; }
.run .area { fill: #2f8fd8; } .run .axis { stroke: currentColor; stroke-width: 2; }
.run table { border-collapse: collapse; margin: 1.2rem 0; }
.run th, .run td { padding: .3rem 1rem; text-align: right; }
.run th:first-child, .run td:first-child { text-align: left; }
.run th { border-bottom: 2px solid currentColor; }
.run .notes { margin: .2rem 0; }
.run .key { display: inline-block; width: 1.2em; height: .9em; margin: 0 .4em 0 1.2em; }
.run .key:first-child { margin-left: 0; }
"""


def html_report(report: Report) -> str:
    """The whole page, for --report."""
    modes = " vs ".join(r.mode for r in report.results) or "no modes"
    title = f"{modes}: {what_ran(report)}"
    return "\n".join(
        [
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
            "<meta name='viewport' content='width=device-width, initial-scale=1'>",
            f"<title>{escape(title)}</title><style>{PAGE}{RUN}</style></head><body>",
            f"<h1>{escape(title)}</h1>",
            run_view(report),
            "</body></html>",
        ]
    )


def run_view(report: Report) -> str:
    """The verdict, the table, the picture and the notes: in a page, or in a notebook.
    The table comes before the picture, which grows with the lanes: its numbers stay on
    the first screen."""
    *rest, verdict = notes(report)
    return "\n".join(
        [
            "<div class='run'>",
            f"<p class='verdict'>{escape(verdict.plain)}</p>",
            summary(report),
            timeline(report),
            legend(),
            *(f"<p class='notes'>{escape(line.plain)}</p>" for line in rest),
            "</div>",
        ]
    )


# the picture's own style, for when it is an image: a notebook not yet trusted (a fresh
# clone) strips <style> and inline <svg> from what a cell shows, but keeps an <img>
IMAGE = """
rect.page { fill: #fff; } text { font: 20px system-ui, sans-serif; fill: #101418; }
.mode { font-weight: 700; } .ok { fill: #1f8f4e; } .shade { fill: #57c785; }
.failed { fill: #d0342c; } .cancelled { fill: #e0a100; } .area { fill: #2f8fd8; }
.ghost { stroke: #101418; stroke-width: 3; stroke-dasharray: 4 8; }
.axis { stroke: #101418; stroke-width: 2; }
"""


@dataclass(frozen=True)
class Picture:
    """A report as a notebook shows it: `Picture(report)` as the last line of a cell."""

    report: Report

    def _repr_html_(self) -> str:
        return notebook_view(self.report)


def notebook_view(report: Report) -> str:
    """The verdict, the picture as an image (a notebook not yet trusted keeps it), the table."""
    *_, verdict = notes(report)
    picture = base64.b64encode(timeline(report, style=IMAGE).encode()).decode()
    return (
        f"<p><b>{escape(verdict.plain)}</b></p>"
        f"<img src='data:image/svg+xml;base64,{picture}' style='max-width: 100%' "
        f"alt='each request from its start to its end'>{summary(report)}"
    )


def summary(report: Report) -> str:
    head = "".join(f"<th>{escape(column)}</th>" for column in COLUMNS)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in table_rows(report)
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def legend() -> str:
    kinds = [("ok", "ok"), ("failed", "failed"), ("cancelled", "cancelled (Ctrl-C)")]
    keys = "".join(f"<span class='key {kind}'></span>{text}" for kind, text in kinds)
    return f"<p class='legend'>{keys}</p>"


class Axis:
    """Seconds to SVG units, with round ticks (the terminal's steps)."""

    def __init__(self, end: float) -> None:
        self.step = nice_step(end, 12)
        self.ticks = max(1, round(end / self.step + 0.4999))
        self.end = self.ticks * self.step

    def x(self, t: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * t / self.end

    def draw(self, y: float) -> str:
        parts = [f"<line class='axis' x1='{LEFT}' y1='{y}' x2='{self.x(self.end)}' y2='{y}'/>"]
        for i in range(self.ticks + 1):
            x = self.x(i * self.step)
            parts.append(f"<line class='axis' x1='{x:.1f}' y1='{y}' x2='{x:.1f}' y2='{y + 8}'/>")
            label = f"{round(i * self.step, 6):g} s"
            parts.append(f"<text x='{x:.1f}' y='{y + 32}' text-anchor='middle'>{label}</text>")
        return "".join(parts)


def timeline(report: Report, style: str = "") -> str:
    results = report.results
    ghost = sequential_ghost(report)
    axis = Axis(max([r.wall for r in results] + [ghost or 0.0]) or 1e-3)
    lanes = {r.mode: lanes_of(r, most=MAX_LANES) for r in results}
    as_lanes = sum(len(lane) for lane in lanes.values()) <= MAX_LANES
    parts, y = [], 0.0
    for result in results:
        if as_lanes:
            shapes, height = lane_shapes(result, lanes[result.mode], axis, y)
        else:
            shapes, height = area_shapes(result, axis, y)
        parts.append(f"<g class='mode' data-mode='{escape(result.mode)}'>{shapes}</g>")
        y += height + 2 * GAP
    if ghost is not None:
        middle = y + LANE / 2
        parts.append(
            f"<text class='mode' x='0' y='{middle + 7}'>one by one</text>"
            f"<line class='ghost' x1='{LEFT}' y1='{middle}' x2='{axis.x(ghost):.1f}' "
            f"y2='{middle}'/><text x='{axis.x(ghost) + 12:.1f}' y='{middle + 7}'>at best</text>"
        )
        y += LANE + 2 * GAP
    parts.append(axis.draw(y))
    height = y + 44
    if style:  # a picture of its own: its style and its white page inside it
        parts.insert(0, f"<style>{style}</style><rect class='page' width='100%' height='100%'/>")
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {height:.0f}' "
        f"role='img' aria-label='each request from its start to its end'>{''.join(parts)}</svg>"
    )


def lane_shapes(
    result: ModeResult, lanes: list[list[RequestRecord]], axis: Axis, top: float
) -> tuple[str, float]:
    parts = [f"<text class='mode' x='0' y='{top + LANE - 5}'>{escape(result.mode)}</text>"]
    for i, lane in enumerate(lanes):
        y = top + i * (LANE + GAP)
        for k, record in enumerate(lane):
            parts.append(bar(record, axis, y, shaded=k % 2 == 1))
        if result.arrivals and len(lane) == 1:
            label = f"#{lane[0].index + 1}" + (" first" if i == 0 else "")
        else:
            label = at_once(len(lanes)) if i == 0 else ""
        if label:
            x = axis.x(axis.end) + 12
            parts.append(f"<text x='{x:.1f}' y='{y + LANE - 5}'>{escape(label)}</text>")
    return "".join(parts), len(lanes) * (LANE + GAP) - GAP


def bar(record: RequestRecord, axis: Axis, y: float, *, shaded: bool) -> str:
    kind = "cancelled" if record.cancelled else "ok" if record.ok else "failed"
    classes = f"request {kind}" + (" shade" if shaded and record.ok else "")
    what = record.error or f"HTTP {record.status}"
    label = f"#{record.index + 1} {record.url}: {seconds(record.start)} to {seconds(record.end)}"
    width = max(2.0, axis.x(record.end) - axis.x(record.start))
    return (
        f"<rect class='{classes}' x='{axis.x(record.start):.1f}' y='{y}' width='{width:.1f}' "
        f"height='{LANE}'><title>{escape(label)}, {escape(what)}</title></rect>"
    )


def area_shapes(result: ModeResult, axis: Axis, top: float) -> tuple[str, float]:
    columns = 300
    counts = in_flight(result.records, axis.end / columns, columns)
    peak = max(counts, default=0) or 1
    step = (axis.x(axis.end) - LEFT) / columns
    points = " ".join(
        f"{LEFT + i * step:.1f},{top + AREA * (1 - c / peak):.1f} "
        f"{LEFT + (i + 1) * step:.1f},{top + AREA * (1 - c / peak):.1f}"
        for i, c in enumerate(counts)
    )
    bottom = top + AREA
    return (
        f"<text class='mode' x='0' y='{top + 24}'>{escape(result.mode)}</text>"
        f"<polygon class='area' points='{LEFT},{bottom} {points} {axis.x(axis.end):.1f},{bottom}'>"
        f"<title>requests in flight over time</title></polygon>"
        f"<text x='{axis.x(axis.end) + 12:.1f}' y='{top + 24}'>peak {max(counts)}</text>"
    ), AREA
