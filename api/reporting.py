"""Reporting (domain §7 step 4, §9): rounds, submissions, scores and the agency total.

Reads go through reporting.selectors (rounds_visible_to, submissions_visible_to,
submission_for_page) and reporting.permissions.rounds_read_whole_by, so the API shows each person
exactly what the round page, the submission page and the SAR show them; hidden objects are 404.
Writes are in api.reporting_write (PATCH and the review buttons, on this `router`): they call
reporting.services with the `version` the client read, so a submission changed since then
answers 409 `stale_revision`, never a silent overwrite (style.md); permission (403) and every
rule of the report (422, one item per field) are the services'. Other reporting endpoints (the
results import) register on this `router` too.

Numbers travel as text ("85.0000"), never floats (style.md).
"""

import datetime
import uuid
from decimal import Decimal
from typing import Any, Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params import P, PathEx

from api.auth import caller
from api.common import (
    MAX_ID,
    DecimalText,
    OptionalDecimalText,
    Paged,
    Text,
    YearAgencyFilters,
    filter_year_agency,
    ok,
)
from api.frameworks import ComponentTotalOut
from frameworks.models import ReportingRound
from reporting import calc, permissions, selectors
from reporting.models import Submission
from reporting.results import KpiResult, RoundTotal, agency_round_total, round_results
from reporting.workflow import review_actions

router = Router(tags=["reporting"])

S = Submission.State
RoundId = PathEx[int, P(ge=1, le=MAX_ID, description="รหัสรอบการรายงาน", example=1)]
SubmissionId = PathEx[int, P(ge=1, le=MAX_ID, description="รหัสรายงานผลตัวชี้วัด", example=1)]
RoundStateName = Literal["not_open", "open", "closed"]
SubmissionState = Literal["draft", "submitted", "overseer_approved", "accepted", "returned"]


# Rounds --------------------------------------------------------------------------------------


class ReportingRoundOut(Schema):
    id: int
    framework_id: int
    fiscal_year: int = Field(alias="framework.fiscal_year", description="ปีงบประมาณ (พ.ศ.)")
    agency: str = Field(alias="framework.department.code")
    order: int
    name_th: str
    months: int
    period_end: datetime.date
    due_date: datetime.date
    state: RoundStateName = Field(
        description="not_open: ผู้ประสานงานยังไม่เปิดรอบ; open: เปิดรับรายงาน; closed: ปิดรอบแล้ว"
    )

    @staticmethod
    def resolve_state(obj: ReportingRound) -> str:
        state = permissions.round_state_of(obj)
        return "not_open" if state is None else state.state


class StateCountsOut(Schema):
    draft: int
    submitted: int
    overseer_approved: int
    accepted: int
    returned: int
    total: int


class RoundTotalOut(Schema):
    shown_total: OptionalDecimalText = Field(
        description="คะแนนรวมที่แสดง (เต็ม 100; กรอบห้ามิติ: ค่าเฉลี่ยถ่วงน้ำหนัก เต็ม 5); "
        "null เมื่อยังไม่มีผล (รอบไม่มีตัวชี้วัด หรือกรอบห้ามิติที่ยังไม่มีคะแนน) ไม่ใช่ศูนย์"
    )
    total: DecimalText = Field(description="ผลรวมคะแนนถ่วงน้ำหนักขององค์ประกอบ (เต็ม 100)")
    level_code: str | None
    level_label: str | None
    pending: int = Field(description="จำนวนตัวชี้วัดที่ยังไม่ได้ตรวจรับ (รอผล)")
    final: bool = Field(
        description="true: รอบสุดท้าย ตัวชี้วัดที่ยังไม่ได้ตรวจรับนับเป็นศูนย์; false: นับเป็นรอผล ไม่ใช่ศูนย์"
    )
    basis: Literal["self", "final"] = Field(
        description="self: คะแนนประเมินตนเองของรายงานที่ตรวจรับแล้ว; final: คะแนนสุดท้ายจากผู้ประเมิน"
    )
    precision: int
    components: list[ComponentTotalOut]


