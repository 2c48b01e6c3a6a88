"""The executive summary of a round (สรุปผลสำหรับผู้บริหาร, domain §10): one page with the
total and its level, the components, a chart, and a traffic light per KPI.

The lights are the executive dashboard's (frameworks.lights): a colour, a shape and a label per
KPI, from its self score against the framework's thresholds.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.charts import Bar, bar_chart
from documents.blocks import Block, Column, Facts, Figure, Layout, Paragraph, Row, Section, Title
from documents.blocks import Table as TableBlock
from documents.builders.sar import AMBER, GREEN, HUNDRED, PENDING, RED, SarDoc
from documents.layouts.sar import PENDING_TEXT, draft_note, year_line
from frameworks.lights import LIGHT_LABELS, LIGHT_SYMBOLS, Light


def light_text(light: Light) -> str:
    """ "● เป็นไปตามเป้าหมาย": the shape too, so the light does not rely on colour alone."""
    return f"{LIGHT_SYMBOLS[light]} {LIGHT_LABELS[light]}"


def tone(light: Light) -> str:
    """The fill of a light's cell or bar (blocks.Row.tones, core.charts.TONES)."""
    return "grey" if light == PENDING else str(light)


def executive_summary_layout(doc: SarDoc) -> Layout:
    title = _("สรุปผลการดำเนินงานตามคำรับรองการปฏิบัติราชการสำหรับผู้บริหาร")
    heading = Title(
        lines=(
            title,
            doc.department,
            f"{year_line(doc)} {doc.round_name} "
            + _("(ข้อมูล ณ %(date)s)") % {"date": doc.period_end_text},
        )
    )
    blocks: list[Block] = [heading, _facts(doc), _chart(doc), _lights(doc), _legend(doc)]
    return Layout(
        title=f"{title} {doc.department} {year_line(doc)} {doc.round_name}",
        thai_digits=doc.thai_digits,
        sections=(Section(blocks=tuple(blocks)),),
        page_label=_("หน้า"),
        draft_note=draft_note(doc),
    )


def _facts(doc: SarDoc) -> Facts:
    rows: list[tuple[str, str]] = [
        (
            _("คะแนนรวม"),
            _("%(total)s จากคะแนนเต็ม %(max)s (ประเมินตนเอง)")
            % {
                "total": doc.total_text or PENDING_TEXT,
                "max": doc.total_max_text,
            },
        ),
        (_("ระดับผลการประเมิน"), doc.level_label or PENDING_TEXT),
        (
            _("ตัวชี้วัด"),
            _("%(count)s ตัวชี้วัด ตรวจรับแล้ว %(accepted)s รอผล %(pending)s")
            % {
                "count": doc.kpi_count_text,
                "accepted": doc.accepted_count_text,
                "pending": doc.pending_text,
            },
        ),
    ]
    for component in doc.components:
        rows.append(
            (
                _("องค์ประกอบที่ %(number)s") % {"number": component.number},
                _("%(name)s: %(points)s จาก %(weight)s คะแนน")
                % {
                    "name": component.name,
                    "points": component.points_text,
                    "weight": component.weight_text,
                },
            )
        )
    if doc.reviewed_total_text:
        rows.append(
            (
                _("คะแนนจากผู้ประเมิน"),
                f"{doc.reviewed_total_text} {doc.reviewed_level_label}".strip(),
            )
        )
    if doc.presentation is not None:
        rows.append(
            (
                _("นำเสนอผู้บริหาร"),
                _("%(date)s %(meeting)s")
                % {
                    "date": doc.presentation.presented_on_text,
                    "meeting": doc.presentation.meeting,
                },
            )
        )
    return Facts(rows=tuple(rows), compact=True)


def _chart(doc: SarDoc) -> Figure:
    """Each component's points against its weight, then the total against the maximum (on a
    100-point scale; five-level years show the components only)."""
    bars = [
        Bar(
            component.name,
            component.points,
            tone=tone(component.light),
            limit=component.weight,
        )
        for component in doc.components
    ]
    if doc.total_max == HUNDRED:
        bars.append(Bar(_("คะแนนรวม"), doc.total, tone=tone(doc.total_light), limit=HUNDRED))
    chart = bar_chart(
        _("คะแนนรายองค์ประกอบและคะแนนรวม"),
        bars,
        max_value=HUNDRED,
        unit=_("คะแนน"),
        places=doc.precision,
        thai_digits=doc.thai_digits,
        width=360,
        label_header=_("องค์ประกอบ"),
    )
    return Figure(chart.title, chart.svg, chart.headers, chart.table)


# Above this many KPIs the results column is left out and the status shows its shape only (the
# legend names them), so each KPI keeps to one line and the summary to one page; the scores
# and lights are what executives read, the results are in the SAR.
MANY_KPIS = 15


def _lights(doc: SarDoc) -> TableBlock:
    with_result = len(doc.kpis) <= MANY_KPIS
    columns = (
        Column(_("ที่"), 3, centered=True),
        Column(_("ตัวชี้วัด"), 21 if with_result else 36),
        Column(_("น้ำหนัก"), 4, centered=True),
        *((Column(_("ผล"), 8, centered=True),) if with_result else ()),
        Column(_("คะแนน"), 5, centered=True),
        Column(_("สถานะ"), 11 if with_result else 4, centered=True),
    )
    rows = []
    for kpi in doc.kpis:
        result = f"{kpi.result_text} {kpi.unit}".strip() if kpi.accepted else PENDING_TEXT
        cells = (
            kpi.number,
            kpi.name,
            kpi.weight_text,
            *((result,) if with_result else ()),
            kpi.score_text or "–",
            light_text(kpi.light) if with_result else LIGHT_SYMBOLS[kpi.light],
        )
        rows.append(
            Row(
                cells,
                aligns=("center", "left", *("center",) * (len(cells) - 2)),
                tones=("",) * (len(cells) - 1) + (tone(kpi.light),),
            )
        )
    return TableBlock(_("ผลรายตัวชี้วัด"), columns, tuple(rows), compact=True)


def _legend(doc: SarDoc) -> Paragraph:
    values = {
        "green": light_text(GREEN),
        "amber": light_text(AMBER),
        "red": light_text(RED),
        "none": light_text(PENDING),
        "high": doc.green_min_text,
        "low": doc.amber_min_text,
    }
    return Paragraph(
        _(
            "สถานะ: %(green)s = คะแนนตั้งแต่ %(high)s ขึ้นไป; %(amber)s = ตั้งแต่ %(low)s "
            "แต่ต่ำกว่า %(high)s; %(red)s = ต่ำกว่า %(low)s; %(none)s = ยังไม่ได้ตรวจรับ "
            "(เกณฑ์เดียวกับแดชบอร์ดผู้บริหาร)"
        )
        % values,
        first=0,
    )
