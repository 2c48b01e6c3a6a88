"""Step 3 — detail and sign (domain §7): lock the KPI sheets, the executive's signature,
circulation to every responsible person and their acknowledgements."""

from __future__ import annotations

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Person, Role, RoleAssignment
from accounts.selectors import person_of
from agreements import notices
from agreements.checklist import checklist_passes, verification_checklist
from agreements.models import Acknowledgement, Agreement, AgreementParty, Attachment
from agreements.permissions import is_coordinator
from agreements.services._common import page_url
from agreements.services.cycle import cancel_step_deadline
from agreements.terms import framework_kpis, snapshot_of
from agreements.uploads import store_attachment
from agreements.workflow import AGREEMENT_WORKFLOW, LOCK_KPIS, UPLOAD_SCAN
from core.audit import audit_log
from indicators.models import Kpi
from notifications.messages import message
from notifications.nudges import NudgeResult, NudgeTarget, nudges_send

S = Agreement.State
GIVER = AgreementParty.Side.GIVER


def agreement_lock_kpis(actor: AbstractBaseUser, agreement: Agreement) -> int:
    """Approve every draft KPI sheet of the year (through the indicators services), so the
    executive signs exactly the version that is then in force. Returns how many were approved."""
    from indicators.services import kpi_approve

    AGREEMENT_WORKFLOW.require(agreement, LOCK_KPIS, actor)
    drafts = list(
        Kpi.objects.filter(
            framework=agreement.framework, is_latest=True, state=Kpi.State.DRAFT
        ).order_by("parent_id", "number")
    )
    if not drafts:
        raise ValidationError(_("ตัวชี้วัดทุกตัวได้รับอนุมัติแล้ว"))
    problems: list[str] = []
    with transaction.atomic():
        # Sub-KPIs first: a parent's sheet is complete only with its parts.
        for kpi in sorted(drafts, key=lambda k: k.parent_id is None):
            try:
                kpi_approve(actor, kpi)
            except ValidationError as error:
                problems += [f"{kpi.number} {kpi.name_th}: {m}" for m in error.messages]
        if problems:
            raise ValidationError(problems)
        audit_log(actor, "agreements.agreement.kpis_locked", agreement, {"count": len(drafts)})
    return len(drafts)


def agreement_sign(
    actor: AbstractBaseUser,
    agreement: Agreement,
    *,
    signed_on: datetime.date,
    scan: UploadedFile | None = None,
) -> Agreement:
    """The executive signs the agreement; the signed set is frozen with it."""
    AGREEMENT_WORKFLOW.require(agreement, S.SIGNED, actor)
    signer = person_of(actor)
    errors: dict[str, str] = {}
    if signer is None:
        errors["signed_on"] = _("บัญชีของท่านยังไม่ได้ผูกกับข้อมูลบุคลากร จึงลงนามไม่ได้")
    if agreement.agreed_on and signed_on < agreement.agreed_on:
        errors["signed_on"] = _("วันที่ลงนามต้องไม่ก่อนวันที่ได้ข้อยุติการเจรจา")
    if signed_on > timezone.localdate():
        errors["signed_on"] = _("วันที่ลงนามต้องไม่เป็นวันในอนาคต")
    if errors:
        raise ValidationError(errors)
    checks = verification_checklist(agreement)
    if not checklist_passes(checks):
        raise ValidationError(
            [_("ยังลงนามไม่ได้ รายการตรวจสอบยังไม่ผ่าน:")]
            + [check.label for check in checks if not check.ok]
        )
    with transaction.atomic():
        AGREEMENT_WORKFLOW.apply(
            agreement,
            S.SIGNED,
            actor,
            data={"signed_on": signed_on},
            changes={
                "signer": signer,
                "signed_on": signed_on,
                "signed_snapshot": snapshot_of(agreement.framework),
            },
        )
        if signer is not None and not agreement.parties.filter(side=GIVER).exists():
            # The signer is the giver until the coordinator names others (issue 17 item 7);
            # recorded so the signed document keeps the name as it was on the day.
            AgreementParty.objects.create(
                agreement=agreement,
                side=GIVER,
                order=1,
                name=signer.full_name,
                position=signer.position,
            )
        if scan is not None:
            store_attachment(actor, agreement, scan, kind=Attachment.Kind.SIGNED_SCAN)
        notices.notify(
            notices.coordinators(agreement),
            kind=notices.KIND_SIGN,
            title=message(
                gettext_noop("ผู้บริหารลงนามคำรับรองปีงบประมาณ %(year)s แล้ว"),
                {"year": agreement.framework.fiscal_year},
            ),
            url=page_url(agreement, "signing"),
            dedupe_key=f"agreements:signed:{agreement.pk}",
            actor=actor,
        )
    return agreement


def signed_scan_upload(
    actor: AbstractBaseUser, agreement: Agreement, *, upload: UploadedFile
) -> Attachment:
    """Attach the scan of the signed paper agreement (coordinator or executive)."""
    AGREEMENT_WORKFLOW.require(agreement, UPLOAD_SCAN, actor)
    with transaction.atomic():
        attachment = store_attachment(actor, agreement, upload, kind=Attachment.Kind.SIGNED_SCAN)
        audit_log(
            actor, "agreements.agreement.scan_uploaded", agreement, {"attachment": attachment.pk}
        )
    return attachment


