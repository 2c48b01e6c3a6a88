"""KPI sheets (domain §5): the list (latest versions, or every version), one sheet with its
versions and lineage, and the KPI calculator (score and what-if, domain §6).

Reads go through indicators.selectors (kpis_visible_to, kpi_with_children, kpi_sheet,
permissions_for); the calculator is the sheet page's (indicators.forms.KpiWhatIfForm and
indicators.criteria.kpi_whatif). Writes are in api.kpi_write.
"""

import datetime
from typing import Any, Literal
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
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
from indicators import selectors
from indicators.criteria import kpi_whatif, points_of
from indicators.forms import KpiWhatIfForm
from indicators.models import Kpi
from indicators.origins import origin_data

router = Router(tags=["kpis"])

KpiId = PathEx[int, P(ge=1, le=MAX_ID, description="รหัสตัวชี้วัด (ฉบับใดฉบับหนึ่ง)", example=1)]
KpiState = Literal["draft", "approved", "superseded"]
MAX_NUMBER_TEXT = 40


class KpiOut(Schema):
    id: int
    key: UUID = Field(description="รหัสที่ทุกฉบับของตัวชี้วัดเดียวกันใช้ร่วมกัน")
    version: int
    is_latest: bool
    state: KpiState
    revision: int = Field(description="ตัวนับการแก้ไข ส่งกลับมาใน PATCH เพื่อกันการเขียนทับ")
    framework_id: int
    fiscal_year: int
    agency: str
    component_code: str
    component_name_th: str
    number: str
    name_th: str
    name_en: str
    unit: str
    weight: DecimalText
    method: str
    direction: Literal["higher", "lower"]
    parent_id: int | None
    responsible_unit: str | None
    approved_at: datetime.datetime | None
    updated_at: datetime.datetime

    @staticmethod
    def resolve_fiscal_year(obj: Kpi) -> int:
        return obj.framework.fiscal_year

    @staticmethod
    def resolve_agency(obj: Kpi) -> str:
        return obj.framework.department.code

    @staticmethod
    def resolve_component_code(obj: Kpi) -> str:
        return obj.component.code

    @staticmethod
    def resolve_component_name_th(obj: Kpi) -> str:
        return obj.component.name_th

    @staticmethod
    def resolve_responsible_unit(obj: Kpi) -> str | None:
        unit = obj.responsible_unit
        return unit.code if unit is not None else None


class LevelOut(Schema):
    order: int
    label: str
    target: DecimalText
    score: DecimalText
    description: str
    evidence: str


class DataItemOut(Schema):
    code: str
    name_th: str
    unit: str


class BaselineOut(Schema):
    fiscal_year: int
    value: OptionalDecimalText
    note: str


class RoundExpectationOut(Schema):
    round_id: int
    round_name_th: str
    expectation: str


class KpiRoundOut(Schema):
    """The KPI in one reporting round of its framework (issue 17 item 3)."""

    round: int = Field(description="id ของรอบการรายงาน")
    round_name_th: str
    months: int
    in_force: bool = Field(description="ประเมินในรอบนี้หรือไม่ (เริ่มรอบหลัง/ยกเลิกตั้งแต่รอบนี้ = false)")
    weight: OptionalDecimalText = Field(
        description="น้ำหนักของตัวชี้วัดในรอบนี้ตามรายละเอียดตัวชี้วัด (น้ำหนักรายรอบ หรือน้ำหนักของตัวชี้วัด); "
        "null เมื่อไม่ประเมินในรอบนี้ — คะแนนรวมของรอบปันน้ำหนักในองค์ประกอบตามกรอบการประเมิน"
    )
    reason: str
    amendment_id: int | None


class PlanNodeOut(Schema):
    level: str
    code: str
    name_th: str


class TreePathOut(Schema):
    tree: Literal["national", "master", "nesdp", "policy", "ministry", "department", "sdg"]
    label: str
    path: list[PlanNodeOut]


class VersionOut(Schema):
    id: int
    version: int
    state: KpiState
    approved_at: datetime.datetime | None


class PersonOut(Schema):
    full_name: str
    position: str
    phone: str
    email: str


