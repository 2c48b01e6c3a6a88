"""The printed Self Assessment Report of a round (รายงานผลการประเมินตนเอง, domain §10).

A cover; the summary table (components, KPIs, weights, the targets at the framework's three
levels, result, self score, weighted points, the total and the result level); then one section
per KPI with the round's content (domain §9): criteria, values per data item, result, score and
level, the narrative per activity, supporting factors, obstacles, suggestions, the numbered
evidence list and the overseer's approval. Each KPI starts on a new page.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from documents.blocks import (
    Block,
    Column,
    Cover,
    Facts,
    Heading,
    Layout,
    Paragraph,
    Row,
    Section,
    Table,
    Text,
    Title,
)
from documents.builders.sar import SarDoc, SarKpi
from documents.layouts.kpi_sheet import lineage_block

PENDING_TEXT = "รอผล"


def sar_layout(doc: SarDoc) -> Layout:
    title = _("รายงานผลการประเมินตนเอง")
    year = year_line(doc)
    sections = [
        Section(blocks=(_cover(doc),)),
        Section(
            blocks=(
                Title(lines=(_("สรุปผลการประเมินตนเอง"), doc.department, f"{year} {doc.round_name}")),
                summary_table(doc),
                *_summary_notes(doc),
            )
        ),
        *(Section(blocks=tuple(kpi_blocks(doc, kpi))) for kpi in doc.kpis),
    ]
    return Layout(
        title=f"{title} {doc.department} {year} {doc.round_name}",
        thai_digits=doc.thai_digits,
        sections=tuple(sections),
        page_label=_("หน้า"),
        draft_note=draft_note(doc),
    )


def draft_note(doc: SarDoc) -> str:
    """ "ฉบับร่าง — ข้อมูล ณ วันที่ ๔ ธันวาคม ๒๕๖๙" while the round is not closed, else ""."""
    if not doc.draft:
        return ""
    return _("ฉบับร่าง — ข้อมูล ณ วันที่ %(date)s") % {"date": doc.generated_on_text}


def year_line(doc: SarDoc) -> str:
    return _("ประจำปีงบประมาณ พ.ศ. %(year)s") % {"year": doc.fiscal_year_text}


def period_line(doc: SarDoc) -> str:
    return _("ผลการดำเนินงานตั้งแต่ %(start)s ถึง %(end)s") % {
        "start": doc.period_start_text,
        "end": doc.period_end_text,
    }


def _cover(doc: SarDoc) -> Cover:
    return Cover(
        title=(
            _("รายงานผลการประเมินตนเอง"),
            "(Self Assessment Report: SAR)",
            _("ตามคำรับรองการปฏิบัติราชการ"),
            year_line(doc),
            doc.round_name,
        ),
        middle=(doc.department, doc.ministry),
        foot=(period_line(doc), _("จัดทำเมื่อวันที่ %(date)s") % {"date": doc.generated_on_text}),
    )


def summary_table(doc: SarDoc) -> Table:
    """One row per KPI under its component's row, then the total and the result level. The
    figures are right-aligned, so their points line up (issue 21)."""
    results = _("ผลการประเมินตนเอง")
    columns = (
        Column(_("ที่"), 4, centered=True),
        Column(_("ตัวชี้วัด"), 20),
        Column(_("น้ำหนัก\n(ร้อยละ)"), 6, numeric=True),
        *(
            Column(
                _("%(label)s\n(%(score)s)") % {"label": point.label, "score": point.score_text},
                7,
                numeric=True,
                group=_("ค่าเป้าหมาย (คะแนน)"),
            )
            for point in doc.score_points
        ),
        Column(_("ผลที่ได้"), 7, numeric=True, group=results),
        Column(_("คะแนน"), 6, numeric=True, group=results),
        Column(_("คะแนน\nถ่วง\nน้ำหนัก"), 7, numeric=True, group=results),
    )
    middle = len(doc.score_points) + 2  # targets, result and score
    rows: list[tuple[str, ...] | Row] = []
    for component in doc.components:
        rows.append(
            Row(
                (
                    _("องค์ประกอบที่ %(number)s %(name)s")
                    % {"number": component.number, "name": component.name},
                    component.weight_text,
                    "",
                    component.points_text,
                ),
                spans=(2, 1, middle, 1),
                emphasis=True,
                aligns=("left", "right", "left", "right"),
            )
        )
        rows += [_summary_row(kpi, len(doc.score_points)) for kpi in component.kpis]
    rows.append(
        Row(
            (_("รวม"), doc.total_weight_text, "", doc.total_text or PENDING_TEXT),
            spans=(2, 1, middle, 1),
            emphasis=True,
            aligns=("center", "right", "left", "right"),
        )
    )
    rows.append(
        Row(
            (_("ผลการประเมินตนเอง"), doc.level_label or PENDING_TEXT),
            spans=(2, len(columns) - 2),
            emphasis=True,
            aligns=("center", "center"),
        )
    )
    return Table("", columns, tuple(rows), compact=True)


def _summary_row(kpi: SarKpi, levels: int) -> tuple[str, ...] | Row:
    first = (kpi.number, kpi.name, kpi.weight_text)
    result = kpi.result_text if kpi.accepted else PENDING_TEXT
    last = (result, kpi.score_text, kpi.points_text)
    leading = ("center", "left", "right")
    if kpi.point_targets is not None:
        return Row(
            (*first, *kpi.point_targets, *last), aligns=(*leading, *("right",) * (levels + 3))
        )
    # Levels that are not at the three score points (five steps, pass/fail): list them all.
    listed = "\n".join(f"{level.label} = {level.target_text}" for level in kpi.levels)
    return Row(
        (*first, listed, *last),
        spans=(1, 1, 1, levels, 1, 1, 1),
        aligns=(*leading, "left", "right", "right", "right"),
    )


def _summary_notes(doc: SarDoc) -> list[Block]:
    notes: list[Block] = []
    if doc.pending:
        text = (
            _("ตัวชี้วัดที่ยังไม่ได้ตรวจรับ %(count)s ตัวชี้วัด นับเป็นศูนย์คะแนนในรอบสุดท้าย")
            if doc.final
            else _("ตัวชี้วัดที่ยังไม่ได้ตรวจรับ %(count)s ตัวชี้วัด แสดงเป็น “รอผล” และยังไม่นับรวมในคะแนน")
        )
        notes.append(Paragraph(_("หมายเหตุ") + " " + text % {"count": doc.pending_text}, first=0))
    if doc.round_rules:  # issue 17 item 3: why the round's KPIs and weights differ
        notes.append(Paragraph(_("ตัวชี้วัดและน้ำหนักที่ใช้ในรอบนี้"), first=0, bold=True))
        notes.extend(Paragraph(line, first=0) for line in doc.round_rules)
    notes.append(
        Paragraph(
            _("คะแนนรวม %(total)s จากคะแนนเต็ม %(max)s %(level)s")
            % {
                "total": doc.total_text or PENDING_TEXT,
                "max": doc.total_max_text,
                "level": doc.level_label,
            },
            first=0,
            bold=True,
            space_before=True,
        )
    )
    return notes


def kpi_blocks(doc: SarDoc, kpi: SarKpi) -> list[Block]:
    blocks: list[Block] = [
        Heading(_("ตัวชี้วัดที่ %(number)s %(name)s") % {"number": kpi.number, "name": kpi.name}),
        Facts(
            rows=(
                (_("องค์ประกอบ"), kpi.component_text),
                (_("น้ำหนัก"), _("ร้อยละ %(weight)s") % {"weight": kpi.weight_text}),
                (_("หน่วยวัด"), kpi.unit),
                (_("หน่วยงานที่รับผิดชอบ"), kpi.responsible_unit),
                (_("ผู้กำกับดูแลตัวชี้วัด"), kpi.overseer),
            )
        ),
    ]
    if kpi.lineage_trees:
        blocks.append(lineage_block(kpi.lineage_trees))
    blocks.append(_criteria(kpi))
    if not kpi.accepted:
        blocks.append(
            Text(
                _("ผลการดำเนินงาน"),
                _("ยังไม่มีรายงานผลที่ผู้ประสานงานตรวจรับแล้วในรอบนี้ (%(round)s)")
                % {"round": doc.round_name},
            )
        )
        return blocks
    if kpi.values:
        blocks.append(
            Table(
                _("ข้อมูลผลการดำเนินงาน"),
                (
                    Column(_("รหัส"), 2, centered=True),
                    Column(_("รายการข้อมูล"), 12),
                    Column(_("ค่า"), 4, numeric=True),
                    Column(_("หน่วย"), 3),
                ),
                tuple((v.code, v.name, v.value_text, v.unit) for v in kpi.values),
            )
        )
    if kpi.assessment_points:
        blocks.append(
            Table(
                _("ประเด็นการประเมิน"),
                (
                    Column(_("ประเด็นการประเมิน"), 10),
                    Column(_("ผลการดำเนินงาน"), 4, numeric=True),
                    Column(_("หน่วย"), 3),
                    Column(_("คำอธิบายผล"), 8),
                ),
                tuple(
                    (f"{p.order_text}. {p.name}", p.result_text, p.unit, p.narrative)
                    for p in kpi.assessment_points
                ),
            )
        )
    blocks += [
        Heading(_("ผลการประเมินตนเอง"), level=2),
        Facts(
            rows=(
                (_("ผลการดำเนินงาน"), f"{kpi.result_text} {kpi.unit}".strip()),
                (_("คะแนนประเมินตนเอง"), kpi.score_text),
                (_("ระดับที่ได้"), kpi.level_label),
                (_("คะแนนถ่วงน้ำหนัก"), kpi.points_text),
            )
        ),
        _activities(kpi),
        Text(_("ปัจจัยสนับสนุน"), kpi.supporting_factors),
        Text(_("อุปสรรค"), kpi.obstacles),
        Text(_("ข้อเสนอแนะ"), kpi.suggestions),
        _evidence(kpi),
        Heading(_("การรับรองผลการดำเนินงาน"), level=2),
        Facts(
            rows=(
                (
                    _("ผู้เห็นชอบ"),
                    _("%(name)s (ผู้กำกับดูแลตัวชี้วัด)") % {"name": kpi.approved_by}
                    if kpi.approved_by
                    else "",
                ),
                (_("เห็นชอบเมื่อ"), kpi.approved_on_text),
                (
                    _("ตรวจรับเมื่อ"),
                    _("%(date)s (ผู้ประสานงาน)") % {"date": kpi.accepted_on_text}
                    if kpi.accepted_on_text
                    else "",
                ),
            )
        ),
    ]
    return blocks


def _criteria(kpi: SarKpi) -> Table | Text:
    if not kpi.levels:
        return Text(_("เกณฑ์การให้คะแนน"), "")
    return Table(
        _("เกณฑ์การให้คะแนน"),
        (
            Column(_("ระดับ"), 6),
            Column(_("ค่าเป้าหมาย"), 4, numeric=True),
            Column(_("คะแนน"), 3, numeric=True),
        ),
        tuple((level.label, level.target_text, level.score_text) for level in kpi.levels),
    )


def _activities(kpi: SarKpi) -> Table | Text:
    heading = _("ผลการดำเนินงานรายกิจกรรม/โครงการ")
    if not kpi.activities:
        return Text(heading, "")
    return Table(
        heading,
        (
            Column(_("ที่"), 2, centered=True),
            Column(_("กิจกรรม/โครงการ"), 9),
            Column(_("ผลการดำเนินงาน"), 14),
        ),
        tuple((a.number, a.title, a.detail) for a in kpi.activities),
    )


def _evidence(kpi: SarKpi) -> Table | Text:
    heading = _("เอกสาร/หลักฐานประกอบ")
    if not kpi.evidence:
        return Text(heading, "")
    return Table(
        heading,
        (
            Column(_("ลำดับ"), 2, centered=True),
            Column(_("ชื่อเอกสาร/หลักฐาน"), 16),
            Column(_("ชนิดไฟล์"), 3, centered=True),
        ),
        tuple((e.number, e.title, e.file_type) for e in kpi.evidence),
    )
