"""The list of Strategic KPIs (issue 17 item 4): add, edit and import from Excel.

Every write checks `can_maintain_strategic_kpis` (the evaluating body's coordinator or a system
administrator), writes an audit event and runs in one transaction. The import reads the file
through core.spreadsheets.read (bounded before it parses), checks every row first and reports
each bad one with its row number; nothing is written from a file with a bad row. A row whose
code exists updates that Strategic KPI; the others are added.

Columns, by header name in the first row: รหัส, ชื่อ, ระดับ, หน่วยงานเจ้าของ,
ปีงบประมาณเริ่มต้น, ปีงบประมาณสิ้นสุด (may be empty: still in force).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.numbers import parse_year
from core.spreadsheets.read import Budget, SpreadsheetRefused, xlsx_table
from core.spreadsheets.write import template_sheet, xlsx_bytes
from frameworks.lineage_import import RowProblem
from frameworks.models import StrategicKpi
from frameworks.selectors import can_maintain_strategic_kpis

Actor = AbstractBaseUser | AnonymousUser

CODE = "รหัส"
NAME = "ชื่อ"
LEVEL = "ระดับ"
OWNER = "หน่วยงานเจ้าของ"
FIRST = "ปีงบประมาณเริ่มต้น"
LAST = "ปีงบประมาณสิ้นสุด"
COLUMNS = (CODE, NAME, LEVEL, OWNER, FIRST, LAST)
MAX_ROWS = 2000
MAX_COLUMNS = 20
SHEET_TITLE = "Strategic KPIs"
FIELDS = ("code", "name_th", "level", "owner", "first_year", "last_year")


def _max(name: str) -> int:
    field = StrategicKpi._meta.get_field(name)
    return int(getattr(field, "max_length", 0) or 0)


def require_maintainer(actor: Actor, fiscal_year: int) -> None:
    if not can_maintain_strategic_kpis(actor, fiscal_year):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของสำนักงาน ก.พ.ร. หรือผู้ดูแลระบบเท่านั้น"))


# One Strategic KPI ---------------------------------------------------------------------------


def _level_names() -> dict[str, str]:
    names = {str(value): str(value) for value in StrategicKpi.Level.values}
    names.update({str(label): str(value) for value, label in StrategicKpi.Level.choices})
    names["แผนแม่บท"] = StrategicKpi.Level.MASTER
    names["กระทรวง"] = StrategicKpi.Level.MINISTRY
    return names


def validate_strategic_kpi(
    values: dict[str, Any], *, instance: StrategicKpi | None = None
) -> dict[str, list[str]]:
    """Every problem with one Strategic KPI, per field, in Thai. `values` holds FIELDS with
    the years already parsed (None when empty or not a year)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for name, required in (("code", _("ต้องระบุรหัส")), ("name_th", _("ต้องระบุชื่อ"))):
        text = values.get(name) or ""
        if not text:
            add(name, required)
        elif len(text) > _max(name):
            add(name, _("ยาวเกิน %(max)s ตัวอักษร") % {"max": _max(name)})
    if not values.get("owner"):
        add("owner", _("ต้องระบุหน่วยงานเจ้าของตัวชี้วัด"))
    elif len(values["owner"]) > _max("owner"):
        add("owner", _("ยาวเกิน %(max)s ตัวอักษร") % {"max": _max("owner")})
    if values.get("level") not in StrategicKpi.Level.values:
        add(
            "level",
            _("ระดับต้องเป็น: %(choices)s")
            % {"choices": ", ".join(str(label) for label in StrategicKpi.Level.labels)},
        )
    first, last = values.get("first_year"), values.get("last_year")
    if first is None:
        add("first_year", _("ต้องระบุปีงบประมาณ พ.ศ. เช่น 2569"))
    if last is not None and first is not None and last < first:
        add("last_year", _("ปีงบประมาณสิ้นสุดต้องไม่ก่อนปีงบประมาณเริ่มต้น"))
    code = values.get("code") or ""
    clash = StrategicKpi.objects.filter(code=code)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if code and clash.exists():
        add("code", _("รหัส “%(code)s” มีอยู่แล้ว") % {"code": code})
    return errors


def strategic_kpi_save(
    actor: Actor,
    fiscal_year: int,
    values: dict[str, Any],
    *,
    instance: StrategicKpi | None = None,
) -> StrategicKpi:
    """Add a Strategic KPI, or change `instance`. `fiscal_year` is the actor's working year
    (the year of the coordinator role that allows it)."""
    require_maintainer(actor, fiscal_year)
    errors = validate_strategic_kpi(values, instance=instance)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = instance if instance is not None else StrategicKpi()
        before = {name: getattr(item, name) for name in FIELDS} if instance else {}
        for name in FIELDS:
            setattr(item, name, values.get(name))
        item.save()
        audit_log(
            actor,
            "frameworks.strategic_kpi.updated" if instance else "frameworks.strategic_kpi.created",
            item,
            {
                name: str(values.get(name))
                for name in FIELDS
                if not instance or before.get(name) != values.get(name)
            },
        )
    return item


