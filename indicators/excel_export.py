"""Writing the KPI workbook: the framework's KPI sheets, or an empty template (domain §10).

Layout in indicators.excel_layout. Numbers are written as numbers (Decimal) with a number
format, never as text; text that starts with "=" is written as text, never as a formula. Files
are always Thai, whatever language the page is in, since they are working documents whose
headers identify the columns on import.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from accounts.models import OrgUnit, Person
from core.spreadsheets.write import new_workbook, put, xlsx_bytes
from frameworks.models import Framework, PlanItem
from indicators.excel_layout import (
    ASSESSMENT_POINTS,
    BASELINES,
    CHOICES_TITLE,
    DATA_ITEMS,
    DECIMAL_FORMAT,
    FIRST_DATA_ROW,
    HEADER_ROW,
    INSTRUCTIONS_TITLE,
    KEY_ROW,
    KPIS,
    LEVELS,
    MAX_DATA_ROWS,
    NO,
    ROUND_EXPECTATIONS,
    SHEETS,
    YES,
    Kind,
    SheetSpec,
    direction_labels,
    method_labels,
    origin_labels,
)
from indicators.models import Kpi, RoundExpectation
from indicators.selectors import current_kpis, kpi_sort_key, plan_items_for
from indicators.validation import baseline_years, format_point_criteria, stored_points

CellValue = str | int | Decimal | None
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCEFE4")
WRAP = Alignment(wrap_text=True, vertical="top")
HEADING = "\x00heading"  # marks a heading line of the instructions sheet
STEPS = (
    "1. กรอกตัวชี้วัดหนึ่งแถวต่อหนึ่งตัวชี้วัดในแผ่นงาน “ตัวชี้วัด” เริ่มที่แถว 3 (แถว 2 ซ่อนไว้สำหรับระบบ อย่าลบ)",
    "2. กรอกรายการข้อมูล ระดับคะแนน ข้อมูลพื้นฐาน และสิ่งที่ต้องรายงานรายรอบ ในแผ่นงานของแต่ละเรื่อง "
    "โดยอ้างอิงลำดับตัวชี้วัด",
    "3. ระดับคะแนนเรียงจากคะแนนต่ำสุดไปสูงสุด: ค่ามากดี ค่าเป้าหมายเพิ่มขึ้น; ค่าน้อยดี ค่าเป้าหมายลดลง",
    "4. ตัวเลขกรอกเป็นตัวเลข ทศนิยมได้ไม่เกิน 4 ตำแหน่ง",
    "5. ระบบตรวจทั้งไฟล์ก่อนนำเข้า ถ้าพบข้อผิดพลาดแม้แต่แถวเดียวจะไม่นำเข้าข้อมูลใดเลย "
    "และแสดงแผ่นงาน แถว และคอลัมน์ที่ต้องแก้",
    "6. ตัวชี้วัดที่ลำดับตรงกับฉบับร่างเดิมจะปรับปรุงฉบับร่างนั้น; ตัวชี้วัดที่อนุมัติแล้วแก้ไขผ่านการนำเข้าไม่ได้",
)


def export_framework_kpis(framework: Framework, *, drafts: bool = True) -> bytes:
    """Every KPI sheet of the framework (the current version of each, sub-KPIs included):
    the latest with `drafts`, else the version in force (indicators.selectors.current_kpis)."""
    with translation.override("th"):
        workbook = _workbook(framework)
        for spec, rows in _rows(framework, drafts).items():
            _write_rows(workbook[spec.title], spec, rows)
        return xlsx_bytes(workbook)


def template_workbook(framework: Framework) -> bytes:
    """The same layout, empty, with an instructions sheet in Thai first."""
    with translation.override("th"):
        workbook = _workbook(framework)
        _write_instructions(workbook.create_sheet(INSTRUCTIONS_TITLE, 0), framework)
        workbook.active = 0
        return xlsx_bytes(workbook)


# Layout ------------------------------------------------------------------------------------


def _workbook(framework: Framework) -> Workbook:
    workbook = new_workbook(title=f"{framework.name_th} ({framework.fiscal_year})")
    for spec in SHEETS:
        _header(workbook.create_sheet(spec.title), spec)
    choices = _choices(workbook.create_sheet(CHOICES_TITLE), framework)
    _validations(workbook[KPIS.title], choices)
    return workbook


def _header(sheet: Worksheet, spec: SheetSpec) -> None:
    for index, column in enumerate(spec.columns, 1):
        header = put(sheet, HEADER_ROW, index, column.header)
        header.font = HEADER_FONT
        header.fill = HEADER_FILL
        header.alignment = WRAP
        put(sheet, KEY_ROW, index, column.key)
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.kind in (Kind.CODE, Kind.CHOICE):
            dimension.number_format = "@"
        elif column.kind is Kind.DECIMAL:
            dimension.number_format = DECIMAL_FORMAT
    sheet.row_dimensions[KEY_ROW].hidden = True  # machine keys: import finds columns by them
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"


def _choices(sheet: Worksheet, framework: Framework) -> dict[str, int]:
    """A hidden sheet with the lists the drop-downs use; returns each list's length."""
    lists: dict[str, list[str]] = {
        "component": [c.code for c in framework.components.order_by("order", "id")],
        "method": list(method_labels().values()),
        "direction": list(direction_labels().values()),
        "interpolate": [YES, NO],
        "responsible_unit": list(
            OrgUnit.objects.filter(department_id=framework.department_id)
            .order_by("code")
            .values_list("code", flat=True)
        ),
        "origin_relation": list(origin_labels().values()),
    }
    for index, (key, values) in enumerate(lists.items(), 1):
        put(sheet, 1, index, KPIS.column(key).header).font = HEADER_FONT
        for row, value in enumerate(values, 2):
            put(sheet, row, index, value)
    sheet.sheet_state = "hidden"
    return {key: len(values) for key, values in lists.items()}