class RoundDetailOut(ReportingRoundOut):
    counts: StateCountsOut = Field(description="จำนวนรายงานที่ท่านมองเห็นได้ แยกตามสถานะ")
    total: RoundTotalOut | None = Field(
        description="คะแนนรวมของส่วนราชการในรอบนี้ เฉพาะผู้ที่หน้ารอบการรายงานแสดงให้เห็น; อื่น ๆ null"
    )

    @staticmethod
    def resolve_counts(obj: ReportingRound) -> dict[str, int]:
        counts: dict[str, int] = obj.api_counts  # type: ignore[attr-defined]
        return counts

    @staticmethod
    def resolve_total(obj: ReportingRound) -> dict[str, Any] | None:
        total: dict[str, Any] | None = obj.api_total  # type: ignore[attr-defined]
        return total


class KpiResultOut(Schema):
    kpi_id: int
    kpi_key: uuid.UUID
    kpi_version: int = Field(description="ฉบับของตัวชี้วัดที่ใช้ประเมินในรอบนี้")
    submission_id: int | None = Field(description="null เมื่อรายงานยังไม่ได้ตรวจรับ")
    number: str
    name_th: str
    unit: str
    component_code: str
    component_name_th: str
    weight: DecimalText
    max_score: DecimalText
    state: Literal["accepted", "pending"] = Field(
        description="accepted: ผู้ประสานงานตรวจรับแล้ว; pending: ยังไม่ได้ตรวจรับ (ไม่แสดงผล)"
    )
    result: OptionalDecimalText
    self_score: OptionalDecimalText
    level_label: str
    reviewer_score: OptionalDecimalText
    final_score: OptionalDecimalText = Field(description="คะแนนจากผู้ประเมินหลังการอุทธรณ์")
    points: OptionalDecimalText = Field(description="คะแนนถ่วงน้ำหนักจากคะแนนประเมินตนเอง")
    final_points: OptionalDecimalText = Field(description="คะแนนถ่วงน้ำหนักจากคะแนนสุดท้าย")


class RoundResultsOut(Schema):
    round: ReportingRoundOut
    total: RoundTotalOut
    reviewed_total: RoundTotalOut | None = Field(
        description="คะแนนรวมจากคะแนนสุดท้ายของผู้ประเมิน เมื่อผู้ประเมินให้คะแนนแล้วอย่างน้อยหนึ่งตัวชี้วัด"
    )
    kpis: list[KpiResultOut]


class RoundFilters(YearAgencyFilters):
    state: RoundStateName | None = None


def _total(total: RoundTotal) -> dict[str, Any]:
    """reporting.results' total, as it is: the API only renames fields."""
    return {
        "shown_total": total.shown_total,
        "total": total.totals.total,
        "level_code": total.level.code if total.level else None,
        "level_label": total.level.label if total.level else None,
        "pending": total.totals.pending,
        "final": total.final,
        "basis": total.basis,
        "precision": total.precision,
        "components": list(total.totals.components),
    }


@router.get(
    "/rounds",
    response=ok(list[ReportingRoundOut], 422),
    summary="รอบการรายงานผลของส่วนราชการที่มองเห็นได้",
    operation_id="round_list",
)
@paginate(Paged)
def round_list(request: HttpRequest, filters: Query[RoundFilters]) -> QuerySet[ReportingRound]:
    qs = selectors.rounds_visible_to(caller(request))
    qs = filter_year_agency(qs, filters)
    if filters.state == "not_open":
        qs = qs.filter(reporting_state__isnull=True)
    elif filters.state:
        qs = qs.filter(reporting_state__state=filters.state)
    return qs.order_by(
        "-framework__fiscal_year", "framework__department__code", "order", "period_end", "pk"
    )


