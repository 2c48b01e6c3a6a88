"""Fiscal years and frameworks (components, result levels, rounds, step durations), and the
agency what-if for a framework (domain §3, §6, §7).

Reads go through frameworks.selectors (frameworks_visible_to and friends); the what-if uses
the same form and calculation as the KPI list page (indicators.forms.AgencyWhatIfForm,
indicators.criteria.agency_whatif), so its rules and numbers are the page's.
"""

import datetime
from typing import Any, Literal

from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate
from ninja.params import P, PathEx

from api.auth import CALCULATOR_AUTH, caller
from api.common import (
    MAX_ID,
    DecimalText,
    OptionalDecimalText,
    Paged,
    Text,
    YearAgencyFilters,
    filter_year_agency,
    number_problem,
    ok,
)
from api.errors import BODY, error_item
from api.scoring import text4
from core.fiscal import FiscalYear, current_fiscal_year
from core.numbers import parse_id
from frameworks.models import Framework
from frameworks.selectors import framework_detail_queryset, framework_list_for
from indicators import selectors as kpi_selectors
from indicators.criteria import agency_whatif, max_score_for
from indicators.forms import AgencyWhatIfForm

router = Router(tags=["frameworks"])

FrameworkId = PathEx[int, P(ge=1, le=MAX_ID, description="รหัสกรอบการประเมิน", example=1)]
MAX_SCORES = 500


class FiscalYearOut(Schema):
    fiscal_year: int = Field(description="ปีงบประมาณ (พ.ศ.)")
    starts_on: datetime.date
    ends_on: datetime.date
    is_current: bool
    frameworks: int = Field(description="จำนวนกรอบการประเมินที่มองเห็นได้ในปีนี้")


class ComponentOut(Schema):
    id: int
    order: int
    code: str
    name_th: str
    name_en: str
    weight: DecimalText


class ResultLevelOut(Schema):
    code: str
    label_th: str
    min_total: DecimalText


class RoundOut(Schema):
    id: int
    order: int
    name_th: str
    months: int
    period_end: datetime.date
    due_date: datetime.date
    is_final: bool


class StepOut(Schema):
    step: int
    label: str
    days: int | None

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.get_step_display())


class FrameworkOut(Schema):
    id: int
    agency: str = Field(alias="department.code")
    agency_name_th: str = Field(alias="department.name_th")
    fiscal_year: int
    name_th: str
    template: str
    state: Literal["draft", "active"]
    version: int
    precision: int
    components: list[ComponentOut]

    @staticmethod
    def resolve_components(obj: Framework) -> list[Any]:
        return sorted(obj.components.all(), key=lambda c: (c.order, c.pk))


class FrameworkDetailOut(FrameworkOut):
    basic_score: DecimalText
    standard_score: DecimalText
    advanced_score: DecimalText
    interpolate: bool
    five_level_floor: DecimalText
    result_levels: list[ResultLevelOut]
    rounds: list[RoundOut]
    steps: list[StepOut]

    @staticmethod
    def resolve_result_levels(obj: Framework) -> list[Any]:
        return sorted(obj.result_levels.all(), key=lambda cut: cut.min_total, reverse=True)

    @staticmethod
    def resolve_rounds(obj: Framework) -> list[Any]:
        return sorted(obj.rounds.all(), key=lambda r: (r.order, r.period_end))

    @staticmethod
    def resolve_steps(obj: Framework) -> list[Any]:
        return sorted(obj.steps.all(), key=lambda s: s.step)


class FrameworkFilters(YearAgencyFilters):
    state: Literal["draft", "active"] | None = None


class TotalsIn(Schema):
    scores: dict[Text, Text | None] = Field(
        default_factory=dict,
        description='คะแนนที่คาดว่าจะได้ของตัวชี้วัดระดับบนสุด {"<kpi id>": "80"}; ไม่ระบุหรือ null = รอผล',
        max_length=MAX_SCORES,
    )


class ComponentTotalOut(Schema):
    component: str
    points: DecimalText
    weight: DecimalText
    pending: int


class LevelNeedOut(Schema):
    code: str
    label: str
    min_total: DecimalText
    needed: OptionalDecimalText = Field(
        description="คะแนนเท่ากันที่ตัวชี้วัดที่รอผลทุกตัวต้องได้; null = ไม่สามารถถึงได้"
    )
    reached: bool


class TotalsOut(Schema):
    total: DecimalText
    shown_total: OptionalDecimalText
    level_code: str | None
    level_label: str | None
    pending: int
    max_possible: DecimalText
    scale_max: DecimalText
    precision: int
    components: list[ComponentTotalOut]
    needs: list[LevelNeedOut]


def _year_row(year: int, count: int, current: int) -> dict[str, Any]:
    fiscal = FiscalYear(year)
    return {
        "fiscal_year": year,
        "starts_on": fiscal.start,
        "ends_on": fiscal.end,
        "is_current": year == current,
        "frameworks": count,
    }