def _validations(sheet: Worksheet, lengths: dict[str, int]) -> None:
    last_row = FIRST_DATA_ROW + MAX_DATA_ROWS - 1
    for index, (key, length) in enumerate(lengths.items(), 1):
        if not length:
            continue
        letter = get_column_letter(index)
        column = KPIS.column(key)
        validation = DataValidation(
            type="list",
            formula1=f"'{CHOICES_TITLE}'!${letter}$2:${letter}${length + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=column.header,
            error="กรุณาเลือกจากรายการ",
        )
        target = get_column_letter(KPIS.columns.index(column) + 1)
        validation.add(f"{target}{FIRST_DATA_ROW}:{target}{last_row}")
        sheet.add_data_validation(validation)


def _write_rows(sheet: Worksheet, spec: SheetSpec, rows: Iterable[Sequence[CellValue]]) -> None:
    for row_index, row in enumerate(rows, FIRST_DATA_ROW):
        for index, (column, value) in enumerate(zip(spec.columns, row, strict=True), 1):
            if value is None or value == "":
                continue
            cell = put(sheet, row_index, index, value)  # text stays text, even "=…"
            if isinstance(value, str):
                cell.alignment = WRAP
            elif column.kind is Kind.DECIMAL:
                cell.number_format = DECIMAL_FORMAT


# Data --------------------------------------------------------------------------------------


def person_ref(person: Person | None) -> str:
    """How the workbook names a person: user name, else e-mail, else full name."""
    if person is None:
        return ""
    if person.user is not None:
        return person.user.get_username()
    return person.email or person.full_name


