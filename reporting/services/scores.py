"""After submission (issue 6 item 8; domain §7): OPDC's evaluator scores each KPI, the
department sees reviewer vs self score and may appeal within the round's window with a reason
and evidence; the evaluator answers and the final score is kept."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role
from core.audit import audit_log
from core.decimals import display_decimal, quantize4
from core.transitions import ConcurrentUpdateError
from core.uploads import inspect_upload
from evidence.storage import store_file
from indicators.criteria import max_score_for
from notifications.messages import message
from notifications.services import notify
from reporting import notices, permissions
from reporting.models import DEFAULT_APPEAL_DAYS, Appeal, ReviewerScore, Submission
from reporting.services._common import (
    TEXT_MAX,
    fresh,
    reporters_of,
    require_flow,
    submission_url,
)
from reporting.workflow import APPEAL_FLOW

APPEAL_FILES_MAX = 10


def appeal_deadline(review: ReviewerScore, submission: Submission) -> datetime.date:
    """The last day to appeal: the reviewer score's date + the round's window (14 days)."""
    state = permissions.round_state_of(submission.round)
    days = state.appeal_days if state is not None else DEFAULT_APPEAL_DAYS
    return timezone.localdate(review.scored_at) + datetime.timedelta(days=days)


def _require_evaluator(actor: AbstractBaseUser, submission: Submission) -> None:
    if not permissions.is_evaluator(actor, submission.round):
        raise PermissionDenied(_("เฉพาะผู้ประเมินของสำนักงาน ก.พ.ร. ที่รับผิดชอบส่วนราชการนี้เท่านั้น"))


def _check_score(submission: Submission, score: Decimal | None, field: str) -> Decimal:
    top = max_score_for(submission.kpi)
    if score is None or not score.is_finite():
        raise ValidationError({field: _("กรุณาระบุคะแนนเป็นตัวเลข")})
    if score < 0 or score > top:
        raise ValidationError(
            {field: _("คะแนนต้องอยู่ระหว่าง 0 ถึง %(max)s") % {"max": display_decimal(top, 2)}}
        )
    return quantize4(score)


def reviewer_score_set(
    actor: AbstractBaseUser, submission: Submission, *, score: Decimal | None, comment: str = ""
) -> ReviewerScore:
    submission = fresh(submission)
    _require_evaluator(actor, submission)
    if submission.state != Submission.State.ACCEPTED:
        raise ValidationError(_("ให้คะแนนได้เฉพาะรายงานที่ส่วนราชการตรวจรับและส่งแล้ว"))
    value = _check_score(submission, score, "score")
    comment = (comment or "").strip()[:TEXT_MAX]
    if Appeal.objects.filter(submission=submission).exists():
        raise ValidationError(_("ส่วนราชการอุทธรณ์คะแนนนี้แล้ว กรุณาปรับคะแนนผ่านการตอบคำอุทธรณ์"))
    with transaction.atomic():
        review, created = ReviewerScore.objects.select_for_update().get_or_create(
            submission=submission,
            defaults={
                "score": value,
                "final_score": value,
                "comment": comment,
                "scored_by_id": actor.pk,
                "scored_at": timezone.now(),
            },
        )
        before = None if created else str(review.score)
        if not created:
            ReviewerScore.objects.filter(pk=review.pk).update(
                score=value,
                final_score=value,
                comment=comment,
                scored_by_id=actor.pk,
                scored_at=timezone.now(),
                version=F("version") + 1,
            )
            review.refresh_from_db()
        audit_log(
            actor,
            "reporting.review.scored",
            submission,
            {"score": str(value), "before": before, "self_score": str(submission.self_score)},
        )
        notify(
            [*reporters_of(submission), *notices.holders(submission.round, [Role.COORDINATOR])],
            kind=notices.KIND_SCORE,
            title=message(
                gettext_noop("ผู้ประเมินให้คะแนนตัวชี้วัด %(kpi)s (%(round)s): %(score)s"),
                {
                    "kpi": submission.kpi.number,
                    "round": submission.round.name_th,
                    "score": display_decimal(value, 2),
                },
            ),
            # The evaluator's comment goes back to the department (issue 18 item 3).
            body=comment,
            url=submission_url(submission),
            dedupe_key=f"reporting:review:{review.pk}:{review.version}",
            actor=actor,
        )
    return review


def can_appeal(actor: AbstractBaseUser, submission: Submission) -> bool:
    return permissions.can_coordinate(actor, submission.round) or permissions.can_report(
        actor, submission
    )


def appeal_file(
    actor: AbstractBaseUser,
    submission: Submission,
    *,
    reason: str,
    requested_score: Decimal | None = None,
    uploads: Sequence[UploadedFile] = (),
) -> Appeal:
    submission = fresh(submission)
    if not can_appeal(actor, submission):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานหรือผู้รับผิดชอบตัวชี้วัดนี้เท่านั้นที่อุทธรณ์ได้"))
    review = ReviewerScore.objects.filter(submission=submission).first()
    if review is None:
        raise ValidationError(_("ยังไม่มีคะแนนจากผู้ประเมิน จึงยังอุทธรณ์ไม่ได้"))
    deadline = appeal_deadline(review, submission)
    if timezone.localdate() > deadline:
        raise ValidationError(
            _("พ้นกำหนดอุทธรณ์แล้ว (อุทธรณ์ได้ถึงวันที่ %(date)s)") % {"date": deadline.isoformat()}
        )
    if Appeal.objects.filter(submission=submission).exists():
        raise ValidationError(_("ตัวชี้วัดนี้อุทธรณ์ไปแล้ว อุทธรณ์ได้ครั้งเดียว"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลการอุทธรณ์")})
    if len(reason) > TEXT_MAX:
        raise ValidationError({"reason": _("เหตุผลยาวเกิน %(max)s ตัวอักษร") % {"max": TEXT_MAX}})
    wanted = (
        _check_score(submission, requested_score, "requested_score")
        if requested_score is not None
        else None
    )
    if len(uploads) > APPEAL_FILES_MAX:
        raise ValidationError({"attachments": _("แนบได้ไม่เกิน %(n)s ไฟล์") % {"n": APPEAL_FILES_MAX}})
    inspected = [inspect_upload(upload, "attachments") for upload in uploads]
    with transaction.atomic():
        appeal = Appeal.objects.create(
            submission=submission, reason=reason, requested_score=wanted, filed_by_id=actor.pk
        )
        for upload, found in zip(uploads, inspected, strict=True):
            store_file(
                actor, upload, submission_id=submission.pk, appeal_id=appeal.pk, inspected=found
            )
        audit_log(
            actor,
            "reporting.appeal.filed",
            submission,
            {"appeal": appeal.pk, "reason": reason, "files": len(uploads)},
        )
        notify(
            notices.holders(submission.round, [Role.EVALUATOR]),
            kind=notices.KIND_APPEAL,
            title=message(
                gettext_noop("ส่วนราชการอุทธรณ์คะแนนตัวชี้วัด %(kpi)s (%(round)s)"),
                {"kpi": submission.kpi.number, "round": submission.round.name_th},
            ),
            body=reason,
            url=submission_url(submission),
            dedupe_key=f"reporting:appeal:{appeal.pk}:filed",
            actor=actor,
        )
    return appeal


def appeal_answer(
    actor: AbstractBaseUser,
    appeal: Appeal,
    *,
    answer: str,
    new_score: Decimal | None = None,
) -> Appeal:
    """Uphold (with a new score) or keep the score; the final score follows the answer."""
    submission = fresh(appeal.submission)
    appeal.submission = submission
    require_flow(APPEAL_FLOW, appeal, Appeal.State.REJECTED, actor)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("กรุณาระบุคำชี้แจงผลการพิจารณา")})
    review = ReviewerScore.objects.get(submission=submission)
    value = _check_score(submission, new_score, "new_score") if new_score is not None else None
    upheld = value is not None and value != review.final_score
    state = Appeal.State.UPHELD if upheld else Appeal.State.REJECTED
    with transaction.atomic():
        try:
            APPEAL_FLOW.apply(
                appeal,
                state,
                actor,
                changes={
                    "answer": answer[:TEXT_MAX],
                    "new_score": value if upheld else None,
                    "answered_by_id": actor.pk,
                    "answered_at": timezone.now(),
                },
                data={
                    "appeal": appeal.pk,
                    "state": state,
                    "before": str(review.final_score),
                    "final": str(value if upheld else review.final_score),
                },
                audit_on=submission,
            )
        except ConcurrentUpdateError as error:
            raise ConcurrentUpdateError(_("คำอุทธรณ์นี้ถูกพิจารณาโดยผู้อื่นไปแล้ว กรุณาโหลดหน้าใหม่")) from error
        if upheld:
            ReviewerScore.objects.filter(pk=review.pk).update(
                final_score=value, version=F("version") + 1
            )
        notify(
            [*reporters_of(submission), *notices.holders(submission.round, [Role.COORDINATOR])],
            kind=notices.KIND_APPEAL,
            title=message(
                gettext_noop("ผู้ประเมินตอบคำอุทธรณ์ตัวชี้วัด %(kpi)s (%(round)s)"),
                {"kpi": submission.kpi.number, "round": submission.round.name_th},
            ),
            body=answer,
            url=submission_url(submission),
            dedupe_key=f"reporting:appeal:{appeal.pk}:answered",
            actor=actor,
        )
    appeal.refresh_from_db()
    return appeal
