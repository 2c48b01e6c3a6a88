"""The ministry roll-up (issue 7 item 2): every department of a ministry in one fiscal year with
its total, result level and KPIs at risk; sortable, exportable to XLSX.

Who may open it: dashboards.access.ministries_visible_to. A department row links to its
dashboard only for users whose dashboard access allows it. Each department is shown at its
round of record (the latest opened round; the final round's total counts pending KPIs as zero
once it is closed). A constant number of queries whatever the number of departments or KPIs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _

from accounts.models import Department, Ministry
from core.decimals import quantize_half_up
from dashboards.access import departments_with_dashboard
from dashboards.lights import Light, Point, forecast, light_for
from dashboards.selectors import Total, round_of_record, rule_of, total_of
from frameworks import scoring
from frameworks.models import Framework, ReportingRound
from indicators.models import TargetLevel
from reporting.models import Submission
from reporting.results import round_is_final

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class DepartmentRow:
    department: Department
    framework: Framework | None
    round: ReportingRound | None
    total: Total | None
    forecast: Total | None  # every KPI at its latest accepted score (= total once final)
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
    "total": lambda row: row.total.total if row.total and row.total.total is not None else None,
    "forecast": lambda row: row.forecast.total if row.forecast is not None else None,
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
    # Every accepted report up to each framework's round of record (totals and forecasts),
    # read as plain values: a country-sized ministry has tens of thousands of them.
    chosen = list(frameworks.values())
    max_scores: dict[int, Decimal] = dict(
        TargetLevel.objects.filter(kpi__framework__in=chosen)
        .values("kpi_id")
        .annotate(top=Max("score"))
        .values_list("kpi_id", "top")
    )
    accepted = Submission.objects.filter(
        round__framework__in=chosen, state=Submission.State.ACCEPTED
    ).values_list(
        "round__framework_id",
        "round_id",
        "round__order",
        "round__name_th",
        "kpi_key",
        "kpi_id",
        "kpi__component__name_th",
        "kpi__weight",
        "result",
        "self_score",
    )
    items: dict[int, list[scoring.KpiPoints]] = defaultdict(list)
    points: dict[int, dict[str, list[Point]]] = defaultdict(lambda: defaultdict(list))
    kpi_max: dict[str, Decimal] = {}
    for (
        framework_id,
        round_id,
        order,
        round_name,
        kpi_key,
        kpi_id,
        component,
        weight,
        result,
        score,
    ) in accepted:
        record = records.get(framework_id)
        if record is None or order > record.order:
            continue
        key = str(kpi_key)
        top = max_scores.get(kpi_id, Decimal(100))
        kpi_max[key] = top
        points[framework_id][key].append(Point(order, round_name, result, score))
        if round_id == record.pk:
            items[framework_id].append(
                scoring.KpiPoints(
                    key=key, component=component, weight=weight, score=score, max_score=top
                )
            )
    # The KPIs of each round of record: one report per KPI in force.
    in_round: dict[int, list[tuple[str, str, Decimal]]] = defaultdict(list)
    for round_id, kpi_key, component, weight in Submission.objects.filter(
        round__in=list(records.values())
    ).values_list("round_id", "kpi_key", "kpi__component__name_th", "kpi__weight"):
        in_round[round_id].append((str(kpi_key), component, weight))
    allowed = set(departments_with_dashboard(user, fiscal_year).values_list("pk", flat=True))
    rows = []
    for department in departments:
        framework = frameworks.get(department.pk)
        record = records.get(framework.pk) if framework is not None else None
        if framework is None or record is None:
            rows.append(
                DepartmentRow(
                    department, framework, None, None, None, 0, 0, 0, department.pk in allowed
                )
            )
            continue
        final = round_is_final(record)
        scored = {item.key for item in items[framework.pk]}
        pending = [
            scoring.KpiPoints(key=key, component=component, weight=weight, score=None)
            for key, component, weight in in_round[record.pk]
            if key not in scored
        ]
        total = total_of(framework, [*items[framework.pk], *pending], final=final)
        rule = rule_of(framework)
        guesses = [
            scoring.KpiPoints(
                key=key,
                component=component,
                weight=weight,
                score=forecast(
                    points[framework.pk].get(key, []),
                    final_round=record.order if final else None,
                ).score,
                max_score=kpi_max.get(key, Decimal(100)),
            )
            for key, component, weight in in_round[record.pk]
        ]
        lights = [light_for(guess.score, rule) for guess in guesses]
        rows.append(
            DepartmentRow(
                department=department,
                framework=framework,
                round=record,
                total=total,
                forecast=total_of(framework, guesses, final=final),
                kpis=len(in_round[record.pk]),
                at_risk=lights.count(Light.AMBER),
                off_track=lights.count(Light.RED),
                can_open=department.pk in allowed,
            )
        )
    return MinistryView(ministry, fiscal_year, sort_rows(rows, sort), sort)


def _rounded(total: Total | None) -> Decimal | None:
    if total is None or total.total is None:
        return None
    return quantize_half_up(total.total, total.precision)


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
                sheet.cell(sheet.max_row, number_column).number_format = (
                    "0." + "0" * total.precision
                )
    widths = (48, 12, 16, 12, 14, 26, 14, 14, 14, 20)
    for letter, width in zip("ABCDEFGHIJ", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    return xlsx_bytes(workbook)
