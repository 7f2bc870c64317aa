"""The run as a self-contained HTML page: per mode, one SVG bar per request, and the table.

No script and no network: the SVG is drawn here from the same records as the terminal
report. Above MAX_BARS requests a mode shows how many were in flight over time instead.
"""

from collections.abc import Callable
from html import escape

from client.records import Report, RequestRecord
from client.report import COLUMNS, headline, in_flight, seconds, table_rows

MAX_BARS = 300
WIDTH, LEFT, ROW = 900, 60, 12  # pixels: the drawing, the label column, one bar

STYLE = """
body { font: 16px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 960px;
       color: #101418; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #f2f4f8; background: #0b0e14; } }
table { border-collapse: collapse; margin: 1rem 0 2rem; }
th, td { padding: .3rem .9rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { border-bottom: 2px solid #8b93a7; }
svg text { fill: #8b93a7; font-size: 12px; }
.ok { fill: #2e9e5b; } .failed { fill: #d0342c; } .area { fill: #4cc2ff; }
.axis { stroke: #8b93a7; }
"""


def html_report(report: Report) -> str:
    scale = max((r.wall for r in report.results), default=0.0) or 1e-3
    parts = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>demo-client report</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(headline(report).plain)}</h1>",
        summary(report),
    ]
    for result in report.results:
        if len(result.records) <= MAX_BARS:
            parts.append(f"<h2>{escape(result.mode)}</h2>")
            parts.append(bars(result.records, scale))
        else:
            parts.append(f"<h2>{escape(result.mode)}: requests in flight</h2>")
            parts.append(area(in_flight(result.records, scale, WIDTH - LEFT), scale))
    parts.append("</body></html>")
    return "\n".join(parts)


def summary(report: Report) -> str:
    head = "".join(f"<th>{escape(column)}</th>" for column in COLUMNS)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in table_rows(report)
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def bars(records: list[RequestRecord], scale: float) -> str:
    x = _x_scale(scale)
    height = ROW * len(records) + 30
    shapes = []
    for row, r in enumerate(sorted(records, key=lambda r: r.index)):
        y = row * ROW
        label = f"#{r.index + 1} {r.url}: {seconds(r.start)} to {seconds(r.end)}, " + (
            r.error or f"HTTP {r.status}"
        )
        shapes.append(
            f"<rect class='request {'ok' if r.ok else 'failed'}' x='{x(r.start):.1f}' "
            f"y='{y + 1}' width='{max(1.0, x(r.end) - x(r.start)):.1f}' height='{ROW - 2}'>"
            f"<title>{escape(label)}</title></rect>"
        )
        if len(records) <= 40:
            shapes.append(
                f"<text x='{LEFT - 8}' y='{y + ROW - 2}' text-anchor='end'>#{r.index + 1}</text>"
            )
    return _svg(height, "".join(shapes) + _axis(ROW * len(records), scale))


def area(counts: list[int], scale: float) -> str:
    plot = 200
    peak = max(counts, default=0) or 1
    points = " ".join(
        f"{LEFT + i},{plot - plot * c / peak:.1f} {LEFT + i + 1},{plot - plot * c / peak:.1f}"
        for i, c in enumerate(counts)
    )
    shape = (
        f"<polygon class='area' points='{LEFT},{plot} {points} {LEFT + len(counts)},{plot}'/>"
        f"<text x='{LEFT - 8}' y='12' text-anchor='end'>{peak}</text>"
        f"<text x='{LEFT - 8}' y='{plot}' text-anchor='end'>0</text>"
    )
    return _svg(plot + 30, shape + _axis(plot, scale))


def _x_scale(scale: float) -> Callable[[float], float]:
    return lambda t: LEFT + (WIDTH - LEFT) * t / scale


def _axis(y: int, scale: float) -> str:
    x = _x_scale(scale)
    ticks = "".join(
        f"<text x='{x(t):.1f}' y='{y + 18}' text-anchor='middle'>{seconds(t)}</text>"
        for t in (scale * f for f in (0, 0.25, 0.5, 0.75, 1))
    )
    return f"<line class='axis' x1='{LEFT}' y1='{y + 2}' x2='{WIDTH}' y2='{y + 2}'/>{ticks}"


def _svg(height: int, body: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH + 40}' height='{height + 10}' "
        f"viewBox='0 -10 {WIDTH + 40} {height + 10}'>{body}</svg>"
    )
