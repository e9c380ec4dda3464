"""Charts as inline SVG: data in, escaped markup out, no JavaScript and no database.

Written by hand rather than with a charting library: the charts are three simple shapes
(labelled bars, columns over time, small multiples), and the libraries that render SVG
server-side either pull in a plotting stack (matplotlib, about 40 MB with numpy) or emit
an inline <style> and script (pygal), which the site's Content-Security-Policy
(`style-src 'self'`, no inline script) refuses. Here the shapes carry class names and
presser.css colours them; nothing depends on colour alone: every chart has direct value
labels or a value axis, a part of a bar is hatched (a pattern, not a hue), and the numbers
stand in a table beside each chart (`_chart.html`).

The SVG is `role="img"`, labelled by its <title> and described by a <desc> that says
what it shows and its largest values; the table is the way to every number.

Use: build a `Chart` (or `over_time()` for counts per month, such as a search's matches
per month) and render it with `{% from "_chart.html" import figure %}{{ figure(chart) }}`,
which draws `svg(chart)` and the table under it."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup, escape

Kind = Literal["bars", "columns", "grid"]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Bar:
    """One labelled count. `part` is the share of it drawn hatched (e.g. deflecting
    answers among all answers); `axis` is the label under a column, "" for none, None to
    use `label` (thinned out when they would overlap)."""

    label: str
    value: int
    href: str | None = None
    part: int = 0
    axis: str | None = None


@dataclass(frozen=True)
class Row:
    """One series of a grid of small charts: a label and a count per column."""

    label: str
    values: tuple[int, ...]
    href: str | None = None

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class Chart:
    """What a chart shows and its numbers; `svg()` draws it, `_chart.html` adds the table.

    `key` makes the element ids (unique on a page); `headers` head the table's columns;
    `notes` say what was left out of the counts and why."""

    key: str
    title: str
    kind: Kind
    headers: tuple[str, ...]
    bars: tuple[Bar, ...] = ()
    rows: tuple[Row, ...] = ()
    columns: tuple[str, ...] = ()
    part_label: str = ""
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9-]*", self.key):
            raise ValueError(f"chart key must be a plain id: {self.key!r}")
        # The table's columns: a label, then a count per column (grid) or the count and,
        # when bars have hatched parts, the part.
        width = len(self.columns) + 2 if self.kind == "grid" else 2 + bool(self.part_label)
        if len(self.headers) != width:
            raise ValueError(f"chart {self.key} needs {width} table headers: {self.headers}")

    @property
    def wide(self) -> bool:
        """Columns over many months, or small multiples: laid out at full width."""
        return self.kind == "grid" or (self.kind == "columns" and len(self.bars) > 12)

    @property
    def empty(self) -> bool:
        return not any(b.value for b in self.bars) and not any(r.total for r in self.rows)


def number(n: int) -> str:
    return f"{n:,}"


def monthly(
    counts: Mapping[tuple[int, int], int], parts: Mapping[tuple[int, int], int] | None = None
) -> tuple[Bar, ...]:
    """A column per month from the first to the last month with a count, empty months
    included (a gap is news); January, and the first month, carry the year."""
    if not counts:
        return ()
    parts = parts or {}
    (y, m), last = min(counts), max(counts)
    bars = []
    first = True
    while (y, m) <= last:
        axis = f"{MONTHS[m - 1]} {y}" if first or m == 1 else ""
        label = f"{y}-{m:02d}"
        bars.append(Bar(label, counts.get((y, m), 0), part=parts.get((y, m), 0), axis=axis))
        first = False
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return tuple(bars)


def yearly(counts: Mapping[int, int], parts: Mapping[int, int] | None = None) -> tuple[Bar, ...]:
    """A column per year from the first to the last, empty years included."""
    if not counts:
        return ()
    parts = parts or {}
    return tuple(
        Bar(str(y), counts.get(y, 0), part=parts.get(y, 0))
        for y in range(min(counts), max(counts) + 1)
    )


# Up to four years by month; past that a column per month is too thin to read.
MONTHLY_SPAN = 48


def timeline(
    by_month: Mapping[tuple[int, int], int], parts: Mapping[tuple[int, int], int] | None = None
) -> tuple[str, tuple[Bar, ...]]:
    """("month", bars) or ("year", bars), whichever reads better for the span."""
    if not by_month:
        return "month", ()
    (y0, m0), (y1, m1) = min(by_month), max(by_month)
    if (y1 - y0) * 12 + m1 - m0 < MONTHLY_SPAN:
        return "month", monthly(by_month, parts)
    years: dict[int, int] = {}
    year_parts: dict[int, int] = {}
    for (y, _), n in by_month.items():
        years[y] = years.get(y, 0) + n
    for (y, _), n in (parts or {}).items():
        year_parts[y] = year_parts.get(y, 0) + n
    return "year", yearly(years, year_parts)


def over_time(
    key: str,
    what: str,
    by_month: Mapping[tuple[int, int], int],
    parts: Mapping[tuple[int, int], int] | None = None,
    part_label: str = "",
    notes: tuple[str, ...] = (),
) -> Chart:
    """Counts per month (or per year, past four years) as a strip of columns: a
    journalist's questions, a principal's answers, a search's matches per month."""
    unit, bars = timeline(by_month, parts)
    headers = (unit.capitalize(), what, *((part_label.capitalize(),) if part_label else ()))
    return Chart(
        key, f"{what} per {unit}", "columns", headers, bars, part_label=part_label, notes=notes
    )