def responsible_people(agreement: Agreement) -> dict[int, tuple[Person, str]]:
    """Everyone responsible for a KPI of the agreement: overseers, collectors and the owners of
    the responsible units, with why (domain §7 step 3: circulate to every responsible person)."""
    people: dict[int, tuple[Person, str]] = {}
    kpis = framework_kpis(agreement.framework)
    for kpi in kpis:
        if kpi.overseer is not None:
            people.setdefault(kpi.overseer.pk, (kpi.overseer, _("ผู้กำกับดูแลตัวชี้วัด")))
        for person in kpi.collectors.all():
            people.setdefault(person.pk, (person, _("ผู้จัดเก็บข้อมูล")))
    units = {kpi.responsible_unit_id for kpi in kpis if kpi.responsible_unit_id}
    owners = RoleAssignment.objects.filter(
        role=Role.OWNER,
        fiscal_year=agreement.framework.fiscal_year,
        department_id=agreement.framework.department_id,
        unit_id__in=units,
    ).select_related("person")
    for assignment in owners:
        people.setdefault(assignment.person.pk, (assignment.person, _("ผู้รับผิดชอบตัวชี้วัด")))
    return people


def _ack_key(agreement: Agreement) -> str:
    return f"agreements:acknowledge:{agreement.pk}"


def agreement_circulate(actor: AbstractBaseUser, agreement: Agreement) -> int:
    """Send the signed agreement to every responsible person for acknowledgement, with a reminder
    three days later to those who have not. Returns how many were asked."""
    AGREEMENT_WORKFLOW.require(agreement, S.CIRCULATED, actor)
    people = responsible_people(agreement)
    if not people:
        raise ValidationError(_("ไม่พบผู้รับผิดชอบตัวชี้วัดที่จะแจ้งเวียน"))
    today = timezone.localdate()
    with transaction.atomic():
        AGREEMENT_WORKFLOW.apply(
            agreement,
            S.CIRCULATED,
            actor,
            data={"people": len(people)},
            changes={"circulated_on": today},
        )
        Acknowledgement.objects.bulk_create(
            [
                Acknowledgement(agreement=agreement, person=person, reason=reason)
                for person, reason in people.values()
            ],
            ignore_conflicts=True,
        )
        users = [person.user for person, _reason in people.values() if person.user is not None]
        title = message(
            gettext_noop("ขอให้รับทราบคำรับรองการปฏิบัติราชการ ปีงบประมาณ %(year)s"),
            {"year": agreement.framework.fiscal_year},
        )
        url = page_url(agreement, "intranet")
        notices.notify(
            users,
            kind=notices.KIND_ACKNOWLEDGE,
            title=title,
            url=url,
            dedupe_key=_ack_key(agreement),
            actor=actor,
        )
        notices.remind(
            users,
            kind=notices.KIND_ACKNOWLEDGE,
            title=message(gettext_noop("ยังไม่ได้รับทราบ: %(title)s"), {"title": title}),
            url=url,
            send_on=today + datetime.timedelta(days=3),
            dedupe_key=_ack_key(agreement) + ":reminder",
        )
        if agreement.published_at is not None:
            cancel_step_deadline(agreement, 3)  # step 3 is done: circulated and published
    return len(people)


def agreement_acknowledge(actor: AbstractBaseUser, agreement: Agreement) -> Acknowledgement:
    """The signed-in person acknowledges the circulated agreement (once)."""
    person = person_of(actor)
    ack = (
        Acknowledgement.objects.filter(agreement=agreement, person=person).first()
        if person is not None
        else None
    )
    if ack is None:
        raise PermissionDenied(_("ท่านไม่ได้อยู่ในรายชื่อผู้ที่ต้องรับทราบคำรับรองนี้"))
    if ack.acknowledged_at is not None:
        raise ValidationError(_("ท่านรับทราบคำรับรองนี้ไปแล้ว"))
    with transaction.atomic():
        updated = Acknowledgement.objects.filter(pk=ack.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("ท่านรับทราบคำรับรองนี้ไปแล้ว"))
        ack.refresh_from_db(fields=["acknowledged_at"])
        audit_log(actor, "agreements.agreement.acknowledged", agreement, {"person": ack.person_id})
        notices.cancel(_ack_key(agreement) + ":reminder", [actor])
    return ack


def acknowledgements_remind(
    actor: AbstractBaseUser, agreement: Agreement, *, person_id: int | None = None
) -> NudgeResult:
    """Remind, now, one person (or everyone) who has not acknowledged the circulated agreement.
    Rate-limited per person (notifications.nudges: a refusal says when the next reminder is
    allowed); audited (issue 16 item 3)."""
    if not is_coordinator(actor, agreement):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการนี้เท่านั้นที่ดำเนินการนี้ได้"))
    pending = Acknowledgement.objects.filter(
        agreement=agreement, acknowledged_at__isnull=True, person__user__isnull=False
    ).select_related("person__user")
    if person_id is not None:
        pending = pending.filter(person_id=person_id)
    rows = list(pending)
    if not rows:
        raise ValidationError(_("ไม่มีผู้ที่ยังไม่รับทราบคำรับรองให้เตือน"))
    title = _("ทวงถาม: ขอให้รับทราบคำรับรองการปฏิบัติราชการ ปีงบประมาณ %(year)s") % {
        "year": agreement.framework.fiscal_year
    }
    url = page_url(agreement, "intranet")
    targets = [
        NudgeTarget(
            recipient=ack.person.user,
            subject=f"agreements.acknowledgement:{ack.pk}",
            kind=notices.KIND_ACKNOWLEDGE,
            title=title,
            url=url,
        )
        for ack in rows
        if ack.person.user is not None
    ]
    with transaction.atomic():
        result = nudges_send(targets, actor=actor)
        audit_log(
            actor,
            "agreements.acknowledgement.reminded",
            agreement,
            {
                "sent": [[t.recipient.pk, t.subject] for t in result.sent],
                "refused": [[t.recipient.pk, t.subject] for t, _when in result.refused],
                "person": person_id,
            },
        )
    return result