class AssessmentPointOut(Schema):
    """ประเด็นการประเมิน (issue 17 item 2), in order; weight null when not scored per point."""

    order: int
    name: str
    unit: str
    weight: OptionalDecimalText


class KpiPermissionsOut(Schema):
    can_edit: bool
    can_approve: bool
    can_new_version: bool


class StrategicKpiOut(Schema):
    code: str
    name: str
    level: Literal["national", "master", "ministry"]
    owner: str


class OriginOut(Schema):
    relation: Literal["proxy", "same", "cascade"]
    strategic_kpi: StrategicKpiOut


class KpiDetailOut(KpiOut):
    @staticmethod
    def resolve_predecessor(obj: Kpi) -> int | None:
        return obj.predecessor_id

    @staticmethod
    def resolve_origin(obj: Kpi) -> dict[str, Any] | None:
        return origin_data(obj)

    @staticmethod
    def resolve_lineage_by_tree(obj: Kpi) -> list[dict[str, Any]]:
        return [
            {"tree": path.tree, "label": path.label, "path": list(path.nodes)}
            for path in _sheet(obj).lineage_trees
        ]

    description: str
    scope: str
    formula: str
    interpolate: bool
    floor: DecimalText
    sub_weight: OptionalDecimalText
    cascade_from_id: int | None
    predecessor: int | None = Field(
        None, description="ตัวชี้วัดเดียวกันของปีก่อน (id ของฉบับที่ตัวชี้วัดนี้ต่อจาก) หรือ null"
    )
    conditions: str
    data_source: str
    collection_method: str
    evidence_required: str
    overseer: PersonOut | None
    collectors: list[PersonOut]
    levels: list[LevelOut]
    data_items: list[DataItemOut]
    baselines: list[BaselineOut]
    round_expectations: list[RoundExpectationOut]
    rounds: list[KpiRoundOut] = Field(description="กฎรายรอบ: ประเมินในรอบใดและน้ำหนักในแต่ละรอบ")
    lineage: list[list[PlanNodeOut]] = Field(description="เส้นทางจากยุทธศาสตร์ชาติถึงโหนดที่เชื่อมโยง")
    versions: list[VersionOut]
    sub_kpi_ids: list[int]
    permissions: KpiPermissionsOut
    lineage_by_tree: list[TreePathOut] = Field(
        default_factory=list,
        description="เส้นทางในแผนแต่ละระดับ (ยุทธศาสตร์ชาติ แผนแม่บท แผนพัฒนาฯ ฉบับที่ 13 "
        "นโยบายรัฐบาล ยุทธศาสตร์กระทรวง ยุทธศาสตร์ส่วนราชการ SDGs) หนึ่งเส้นทางต่อแผน",
    )
    origin: OriginOut | None = Field(
        None,
        description="ที่มาจาก Strategic KPI: ตัวชี้วัดทดแทน (proxy) ตัวเดียวกัน (same) "
        "หรือถ่ายทอดลงมา (cascade) หรือ null",
    )
    assessment_points: list[AssessmentPointOut] = Field(
        default_factory=list, description="ประเด็นการประเมินตามลำดับ"
    )

    @staticmethod
    def resolve_assessment_points(obj: Kpi) -> list[dict[str, Any]]:
        return [
            {"order": p.order, "name": p.name_th, "unit": p.unit, "weight": p.weight}
            for p in points_of(obj)
        ]

    @staticmethod
    def resolve_overseer(obj: Kpi) -> Any:
        return _person(obj.overseer) if obj.overseer is not None else None

    @staticmethod
    def resolve_collectors(obj: Kpi) -> list[dict[str, str]]:
        return [_person(p) for p in _sheet(obj).collectors]

    @staticmethod
    def resolve_levels(obj: Kpi) -> list[Any]:
        return sorted(obj.levels.all(), key=lambda level: (level.order, level.pk))

    @staticmethod
    def resolve_data_items(obj: Kpi) -> list[Any]:
        return sorted(obj.data_items.all(), key=lambda item: (item.order, item.pk))

    @staticmethod
    def resolve_baselines(obj: Kpi) -> list[dict[str, Any]]:
        return [
            {
                "fiscal_year": year,
                "value": baseline.value if baseline else None,
                "note": baseline.note if baseline else "",
            }
            for year, baseline in _sheet(obj).baselines
        ]

    @staticmethod
    def resolve_round_expectations(obj: Kpi) -> list[dict[str, Any]]:
        rows = sorted(obj.round_expectations.all(), key=lambda r: (r.round.order, r.pk))
        return [
            {"round_id": r.round_id, "round_name_th": r.round.name_th, "expectation": r.expectation}
            for r in rows
        ]

    @staticmethod
    def resolve_rounds(obj: Kpi) -> list[dict[str, Any]]:
        rules = {r.round_id: r for r in obj.round_expectations.all()}
        rows = []
        for round_ in sorted(obj.framework.rounds.all(), key=lambda r: (r.order, r.pk)):
            rule = rules.get(round_.pk)
            in_force = rule is None or rule.in_force
            weight = rule.weight if rule is not None and rule.weight is not None else obj.weight
            rows.append(
                {
                    "round": round_.pk,
                    "round_name_th": round_.name_th,
                    "months": round_.months,
                    "in_force": in_force,
                    "weight": weight if in_force else None,
                    "reason": rule.reason if rule is not None else "",
                    "amendment_id": rule.amendment_id if rule is not None else None,
                }
            )
        return rows

    @staticmethod
    def resolve_lineage(obj: Kpi) -> list[list[Any]]:
        return [list(path) for path in _sheet(obj).lineage_paths]

    @staticmethod
    def resolve_versions(obj: Kpi) -> list[Any]:
        return _sheet(obj).versions

    @staticmethod
    def resolve_sub_kpi_ids(obj: Kpi) -> list[int]:
        return [sub.pk for sub in _sheet(obj).sub_kpis]

    @staticmethod
    def resolve_permissions(obj: Kpi) -> dict[str, bool]:
        permissions: selectors.KpiPermissions = obj.api_permissions  # type: ignore[attr-defined]
        return {
            "can_edit": permissions.can_edit(obj),
            "can_approve": permissions.can_approve(obj),
            "can_new_version": permissions.can_new_version(obj),
        }


