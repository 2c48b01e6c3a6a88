"""Writes of a report: `PATCH /submissions/{id}` (api.reporting.SubmissionDetailOut back) and
the review buttons `POST /submissions/{id}/submit|approve|accept|return`. Registered on
api.reporting.router, as api.kpi_write is on api.kpis.router.

Each body carries the `version` the client read and each endpoint calls one reporting service
with it as `expected_version`: a report changed since then answers 409 `stale_revision`.
Fields left out of a PATCH keep their stored value; the result, self score and level are
computed by submission_save from the pinned KPI version, never sent (domain §9).
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict, StringConstraints

from api.auth import caller
from api.common import Text, number_problem, ok
from api.errors import BODY, error_item, loc_of
from api.reporting import SubmissionDetailOut, SubmissionId, router, visible_submission
from reporting import services
from reporting.models import Submission

VERSION = Field(..., ge=0, le=2**31 - 1, description="version ที่อ่านมา (จาก GET)")
MAX_NUMBER_TEXT = 40
LONG_TEXT = 20_000  # bounded here; the services refuse more than 10,000 with a Thai message
MAX_VALUES = 100
MAX_ACTIVITIES = 100  # the service allows 30 and says so in Thai
MAX_POINTS = 100
DataItemCode = Annotated[Text, StringConstraints(max_length=20)]
NumberText = Annotated[Text, StringConstraints(max_length=MAX_NUMBER_TEXT)]
View = Callable[..., Submission]


class ActivityIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: Text = Field(..., max_length=1_000, description="กิจกรรม/โครงการ")
    detail: Text = Field("", max_length=LONG_TEXT, description="ผลการดำเนินงาน")


class PointResultIn(Schema):
    """The round's result of one assessment point (issue 17 item 2), by the point's order in
    the KPI version the report pins. Fields left out keep what is stored."""

    model_config = ConfigDict(extra="forbid")

    order: int = Field(..., ge=0, le=2**31 - 1, description="ลำดับของประเด็นการประเมิน")
    result: NumberText | None = Field(
        None, description="ผลการดำเนินงานของประเด็นนี้ เป็นตัวเลขในรูปข้อความ; null = ล้างค่า"
    )
    narrative: Text | None = Field(None, max_length=LONG_TEXT, description="คำอธิบายผลโดยย่อ")


class SubmissionPatchIn(Schema):
    """Fields left out stay as they are. Numbers are text, e.g. "85" or "12.5"."""

    model_config = ConfigDict(extra="forbid")

    version: int = VERSION
    values: dict[DataItemCode, NumberText | None] | None = Field(
        None,
        max_length=MAX_VALUES,
        description='ค่าของรายการข้อมูล {"<รหัส>": "ตัวเลข"}; null = ล้างค่านั้น; รายการที่ไม่ได้ส่งคงค่าเดิม',
        examples=[{"a": "19", "b": "20"}],
    )
    direct_result: Text | None = Field(
        None,
        max_length=MAX_NUMBER_TEXT,
        description="ผลการดำเนินงาน เมื่อตัวชี้วัดไม่มีสูตร (uses_formula = false); null = ล้างค่า",
        examples=["85"],
    )
    activities: list[ActivityIn] | None = Field(
        None, max_length=MAX_ACTIVITIES, description="กิจกรรม/โครงการทั้งชุด (แทนที่ของเดิม)"
    )
    point_results: list[PointResultIn] | None = Field(
        None,
        max_length=MAX_POINTS,
        description="ผลรายประเด็นการประเมิน [{order, result, narrative}]; ประเด็นที่ไม่ได้ส่งคงค่าเดิม",
        examples=[[{"order": 1, "result": "95", "narrative": "พิจารณาแล้ว 95 ฉบับ"}]],
    )
    supporting_factors: Text | None = Field(None, max_length=LONG_TEXT)
    obstacles: Text | None = Field(None, max_length=LONG_TEXT)
    suggestions: Text | None = Field(None, max_length=LONG_TEXT)


class VersionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = VERSION


class ReturnIn(VersionIn):
    comment: Text = Field(..., max_length=LONG_TEXT, description="สิ่งที่ต้องแก้ไข")


def _number(
    text: str, loc: tuple[str | int, ...], problems: list[dict[str, Any]]
) -> Decimal | None:
    problem = number_problem(text)
    if problem is not None:
        problems.append(error_item((*BODY, *loc), problem))
        return None
    return Decimal(text.strip())


def _input(payload: SubmissionPatchIn, submission: Submission) -> services.SubmissionInput:
    """The stored report with the fields the client sent replaced."""
    problems: list[dict[str, Any]] = []
    values: dict[str, Decimal | None] = {
        item.code: submission.value_of(item.code) for item in submission.kpi.data_items.all()
    }
    for code, sent in (payload.values or {}).items():
        values[code] = None if sent is None else _number(sent, ("values", code), problems)
    direct = submission.result
    if "direct_result" in payload.model_fields_set:
        sent = payload.direct_result
        direct = None if sent is None else _number(sent, ("direct_result",), problems)
    points = _points(payload, submission, problems)
    if problems:
        raise ValidationError(problems)
    activities = (
        [services.ActivityInput(a.title, a.detail) for a in payload.activities]
        if payload.activities is not None
        else [services.ActivityInput(a.title, a.detail) for a in submission.activities.all()]
    )

    def kept(name: str) -> str:
        text: str | None = getattr(payload, name)
        return text if text is not None else str(getattr(submission, name))

    return services.SubmissionInput(
        values=values,
        direct_result=direct,
        activities=tuple(activities),
        supporting_factors=kept("supporting_factors"),
        obstacles=kept("obstacles"),
        suggestions=kept("suggestions"),
        points=points,
    )


def _points(
    payload: SubmissionPatchIn, submission: Submission, problems: list[dict[str, Any]]
) -> dict[int, services.PointResultInput] | None:
    """The stored point results with the ones sent replaced; None when none were sent (the
    service keeps what is stored). An order the pinned KPI version has no point for, or sent
    twice, is refused at its place in the list; magnitudes are the service's check
    (core.decimals.quantity_problem)."""
    if payload.point_results is None:
        return None
    orders = sorted(point.order for point in submission.kpi.assessment_points.all())
    points = {
        order: services.PointResultInput(
            submission.point_result(order), submission.point_narrative(order)
        )
        for order in orders
    }
    seen: set[int] = set()
    for index, sent in enumerate(payload.point_results):
        loc = ("point_results", index)
        if sent.order not in points:
            known = ", ".join(str(order) for order in orders) or _("ไม่มี")
            problems.append(
                error_item(
                    (*BODY, *loc, "order"),
                    _("ไม่มีประเด็นการประเมินลำดับที่ %(order)s ในตัวชี้วัดฉบับนี้ (มี: %(known)s)")
                    % {"order": sent.order, "known": known},
                )
            )
            continue
        if sent.order in seen:
            problems.append(
                error_item(
                    (*BODY, *loc, "order"),
                    _("ส่งผลของประเด็นการประเมินลำดับที่ %(order)s ซ้ำ") % {"order": sent.order},
                )
            )
            continue
        seen.add(sent.order)
        stored = points[sent.order]
        result = stored.result
        if "result" in sent.model_fields_set:
            result = (
                None if sent.result is None else _number(sent.result, (*loc, "result"), problems)
            )
        narrative = stored.narrative
        if "narrative" in sent.model_fields_set:
            narrative = sent.narrative or ""
        points[sent.order] = services.PointResultInput(result, narrative)
    return points


def _field_loc(field: str, payload: SubmissionPatchIn) -> tuple[str | int, ...]:
    """submission_save names a data item's problem "value_<code>": here it is values.<code>;
    a point's "point_result_<order>" is point_results.<index of that order in the body>.result."""
    if field.startswith("value_"):
        return ("values", field.removeprefix("value_"))
    sent = [point.order for point in payload.point_results or []]
    for prefix, name in (("point_result_", "result"), ("point_narrative_", "narrative")):
        order = field.removeprefix(prefix)
        if field.startswith(prefix) and order.isdigit() and int(order) in sent:
            return ("point_results", sent.index(int(order)), name)
    return loc_of(field)