def _number(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return abs(value) if value == 0 else value  # never "-0"


def _rows(framework: Framework, drafts: bool) -> dict[SheetSpec, list[list[CellValue]]]:
    kpis = sorted(
        current_kpis(framework, drafts=drafts)
        .select_related(
            "component", "responsible_unit", "overseer__user", "parent", "strategic_kpi"
        )
        .prefetch_related(
            Prefetch("collectors", queryset=Person.objects.select_related("user")),
            "lineage",
            "data_items",
            "levels",
            "baselines",
            Prefetch("round_expectations", RoundExpectation.objects.select_related("round")),
            "assessment_points",
        ),
        key=kpi_sort_key,
    )
    ambiguous = {
        code
        for code, count in Counter(
            plan_items_for(framework.department).values_list("code", flat=True)
        ).items()
        if count > 1
    }
    methods, directions = method_labels(), direction_labels()
    rows: dict[SheetSpec, list[list[CellValue]]] = {spec: [] for spec in SHEETS}
    for kpi in kpis:
        rows[KPIS].append(_kpi_row(kpi, ambiguous, methods, directions))
        number = kpi.number
        for order, item in enumerate(kpi.data_items.all(), 1):
            rows[DATA_ITEMS].append([number, order, item.code, item.name_th, item.unit])
        for order, level in enumerate(kpi.levels.all(), 1):
            rows[LEVELS].append(
                [
                    number,
                    order,
                    level.label,
                    _number(level.target),
                    _number(level.score),
                    level.description,
                    level.evidence,
                ]
            )
        for baseline in kpi.baselines.all():
            rows[BASELINES].append(
                [number, baseline.fiscal_year, _number(baseline.value), baseline.note]
            )
        expectations = sorted(kpi.round_expectations.all(), key=lambda e: e.round.order)
        for expectation in expectations:
            rows[ROUND_EXPECTATIONS].append(
                [
                    number,
                    expectation.round.order,
                    expectation.round.name_th,
                    expectation.expectation,
                    YES if expectation.in_force else NO,
                    _number(expectation.weight),
                    expectation.reason,
                    expectation.amendment_id,
                ]
            )
        for order, point in enumerate(stored_points(kpi), 1):
            rows[ASSESSMENT_POINTS].append(
                [
                    number,
                    order,
                    point.name_th,
                    point.unit,
                    _number(point.weight),
                    format_point_criteria(point.criteria),
                ]
            )
    return rows


def lineage_ref(item: PlanItem, ambiguous: set[str]) -> str:
    return f"{item.level}:{item.code}" if item.code in ambiguous else item.code


def _kpi_row(
    kpi: Kpi, ambiguous: set[str], methods: dict[str, str], directions: dict[str, str]
) -> list[CellValue]:
    values: dict[str, CellValue] = {
        "component": kpi.component.code,
        "number": kpi.number,
        "name_th": kpi.name_th,
        "name_en": kpi.name_en,
        "unit": kpi.unit,
        "weight": _number(kpi.weight),
        "method": methods.get(kpi.method, kpi.method),
        "direction": directions.get(kpi.direction, kpi.direction),
        "interpolate": YES if kpi.interpolate else NO,
        "floor": _number(kpi.floor),
        "parent": kpi.parent.number if kpi.parent is not None else "",
        "sub_weight": _number(kpi.sub_weight),
        "description": kpi.description,
        "scope": kpi.scope,
        "formula": kpi.formula,
        "lineage": ", ".join(sorted(lineage_ref(item, ambiguous) for item in kpi.lineage.all())),
        "responsible_unit": kpi.responsible_unit.code if kpi.responsible_unit else "",
        "overseer": person_ref(kpi.overseer),
        "collectors": ", ".join(sorted(person_ref(person) for person in kpi.collectors.all())),
        "conditions": kpi.conditions,
        "data_source": kpi.data_source,
        "collection_method": kpi.collection_method,
        "evidence_required": kpi.evidence_required,
        "origin_relation": origin_labels().get(kpi.origin_relation, ""),
        "strategic_kpi": kpi.strategic_kpi.code if kpi.strategic_kpi else "",
    }
    return [values[column.key] for column in KPIS.columns]


# Instructions ------------------------------------------------------------------------------


def _write_instructions(sheet: Worksheet, framework: Framework) -> None:
    lines: list[tuple[CellValue, ...]] = [
        (f"แม่แบบนำเข้าตัวชี้วัด — {framework.name_th} ปีงบประมาณ {framework.fiscal_year}",),
        (),
        (HEADING, "วิธีใช้"),
        *((step,) for step in STEPS),
        (),
        (HEADING, "คอลัมน์"),
        ("แผ่นงาน", "คอลัมน์", "จำเป็น", "คำอธิบาย"),
    ]
    for spec in SHEETS:
        for column in spec.columns:
            lines.append((spec.title, column.header, YES if column.required else "", column.help))
    lines += [(), (HEADING, "องค์ประกอบ"), ("รหัส", "ชื่อ", "น้ำหนัก (ร้อยละ)")]
    lines += [(c.code, c.name_th, c.weight) for c in framework.components.order_by("order", "id")]
    lines += [(), (HEADING, "วิธีให้คะแนน"), ("ข้อความที่ใช้", "รหัส")]
    lines += [(label, code) for code, label in method_labels().items()]
    lines += [(), (HEADING, "รอบการรายงาน"), ("ลำดับ", "ชื่อรอบ")]
    lines += [(r.order, r.name_th) for r in framework.rounds.order_by("order", "period_end")]
    years = ", ".join(str(year) for year in baseline_years(framework))
    lines += [(), (HEADING, "ข้อมูลพื้นฐาน"), (f"ปีงบประมาณที่กรอกได้: {years}",)]
    lines += [(), (HEADING, "หน่วยงาน"), ("รหัส", "ชื่อ")]
    units = OrgUnit.objects.filter(department_id=framework.department_id).order_by("code")
    lines += [(unit.code, unit.name_th) for unit in units]
    for row, line in enumerate(lines, 1):
        heading = row == 1 or (bool(line) and line[0] is HEADING)
        values = line[1:] if line and line[0] is HEADING else line
        for index, value in enumerate(values, 1):
            put(sheet, row, index, value)
        if heading:
            sheet.cell(row, 1).font = Font(bold=True, size=14 if row == 1 else 12)
    for letter, width in zip("ABCD", (28, 36, 10, 70), strict=True):
        sheet.column_dimensions[letter].width = width
