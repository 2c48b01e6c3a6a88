"""The dashboard's charts built from scores, for the pages and for documents (the SAR executive
summary can call `component_chart(round_total.totals.components)` with reporting's RoundTotal).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from dashboards.charts import Bar, Chart, Series, bar_chart, line_chart
from frameworks import scoring
from frameworks.lights import LIGHT_LABELS, Light

LIGHT_TONES = {Light.GREEN: "green", Light.AMBER: "amber", Light.RED: "red", Light.NONE: "grey"}


def component_chart(
    components: Sequence[scoring.ComponentTotal],
    *,
    title: str = "",
    thai_digits: bool = False,
    places: int = 2,
) -> Chart:
    """Points per component against the component's weight (its track)."""
    top = max((c.weight for c in components), default=Decimal(100))
    return bar_chart(
        title or _("คะแนนถ่วงน้ำหนักรายองค์ประกอบ"),
        [
            Bar(
                c.component,
                c.points,
                limit=c.weight,
                note=_("รอผล %(n)s ตัวชี้วัด") % {"n": c.pending} if c.pending else "",
            )
            for c in components
        ],
        max_value=top,
        unit=_("คะแนน"),
        places=places,
        thai_digits=thai_digits,
        label_header=_("องค์ประกอบ"),
    )


def kpi_score_chart(
    rows: Sequence[tuple[str, Decimal | None, Decimal, Light]],
    *,
    title: str = "",
    thai_digits: bool = False,
) -> Chart:
    """Each KPI's forecast score (label, score, max score, light), coloured by its light."""
    top = max((max_score for _l, _s, max_score, _light in rows), default=Decimal(100))
    return bar_chart(
        title or _("คะแนนคาดการณ์รายตัวชี้วัด"),
        [
            Bar(label, score, tone=LIGHT_TONES[light], note=str(LIGHT_LABELS[light]))
            for label, score, _max, light in rows
        ],
        max_value=top,
        unit=_("คะแนน"),
        thai_digits=thai_digits,
        label_header=_("ตัวชี้วัด"),
    )


def years_chart(
    years: Sequence[tuple[int, Decimal | None]],
    levels: Sequence[scoring.ResultLevel] = (),
    *,
    forecast: Decimal | None = None,
    title: str = "",
    five_level: bool = False,
    places: int = 3,
    thai_digits: bool = False,
) -> Chart:
    """The agency total by fiscal year, with the result-level cut-offs as dashed lines. With
    `forecast`, a dashed line goes from the last year with a total to this year's forecast."""
    # "ระดับคุณภาพ" → "คุณภาพ": the chart's gutter is narrow on a phone; the table keeps all.
    cutoffs = [(lv.label.removeprefix("ระดับ"), lv.min_total) for lv in levels if lv.min_total > 0]
    actual = [(str(year), total) for year, total in years]
    series: list[Series] = [Series(_("คะแนนรวม"), actual)]
    if forecast is not None and years:
        earlier = [(label, total) for label, total in actual[:-1] if total is not None]
        points = [*earlier[-1:], (actual[-1][0], forecast)]
        series.append(Series(_("คาดการณ์ ณ สิ้นปี"), points, dashed=True))
    return line_chart(
        title or _("คะแนนรวมเปรียบเทียบรายปีงบประมาณ"),
        series,
        max_value=Decimal(5) if five_level else Decimal(100),
        references=cutoffs,
        unit=_("คะแนน"),
        places=places,
        thai_digits=thai_digits,
        x_header=_("ปีงบประมาณ"),
        width=460,
    )