@router.get(
    "/fiscal-years",
    response=ok(list[FiscalYearOut]),
    summary="ปีงบประมาณที่มีกรอบการประเมินซึ่งมองเห็นได้ (และปีปัจจุบัน)",
    operation_id="fiscal_year_list",
)
def fiscal_year_list(request: HttpRequest) -> list[dict[str, Any]]:
    counts = dict(
        framework_list_for(caller(request))
        .order_by()
        .values_list("fiscal_year")
        .annotate(n=Count("pk"))
    )
    current = current_fiscal_year().be_year
    years = sorted(set(counts) | {current}, reverse=True)
    return [_year_row(year, counts.get(year, 0), current) for year in years]


@router.get(
    "/frameworks",
    response=ok(list[FrameworkOut], 422),
    summary="กรอบการประเมินที่มองเห็นได้",
    operation_id="framework_list",
)
@paginate(Paged)
def framework_list(request: HttpRequest, filters: Query[FrameworkFilters]) -> QuerySet[Framework]:
    qs = framework_list_for(caller(request)).order_by("-fiscal_year", "department__code", "pk")
    qs = filter_year_agency(qs, filters, framework="")
    if filters.state:
        qs = qs.filter(state=filters.state)
    return qs


def visible_framework(request: HttpRequest, framework_id: int) -> Framework:
    return get_object_or_404(framework_detail_queryset(caller(request)), pk=framework_id)


@router.get(
    "/frameworks/{framework_id}",
    response=ok(FrameworkDetailOut, 404, 422),
    summary="กรอบการประเมิน พร้อมองค์ประกอบ ระดับผล รอบการรายงาน",
    operation_id="framework_detail",
)
def framework_detail(request: HttpRequest, framework_id: FrameworkId) -> Framework:
    return visible_framework(request, framework_id)


def _form_data(scores: dict[str, str | None]) -> tuple[dict[str, str], list[dict[str, Any]]]:
    data: dict[str, str] = {}
    problems: list[dict[str, Any]] = []
    for key, value in scores.items():
        kpi_id = parse_id(key)
        if kpi_id is None:
            problems.append(error_item((*BODY, "scores", key), _("รหัสตัวชี้วัดต้องเป็นตัวเลข")))
        elif value is not None and (problem := number_problem(value)) is not None:
            problems.append(error_item((*BODY, "scores", key), problem))
        elif value is not None:
            data[f"score_{kpi_id}"] = value
    return data, problems


@router.post(
    "/frameworks/{framework_id}/totals",
    response=ok(TotalsOut, 400, 403, 404, 422),
    auth=CALCULATOR_AUTH,
    summary="คะแนนรวมของส่วนราชการจากคะแนนที่คาดว่าจะได้ (what-if)",
    description="เหมือนเครื่องคำนวณในหน้ารายการตัวชี้วัด: ตัวชี้วัดที่ไม่ระบุคะแนนนับเป็น “รอผล” ไม่ใช่ศูนย์ "
    "(domain §6). ไม่บันทึกข้อมูลใด ๆ จึงใช้โทเค็นอ่านอย่างเดียวได้",
    operation_id="framework_totals",
)
def framework_totals(
    request: HttpRequest, payload: TotalsIn, framework_id: FrameworkId
) -> dict[str, Any]:
    # The KPI list page's what-if: it reads the year's KPI sheets, so the publication rule.
    framework = get_object_or_404(
        kpi_selectors.frameworks_readable_by(caller(request)), pk=framework_id
    )
    drafts = kpi_selectors.reads_drafts_of(caller(request), framework)
    kpis = kpi_selectors.kpi_list_for_framework(framework, drafts=drafts)
    top = [k for k in kpis if k.parent_id is None]
    max_scores = {kpi.pk: max_score_for(kpi) for kpi in top}
    data, problems = _form_data(payload.scores)
    known = {f"score_{kpi.pk}" for kpi in top}
    for name in data:
        if name not in known:
            key = name.removeprefix("score_")
            message = _("ไม่มีตัวชี้วัดระดับบนสุดรหัสนี้ในกรอบการประเมินนี้")
            problems.append(error_item((*BODY, "scores", key), message))
    form = AgencyWhatIfForm(data, kpis=top, max_scores=max_scores)
    if not form.is_valid():
        for name, messages in form.errors.items():
            key = name.removeprefix("score_")
            problems.extend(error_item((*BODY, "scores", key), str(m)) for m in messages)
    if problems:
        raise ValidationError(problems)
    whatif = agency_whatif(framework, top, form.scores())
    totals = whatif.totals
    return {
        "total": text4(totals.total),
        "shown_total": text4(whatif.shown_total),
        "level_code": whatif.level.code if whatif.level else None,
        "level_label": whatif.level.label if whatif.level else None,
        "pending": totals.pending,
        "max_possible": text4(totals.max_possible),
        "scale_max": text4(whatif.scale_max),
        "precision": whatif.precision,
        "components": [
            {
                "component": c.component,
                "points": text4(c.points),
                "weight": text4(c.weight),
                "pending": c.pending,
            }
            for c in totals.components
        ],
        "needs": [
            {
                "code": need.level.code,
                "label": need.level.label,
                "min_total": text4(need.level.min_total),
                "needed": text4(need.needed),
                "reached": need.reached,
            }
            for need in whatif.needs
        ],
    }