@router.get(
    "/rounds/{round_id}",
    response=ok(RoundDetailOut, 404, 422),
    summary="รอบการรายงาน พร้อมจำนวนรายงานแยกตามสถานะ และคะแนนรวมของส่วนราชการ",
    operation_id="round_detail",
)
def round_detail(request: HttpRequest, round_id: RoundId) -> ReportingRound:
    user = caller(request)
    round_ = get_object_or_404(selectors.rounds_visible_to(user), pk=round_id)
    counts = dict.fromkeys(S.values, 0)
    for state, n in (
        selectors.submissions_visible_to(user)
        .filter(round=round_)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
    ):
        counts[state] = n
    round_.api_counts = {**counts, "total": sum(counts.values())}  # type: ignore[attr-defined]
    round_.api_total = (  # type: ignore[attr-defined]
        _total(agency_round_total(round_, round_results(round_)))
        if permissions.reads_whole_round(user, round_)
        else None
    )
    return round_


def _kpi_result(row: KpiResult) -> dict[str, Any]:
    return {
        "kpi_id": row.kpi.pk,
        "kpi_key": row.kpi_key,
        "kpi_version": row.kpi_version,
        "submission_id": row.submission_id,
        "number": row.number,
        "name_th": row.name_th,
        "unit": row.unit,
        "component_code": row.component_code,
        "component_name_th": row.component_name,
        "weight": row.weight,
        "max_score": row.max_score,
        "state": "accepted" if row.accepted else "pending",
        "result": row.result,
        "self_score": row.self_score,
        "level_label": row.level_label,
        "reviewer_score": row.reviewer_score,
        "final_score": row.final_score,
        "points": row.self_points,
        "final_points": row.points(row.final_score),
    }


@router.get(
    "/rounds/{round_id}/results",
    response=ok(RoundResultsOut, 404, 422),
    summary="ผลรายตัวชี้วัดและคะแนนรวมของรอบ ตามรายงาน SAR (เฉพาะรายงานที่ตรวจรับแล้ว)",
    description="เฉพาะผู้ที่อ่านเอกสารของทั้งส่วนราชการในรอบได้ (ผู้ดูแลระบบ ผู้ประสานงาน ผู้บริหาร "
    "และคณะกรรมการ); ผู้อื่นได้ 404 เหมือนรายงาน SAR และหน้าคัดลอก e-SAR",
    operation_id="round_results",
)
def round_results_view(request: HttpRequest, round_id: RoundId) -> dict[str, Any]:
    round_ = get_object_or_404(permissions.rounds_read_whole_by(caller(request)), pk=round_id)
    # documents.builders.sar.sar_document's figures: accepted reports only.
    rows = round_results(round_, accepted_only=True)
    reviewed = None
    if any(row.final_score is not None for row in rows):
        reviewed = _total(agency_round_total(round_, rows, basis="final"))
    return {
        "round": round_,
        "total": _total(agency_round_total(round_, rows)),
        "reviewed_total": reviewed,
        "kpis": [_kpi_result(row) for row in rows],
    }


# Submissions ---------------------------------------------------------------------------------


class SubmissionOut(Schema):
    id: int
    round_id: int
    round_name_th: str = Field(alias="round.name_th")
    fiscal_year: int = Field(alias="round.framework.fiscal_year")
    agency: str = Field(alias="round.framework.department.code")
    kpi_id: int
    kpi_key: uuid.UUID
    kpi_number: str = Field(alias="kpi.number")
    kpi_name_th: str = Field(alias="kpi.name_th")
    kpi_version: int = Field(alias="kpi.version", description="ฉบับของตัวชี้วัดที่ใช้ประเมิน")
    component_code: str = Field(alias="kpi.component.code")
    responsible_unit: str | None = Field(description="รหัสหน่วยงานที่รับผิดชอบ")
    state: SubmissionState
    version: int = Field(description="ตัวนับการแก้ไข ส่งกลับมาเมื่อแก้ไขหรือเปลี่ยนสถานะ")
    result: OptionalDecimalText
    self_score: OptionalDecimalText = Field(description="คำนวณจากเกณฑ์ ไม่ได้กรอกเอง")
    level_label: str
    reviewer_score: OptionalDecimalText
    final_score: OptionalDecimalText
    reopened: bool
    updated_at: datetime.datetime
    submitted_at: datetime.datetime | None
    accepted_at: datetime.datetime | None

    @staticmethod
    def resolve_responsible_unit(obj: Submission) -> str | None:
        unit = obj.kpi.responsible_unit
        return unit.code if unit is not None else None

    @staticmethod
    def resolve_reviewer_score(obj: Submission) -> Decimal | None:
        review = getattr(obj, "reviewer_score", None)
        return review.score if review is not None else None

    @staticmethod
    def resolve_final_score(obj: Submission) -> Decimal | None:
        review = getattr(obj, "reviewer_score", None)
        return review.final_score if review is not None else None