@router.patch(
    "/submissions/{submission_id}",
    response=ok(SubmissionDetailOut, 400, 403, 404, 409, 422),
    summary="บันทึกร่างรายงานผล (ต้องส่ง version ที่อ่านมา) ระบบคำนวณผลและคะแนนประเมินตนเองให้",
    description="เฉพาะผู้รับผิดชอบหรือผู้จัดเก็บข้อมูลของตัวชี้วัด ขณะรายงานเป็นร่างหรือถูกส่งกลับ และรอบเปิดอยู่ "
    "(เหมือนหน้ารายงานผล). version ไม่ตรงกับปัจจุบัน → 409 stale_revision",
    operation_id="submission_update",
)
def submission_update(
    request: HttpRequest, payload: SubmissionPatchIn, submission_id: SubmissionId
) -> Submission:
    submission = visible_submission(request, submission_id)
    data = _input(payload, submission)
    try:
        services.submission_save(
            caller(request), submission, data, expected_version=payload.version
        )
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise  # locked or not editable now: the 422 of api.errors, at the body
        raise ValidationError(
            [
                error_item((*BODY, *_field_loc(field, payload)), message)
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        ) from None
    return visible_submission(request, submission_id)


def _action(path: str, summary: str, description: str, operation_id: str) -> Callable[[View], View]:
    decorator: Callable[[View], View] = router.post(
        f"/submissions/{{submission_id}}/{path}",
        response=ok(SubmissionDetailOut, 400, 403, 404, 409, 422),
        summary=summary,
        description=description + " version ไม่ตรงกับปัจจุบัน → 409 stale_revision",
        operation_id=operation_id,
    )
    return decorator


@_action(
    "submit",
    "ส่งรายงานให้ผู้กำกับดูแลพิจารณา",
    "ผู้รับผิดชอบหรือผู้จัดเก็บข้อมูล เมื่อบันทึกผลจนระบบคำนวณคะแนนได้แล้ว.",
    "submission_submit",
)
def submission_submit(
    request: HttpRequest, payload: VersionIn, submission_id: SubmissionId
) -> Submission:
    submission = visible_submission(request, submission_id)
    services.submission_submit(caller(request), submission, expected_version=payload.version)
    return visible_submission(request, submission_id)


@_action(
    "approve",
    "ให้ความเห็นชอบรายงาน (ผู้กำกับดูแล)",
    "ผู้กำกับดูแลของหน่วยงานหรือของตัวชี้วัด (หรือผู้ประสานงาน) เมื่อรายงานส่งแล้ว.",
    "submission_approve",
)
def submission_approve(
    request: HttpRequest, payload: VersionIn, submission_id: SubmissionId
) -> Submission:
    submission = visible_submission(request, submission_id)
    services.submission_approve(caller(request), submission, expected_version=payload.version)
    return visible_submission(request, submission_id)


@_action(
    "accept",
    "ตรวจรับรายงาน (ผู้ประสานงาน)",
    "ผู้ประสานงาน เมื่อผู้กำกับดูแลเห็นชอบแล้ว.",
    "submission_accept",
)
def submission_accept(
    request: HttpRequest, payload: VersionIn, submission_id: SubmissionId
) -> Submission:
    submission = visible_submission(request, submission_id)
    services.submission_accept(caller(request), submission, expected_version=payload.version)
    return visible_submission(request, submission_id)


@_action(
    "return",
    "ส่งรายงานกลับให้แก้ไข พร้อมความเห็น",
    "ผู้ประสานงาน (รายงานที่ส่งแล้ว เห็นชอบแล้ว หรือตรวจรับแล้ว) หรือผู้กำกับดูแล (รายงานที่รอความเห็นชอบ).",
    "submission_return",
)
def submission_return(
    request: HttpRequest, payload: ReturnIn, submission_id: SubmissionId
) -> Submission:
    submission = visible_submission(request, submission_id)
    services.submission_return(
        caller(request), submission, comment=payload.comment, expected_version=payload.version
    )
    return visible_submission(request, submission_id)
