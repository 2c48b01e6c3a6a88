"""Server-side SVG charts, one module for the pages and the PDF documents.

Hand-written SVG strings: no dependency, small output, real `<text>` for Thai labels (Chromium —
the browser and our PDF printer — shapes Thai in SVG correctly; WeasyPrint would not, which is
why documents print with Chromium). Every chart is accessible: `role="img"`, `<title>`, `<desc>`
and a data table alternative (`Chart.headers` + `Chart.table`) that pages show next to the picture
(template include "dashboards/_chart.html").

Values are Decimal; float is used only for drawing coordinates. Numbers are shown rounded half-up
through `core.decimals.display_decimal`. Text is escaped with `django.utils.html.escape`.

Usage::

    chart = bar_chart("คะแนนรายองค์ประกอบ", [("Performance Base", Decimal("56.25"))],
                      max_value=Decimal(100), unit="คะแนน")
    chart.svg      # SafeString: drop it straight into a template or a document block
    chart.headers  # ("รายการ", "ค่า (คะแนน)")
    chart.table    # (("Performance Base", "56.25"),)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.decimals import display_decimal
from core.thai import thai_digits as to_thai_digits

FONT_FAMILY = "Sarabun, 'TH Sarabun New', Laksaman, Loma, sans-serif"
INK = "#1d2733"
MUTED = "#4a5561"  # ≥ 4.5:1 on white (WCAG AA for small text)
GRID = "#d7dde3"
TRACK = "#eef2f5"
# Series colours: distinguishable for common colour-blindness, each ≥ 3:1 on white (graphics).
PALETTE = ("#0b5d3b", "#b45309", "#1d4ed8", "#9d174d", "#4d7c0f", "#6d28d9")
# Bar tones for traffic lights and the like: text stays INK, bars are graphics (≥ 3:1).
TONES = {
    "brand": "#0b5d3b",
    "green": "#067647",
    "amber": "#b45309",
    "red": "#b42318",
    "grey": "#6b7280",
}
MARKERS = ("circle", "square", "diamond", "triangle")

_ids = count(1)


@dataclass(frozen=True)
class Chart:
    """An SVG picture plus its data-table alternative."""

    title: str
    svg: SafeString
    headers: tuple[str, ...]
    table: tuple[tuple[str, ...], ...]
    description: str = ""
    kind: str = "bar"

    def __str__(self) -> str:
        return str(self.svg)

    def __html__(self) -> str:
        return str(self.svg)


@dataclass(frozen=True)
class Bar:
    """One bar; `limit` draws a track up to that item's own maximum (e.g. a component's weight)."""

    label: str
    value: Decimal | None
    tone: str = "brand"
    limit: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class Series:
    """One line of a line chart; `dashed` for a forecast or a projection."""

    name: str
    points: Sequence[tuple[str, Decimal | None]]
    dashed: bool = False


SeriesInput = tuple[str, Sequence[tuple[str, Decimal | None]]] | Series


@dataclass
class _Svg:
    width: int
    height: int
    title: str
    desc: str
    kind: str = "bar"
    parts: list[str] = field(default_factory=list)

    def add(self, part: str) -> None:
        self.parts.append(part)

    def render(self) -> SafeString:
        uid = f"chart{next(_ids)}"
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="dash-chart dash-chart-{self.kind}" '
            f'role="img" '
            f'viewBox="0 0 {self.width} {self.height}" width="100%" '
            f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{uid}-t {uid}-d" '
            f'font-family="{escape(FONT_FAMILY)}" lang="th">'
            f'<title id="{uid}-t">{escape(self.title)}</title>'
            f'<desc id="{uid}-d">{escape(self.desc)}</desc>'
        )
        return mark_safe(head + "".join(self.parts) + "</svg>")  # every text part is escaped


# --- text helpers -----------------------------------------------------------------------------


def _number(value: Decimal | None, places: int, thai: bool) -> str:
    if value is None:
        return "–"
    text = display_decimal(value, places)
    return to_thai_digits(text) if thai else text


def _text_width(text: str, size: float) -> float:
    """A rough width in user units: Thai combining marks take no space; Sarabun is ~0.55 em."""
    width = 0.0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) == "Mn":
            continue
        width += 0.3 if char in " .,:;|()" else 0.56
    return width * size


def _fit(text: str, size: float, max_width: float) -> str:
    """Cut `text` with an ellipsis so it fits `max_width` (the full text stays in the table)."""
    if _text_width(text, size) <= max_width:
        return text
    kept = text
    while kept and _text_width(kept + "…", size) > max_width:
        kept = kept[:-1]
    # never end on a dangling combining mark's base split: drop trailing marks with their base
    while kept and unicodedata.category(kept[-1]) == "Mn":
        kept = kept[:-1]
    return kept.rstrip() + "…"


def wrap(text: str, size: float, max_width: float, max_lines: int = 2) -> list[str]:
    """`text` in lines that fit `max_width`, broken between Thai words (PyThaiNLP's newmm
    tokenizer: Thai has no spaces between words); the last line is cut with an ellipsis."""
    if _text_width(text, size) <= max_width:
        return [text]
    from pythainlp.tokenize import word_tokenize

    lines: list[str] = []
    current = ""
    words = word_tokenize(text, engine="newmm", keep_whitespace=True)
    for index, word in enumerate(words):
        if current and _text_width(current + word, size) > max_width:
            if len(lines) == max_lines - 1:
                rest = current + "".join(words[index:])
                return [*lines, _fit(rest, size, max_width)]
            lines.append(current.rstrip())
            current = word.lstrip()
        else:
            current += word
    return [*lines, _fit(current, size, max_width)]


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = 15,
    anchor: str = "start",
    weight: int = 400,
    fill: str = INK,
    full: str = "",
) -> str:
    tooltip = f"<title>{escape(full)}</title>" if full and full != text else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}">{tooltip}{escape(text)}</text>'
    )


def nice_max(value: Decimal) -> Decimal:
    """The next "round" number ≥ value for an axis (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        candidate = step.scaleb(exponent)
        if candidate >= value:
            return candidate
    return Decimal(10).scaleb(exponent)  # pragma: no cover — the loop always returns


# --- bar chart --------------------------------------------------------------------------------


def bar_chart(
    title: str,
    items: Sequence[tuple[str, Decimal | None] | Bar],
    *,
    max_value: Decimal,
    unit: str = "",
    places: int = 2,
    thai_digits: bool = False,
    width: int = 360,
    label_header: str = "",
    description: str = "",
) -> Chart:
    """Horizontal bars, one per item, label above each bar and the value at the right.

    Items are `(label, value)` pairs or `Bar(...)` for a tone, a per-item limit (track) and a note.
    A value of None is drawn as "–" (pending) with no bar. Bars are clipped to `max_value`.
    """
    bars = [item if isinstance(item, Bar) else Bar(item[0], item[1]) for item in items]
    scale_max = max_value if max_value > 0 else Decimal(1)
    label_size, value_size = 17.0, 16.0
    value_col = max(
        [_text_width(_value_label(b, places, thai_digits, unit), value_size) for b in bars] + [40]
    )
    left, right_gap = 4.0, 10.0
    bar_area = width - left - value_col - right_gap
    row_h, bar_h, line_h = 56, 18, 21
    top = 8
    labels = [wrap(bar.label, label_size, width - 8) for bar in bars]
    height = top + sum(row_h + line_h * (len(lines) - 1) for lines in labels) + 6
    if not bars:
        height = top + row_h + 6
    desc = description or _bar_description(bars, places, unit)
    svg = _Svg(width, height, title, desc)
    if not bars:
        svg.add(_text(left, top + 24, _("ไม่มีข้อมูล"), fill=MUTED))
    y = float(top)
    for bar, lines in zip(bars, labels, strict=True):
        for line_no, line in enumerate(lines):
            svg.add(
                _text(
                    left,
                    y + 19 + line_h * line_no,
                    line,
                    size=label_size,
                    full=bar.label if line_no == len(lines) - 1 else "",
                )
            )
        bar_y = y + 28 + line_h * (len(lines) - 1)
        y = bar_y + row_h - 28
        if bar.limit is not None:
            track_w = bar_area * _ratio(bar.limit, scale_max)
            svg.add(
                f'<rect x="{left:.1f}" y="{bar_y:.1f}" width="{track_w:.1f}" height="{bar_h}" '
                f'fill="{TRACK}" stroke="{GRID}"/>'
            )
        else:
            svg.add(
                f'<line x1="{left:.1f}" y1="{bar_y + bar_h:.1f}" x2="{left + bar_area:.1f}" '
                f'y2="{bar_y + bar_h:.1f}" stroke="{GRID}"/>'
            )
        if bar.value is not None and bar.value > 0:
            bar_w = max(bar_area * _ratio(bar.value, scale_max), 1.5)
            colour = TONES.get(bar.tone, bar.tone if bar.tone.startswith("#") else TONES["brand"])
            svg.add(
                f'<rect x="{left:.1f}" y="{bar_y:.1f}" width="{bar_w:.1f}" height="{bar_h}" '
                f'fill="{colour}" rx="2"/>'
            )
        svg.add(
            _text(
                width - 2,
                bar_y + bar_h - 2,
                _value_label(bar, places, thai_digits, unit),
                size=value_size,
                anchor="end",
                weight=600,
            )
        )
    has_limit = any(b.limit is not None for b in bars)
    has_note = any(b.note for b in bars)
    headers: tuple[str, ...] = (
        label_header or _("รายการ"),
        _("ค่า") + (f" ({unit})" if unit else ""),
        *([_("เต็ม")] if has_limit else []),
        *([_("หมายเหตุ")] if has_note else []),
    )
    rows = []
    for bar in bars:
        row: tuple[str, ...] = (bar.label, _number(bar.value, places, thai_digits))
        if has_limit:
            row = (*row, _number(bar.limit, places, thai_digits) if bar.limit is not None else "")
        if has_note:
            row = (*row, bar.note)
        rows.append(row)
    return Chart(title, svg.render(), headers, tuple(rows), desc, "bar")


def _ratio(value: Decimal, scale_max: Decimal) -> float:
    ratio = float(value / scale_max)
    return min(max(ratio, 0.0), 1.0)


def _value_label(bar: Bar, places: int, thai: bool, unit: str) -> str:
    if bar.value is None:
        return _("รอผล")
    text = _number(bar.value, places, thai)
    if bar.limit is not None:
        text = f"{text} / {_number(bar.limit, places, thai)}"
    return text


def _bar_description(bars: Sequence[Bar], places: int, unit: str) -> str:
    parts = [f"{b.label}: {_number(b.value, places, False)}" for b in bars]
    suffix = f" {unit}" if unit else ""
    return "; ".join(parts) + suffix


# --- line chart -------------------------------------------------------------------------------


def line_chart(
    title: str,
    series_in: Sequence[SeriesInput],
    *,
    max_value: Decimal | None = None,
    min_value: Decimal = Decimal(0),
    references: Sequence[tuple[str, Decimal]] = (),
    unit: str = "",
    places: int = 2,
    thai_digits: bool = False,
    width: int = 420,
    height: int = 280,
    x_header: str = "",
    description: str = "",
) -> Chart:
    """Lines over shared x categories (e.g. fiscal years or rounds); None leaves a gap;
    a category missing from a series is passed over (its line joins the points either side).

    `references` draws dashed horizontal lines (e.g. result-level cut-offs) with their labels.
    Each series has its own colour and marker shape; values are printed next to the points
    (once per point: a value another series already labels at the same place is not repeated).
    """
    series = [s if isinstance(s, Series) else Series(s[0], s[1]) for s in series_in]
    categories: list[str] = []
    for line in series:
        for label, _value in line.points:
            if label not in categories:
                categories.append(label)
    values = [v for s in series for _l, v in s.points if v is not None]
    top_value = max([*values, *(r[1] for r in references), Decimal(0)])
    axis_max = max_value if max_value is not None else nice_max(top_value)
    if axis_max <= min_value:
        axis_max = min_value + 1
    legend_rows = (len(series) + 1) // 2 if len(series) > 1 else 0
    # Reference labels sit in a gutter right of the plot, so they never cover a point.
    gutter = max((_text_width(label, 14) for label, _v in references), default=0.0)
    left, right, top = 52.0, 12.0 + (gutter + 8 if references else 0), 16.0 + legend_rows * 24
    bottom = 36.0 + 19 * max((c.count("\n") for c in categories), default=0)
    plot_w = width - left - right
    plot_h = height - top - bottom
    desc = description or _line_description(series, places, unit)
    svg = _Svg(width, height, title, desc, kind="line")

    def y_of(value: Decimal) -> float:
        ratio = float((value - min_value) / (axis_max - min_value))
        return top + plot_h * (1 - min(max(ratio, 0.0), 1.0))

    def x_of(index: int) -> float:  # the middle of the category's band: no point on an edge
        return left + plot_w * (index + 0.5) / max(len(categories), 1)

    # grid and axis labels
    steps = 4
    for step in range(steps + 1):
        tick = min_value + (axis_max - min_value) * step / steps
        y = y_of(tick)
        svg.add(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{width - right:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}"/>'
        )
        tick_places = 0 if tick == tick.to_integral_value() else min(places, 2)
        svg.add(
            _text(
                left - 6,
                y + 5,
                _number(tick, tick_places, thai_digits),
                size=16,
                anchor="end",
                fill=MUTED,
            )
        )
    for ref_label, ref_value in references:
        y = y_of(ref_value)
        svg.add(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{width - right:.1f}" y2="{y:.1f}" '
            f'stroke="{MUTED}" stroke-dasharray="5 4"/>'
        )
        svg.add(_text(width - 2, y + 4, ref_label, size=14, anchor="end", fill=MUTED))
    label_room = plot_w / max(len(categories), 1)
    for index, label in enumerate(categories):
        parts = label.split("\n")  # a category label may have two lines ("6 ด.\n2567")
        for part_no, part in enumerate(parts):
            svg.add(
                _text(
                    x_of(index),
                    height - 10 - 19 * (len(parts) - 1 - part_no),
                    _fit(part, 16, max(label_room - 4, 30)),
                    size=16,
                    anchor="middle",
                    fill=MUTED,
                    full=part,
                )
            )
    # legend
    if legend_rows:
        for index, name in enumerate(s.name for s in series):
            lx = left + (index % 2) * (plot_w / 2)
            ly = 16.0 + (index // 2) * 24
            colour = PALETTE[index % len(PALETTE)]
            svg.add(_marker(MARKERS[index % len(MARKERS)], lx + 6, ly - 5, colour))
            svg.add(_text(lx + 16, ly, _fit(name, 16, plot_w / 2 - 24), size=16, full=name))
    # lines, markers, value labels
    labelled: set[tuple[str, Decimal]] = set()
    for index, line in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        marker = MARKERS[index % len(MARKERS)]
        by_label = dict(line.points)
        dash = ' stroke-dasharray="7 5"' if line.dashed else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        for cat_index, label in enumerate(categories):
            if label not in by_label:  # not one of this series' points: its line passes over
                continue
            value = by_label[label]
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x_of(cat_index):.1f},{y_of(value):.1f}")
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                svg.add(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5" stroke-linejoin="round"{dash}/>'
                )
        for cat_index, label in enumerate(categories):
            value = by_label.get(label)
            if value is None:
                continue
            x, y = x_of(cat_index), y_of(value)
            svg.add(_marker(marker, x, y, colour))
            if (label, value) in labelled:
                continue
            labelled.add((label, value))
            offset = -10 if index % 2 == 0 else 20
            svg.add(
                _text(
                    x,
                    y + offset,
                    _number(value, places, thai_digits),
                    size=16,
                    anchor="middle",
                    weight=600,
                )
            )
    if not values:
        svg.add(
            _text(left + plot_w / 2, top + plot_h / 2, _("ไม่มีข้อมูล"), anchor="middle", fill=MUTED)
        )
    headers = (x_header or _("ช่วง"), *(s.name for s in series))
    lookup = [dict(s.points) for s in series]
    rows = tuple(
        (
            label.replace("\n", " "),
            *(_number(values_by.get(label), places, thai_digits) for values_by in lookup),
        )
        for label in categories
    )
    if unit:
        headers = (headers[0], *(f"{h} ({unit})" for h in headers[1:]))
    return Chart(title, svg.render(), headers, rows, desc, "line")


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="{colour}"/>'
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} '
            f'{x - 6:.1f},{y:.1f}" fill="{colour}"/>'
        )
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} '
            f'{x - 6:.1f},{y + 5:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'


def _line_description(series: Sequence[Series], places: int, unit: str) -> str:
    suffix = f" {unit}" if unit else ""
    parts = []
    for line in series:
        values = ", ".join(
            f"{label} {_number(value, places, False)}"
            for label, value in line.points
            if value is not None
        )
        parts.append(f"{line.name}: {values}{suffix}")
    return "; ".join(parts)