class ValueOut(Schema):
    code: str
    name_th: str
    unit: str
    value: OptionalDecimalText


class ActivityOut(Schema):
    order: int
    title: str
    detail: str


class PointResultOut(Schema):
    """One assessment point of the pinned KPI version with this round's result (issue 17)."""

    order: int
    name: str
    unit: str
    weight: OptionalDecimalText
    result: OptionalDecimalText
    narrative: str


class EvidenceOut(Schema):
    id: int
    number: int
    title: str
    original_name: str
    file_type: str
    size: int


class ReturnOut(Schema):
    from_state: SubmissionState
    comment: str
    returned_by: str
    returned_at: datetime.datetime


class SubmissionPermissionsOut(Schema):
    can_edit: bool
    can_submit: bool
    can_approve: bool
    can_accept: bool
    can_return: bool


class SubmissionDetailOut(SubmissionOut):
    uses_formula: bool = Field(
        description="true: ผลคำนวณจากค่าของรายการข้อมูลตามสูตร; false: ส่งผลใน direct_result"
    )
    formula: str = Field(alias="kpi.formula")
    unit: str = Field(alias="kpi.unit")
    values: list[ValueOut]
    hint: str = Field(description="สิ่งที่ต้องทำเพื่อให้ถึงระดับถัดไป (what-if)")
    problem: str = Field(description="เหตุที่ยังคำนวณผลหรือคะแนนไม่ได้; ว่างเมื่อคำนวณได้")
    supporting_factors: str
    obstacles: str
    suggestions: str
    activities: list[ActivityOut]
    evidence: list[EvidenceOut] = Field(description="รายการหลักฐาน (ไม่รวมเนื้อหาไฟล์)")
    returns: list[ReturnOut] = Field(description="ประวัติการส่งกลับให้แก้ไข ใหม่สุดก่อน")
    reviewer_comment: str
    edit_refusal: str | None = Field(
        description="เหตุที่ผู้รับผิดชอบแก้ไขรายงานนี้ไม่ได้ในขณะนี้ (เฉพาะผู้รับผิดชอบ)"
    )
    permissions: SubmissionPermissionsOut
    assessment_points: list[PointResultOut] = Field(
        default_factory=list, description="ผลรายประเด็นการประเมินตามลำดับ"
    )

    @staticmethod
    def resolve_assessment_points(obj: Submission) -> list[Any]:
        return obj.point_rows()

    @staticmethod
    def resolve_uses_formula(obj: Submission) -> bool:
        return calc.uses_formula(obj.kpi)

    @staticmethod
    def resolve_values(obj: Submission) -> list[dict[str, Any]]:
        return [
            {
                "code": item.code,
                "name_th": item.name_th,
                "unit": item.unit,
                "value": obj.value_of(item.code),
            }
            for item in sorted(obj.kpi.data_items.all(), key=lambda i: (i.order, i.pk))
        ]

    @staticmethod
    def resolve_hint(obj: Submission) -> str:
        return _computed(obj).hint

    @staticmethod
    def resolve_problem(obj: Submission) -> str:
        return _computed(obj).problem

    @staticmethod
    def resolve_activities(obj: Submission) -> list[Any]:
        return list(obj.activities.all())

    @staticmethod
    def resolve_evidence(obj: Submission) -> list[Any]:
        return list(getattr(obj, "evidence_files", []))

    @staticmethod
    def resolve_returns(obj: Submission) -> list[dict[str, Any]]:
        return [
            {
                "from_state": r.from_state,
                "comment": r.comment,
                "returned_by": _name(r.returned_by),
                "returned_at": r.returned_at,
            }
            for r in obj.returns.all()
        ]

    @staticmethod
    def resolve_reviewer_comment(obj: Submission) -> str:
        review = getattr(obj, "reviewer_score", None)
        return review.comment if review is not None else ""

    @staticmethod
    def resolve_edit_refusal(obj: Submission) -> str | None:
        user = _viewer(obj)
        return permissions.edit_refusal(obj) if permissions.can_report(user, obj) else None

    @staticmethod
    def resolve_permissions(obj: Submission) -> dict[str, bool]:
        return _actions(_viewer(obj), obj)