def _sheet(kpi: Kpi) -> selectors.KpiSheet:
    sheet: selectors.KpiSheet = kpi.api_sheet  # type: ignore[attr-defined]
    return sheet


def _person(person: Any) -> dict[str, str]:
    return {
        "full_name": person.full_name,
        "position": person.position,
        "phone": person.phone,
        "email": person.email,
    }


class KpiFilters(YearAgencyFilters):
    framework: int | None = Field(None, ge=1, le=MAX_ID, description="รหัสกรอบการประเมิน")
    component: Text | None = Field(None, max_length=32, description="รหัสองค์ประกอบ")
    state: KpiState | None = None
    version: Literal["latest", "all"] = Field(
        "latest", description="latest: ฉบับล่าสุดของแต่ละตัวชี้วัด; all: ทุกฉบับ"
    )


class ScoreIn(Schema):
    result: Text | None = Field(
        None, max_length=MAX_NUMBER_TEXT, description="ผลการดำเนินงาน (ข้อความตัวเลข)", examples=["85"]
    )
    want_score: Text | None = Field(
        None, max_length=MAX_NUMBER_TEXT, description="คะแนนที่ต้องการ (what-if)", examples=["75"]
    )


class ScoreOut(Schema):
    score: str | None = Field(description="คะแนน ทศนิยม 4 ตำแหน่ง; null เมื่อไม่ได้ส่ง result")
    level: str | None = Field(description="ระดับสูงสุดที่ผลนี้ได้ (ชื่อระดับของเกณฑ์)")
    needed: str | None = Field(description="ผลขั้นต่ำที่ต้องได้เพื่อให้ได้ want_score")
    needed_text: str = Field(description="คำอธิบายภาษาไทยของผลที่ต้องได้")
    problem: str = Field(description="เหตุที่ยังคำนวณไม่ได้ (เกณฑ์ไม่ครบ); ว่างเมื่อคำนวณได้")


