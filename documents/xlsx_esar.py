"""The e-SAR-ready workbook of a round (issue 6 item 7; domain §10).

Sheet "e-SAR": one row per KPI in OPDC's order (component, then number) with the figures as
numbers (weight, targets at the three levels, result, score, weighted points) and the text
blocks OPDC's site asks for (ผลการดำเนินงาน, ปัจจัยสนับสนุน, อุปสรรค, ข้อเสนอแนะ, evidence), then
the total. Then one sheet per KPI with the same fields as the copy page (documents.layouts.esar),
one box per row, ready to copy. Texts follow the document's digits; figures are numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheets.write import new_workbook, put, xlsx_bytes
from documents.builders.sar import SarDoc, SarKpi
from documents.layouts.esar import esar_fields, evidence_text, narrative_text, targets_text
from documents.layouts.sar import year_line

CellValue = str | int | Decimal | None
SUMMARY_TITLE = "e-SAR"
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCEFE4")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
WEIGHT_FORMAT = "0.00"
RESULT_FORMAT = "#,##0.00"
# Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules).
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def render_esar_xlsx(doc: SarDoc) -> bytes:
    workbook = new_workbook(
        title=f"e-SAR {doc.department} {doc.fiscal_year} {doc.round_name}",
        first_sheet=SUMMARY_TITLE,
    )
    summary = workbook[SUMMARY_TITLE]
    _summary(summary, doc)
    used: set[str] = {SUMMARY_TITLE}
    for kpi in doc.kpis:
        _kpi_sheet(workbook.create_sheet(_sheet_name(kpi, used)), doc, kpi)
    return xlsx_bytes(workbook)


def _columns(doc: SarDoc) -> list[tuple[str, int, str]]:
    """(header, width, number format or "") in OPDC's order."""
    target = _("ค่าเป้าหมาย %(label)s (%(score)s คะแนน)")
    targets = [
        (target % {"label": p.label, "score": p.score_text}, 12, RESULT_FORMAT)
        for p in doc.score_points
    ]
    return [
        (_("ลำดับ"), 6, ""),
        (_("องค์ประกอบ"), 22, ""),
        (_("ตัวชี้วัดที่"), 9, ""),
        (_("ชื่อตัวชี้วัด"), 40, ""),
        (_("หน่วยวัด"), 12, ""),
        (_("น้ำหนัก (ร้อยละ)"), 10, WEIGHT_FORMAT),
        *targets,
        (_("เกณฑ์การให้คะแนน"), 28, ""),
        (_("ค่าผลการดำเนินงาน"), 12, RESULT_FORMAT),
        (_("คะแนนประเมินตนเอง"), 12, RESULT_FORMAT),
        (_("คะแนนถ่วงน้ำหนัก"), 12, _points_format(doc)),
        (_("ระดับที่ได้"), 16, ""),
        (_("ผลการดำเนินงาน"), 60, ""),
        (_("ปัจจัยสนับสนุน"), 40, ""),
        (_("อุปสรรค"), 40, ""),
        (_("ข้อเสนอแนะ"), 40, ""),
        (_("เอกสาร/หลักฐานอ้างอิง"), 40, ""),
        (_("สถานะรายงาน"), 18, ""),
    ]


def _points_format(doc: SarDoc) -> str:
    return "0." + "0" * doc.precision if doc.precision else "0"


def _summary(sheet: Worksheet, doc: SarDoc) -> None:
    title = _("ข้อมูลสำหรับระบบ e-SAR: %(department)s %(year)s %(round)s") % {
        "department": doc.department,
        "year": year_line(doc),
        "round": doc.round_name,
    }
    put(sheet, 1, 1, title).font = TITLE_FONT
    columns = _columns(doc)
    for index, (header, width, _number_format) in enumerate(columns, 1):
        cell = put(sheet, HEADER_ROW, index, header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(index)].width = width
    row = FIRST_ROW
    for index, kpi in enumerate(doc.kpis, 1):
        _write(sheet, row, _kpi_values(doc, kpi, index), columns)
        row += 1
    headers = [header for header, _width, _format in columns]
    total: list[CellValue] = [None] * len(columns)
    total[headers.index(_("องค์ประกอบ"))] = _("คะแนนรวม")
    total[headers.index(_("น้ำหนัก (ร้อยละ)"))] = doc.total_weight
    # No total (no KPIs): the read model's "ยังไม่มีผล", never an empty cell that sums as 0.
    total[headers.index(_("คะแนนถ่วงน้ำหนัก"))] = (
        doc.total if doc.total is not None else doc.total_text
    )
    total[headers.index(_("ระดับที่ได้"))] = doc.level_label
    _write(sheet, row, total, columns)
    for column in range(1, len(columns) + 1):
        sheet.cell(row, column).font = HEADER_FONT
        sheet.cell(row, column).fill = TOTAL_FILL
    # Why the round's KPIs and weights differ from the sheets (issue 17 item 3), as the SAR
    # says it: e-SAR asks for the weights used in the round.
    for offset, line in enumerate(doc.round_rules, start=2):
        put(sheet, row + offset, 1, line)
    sheet.freeze_panes = f"E{FIRST_ROW}"  # the KPI's number and name stay in view


def _kpi_values(doc: SarDoc, kpi: SarKpi, index: int) -> list[CellValue]:
    by_score = {level.score: level.target for level in kpi.levels}
    return [
        index,
        kpi.component_text,
        kpi.number,
        kpi.name,
        kpi.unit,
        kpi.weight,
        *(by_score.get(point.score) for point in doc.score_points),
        targets_text(kpi),
        kpi.result,
        kpi.score,
        kpi.points,
        kpi.level_label,
        narrative_text(kpi),
        kpi.supporting_factors,
        kpi.obstacles,
        kpi.suggestions,
        evidence_text(kpi),
        kpi.state_label if kpi.accepted else _("ยังไม่ได้ตรวจรับ"),
    ]


def _write(
    sheet: Worksheet, row: int, values: list[CellValue], columns: list[tuple[str, int, str]]
) -> None:
    for column, (value, (_header, _width, number_format)) in enumerate(
        zip(values, columns, strict=True), 1
    ):
        cell = put(sheet, row, column, value if value != "" else None)
        cell.alignment = WRAP
        if number_format and isinstance(value, Decimal):
            cell.number_format = number_format


def _sheet_name(kpi: SarKpi, used: set[str]) -> str:
    base = _SHEET_UNSAFE.sub("-", _("ตัวชี้วัด %(number)s") % {"number": kpi.number})[:28]
    name, suffix = base, 2
    while name in used:
        name, suffix = f"{base}-{suffix}"[:31], suffix + 1
    used.add(name)
    return name


def _kpi_sheet(sheet: Worksheet, doc: SarDoc, kpi: SarKpi) -> None:
    put(sheet, 1, 1, f"{doc.department} {year_line(doc)} {doc.round_name}").font = TITLE_FONT
    for index, header in enumerate((_("หัวข้อ"), _("ข้อความสำหรับคัดลอก")), 1):
        cell = put(sheet, HEADER_ROW, index, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 100
    for row, field in enumerate(esar_fields(kpi), FIRST_ROW):
        label = put(sheet, row, 1, field.label)
        label.font, label.alignment = HEADER_FONT, WRAP
        put(sheet, row, 2, field.text or None).alignment = WRAP