# Import --------------------------------------------------------------------------------------


class StrategicKpiImportError(ValidationError):
    """The file cannot be imported; `problems` lists every bad row."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = sorted(
            problems,
            key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else -1),
        )
        super().__init__([str(problem) for problem in self.problems])


@dataclass
class StrategicKpiImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _text(value: Any) -> str:
    """A cell as text: Excel stores the code 1801 or the year 2569 as a number."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


FIELD_COLUMN = dict(zip(FIELDS, (CODE, NAME, LEVEL, OWNER, FIRST, LAST), strict=True))


def _read(file: IO[bytes]) -> list[tuple[int, dict[str, Any]]]:
    """The rows as values for validate_strategic_kpi, or StrategicKpiImportError with every
    problem the file has."""
    budget = Budget(max_rows=MAX_ROWS + 200, max_columns=MAX_COLUMNS)
    try:
        table = xlsx_table(file, budget)
    except SpreadsheetRefused as refused:
        raise StrategicKpiImportError([RowProblem(0, "", refused.message)]) from None
    rows = iter(table)
    header = [_text(value) for value in next(rows, ())]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise StrategicKpiImportError(
            [RowProblem(1, name, _("ไม่พบหัวคอลัมน์นี้ในแถวแรก")) for name in missing]
        )
    index = {name: header.index(name) for name in COLUMNS}
    levels = _level_names()
    problems: list[RowProblem] = []
    parsed: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    existing = {item.code: item for item in StrategicKpi.objects.all()}
    for number, cells in enumerate(rows, start=2):
        text = {name: _text(cells[i]) if i < len(cells) else "" for name, i in index.items()}
        if not any(text.values()):
            continue
        if len(parsed) >= MAX_ROWS:
            problems.append(
                RowProblem(number, "", _("ไฟล์มีข้อมูลเกิน %(max)s แถว") % {"max": f"{MAX_ROWS:,}"})
            )
            break
        values: dict[str, Any] = {
            "code": text[CODE],
            "name_th": text[NAME],
            "level": levels.get(text[LEVEL], text[LEVEL]),
            "owner": text[OWNER],
            "first_year": parse_year(text[FIRST]),
            "last_year": parse_year(text[LAST]),
        }
        # A code already in the list updates that Strategic KPI.
        found = existing.get(values["code"])
        for field, messages in validate_strategic_kpi(values, instance=found).items():
            for message in messages:
                problems.append(RowProblem(number, FIELD_COLUMN[field], message))
        if text[FIRST] and values["first_year"] is None:
            problems.append(RowProblem(number, FIRST, _("ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569")))
        if text[LAST] and values["last_year"] is None:
            problems.append(RowProblem(number, LAST, _("ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569")))
        code = values["code"]
        if code and code in seen:
            problems.append(
                RowProblem(
                    number,
                    CODE,
                    _("รหัส “%(code)s” ซ้ำกับแถวที่ %(other)s") % {"code": code, "other": seen[code]},
                )
            )
        seen.setdefault(code, number)
        parsed.append((number, values))
    if not parsed and not problems:
        problems.append(RowProblem(0, "", _("ไม่มีข้อมูลในไฟล์ (ต้องมีอย่างน้อย 1 แถวต่อจากหัวคอลัมน์)")))
    if problems:
        raise StrategicKpiImportError(problems)
    return parsed


def strategic_kpis_import(
    actor: Actor, fiscal_year: int, file: IO[bytes], filename: str = ""
) -> StrategicKpiImportResult:
    """Import the Strategic KPIs of an Excel file, all or nothing."""
    require_maintainer(actor, fiscal_year)
    rows = _read(file)
    result = StrategicKpiImportResult()
    with transaction.atomic():
        existing = {item.code: item for item in StrategicKpi.objects.select_for_update()}
        for _row, values in rows:
            item = existing.get(values["code"])
            if item is None:
                StrategicKpi.objects.create(**values)
                result.created += 1
            elif any(getattr(item, name) != values[name] for name in FIELDS):
                for name in FIELDS:
                    setattr(item, name, values[name])
                item.save()
                result.updated += 1
            else:
                result.unchanged += 1
        audit_log(
            actor,
            "frameworks.strategic_kpi.imported",
            None,
            {
                "file": filename,
                "rows": len(rows),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result


EXAMPLE_ROWS: list[tuple[str, str, str, str, int, int | None]] = [
    (
        "NS-2-1",
        "ประเทศไทยมีขีดความสามารถในการแข่งขันสูงขึ้น",
        "ยุทธศาสตร์ชาติ",
        "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
        2566,
        2570,
    ),
    (
        "MP-18-1",
        "พื้นที่ป่าไม้เพิ่มขึ้น",
        "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ",
        "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
        2566,
        None,
    ),
]


def strategic_kpis_template_xlsx() -> bytes:
    """A workbook to fill in: the six columns and two example rows."""
    workbook, _sheet = template_sheet(
        SHEET_TITLE, COLUMNS, EXAMPLE_ROWS, (14, 60, 30, 40, 18, 18), text_columns=("A",)
    )
    return xlsx_bytes(workbook)
