"""The review of a submitted report: the overseer approves, the coordinator accepts or returns
with comments (each return kept), and after the round closes only the coordinator reopens a
report, with a reason (domain §9; issue 6 item 4)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role
from notifications.messages import message
from notifications.services import notify
from reporting import notices
from reporting.models import Submission, SubmissionReturn
from reporting.services._common import (
    TEXT_MAX,
    fresh,
    reporters_of,
    require_flow,
    require_version,
    submission_url,
)
from reporting.workflow import SUBMISSION_FLOW

S = Submission.State
REOPENED = "reporting.submission.reopened"


def _label(submission: Submission) -> dict[str, str]:
    return {"kpi": submission.kpi.number, "round": submission.round.name_th}


def submission_approve(
    actor: AbstractBaseUser, submission: Submission, *, expected_version: int | None = None
) -> Submission:
    submission = fresh(submission)
    require_flow(SUBMISSION_FLOW, submission, S.OVERSEER_APPROVED, actor)
    require_version(submission, expected_version)
    with transaction.atomic():
        SUBMISSION_FLOW.apply(
            submission,
            S.OVERSEER_APPROVED,
            actor,
            changes={"approved_at": timezone.now(), "approved_by": actor},
        )
        notify(
            notices.holders(submission.round, [Role.COORDINATOR]),
            kind=notices.KIND_REVIEW,
            title=message(
                gettext_noop(
                    "รายงานผลตัวชี้วัด %(kpi)s (%(round)s) ผ่านความเห็นชอบของผู้กำกับดูแลแล้ว รอตรวจรับ"
                ),
                _label(submission),
            ),
            url=submission_url(submission),
            dedupe_key=f"reporting:submission:{submission.pk}:approved:{submission.version}",
            actor=actor,
        )
    return submission


def submission_accept(
    actor: AbstractBaseUser, submission: Submission, *, expected_version: int | None = None
) -> Submission:
    submission = fresh(submission)
    require_flow(SUBMISSION_FLOW, submission, S.ACCEPTED, actor)
    require_version(submission, expected_version)
    with transaction.atomic():
        SUBMISSION_FLOW.apply(
            submission,
            S.ACCEPTED,
            actor,
            changes={"accepted_at": timezone.now(), "accepted_by": actor, "reopened": False},
            data={"self_score": str(submission.self_score)},
        )
        notify(
            reporters_of(submission),
            kind=notices.KIND_REVIEW,
            title=message(
                gettext_noop("ผู้ประสานงานรับรายงานผลตัวชี้วัด %(kpi)s (%(round)s) แล้ว"),
                _label(submission),
            ),
            url=submission_url(submission),
            dedupe_key=f"reporting:submission:{submission.pk}:accepted:{submission.version}",
            actor=actor,
        )
    return submission


def submission_return(
    actor: AbstractBaseUser,
    submission: Submission,
    *,
    comment: str,
    expected_version: int | None = None,
) -> Submission:
    """Send the report back with comments; the return is kept as a history row."""
    submission = fresh(submission)
    require_flow(SUBMISSION_FLOW, submission, S.RETURNED, actor)
    require_version(submission, expected_version)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("กรุณาระบุความเห็นว่าต้องแก้ไขอะไร")})
    if len(comment) > TEXT_MAX:
        raise ValidationError({"comment": _("ความเห็นยาวเกิน %(max)s ตัวอักษร") % {"max": TEXT_MAX}})
    source = submission.state
    with transaction.atomic():
        SUBMISSION_FLOW.apply(submission, S.RETURNED, actor, data={"comment": comment})
        SubmissionReturn.objects.create(
            submission=submission, from_state=source, comment=comment, returned_by_id=actor.pk
        )
        notify(
            reporters_of(submission),
            kind=notices.KIND_RETURNED,
            title=message(
                gettext_noop("รายงานผลตัวชี้วัด %(kpi)s (%(round)s) ถูกส่งกลับให้แก้ไข"), _label(submission)
            ),
            body=comment,
            url=submission_url(submission),
            due=submission.round.due_date,
            dedupe_key=f"reporting:submission:{submission.pk}:returned:{submission.version}",
            actor=actor,
        )
    return submission


def submission_reopen(
    actor: AbstractBaseUser,
    submission: Submission,
    *,
    reason: str,
    expected_version: int | None = None,
) -> Submission:
    """After the close, let the owner change one report again (audited with the reason)."""
    submission = fresh(submission)
    require_flow(SUBMISSION_FLOW, submission, S.DRAFT, actor, action=REOPENED)
    if submission.reopened and submission.state == S.DRAFT:
        raise ValidationError(_("รายงานนี้เปิดให้แก้ไขอยู่แล้ว"))
    require_version(submission, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลที่เปิดให้แก้ไขหลังปิดรอบ")})
    if len(reason) > TEXT_MAX:
        raise ValidationError({"reason": _("เหตุผลยาวเกิน %(max)s ตัวอักษร") % {"max": TEXT_MAX}})
    with transaction.atomic():
        SUBMISSION_FLOW.apply(
            submission,
            S.DRAFT,
            actor,
            action=REOPENED,
            changes={"reopened": True, "reopen_reason": reason},
            data={"reason": reason},
        )
        notify(
            reporters_of(submission),
            kind=notices.KIND_RETURNED,
            title=message(
                gettext_noop("ผู้ประสานงานเปิดรายงานผลตัวชี้วัด %(kpi)s (%(round)s) ให้แก้ไขหลังปิดรอบ"),
                _label(submission),
            ),
            body=reason,
            url=submission_url(submission),
            dedupe_key=f"reporting:submission:{submission.pk}:reopened:{submission.version}",
            actor=actor,
        )
    return submission
