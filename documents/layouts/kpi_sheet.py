"""The printed form of the KPI detail sheet: the order and labels of its parts (domain §5).

Modelled on OPDC's KPI template: a centred heading with the fiscal year and the department, the
KPI's name, a table of short fields, then the criteria, baselines, reporting rounds, the text
fields, and the people responsible. Each KPI starts on a new page.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from documents.blocks import Column, Facts, Heading, Layout, Section, Table, Text, Title
from documents.builders.kpi_sheet import KpiSheet, KpiSheetDoc, PersonInfo

Block = Title | Heading | Facts | Table | Text


def kpi_sheet_layout(doc: KpiSheetDoc) -> Layout:
    title = _("รายละเอียดตัวชี้วัด")
    year_line = _("ประจำปีงบประมาณ พ.ศ. %(year)s") % {"year": doc.fiscal_year_text}
    heading = Title(lines=(title, year_line, doc.department))
    sections = tuple(Section(blocks=(heading, *_sheet_blocks(sheet))) for sheet in doc.sheets)
    if not sections:
        empty = Text(heading=_("ตัวชี้วัด"), text=_("ยังไม่มีตัวชี้วัดในกรอบการประเมินนี้"))
        sections = (Section(blocks=(heading, empty)),)
    return Layout(
        title=f"{title} {year_line} {doc.department}",
        thai_digits=doc.thai_digits,
        sections=sections,
        page_label=_("หน้า"),
    )


def _sheet_blocks(sheet: KpiSheet) -> list[Block]:
    blocks: list[Block] = [
        Heading(_("ตัวชี้วัดที่ %(number)s %(name)s") % {"number": sheet.number, "name": sheet.name_th}),
        _facts(sheet),
        lineage_block(sheet.lineage_trees),
        Text(_("คำอธิบาย/นิยาม"), sheet.description),
        Text(_("ขอบเขตการดำเนินงาน"), sheet.scope),
        Text(_("สูตรการคำนวณ"), sheet.formula),
        _table_or_text(
            _("รายการข้อมูล"),
            (Column(_("รหัส"), 1), Column(_("รายการข้อมูล"), 7), Column(_("หน่วย"), 2)),
            [(item.code, item.name, item.unit) for item in sheet.data_items],
        ),
        _baselines(sheet),
        _levels(sheet),
    ]
    if sheet.sub_kpis:
        blocks.append(
            Table(
                _("ตัวชี้วัดย่อย"),
                (
                    Column(_("ลำดับ"), 1),
                    Column(_("ชื่อตัวชี้วัดย่อย"), 6),
                    Column(_("น้ำหนัก"), 2, numeric=True),
                    Column(_("วิธีให้คะแนน"), 3),
                ),
                tuple((s.number, s.name, s.weight_text, s.method) for s in sheet.sub_kpis),
            )
        )
    if sheet.assessment_points:
        blocks.append(
            Table(
                _("ประเด็นการประเมิน"),
                (
                    Column(_("ลำดับ"), 1),
                    Column(_("ประเด็นการประเมิน"), 6),
                    Column(_("หน่วย"), 2),
                    Column(_("น้ำหนัก"), 2, numeric=True),
                    Column(_("เกณฑ์การให้คะแนน (ค่าเป้าหมาย → คะแนน)"), 5),
                ),
                tuple(
                    (p.order_text, p.name, p.unit, p.weight_text, p.criteria_text)
                    for p in sheet.assessment_points
                ),
            )
        )
    blocks += [
        _table_or_text(
            _("การรายงานผล"),
            (
                Column(_("รอบการรายงาน"), 5),
                Column(_("สิ้นสุดรอบ"), 7),
                Column(_("กำหนดส่ง"), 7),
                Column(_("สิ่งที่ต้องรายงาน"), 11),
            ),
            [(r.name, r.period_end_text, r.due_date_text, r.expectation) for r in sheet.rounds],
        ),
        Text(_("เงื่อนไข/หมายเหตุ"), sheet.conditions),
        Text(_("แหล่งข้อมูล"), sheet.data_source),
        Text(_("วิธีการจัดเก็บข้อมูล"), sheet.collection_method),
        Text(_("เอกสาร/หลักฐานประกอบ"), sheet.evidence_required),
        _people(_("ผู้กำกับดูแลตัวชี้วัด"), (sheet.overseer,) if sheet.overseer else (), email=False),
        _people(_("ผู้จัดเก็บข้อมูล"), sheet.collectors, email=True),
    ]
    return blocks


def lineage_block(trees: tuple[tuple[str, str], ...]) -> Table | Text:
    """The KPI's lineage, one path per plan tree (issue 17 item 5): the KPI sheet's and the
    SAR's."""
    return _table_or_text(
        _("ความเชื่อมโยงกับยุทธศาสตร์"),
        (Column(_("แผน"), 3), Column(_("เส้นทาง"), 8)),
        list(trees),
    )


