"""Starting a year's cycle, its settings and the holiday list (domain §7)."""

from __future__ import annotations

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Department
from accounts.selectors import can_manage_department
from agreements import notices
from agreements.models import Agreement, Holiday
from agreements.services._common import page_url, require_coordinator, save_with_cas
from agreements.timeline import deadline_for
from core.audit import audit_log
from core.fiscal import fiscal_year_of
from frameworks.models import Framework
from notifications.messages import Translated, message


def _step_key(agreement: Agreement, step: int, what: str) -> str:
    return f"agreements:step{step}:{agreement.pk}:{what}"


def schedule_step_deadline(agreement: Agreement, step: int, start: datetime.date | None) -> None:
    """Remind the coordinators the day before a step's deadline and the day after it."""
    due = deadline_for(agreement, step, start)
    if due is None:
        return
    recipients = notices.coordinators(agreement)
    titles = {
        1: Translated(gettext_noop("ขั้นตอนที่ 1 จัดทำร่างตัวชี้วัด")),
        2: Translated(gettext_noop("ขั้นตอนที่ 2 เจรจาตัวชี้วัดกับสำนักงาน ก.พ.ร.")),
        3: Translated(gettext_noop("ขั้นตอนที่ 3 จัดทำรายละเอียดและลงนามคำรับรอง")),
    }
    name = titles[step]
    notices.remind(
        recipients,
        kind=notices.KIND_DEADLINE,
        title=message(gettext_noop("ใกล้ครบกำหนด: %(step)s"), {"step": name}),
        url=page_url(agreement),
        send_on=due - datetime.timedelta(days=1),
        dedupe_key=_step_key(agreement, step, "due"),
        due=due,
    )
    notices.remind(
        recipients,
        kind=notices.KIND_DEADLINE,
        title=message(gettext_noop("เลยกำหนดแล้ว: %(step)s"), {"step": name}),
        url=page_url(agreement),
        send_on=due + datetime.timedelta(days=1),
        dedupe_key=_step_key(agreement, step, "overdue"),
        due=due,
    )


def cancel_step_deadline(agreement: Agreement, step: int) -> None:
    notices.cancel(_step_key(agreement, step, "due"))
    notices.cancel(_step_key(agreement, step, "overdue"))


def agreement_start(
    actor: AbstractBaseUser,
    framework: Framework,
    *,
    started_on: datetime.date | None = None,
    day_basis: str = Agreement.DayBasis.WORKING,
) -> Agreement:
    """Open the year's agreement for a framework: step 1 starts (domain §7)."""
    if not can_manage_department(actor, framework.department, framework.fiscal_year):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการนี้เท่านั้นที่เริ่มรอบคำรับรองได้"))
    if Agreement.objects.filter(framework=framework).exists():
        raise ValidationError(_("ปีงบประมาณนี้เริ่มรอบคำรับรองไปแล้ว"))
    if day_basis not in Agreement.DayBasis.values:
        raise ValidationError({"day_basis": _("เลือกวิธีนับระยะเวลาไม่ถูกต้อง")})
    with transaction.atomic():
        agreement = Agreement.objects.create(
            framework=framework,
            started_on=started_on or timezone.localdate(),
            day_basis=day_basis,
            created_by_id=actor.pk,
        )
        audit_log(
            actor,
            "agreements.agreement.started",
            agreement,
            {"started_on": agreement.started_on, "day_basis": day_basis},
        )
        schedule_step_deadline(agreement, 1, agreement.started_on)
    return agreement


def agreement_update_settings(
    actor: AbstractBaseUser,
    agreement: Agreement,
    *,
    started_on: datetime.date,
    day_basis: str,
    negotiation_due: datetime.date | None,
) -> Agreement:
    """Change the cycle's dates and how days are counted (the parties: agreement_parties_update)."""
    require_coordinator(actor, agreement)
    errors: dict[str, str] = {}
    if day_basis not in Agreement.DayBasis.values:
        errors["day_basis"] = _("เลือกวิธีนับระยะเวลาไม่ถูกต้อง")
    if negotiation_due is not None and negotiation_due < started_on:
        errors["negotiation_due"] = _("วันเจรจาต้องไม่ก่อนวันเริ่มขั้นตอนที่ 1")
    if agreement.is_locked and started_on != agreement.started_on:
        errors["started_on"] = _("คำรับรองลงนามแล้ว เปลี่ยนวันเริ่มไม่ได้")
    if errors:
        raise ValidationError(errors)
    changes = {
        "started_on": started_on,
        "day_basis": day_basis,
        "negotiation_due": negotiation_due,
    }
    with transaction.atomic():
        save_with_cas(agreement, **changes)
        audit_log(actor, "agreements.agreement.settings_changed", agreement, changes)
        _reschedule_open_steps(agreement)
    return agreement


def _reschedule_open_steps(agreement: Agreement) -> None:
    if agreement.approved_on is None:
        schedule_step_deadline(agreement, 1, agreement.started_on)
    elif agreement.agreed_on is None:
        schedule_step_deadline(
            agreement, 2, agreement.negotiation_started_on or agreement.approved_on
        )
    elif agreement.published_at is None:
        schedule_step_deadline(agreement, 3, agreement.agreed_on)


def _require_holiday_manager(
    actor: AbstractBaseUser, department: Department, day: datetime.date
) -> None:
    year = fiscal_year_of(day).be_year
    if not can_manage_department(actor, department, year):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการนี้เท่านั้นที่แก้ไขวันหยุดได้"))


def holiday_add(
    actor: AbstractBaseUser, department: Department, *, date: datetime.date, name: str
) -> Holiday:
    _require_holiday_manager(actor, department, date)
    if not name.strip():
        raise ValidationError({"name": _("กรุณาระบุชื่อวันหยุด")})
    if Holiday.objects.filter(department=department, date=date).exists():
        raise ValidationError({"date": _("วันนี้อยู่ในรายการวันหยุดแล้ว")})
    with transaction.atomic():
        holiday = Holiday.objects.create(department=department, date=date, name=name.strip())
        audit_log(actor, "agreements.holiday.added", holiday, {"date": date, "name": holiday.name})
    return holiday


def holiday_delete(actor: AbstractBaseUser, holiday: Holiday) -> None:
    _require_holiday_manager(actor, holiday.department, holiday.date)
    with transaction.atomic():
        audit_log(
            actor,
            "agreements.holiday.deleted",
            holiday,
            {"date": holiday.date, "name": holiday.name},
        )
        holiday.delete()
