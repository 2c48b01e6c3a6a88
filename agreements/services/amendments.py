"""Amendments after signing (domain §7): a signed KPI changes only through a request that OPDC
approves; a new version of the sheet is then in force from a date, and the signed version stays
readable (style.md "Versions are rows")."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role
from agreements import notices
from agreements.models import Agreement, Amendment, Attachment
from agreements.services._common import page_url, require_coordinator
from agreements.uploads import store_attachment
from agreements.workflow import AGREEMENT_WORKFLOW, AMENDMENT_FLOW, REQUEST_AMENDMENT
from core.audit import audit_log
from core.transitions import ConcurrentUpdateError
from indicators.models import Kpi
from notifications.messages import message

S = Agreement.State


def amendment_request(
    actor: AbstractBaseUser,
    agreement: Agreement,
    *,
    kpi: Kpi,
    reason: str,
    proposed_change: str,
    uploads: Sequence[UploadedFile] = (),
) -> Amendment:
    AGREEMENT_WORKFLOW.require(agreement, REQUEST_AMENDMENT, actor)
    errors: dict[str, str] = {}
    if kpi.framework_id != agreement.framework_id or not kpi.is_latest:
        errors["kpi"] = _("เลือกได้เฉพาะตัวชี้วัดฉบับล่าสุดของคำรับรองนี้")
    elif kpi.state != Kpi.State.APPROVED:
        errors["kpi"] = _("ตัวชี้วัดนี้มีฉบับร่างอยู่แล้ว")
    elif Amendment.objects.filter(
        agreement=agreement, kpi__key=kpi.key, state=Amendment.State.REQUESTED
    ).exists():
        errors["kpi"] = _("ตัวชี้วัดนี้มีคำขอปรับที่รอพิจารณาอยู่แล้ว")
    if not reason.strip():
        errors["reason"] = _("กรุณาระบุเหตุผลในการขอปรับ")
    if not proposed_change.strip():
        errors["proposed_change"] = _("กรุณาระบุสิ่งที่ขอปรับ")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        amendment = Amendment.objects.create(
            agreement=agreement,
            kpi=kpi,
            reason=reason.strip(),
            proposed_change=proposed_change.strip(),
            requested_by_id=actor.pk,
        )
        for upload in uploads:
            store_attachment(
                actor, agreement, upload, kind=Attachment.Kind.AMENDMENT, amendment=amendment
            )
        audit_log(
            actor,
            "agreements.amendment.requested",
            agreement,
            {"amendment": amendment.pk, "kpi": str(kpi), "reason": amendment.reason},
        )
        notices.notify(
            notices.users_with_roles(agreement, [Role.EVALUATOR]),
            kind=notices.KIND_AMENDMENT,
            title=message(gettext_noop("ขอปรับตัวชี้วัด %(kpi)s"), {"kpi": str(kpi)}),
            url=page_url(agreement, "amendments"),
            dedupe_key=f"agreements:amendment:{amendment.pk}:requested",
            actor=actor,
        )
    return amendment


def amendment_decide(
    actor: AbstractBaseUser,
    amendment: Amendment,
    *,
    approve: bool,
    effective_from: datetime.date | None,
    note: str,
) -> Amendment:
    """OPDC's evaluator approves (from a date) or rejects the request."""
    agreement = amendment.agreement
    state = Amendment.State.APPROVED if approve else Amendment.State.REJECTED
    AMENDMENT_FLOW.require(amendment, state, actor)
    if approve and effective_from is None:
        raise ValidationError({"effective_from": _("กรุณาระบุวันที่มีผล")})
    with transaction.atomic():
        try:
            AMENDMENT_FLOW.apply(
                amendment,
                state,
                actor,
                changes={
                    "effective_from": effective_from if approve else None,
                    "decision_note": note.strip(),
                    "decided_by_id": actor.pk,
                    "decided_at": timezone.now(),
                },
                data={
                    "amendment": amendment.pk,
                    "effective_from": effective_from,
                    "note": note.strip(),
                },
                audit_on=agreement,
            )
        except ConcurrentUpdateError as error:
            raise ConcurrentUpdateError(_("คำขอนี้ถูกเปลี่ยนโดยผู้อื่นไปแล้ว กรุณาโหลดหน้าใหม่")) from error
        amendment.refresh_from_db()
        notices.notify(
            notices.coordinators(agreement),
            kind=notices.KIND_AMENDMENT,
            title=message(
                gettext_noop("สำนักงาน ก.พ.ร. อนุมัติการขอปรับตัวชี้วัด %(kpi)s")
                if approve
                else gettext_noop("สำนักงาน ก.พ.ร. ไม่อนุมัติการขอปรับตัวชี้วัด %(kpi)s"),
                {"kpi": str(amendment.kpi)},
            ),
            url=page_url(agreement, "amendments"),
            dedupe_key=f"agreements:amendment:{amendment.pk}:decided",
            actor=actor,
        )
    return amendment


def amendment_start_version(actor: AbstractBaseUser, amendment: Amendment) -> Kpi:
    """Open the new draft version of the KPI for an approved amendment (the coordinator then
    edits and approves it in the KPI sheets; the signed version stays readable)."""
    from indicators.services import kpi_new_version

    agreement = amendment.agreement
    require_coordinator(actor, agreement)
    if amendment.state != Amendment.State.APPROVED:
        raise ValidationError(_("สร้างฉบับใหม่ได้เฉพาะคำขอที่สำนักงาน ก.พ.ร. อนุมัติแล้ว"))
    if amendment.new_kpi_id is not None:
        raise ValidationError(_("สร้างฉบับใหม่สำหรับคำขอนี้ไปแล้ว"))
    with transaction.atomic():
        new = kpi_new_version(actor, amendment.kpi, amendment=True)
        Amendment.objects.filter(pk=amendment.pk).update(new_kpi=new, version=F("version") + 1)
        amendment.refresh_from_db()
        audit_log(
            actor,
            "agreements.amendment.version_started",
            agreement,
            {"amendment": amendment.pk, "kpi": str(new), "version": new.version},
        )
    return new
