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
DataItemCode = Annotated[Text, StringConstraints(max_length=20)]
NumberText = Annotated[Text, StringConstraints(max_length=MAX_NUMBER_TEXT)]
View = Callable[..., Submission]


class ActivityIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: Text = Field(..., max_length=1_000, description="กิจกรรม/โครงการ")
    detail: Text = Field("", max_length=LONG_TEXT, description="ผลการดำเนินงาน")


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
    supporting_factors: Text | None = Field(None, max_length=LONG_TEXT)
    obstacles: Text | None = Field(None, max_length=LONG_TEXT)
    suggestions: Text | None = Field(None, max_length=LONG_TEXT)


class VersionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = VERSION


class ReturnIn(VersionIn):
    comment: Text = Field(..., max_length=LONG_TEXT, description="สิ่งที่ต้องแก้ไข")


def _number(text: str, loc: tuple[str, ...], problems: list[dict[str, Any]]) -> Decimal | None:
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
    )


def _field_loc(field: str) -> tuple[str | int, ...]:
    """submission_save names a data item's problem "value_<code>": here it is values.<code>."""
    if field.startswith("value_"):
        return ("values", field.removeprefix("value_"))
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
                error_item((*BODY, *_field_loc(field)), message)
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
