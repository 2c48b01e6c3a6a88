"""The dashboard's charts built from scores, for the pages and for documents (the SAR executive
summary can call `component_chart(round_total.totals.components)` with reporting's RoundTotal).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from core.charts import Bar, Chart, Series, bar_chart, line_chart
from dashboards.selectors import Dashboard, round_status
from frameworks import scoring
from frameworks.lights import LIGHT_LABELS, LIGHT_SYMBOLS, Light
from indicators.criteria import result_levels_for

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


def light_counts(counts: dict[Light, int]) -> list[dict[str, object]]:
    return [
        {
            "code": light.value,
            "label": LIGHT_LABELS[light],
            "symbol": LIGHT_SYMBOLS[light],
            "count": counts[light],
        }
        for light in Light
    ]


def dashboard_figures(data: Dashboard) -> dict[str, object]:
    """What the department page draws besides `data` (dashboards/_department_body.html): the
    round's status, the light counts and the charts; the page and the meeting pack share it."""
    total = data.total
    return {
        "round_status": round_status(data.round),
        "lights": light_counts(data.light_counts),
        # The headline's components: while the round is open, where the year is heading.
        "component_chart": component_chart(
            data.headline.components,
            title="" if data.round_closed else _("คะแนนถ่วงน้ำหนักรายองค์ประกอบ (คาดการณ์ ณ สิ้นปี)"),
        ),
        "kpi_chart": kpi_score_chart(
            [
                (
                    f"{row.result.number} {row.result.name_th}",
                    row.forecast.score,
                    row.result.max_score,
                    row.light,
                )
                for row in data.kpis
            ]
        ),
        "years_chart": years_chart(
            [
                # This year's running total only once nothing is pending: a partial total
                # would read as a collapse. The forecast line shows where it is heading.
                (
                    y.fiscal_year,
                    y.total.shown_total if (y.total.final or not y.total.pending) else None,
                )
                for y in data.years
            ],
            result_levels_for(data.framework),
            forecast=None if total.final else data.forecast_total.shown_total,
            five_level=total.five_level,
            places=total.places,
        ),
    }
