"""Entering and submitting a KPI's report (issue 6 items 2, 5; domain §9).

Saving is a compare-and-swap on the submission's `version`: the form carries the version it was
opened with, and a save against a newer row raises `SubmissionConflictError` with the stored row,
so the page can show both what the user typed and what is stored now. Nothing is overwritten
silently (style.md "A lost race is a clear error").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import indexing
from core.audit import audit_log
from core.decimals import quantity_problem
from core.transitions import ConcurrentUpdateError
from indicators.criteria import scored_by_points
from notifications.messages import message
from notifications.services import notify
from reporting import calc, notices
from reporting.models import Submission, SubmissionActivity
from reporting.services._common import (
    clean_text,
    fresh,
    require_editable,
    require_flow,
    require_reporter,
    require_version,
    submission_url,
)
from reporting.workflow import SUBMISSION_FLOW

ACTIVITIES_MAX = 30
TITLE_MAX = 300
S = Submission.State


@dataclass(frozen=True)
class ActivityInput:
    title: str
    detail: str = ""


@dataclass(frozen=True)
class PointResultInput:
    """The result and a short narrative for one assessment point (issue 17 item 2)."""

    result: Decimal | None = None
    narrative: str = ""


POINT_NARRATIVE_MAX = 1000


@dataclass(frozen=True)
class SubmissionInput:
    values: Mapping[str, Decimal | None] = field(default_factory=dict)
    direct_result: Decimal | None = None
    activities: Sequence[ActivityInput] = ()
    supporting_factors: str = ""
    obstacles: str = ""
    suggestions: str = ""
    # Keyed by the point's order in the pinned KPI version; None keeps what is stored (writers
    # that know nothing of assessment points, such as the results import, lose nothing).
    points: Mapping[int, PointResultInput] | None = None


class SubmissionConflictError(ConcurrentUpdateError):
    """Someone saved the submission since this user opened it; `current` is the stored row."""

    def __init__(self, message: str, current: Submission) -> None:
        super().__init__(message)
        self.current = current


def _clean(submission: Submission, data: SubmissionInput) -> tuple[dict[str, str], SubmissionInput]:
    errors: dict[str, str] = {}
    codes = {item.code for item in submission.kpi.data_items.all()}
    values: dict[str, Decimal | None] = {}
    for code, value in data.values.items():
        if code not in codes:
            errors[f"value_{code}"] = _("ไม่มีรายการข้อมูลรหัส “%(code)s” ในตัวชี้วัดฉบับนี้") % {"code": code}
        elif value is not None and (problem := quantity_problem(value)) is not None:
            errors[f"value_{code}"] = problem
        else:
            values[code] = value
    kpi = submission.kpi
    direct = None if calc.uses_formula(kpi) or scored_by_points(kpi) else data.direct_result
    if direct is not None and (problem := quantity_problem(direct)) is not None:
        errors["direct_result"] = problem
    activities = [
        ActivityInput(a.title.strip(), a.detail.strip())
        for a in data.activities
        if a.title.strip() or a.detail.strip()
    ]
    if len(activities) > ACTIVITIES_MAX:
        errors["activities"] = _("ระบุกิจกรรม/โครงการได้ไม่เกิน %(n)s รายการ") % {"n": ACTIVITIES_MAX}
    for i, activity in enumerate(activities, 1):
        if not activity.title:
            errors["activities"] = _("กิจกรรมที่ %(n)s: กรุณาระบุชื่อกิจกรรม/โครงการ") % {"n": i}
        elif len(activity.title) > TITLE_MAX:
            errors["activities"] = _("กิจกรรมที่ %(n)s: ชื่อยาวเกิน %(max)s ตัวอักษร") % {
                "n": i,
                "max": TITLE_MAX,
            }
        clean_text(activity.detail, "activities", _("รายละเอียดกิจกรรม"), errors)
    given = data.points
    if given is None:
        stored = [int(key) for key in submission.point_results or {} if str(key).isdigit()]
        given = {
            order: PointResultInput(
                submission.point_result(order), submission.point_narrative(order)
            )
            for order in stored
        }
    points = _clean_points(submission, given, errors)
    cleaned = SubmissionInput(
        points=points,
        values=values,
        direct_result=direct,
        activities=tuple(activities),
        supporting_factors=clean_text(
            data.supporting_factors, "supporting_factors", _("ปัจจัยสนับสนุน"), errors
        ),
        obstacles=clean_text(data.obstacles, "obstacles", _("อุปสรรค"), errors),
        suggestions=clean_text(data.suggestions, "suggestions", _("ข้อเสนอแนะ"), errors),
    )
    return errors, cleaned


def _clean_points(
    submission: Submission, given: Mapping[int, PointResultInput], errors: dict[str, str]
) -> dict[int, PointResultInput]:
    orders = {point.order for point in submission.kpi.assessment_points.all()}
    points: dict[int, PointResultInput] = {}
    for order, point in given.items():
        name = f"point_result_{order}"
        if order not in orders:
            errors[name] = _("ไม่มีประเด็นการประเมินที่ %(n)s ในตัวชี้วัดฉบับนี้") % {"n": order}
            continue
        if point.result is not None and (problem := quantity_problem(point.result)) is not None:
            errors[name] = problem
        narrative = (point.narrative or "").strip()
        if len(narrative) > POINT_NARRATIVE_MAX:
            errors[f"point_narrative_{order}"] = _("คำอธิบายผลรายประเด็นยาวเกิน %(max)s ตัวอักษร") % {
                "max": POINT_NARRATIVE_MAX
            }
        points[order] = PointResultInput(point.result, narrative)
    return points


def _stored_points(points: Mapping[int, PointResultInput]) -> dict[str, dict[str, str]]:
    """Decimal as text, so the JSON keeps every digit (never a float)."""
    stored: dict[str, dict[str, str]] = {}
    for order, point in sorted(points.items()):
        row = {}
        if point.result is not None:
            row["result"] = format(point.result, "f")
        if point.narrative:
            row["narrative"] = point.narrative
        if row:
            stored[str(order)] = row
    return stored


def _stored_values(values: Mapping[str, Decimal | None]) -> dict[str, str]:
    return {code: format(value, "f") for code, value in values.items() if value is not None}


def _conflict(submission: Submission) -> SubmissionConflictError:
    current = fresh(submission)
    if current.state not in (S.DRAFT, S.RETURNED):
        require_editable(current)
    return SubmissionConflictError(
        _(
            "มีผู้อื่นบันทึกรายงานนี้หลังจากที่คุณเปิดหน้านี้ ระบบจึงยังไม่บันทึกข้อมูลของคุณ "
            "กรุณาตรวจสอบค่าที่บันทึกไว้ล่าสุดเทียบกับค่าที่คุณกรอก แล้วกดบันทึกอีกครั้ง"
        ),
        current,
    )


def submission_save(
    actor: AbstractBaseUser,
    submission: Submission,
    data: SubmissionInput,
    *,
    expected_version: int,
) -> Submission:
    """Save the owner's values and narrative; the result, self score and level are computed
    here from the pinned KPI version (never typed). A returned submission becomes a draft."""
    submission = fresh(submission)
    require_reporter(actor, submission)
    require_editable(submission)
    errors, data = _clean(submission, data)
    if errors:
        raise ValidationError(errors)
    computed = calc.compute(
        submission.kpi,
        data.values,
        data.direct_result,
        {order: point.result for order, point in (data.points or {}).items()},
    )
    update = {
        "values": _stored_values(data.values),
        "point_results": _stored_points(data.points or {}),
        "result": computed.result,
        "self_score": computed.score,
        "level_label": computed.level_label,
        "supporting_factors": data.supporting_factors,
        "obstacles": data.obstacles,
        "suggestions": data.suggestions,
    }
    changed = [name for name, value in update.items() if getattr(submission, name) != value]
    old_activities = [(a.title, a.detail) for a in submission.activities.all()]
    new_activities = [(a.title, a.detail) for a in data.activities]
    if old_activities != new_activities:
        changed.append("activities")
    data_for_audit = {
        "changed": changed,
        "from_state": submission.state,
        "result": None if computed.result is None else str(computed.result),
        "self_score": None if computed.score is None else str(computed.score),
    }
    with transaction.atomic():
        if submission.state == S.RETURNED:
            # The declared RETURNED → DRAFT transition, audited as this save.
            try:
                SUBMISSION_FLOW.apply(
                    submission,
                    S.DRAFT,
                    actor,
                    changes={**update, "updated_by_id": actor.pk, "updated_at": timezone.now()},
                    data=data_for_audit,
                    expected_version=expected_version,
                    action="reporting.submission.saved",
                )
            except ConcurrentUpdateError as error:
                raise _conflict(submission) from error
        else:
            saved = Submission.objects.filter(
                pk=submission.pk, version=expected_version, state=S.DRAFT
            ).update(
                **update,
                updated_by_id=actor.pk,
                updated_at=timezone.now(),
                version=F("version") + 1,
            )
            if saved != 1:
                raise _conflict(submission)
            audit_log(actor, "reporting.submission.saved", submission, data_for_audit)
        if "activities" in changed:
            SubmissionActivity.objects.filter(submission=submission).delete()
            SubmissionActivity.objects.bulk_create(
                [
                    SubmissionActivity(
                        submission=submission, order=i, title=a.title, detail=a.detail
                    )
                    for i, a in enumerate(data.activities, 1)
                ]
            )
        indexing.refresh(indexing.REPORT, [submission.pk])
    return fresh(submission)


def submission_submit(
    actor: AbstractBaseUser, submission: Submission, *, expected_version: int | None = None
) -> Submission:
    """Send the report to the overseer. It needs a result the criteria can score."""
    submission = fresh(submission)
    require_flow(SUBMISSION_FLOW, submission, S.SUBMITTED, actor)
    require_version(submission, expected_version)
    if submission.result is None or submission.self_score is None:
        raise ValidationError(_("กรุณากรอกผลการดำเนินงานให้ครบจนระบบคำนวณคะแนนได้ แล้วบันทึกก่อนส่งรายงาน"))
    round_ = submission.round
    with transaction.atomic():
        SUBMISSION_FLOW.apply(
            submission,
            S.SUBMITTED,
            actor,
            changes={"submitted_at": timezone.now(), "submitted_by": actor},
            data={"self_score": str(submission.self_score)},
        )
        notify(
            notices.overseers_of(round_, submission.kpi),
            kind=notices.KIND_REVIEW,
            title=message(
                gettext_noop("รายงานผลตัวชี้วัด %(kpi)s (%(round)s) รอการเห็นชอบ"),
                {"kpi": submission.kpi.number, "round": round_.name_th},
            ),
            url=submission_url(submission),
            due=round_.due_date,
            dedupe_key=f"reporting:submission:{submission.pk}:submitted:{submission.version}",
            actor=actor,
        )
    return submission


def submission_save_and_submit(
    actor: AbstractBaseUser,
    submission: Submission,
    data: SubmissionInput,
    *,
    expected_version: int,
) -> Submission:
    """ "Save and submit" is one click and one transaction: when the submit is refused (a value
    missing, the round just closed), the save is rolled back too and the stored report is
    exactly as before (issue 15 item 3)."""
    with transaction.atomic():
        saved = submission_save(actor, submission, data, expected_version=expected_version)
        return submission_submit(actor, saved, expected_version=saved.version)