def nice_step(top: int, ticks: int = 4) -> int:
    """A round gridline step (1, 2 or 5 times a power of ten) giving about `ticks` lines."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return int(m * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def describe(chart: Chart) -> str:
    """A sentence for <desc>: what is drawn and its largest values."""
    if chart.kind == "grid":
        top = sorted(chart.rows, key=lambda r: -r.total)[:3]
        span = f"{chart.columns[0]} to {chart.columns[-1]}" if chart.columns else ""
        lead = "; ".join(f"{r.label} {number(r.total)}" for r in top)
        return f"Small charts, one per row, {span}. Totals: {lead}. The table has every count."
    if chart.kind == "bars":
        lead = "; ".join(f"{b.label} {number(b.value)}" for b in chart.bars[:3])
        return f"Bar chart of {len(chart.bars)}. Most: {lead}. The table has every count."
    peak = max(chart.bars, key=lambda b: b.value) if chart.bars else None
    span = f"{chart.bars[0].label} to {chart.bars[-1].label}" if chart.bars else "nothing"
    most = f" Highest: {peak.label}, {number(peak.value)}." if peak else ""
    hatched = f" Hatched: {chart.part_label}." if chart.part_label else ""
    return f"Column chart, {span}.{most}{hatched} The table has every count."


def svg(chart: Chart) -> Markup:
    if chart.kind == "bars":
        body, width, height = _bars(chart)
    elif chart.kind == "columns":
        body, width, height = _columns(chart)
    else:
        body, width, height = _grid(chart)
    k = chart.key
    return Markup(
        f'<svg class="chart-{chart.kind}" role="img" aria-labelledby="{k}-title" '
        f'aria-describedby="{k}-desc" '
        f'viewBox="0 0 {width} {height}" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{k}-title">{escape(chart.title)}</title>'
        f'<desc id="{k}-desc">{escape(describe(chart))}</desc>'
        f"{_hatch(chart)}{''.join(body)}</svg>"
    )


def _hatch(chart: Chart) -> str:
    if not chart.part_label:
        return ""
    return (
        f'<defs><pattern id="{chart.key}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect class="hatch-bg" width="6" height="6"/>'
        '<line class="hatch" x1="0" y1="0" x2="0" y2="6" stroke-width="3"/></pattern></defs>'
    )


def _text(x: float, y: float, s: str, cls: str = "", anchor: str = "start") -> str:
    a = f' text-anchor="{anchor}"' if anchor != "start" else ""
    c = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}"{a}{c}>{escape(s)}</text>'


def _shorten(s: str, limit: int) -> str:
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


# Horizontal bars: the label on its own line above each bar, so long names need no margin
# and the chart stays narrow enough (360 units) to read at phone width.
BAR_WIDTH = 360
BAR_ROW = 40


def _bars(chart: Chart) -> tuple[list[str], int, int]:
    top = max((b.value for b in chart.bars), default=0) or 1
    room = BAR_WIDTH - 64  # the value is written after the bar
    out = []
    for i, b in enumerate(chart.bars):
        y = i * BAR_ROW
        length = max(1.0, room * b.value / top) if b.value else 0.0
        out.append(_text(0, y + 14, _shorten(b.label, 48), "label"))
        out.append(f'<rect class="bar" x="0" y="{y + 19}" width="{length:.1f}" height="14"/>')
        if b.part:
            plen = max(1.0, room * b.part / top)
            out.append(
                f'<rect class="part" fill="url(#{chart.key}-hatch)" x="0" y="{y + 19}" '
                f'width="{plen:.1f}" height="14"/>'
            )
        out.append(_text(length + 5, y + 31, number(b.value), "value"))
    return out, BAR_WIDTH, max(BAR_ROW, len(chart.bars) * BAR_ROW + 2)


COL_WIDTH = 640
COL_HEIGHT = 220
LEFT, BOTTOM, TOP = 48, 36, 14


def _axis_labels(bars: tuple[Bar, ...], slot: float) -> list[str]:
    """The label under each column: the bar's own `axis`, else every k-th label so that
    they do not overlap (about 7 units a character at this size)."""
    if any(b.axis is not None for b in bars):
        return [b.axis or "" for b in bars]
    widest = max((len(b.label) for b in bars), default=1) * 7 + 6
    every = max(1, math.ceil(widest / slot))
    return [b.label if i % every == 0 else "" for i, b in enumerate(bars)]


def _value_axis(top: int, y0: float, plot_h: float, width: float) -> tuple[list[str], int]:
    step = nice_step(top)
    ceiling = max(step, math.ceil(top / step) * step)
    out = []
    for v in range(0, ceiling + 1, step):
        y = y0 - plot_h * v / ceiling
        out.append(f'<line class="grid" x1="{LEFT}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(_text(LEFT - 6, y + 4, number(v), "tick", "end"))
    return out, ceiling


def _columns(chart: Chart) -> tuple[list[str], int, int]:
    bars = chart.bars
    legend = 22 if chart.part_label else 0
    plot_h = COL_HEIGHT - TOP - BOTTOM - legend
    y0 = COL_HEIGHT - BOTTOM
    top = max((b.value for b in bars), default=0) or 1
    out, ceiling = _value_axis(top, y0, plot_h, COL_WIDTH)
    slot = (COL_WIDTH - LEFT) / max(1, len(bars))
    gap = min(slot * 0.2, 4.0) if slot > 3 else 0.0
    direct = len(bars) <= 16  # few enough to write each value on its column
    explicit = any(b.axis is not None for b in bars)
    for i, (b, axis) in enumerate(zip(bars, _axis_labels(bars, slot), strict=True)):
        x = LEFT + i * slot + gap / 2
        h = plot_h * b.value / ceiling
        out.append(
            f'<rect class="bar" x="{x:.1f}" y="{y0 - h:.1f}" width="{slot - gap:.1f}" '
            f'height="{h:.1f}"/>'
        )
        if b.part:
            ph = plot_h * b.part / ceiling
            out.append(
                f'<rect class="part" fill="url(#{chart.key}-hatch)" x="{x:.1f}" '
                f'y="{y0 - ph:.1f}" width="{slot - gap:.1f}" height="{ph:.1f}"/>'
            )
        if direct and b.value:
            out.append(_text(x + (slot - gap) / 2, y0 - h - 4, number(b.value), "value", "middle"))
        if axis and explicit:  # a month's label starts at its column, with a tick mark
            out.append(f'<line class="axis" x1="{x:.1f}" x2="{x:.1f}" y1="{y0}" y2="{y0 + 5}"/>')
            out.append(_text(x, y0 + 20, axis, "tick"))
        elif axis:
            out.append(_text(x + (slot - gap) / 2, y0 + 20, axis, "tick", "middle"))
    out.append(f'<line class="axis" x1="{LEFT}" x2="{COL_WIDTH}" y1="{y0}" y2="{y0}"/>')
    if chart.part_label:
        out.append(
            f'<rect class="part" fill="url(#{chart.key}-hatch)" x="{LEFT}" y="2" '
            'width="14" height="14"/>'
        )
        out.append(_text(LEFT + 20, 14, f"hatched: {chart.part_label}", "tick"))
    return out, COL_WIDTH, COL_HEIGHT


GRID_ROW = 70


def _grid(chart: Chart) -> tuple[list[str], int, int]:
    """Small multiples: one strip of columns per row, all on the same scale, so rows
    compare by height without a legend or a second colour."""
    top = max((max(r.values, default=0) for r in chart.rows), default=0) or 1
    n = max(1, len(chart.columns))
    slot = COL_WIDTH / n
    gap = min(slot * 0.2, 4.0)
    out = []
    strip = GRID_ROW - 24
    for i, row in enumerate(chart.rows):
        y = i * GRID_ROW
        peak = max(range(len(row.values)), key=lambda j: row.values[j]) if row.values else 0
        most = f"; most in {chart.columns[peak]}: {number(row.values[peak])}" if row.total else ""
        label = f"{_shorten(row.label, 40)} ({number(row.total)}{most})"
        out.append(_text(0, y + 14, label, "label"))
        base = y + GRID_ROW - 4
        out.append(f'<line class="axis" x1="0" x2="{COL_WIDTH}" y1="{base}" y2="{base}"/>')
        for j, v in enumerate(row.values):
            if not v:
                continue
            h = max(1.0, strip * v / top)
            x = j * slot + gap / 2
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{base - h:.1f}" width="{slot - gap:.1f}" '
                f'height="{h:.1f}"/>'
            )
    y_axis = len(chart.rows) * GRID_ROW + 16
    labels = _axis_labels(tuple(Bar(c, 0) for c in chart.columns), slot)
    for j, label in enumerate(labels):
        if label:
            out.append(_text((j + 0.5) * slot, y_axis, label, "tick", "middle"))
    return out, COL_WIDTH, y_axis + 6


def bars_of(pairs: Iterable[tuple[str, int, str | None]]) -> tuple[Bar, ...]:
    """(label, count, link) triples as bars, in the order given."""
    return tuple(Bar(label, n, href) for label, n, href in pairs)
