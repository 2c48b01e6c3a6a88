"""The ministry roll-up (issue 7 item 2): every department of a ministry in one fiscal year with
its total, result level and KPIs at risk; sortable, exportable to XLSX.

Who may open it: dashboards.access.ministries_visible_to. A department row links to its
dashboard only for users whose dashboard access allows it. Each department is shown at its
round of record (the latest opened round; the final round's total counts pending KPIs as zero
once it is closed). A constant number of queries whatever the number of departments or KPIs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accounts.models import Department, Ministry
from core.decimals import quantize_half_up
from dashboards.access import departments_with_dashboard
from dashboards.selectors import round_of_record
from frameworks import scoring
from frameworks.lights import Light
from frameworks.models import Framework, ReportingRound
from reporting.outlook import round_summaries
from reporting.results import RoundTotal

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class DepartmentRow:
    department: Department
    framework: Framework | None
    round: ReportingRound | None
    total: RoundTotal | None
    forecast: RoundTotal | None  # every KPI at its latest accepted score (= total once final)
    kpis: int
    at_risk: int  # amber (มีความเสี่ยง)
    off_track: int  # red (ไม่เป็นไปตามเป้าหมาย)
    can_open: bool

    @property
    def flagged(self) -> int:
        return self.at_risk + self.off_track

    @property
    def level(self) -> scoring.ResultLevel | None:
        """The level the department is heading for (the final level once the year is closed)."""
        return self.forecast.level if self.forecast is not None else None


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool

    @property
    def param(self) -> str:
        return ("-" if self.descending else "") + self.key

    def toggled(self, key: str) -> str:
        """The sort parameter of a column header link."""
        if key == self.key:
            return key if self.descending else f"-{key}"
        return f"-{key}" if key in ("total", "forecast", "risk") else key


SORT_KEYS: dict[str, Callable[[DepartmentRow], Any]] = {
    "name": lambda row: row.department.name_th,
    "total": lambda row: row.total.shown_total if row.total is not None else None,
    "forecast": lambda row: row.forecast.shown_total if row.forecast is not None else None,
    "risk": lambda row: (row.flagged, row.off_track) if row.total is not None else None,
}


def parse_sort(text: str | None) -> Sort:
    text = (text or "").strip()
    key = text.lstrip("-")
    if key not in SORT_KEYS:
        return Sort("name", False)
    return Sort(key, text.startswith("-"))


def sort_rows(rows: list[DepartmentRow], sort: Sort) -> list[DepartmentRow]:
    """Departments without a total always come last, whichever way the column is sorted."""
    key = SORT_KEYS[sort.key]
    with_value = [row for row in rows if key(row) is not None]
    without = [row for row in rows if key(row) is None]
    with_value.sort(key=lambda row: row.department.name_th)
    with_value.sort(key=key, reverse=sort.descending)  # stable: names stay A→Z among ties
    without.sort(key=lambda row: row.department.name_th)
    return with_value + without


@dataclass(frozen=True)
class MinistryView:
    ministry: Ministry
    fiscal_year: int
    rows: list[DepartmentRow]
    sort: Sort


def _frameworks(ministry: Ministry, fiscal_year: int) -> dict[int, Framework]:
    frameworks = (
        Framework.objects.filter(department__ministry=ministry, fiscal_year=fiscal_year)
        .select_related("traffic_light_rule")
        .prefetch_related(
            "result_levels",
            Prefetch(
                "rounds",
                queryset=ReportingRound.objects.select_related("reporting_state").order_by(
                    "order", "period_end"
                ),
            ),
        )
    )
    return {f.department_id: f for f in frameworks}


def ministry_view(user: User, ministry: Ministry, fiscal_year: int, sort: Sort) -> MinistryView:
    departments = list(ministry.departments.order_by("name_th"))
    frameworks = _frameworks(ministry, fiscal_year)
    records = {f.pk: r for f in frameworks.values() if (r := round_of_record(f)) is not None}
    summaries = round_summaries(records, {f.pk: f for f in frameworks.values()})
    allowed = set(departments_with_dashboard(user, fiscal_year).values_list("pk", flat=True))
    rows = []
    for department in departments:
        framework = frameworks.get(department.pk)
        summary = summaries.get(framework.pk) if framework is not None else None
        if framework is None or summary is None:
            rows.append(
                DepartmentRow(
                    department, framework, None, None, None, 0, 0, 0, department.pk in allowed
                )
            )
            continue
        rows.append(
            DepartmentRow(
                department=department,
                framework=framework,
                round=summary.round,
                total=summary.total,
                forecast=summary.forecast,
                kpis=summary.kpis,
                at_risk=summary.lights.count(Light.AMBER),
                off_track=summary.lights.count(Light.RED),
                can_open=department.pk in allowed,
            )
        )
    return MinistryView(ministry, fiscal_year, sort_rows(rows, sort), sort)


def _rounded(total: RoundTotal | None) -> Decimal | None:
    if total is None or total.shown_total is None:
        return None
    return quantize_half_up(total.shown_total, total.places)


def ministry_xlsx(view: MinistryView) -> bytes:
    """The roll-up as a workbook: one row per department, numbers as numbers."""
    from openpyxl.styles import Font

    from core.spreadsheets.write import append, new_workbook, xlsx_bytes

    title = f"{view.ministry.name_th} — " + _("ปีงบประมาณ %(y)s") % {"y": view.fiscal_year}
    workbook = new_workbook(title=title, first_sheet=_("ภาพรวมกระทรวง")[:31])
    sheet = workbook.worksheets[0]
    append(sheet, [title])
    sheet["A1"].font = Font(bold=True)
    headers = [
        _("ส่วนราชการ"),
        _("ชื่อย่อ"),
        _("รอบการรายงาน"),
        _("คะแนนรวม"),
        _("คาดการณ์ ณ สิ้นปี"),
        _("ระดับผลการประเมิน (คาดการณ์)"),
        _("ตัวชี้วัดที่รอผล"),
        _("ตัวชี้วัดทั้งหมด"),
        _("มีความเสี่ยง"),
        _("ไม่เป็นไปตามเป้าหมาย"),
    ]
    append(sheet, headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in view.rows:
        total = row.total
        shown = _rounded(total)
        outlook = _rounded(row.forecast)
        append(
            sheet,
            [
                row.department.name_th,
                row.department.abbreviation,
                row.round.name_th if row.round else "",
                shown,
                outlook,
                row.level.label if row.level is not None else "",
                total.pending if total is not None else None,
                row.kpis,
                row.at_risk,
                row.off_track,
            ],
        )
        if total is not None:
            for number_column in (4, 5):
                sheet.cell(sheet.max_row, number_column).number_format = "0." + "0" * total.places
    widths = (48, 12, 16, 12, 14, 26, 14, 14, 14, 20)
    for letter, width in zip("ABCDEFGHIJ", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    return xlsx_bytes(workbook)
