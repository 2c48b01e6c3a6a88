"""The executive summary of a round (สรุปผลสำหรับผู้บริหาร, domain §10): one page with the
total and its level, the components, a chart, and a traffic light per KPI.

The lights follow one simple rule (documents.builders.sar.traffic_light): green at or above the
framework's มาตรฐาน score, amber at or above ขั้นต้น, red below, grey while pending.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards.charts import Bar, bar_chart
from documents.blocks import Block, Column, Facts, Figure, Layout, Paragraph, Row, Section, Title
from documents.blocks import Table as TableBlock
from documents.builders.sar import AMBER, GREEN, HUNDRED, PENDING, RED, SarDoc, doc_light
from documents.layouts.sar import PENDING_TEXT, year_line

LIGHT_LABELS = {
    GREEN: gettext_lazy("ถึงมาตรฐาน"),
    AMBER: gettext_lazy("ถึงขั้นต้น"),
    RED: gettext_lazy("ต่ำกว่าขั้นต้น"),
    PENDING: gettext_lazy("รอผล"),
}


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
            tone=doc_light(component.points, component.weight, doc),
            limit=component.weight,
        )
        for component in doc.components
    ]
    if doc.total_max == HUNDRED:
        bars.append(
            Bar(_("คะแนนรวม"), doc.total, tone=doc_light(doc.total, HUNDRED, doc), limit=HUNDRED)
        )
    chart = bar_chart(
        _("คะแนนรายองค์ประกอบและคะแนนรวม"),
        bars,
        max_value=HUNDRED,
        unit=_("คะแนน"),
        places=doc.precision,
        thai_digits=doc.thai_digits,
        width=640,
        label_header=_("องค์ประกอบ"),
    )
    return Figure(chart.title, chart.svg, chart.headers, chart.table)


def _lights(doc: SarDoc) -> TableBlock:
    columns = (
        Column(_("ที่"), 4, centered=True),
        Column(_("ตัวชี้วัด"), 21),
        Column(_("น้ำหนัก"), 5, centered=True),
        Column(_("ผล"), 9, centered=True),
        Column(_("คะแนน"), 5, centered=True),
        Column(_("สถานะ"), 8, centered=True),
    )
    rows = tuple(
        Row(
            (
                kpi.number,
                kpi.name,
                kpi.weight_text,
                f"{kpi.result_text} {kpi.unit}".strip() if kpi.accepted else PENDING_TEXT,
                kpi.score_text,
                str(LIGHT_LABELS[kpi.light]),
            ),
            aligns=("center", "left", "center", "center", "center", "center"),
            tones=("", "", "", "", "", kpi.light),
        )
        for kpi in doc.kpis
    )
    return TableBlock(_("ผลรายตัวชี้วัด"), columns, rows, compact=True)


def _legend(doc: SarDoc) -> Paragraph:
    basic, standard = doc.score_points[0], doc.score_points[1]
    return Paragraph(
        _(
            "สถานะ: สีเขียว = คะแนนตั้งแต่ระดับมาตรฐาน (%(standard)s) ขึ้นไป, "
            "สีเหลือง = ตั้งแต่ระดับขั้นต้น (%(basic)s) แต่ต่ำกว่ามาตรฐาน, "
            "สีแดง = ต่ำกว่าระดับขั้นต้น, สีเทา = ยังไม่ได้ตรวจรับ"
        )
        % {"standard": standard.score_text, "basic": basic.score_text},
        first=0,
    )