def _facts(sheet: KpiSheet) -> Facts:
    rows: list[tuple[str, str]] = [
        (
            _("องค์ประกอบ"),
            _("%(name)s (น้ำหนักร้อยละ %(weight)s)")
            % {"name": sheet.component, "weight": sheet.component_weight_text},
        ),
    ]
    if sheet.name_en:
        rows.append((_("ชื่อภาษาอังกฤษ"), sheet.name_en))
    if sheet.parent_number:
        rows.append(
            (
                _("ตัวชี้วัดหลัก"),
                _("ตัวชี้วัดย่อยของตัวชี้วัดที่ %(number)s น้ำหนักในตัวชี้วัดหลักร้อยละ %(weight)s")
                % {"number": sheet.parent_number, "weight": sheet.sub_weight_text or "–"},
            )
        )
    rows += [
        (_("หน่วยวัด"), sheet.unit),
        (_("น้ำหนัก"), _("ร้อยละ %(weight)s") % {"weight": sheet.weight_text}),
        (_("วิธีให้คะแนน"), f"{sheet.method} ({sheet.direction})"),
        (_("หน่วยงานที่รับผิดชอบ"), sheet.responsible_unit),
    ]
    if sheet.cascade_from:
        rows.append((_("ถ่ายทอดจากตัวชี้วัด"), sheet.cascade_from))
    if sheet.origin:
        rows.append((_("ที่มาจาก Strategic KPI"), sheet.origin))
    version = _("ฉบับที่ %(version)s (%(state)s)") % {
        "version": sheet.version_text,
        "state": sheet.state,
    }
    if sheet.approved_on_text:
        version += " " + _("อนุมัติเมื่อ %(date)s") % {"date": sheet.approved_on_text}
    rows.append((_("ฉบับ"), version))
    return Facts(rows=tuple(rows))


def _baselines(sheet: KpiSheet) -> Table:
    """One column per fiscal year, as on OPDC's form."""
    columns = (
        Column(_("ข้อมูลพื้นฐาน"), 4),
        Column(_("หน่วยวัด"), 2),
        *(
            Column(_("ปีงบประมาณ %(year)s") % {"year": row.fiscal_year_text}, 2, numeric=True)
            for row in sheet.baselines
        ),
    )
    rows = [(_("ผลการดำเนินงาน"), sheet.unit, *(row.value_text for row in sheet.baselines))]
    if any(row.note for row in sheet.baselines):
        rows.append((_("หมายเหตุ"), "", *(row.note for row in sheet.baselines)))
    return Table(_("ข้อมูลพื้นฐานประกอบตัวชี้วัด"), columns, tuple(rows))


def _levels(sheet: KpiSheet) -> Table | Text:
    target = _("ขั้นตอนที่") if sheet.method_code == "milestone" else _("ค่าเป้าหมาย")
    columns = [Column(_("ระดับ"), 2), Column(target, 2, numeric=True)]
    columns.append(Column(_("คะแนน"), 2, numeric=True))
    with_description = any(level.description for level in sheet.levels)
    with_evidence = any(level.evidence for level in sheet.levels)
    if with_description:
        columns.append(Column(_("คำอธิบาย"), 6))
    if with_evidence:
        columns.append(Column(_("หลักฐาน"), 4))
    rows = []
    for level in sheet.levels:
        row = [level.label, level.target_text, level.score_text]
        if with_description:
            row.append(level.description)
        if with_evidence:
            row.append(level.evidence)
        rows.append(tuple(row))
    return _table_or_text(_("เกณฑ์การให้คะแนน"), tuple(columns), rows)


def _people(heading: str, people: tuple[PersonInfo, ...], *, email: bool) -> Table | Text:
    columns = [
        # Wide enough for a title, given name and surname on one line (they never break).
        Column(_("ชื่อ-สกุล"), 8, person=True),
        Column(_("ตำแหน่ง/หน่วยงาน"), 8 if not email else 6),
        Column(_("โทรศัพท์"), 5 if not email else 4),
    ]
    if email:
        columns.append(Column(_("อีเมล"), 8))
    rows = []
    for person in people:
        row = [person.name, "\n".join(filter(None, (person.position, person.unit))), person.phone]
        if email:
            row.append(person.email)
        rows.append(tuple(row))
    return _table_or_text(heading, tuple(columns), rows)


def _table_or_text(
    heading: str, columns: tuple[Column, ...], rows: list[tuple[str, ...]]
) -> Table | Text:
    if not rows:
        return Text(heading, "")
    return Table(heading, columns, tuple(rows))