def visible_kpi(request: HttpRequest, kpi_id: int) -> Kpi:
    """Any version the caller may see, with everything the sheet shows; 404 otherwise."""
    qs = selectors.kpis_visible_to(caller(request), latest_only=False)
    return get_object_or_404(selectors.kpi_with_children(qs), pk=kpi_id)


def kpi_for_output(request: HttpRequest, kpi: Kpi) -> Kpi:
    drafts = selectors.reads_drafts_of(caller(request), kpi.framework)
    kpi.api_sheet = selectors.kpi_sheet(kpi, drafts=drafts)  # type: ignore[attr-defined]
    kpi.api_permissions = selectors.permissions_for(caller(request), kpi.framework)  # type: ignore[attr-defined]
    return kpi


@router.get(
    "/kpis",
    response=ok(list[KpiOut], 422),
    summary="ตัวชี้วัดที่มองเห็นได้ (ฉบับล่าสุด หรือทุกฉบับด้วย ?version=all)",
    operation_id="kpi_list",
)
@paginate(Paged)
def kpi_list(request: HttpRequest, filters: Query[KpiFilters]) -> QuerySet[Kpi]:
    qs = selectors.kpis_visible_to(caller(request), latest_only=filters.version == "latest")
    qs = filter_year_agency(qs, filters)
    if filters.framework is not None:
        qs = qs.filter(framework_id=filters.framework)
    if filters.component:
        qs = qs.filter(component__code=filters.component)
    if filters.state:
        qs = qs.filter(state=filters.state)
    return qs.select_related("framework__department", "component", "responsible_unit").order_by(
        "-framework__fiscal_year",
        "framework__department__code",
        "component__order",
        "number",
        "version",
        "pk",
    )


@router.get(
    "/kpis/{kpi_id}",
    response=ok(KpiDetailOut, 404, 422),
    summary="รายละเอียดตัวชี้วัด พร้อมฉบับต่าง ๆ และความเชื่อมโยงกับยุทธศาสตร์",
    operation_id="kpi_detail",
)
def kpi_detail(request: HttpRequest, kpi_id: KpiId) -> Kpi:
    return kpi_for_output(request, visible_kpi(request, kpi_id))


def _level_reached(kpi: Kpi, score: Any) -> str | None:
    if score is None:
        return None
    reached = [
        level
        for level in sorted(kpi.levels.all(), key=lambda level: (level.order, level.pk))
        if level.score <= score
    ]
    if not reached:
        return None
    return reached[-1].label or str(reached[-1].order)


@router.post(
    "/kpis/{kpi_id}/score",
    response=ok(ScoreOut, 400, 403, 404, 422),
    auth=CALCULATOR_AUTH,
    summary="คำนวณคะแนนจากผลการดำเนินงาน และผลที่ต้องได้ (what-if) ตามเกณฑ์ของตัวชี้วัดนี้",
    description="ไม่บันทึกข้อมูลใด ๆ จึงใช้โทเค็นอ่านอย่างเดียวได้",
    operation_id="kpi_score",
)
def kpi_score(request: HttpRequest, payload: ScoreIn, kpi_id: KpiId) -> dict[str, Any]:
    kpi = visible_kpi(request, kpi_id)
    data = {
        name: value
        for name, value in (("result", payload.result), ("want_score", payload.want_score))
        if value is not None
    }
    problems = [
        error_item((*BODY, name), problem)
        for name, value in data.items()
        if (problem := number_problem(value)) is not None
    ]
    form = KpiWhatIfForm(data, kpi=kpi)
    if not problems and not form.is_valid():
        problems = [
            error_item((*BODY, name), str(message))
            for name, messages in form.errors.items()
            for message in messages
        ]
    if problems:
        raise ValidationError(problems)
    whatif = kpi_whatif(kpi, form.cleaned_data["result"], form.want())
    return {
        "score": text4(whatif.score),
        "level": _level_reached(kpi, whatif.score),
        "needed": text4(whatif.needed),
        "needed_text": whatif.needed_text,
        "problem": whatif.problem,
    }