def _name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return (person.full_name if person is not None else "") or user.get_username()


def _viewer(submission: Submission) -> AbstractBaseUser:
    user: AbstractBaseUser = submission.api_viewer  # type: ignore[attr-defined]
    return user


def _computed(submission: Submission) -> calc.Computed:
    """The submission page's live panel from what is stored (reporting.views.submission)."""
    values = {item.code: submission.value_of(item.code) for item in submission.kpi.data_items.all()}
    points = {p.order: p.result for p in submission.point_rows()}
    return calc.compute(submission.kpi, values, submission.result, points)


def _actions(user: AbstractBaseUser, submission: Submission) -> dict[str, bool]:
    """The buttons of the submission page (reporting.views.submission._context): the same
    reporting.permissions questions, asked the same way."""
    can_edit = permissions.can_edit(user, submission)
    return {
        "can_edit": can_edit,
        "can_submit": can_edit,  # the page submits from the edit form ("บันทึกและส่ง")
        **review_actions(user, submission),
    }


class SubmissionFilters(YearAgencyFilters):
    round: int | None = Field(None, ge=1, le=MAX_ID, description="รหัสรอบการรายงาน")
    component: Text | None = Field(None, max_length=32, description="รหัสองค์ประกอบ")
    state: SubmissionState | None = None


def visible_submission(request: HttpRequest, submission_id: int) -> Submission:
    """What the submission page reads, for the caller; 404 when they may not see it."""
    user = caller(request)
    submission = get_object_or_404(selectors.submission_for_page(user), pk=submission_id)
    submission.api_viewer = user  # type: ignore[attr-defined]
    return submission


@router.get(
    "/submissions",
    response=ok(list[SubmissionOut], 422),
    summary="รายงานผลตัวชี้วัดที่มองเห็นได้",
    description="ผู้ประสานงาน ผู้บริหาร คณะกรรมการ: ทุกรายงานของส่วนราชการ; ผู้รับผิดชอบและผู้กำกับดูแล: "
    "ของหน่วยงานหรือตัวชี้วัดของตน; ผู้ประเมิน: เฉพาะรายงานที่ตรวจรับแล้ว",
    operation_id="submission_list",
)
@paginate(Paged)
def submission_list(
    request: HttpRequest, filters: Query[SubmissionFilters]
) -> QuerySet[Submission]:
    qs = selectors.submissions_visible_to(caller(request))
    if filters.round is not None:
        qs = qs.filter(round_id=filters.round)
    qs = filter_year_agency(qs, filters, framework="round__framework")
    if filters.component:
        qs = qs.filter(kpi__component__code=filters.component)
    if filters.state:
        qs = qs.filter(state=filters.state)
    return qs.select_related(
        "round__framework__department",
        "kpi__component",
        "kpi__responsible_unit",
        "reviewer_score",
    ).order_by(
        "-round__framework__fiscal_year",
        "round__framework__department__code",
        "round__order",
        "round_id",
        "kpi__component__order",
        "kpi__number",
        "pk",
    )


@router.get(
    "/submissions/{submission_id}",
    response=ok(SubmissionDetailOut, 404, 422),
    summary="รายงานผลตัวชี้วัดหนึ่งรายการ พร้อมค่าข้อมูล หลักฐาน ประวัติการส่งกลับ และสิทธิ์ของท่าน",
    operation_id="submission_detail",
)
def submission_detail(request: HttpRequest, submission_id: SubmissionId) -> Submission:
    return visible_submission(request, submission_id)
