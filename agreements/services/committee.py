"""Step 1 — the committee (กพร.สผ.): submission of the draft KPI set, comments per KPI, and the
resolution that approves the draft or returns it to the coordinator (domain §7)."""

from __future__ import annotations

import datetime
import uuid

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role
from accounts.selectors import person_of
from agreements import notices
from agreements.models import Agreement, CommitteeComment, Resolution
from agreements.services._common import page_url
from agreements.services.cycle import cancel_step_deadline, schedule_step_deadline
from agreements.terms import snapshot_of
from agreements.workflow import AGREEMENT_WORKFLOW, COMMENT
from core.audit import audit_log
from notifications.messages import message

S = Agreement.State


def agreement_submit_to_committee(actor: AbstractBaseUser, agreement: Agreement) -> Agreement:
    """Send the draft KPI set (the framework's latest KPI sheets, frozen) to the committee."""
    AGREEMENT_WORKFLOW.require(agreement, S.COMMITTEE_REVIEW, actor)
    snapshot = snapshot_of(agreement.framework)
    if not snapshot["kpis"]:
        raise ValidationError(_("ยังไม่มีตัวชี้วัดในกรอบการประเมินปีนี้ กรุณาจัดทำร่างตัวชี้วัดก่อนเสนอ"))
    number = agreement.submission_count + 1
    with transaction.atomic():
        AGREEMENT_WORKFLOW.apply(
            agreement,
            S.COMMITTEE_REVIEW,
            actor,
            data={"submission": number, "kpis": len(snapshot["kpis"])},
            changes={"submission_count": number, "submitted_snapshot": snapshot},
        )
        notices.notify(
            notices.users_with_roles(agreement, [Role.COMMITTEE]),
            kind=notices.KIND_COMMITTEE_REVIEW,
            title=message(
                gettext_noop("ร่างตัวชี้วัดปีงบประมาณ %(year)s รอการพิจารณา (ครั้งที่ %(n)s)"),
                {"year": agreement.framework.fiscal_year, "n": number},
            ),
            url=page_url(agreement, "committee"),
            dedupe_key=f"agreements:committee:{agreement.pk}:{number}",
            actor=actor,
        )
    return agreement


def committee_comment_add(
    actor: AbstractBaseUser, agreement: Agreement, *, text: str, kpi_key: uuid.UUID | None = None
) -> CommitteeComment:
    """A committee member comments on one KPI of the submitted draft (or on the whole draft)."""
    AGREEMENT_WORKFLOW.require(agreement, COMMENT, actor)
    if not text.strip():
        raise ValidationError({"text": _("กรุณากรอกความเห็น")})
    label = ""
    if kpi_key is not None:
        kpis = {k["key"]: k for k in agreement.submitted_snapshot.get("kpis", [])}
        terms = kpis.get(str(kpi_key))
        if terms is None:
            raise ValidationError({"kpi_key": _("ไม่พบตัวชี้วัดนี้ในร่างที่เสนอ")})
        label = f"{terms['number']} {terms['name_th']}"[:600]
    person = person_of(actor)
    with transaction.atomic():
        comment = CommitteeComment.objects.create(
            agreement=agreement,
            submission=agreement.submission_count,
            kpi_key=kpi_key,
            kpi_label=label,
            author_id=actor.pk,
            author_name=person.full_name if person else actor.get_username(),
            text=text.strip(),
        )
        audit_log(
            actor,
            "agreements.committee.commented",
            agreement,
            {"comment": comment.pk, "kpi": label, "submission": comment.submission},
        )
    return comment


def committee_resolve(
    actor: AbstractBaseUser,
    agreement: Agreement,
    *,
    decision: str,
    meeting_number: str,
    meeting_date: datetime.date,
    text: str,
) -> Resolution:
    """Record the committee's resolution: approve the draft (step 1's artefact) or return it."""
    target = {
        Resolution.Decision.APPROVE: S.COMMITTEE_APPROVED,
        Resolution.Decision.RETURN: S.RETURNED,
    }
    goal = target.get(decision, S.COMMITTEE_APPROVED)  # type: ignore[call-overload]
    AGREEMENT_WORKFLOW.require(agreement, goal, actor)
    errors: dict[str, str] = {}
    if decision not in target:
        errors["decision"] = _("กรุณาเลือกมติ")
    if not meeting_number.strip():
        errors["meeting_number"] = _("กรุณาระบุครั้งที่ของการประชุม")
    if not text.strip():
        errors["text"] = _("กรุณาบันทึกมติที่ประชุม")
    if errors:
        raise ValidationError(errors)
    approving = goal == S.COMMITTEE_APPROVED
    with transaction.atomic():
        AGREEMENT_WORKFLOW.apply(
            agreement,
            goal,
            actor,
            data={
                "submission": agreement.submission_count,
                "meeting_number": meeting_number.strip(),
                "meeting_date": meeting_date,
            },
            changes=(
                {"approved_snapshot": agreement.submitted_snapshot, "approved_on": meeting_date}
                if approving
                else {}
            ),
        )
        resolution = Resolution.objects.create(
            agreement=agreement,
            submission=agreement.submission_count,
            decision=decision,
            meeting_number=meeting_number.strip(),
            meeting_date=meeting_date,
            text=text.strip(),
            recorded_by_id=actor.pk,
        )
        if approving:
            cancel_step_deadline(agreement, 1)
            schedule_step_deadline(agreement, 2, meeting_date)
        notices.notify(
            notices.coordinators(agreement),
            kind=notices.KIND_APPROVED if approving else notices.KIND_RETURNED,
            title=message(
                gettext_noop("คณะกรรมการเห็นชอบร่างตัวชี้วัดแล้ว (การประชุมครั้งที่ %(n)s)")
                if approving
                else gettext_noop("คณะกรรมการส่งร่างตัวชี้วัดกลับให้แก้ไข (การประชุมครั้งที่ %(n)s)"),
                {"n": resolution.meeting_number},
            ),
            url=page_url(agreement, "committee"),
            body=resolution.text,
            dedupe_key=f"agreements:resolution:{resolution.pk}",
            actor=actor,
        )
    return resolution


def agreement_reopen(actor: AbstractBaseUser, agreement: Agreement) -> Agreement:
    """Take a returned draft back into drafting (the committee's comments stay with it)."""
    return AGREEMENT_WORKFLOW.apply(agreement, S.DRAFT, actor)
