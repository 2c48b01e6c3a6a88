"""Who hears about what in the agreement cycle, through the notifications app (domain §7: each
step is a dated checklist with deadlines and reminders).

Services call these after their own permission checks, inside their transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.selectors import counted_assignments
from agreements.models import Agreement

KIND_DATA_REQUEST = "agreements.data_request"
KIND_DATA_RESPONSE = "agreements.data_response"
KIND_COMMITTEE_REVIEW = "agreements.committee_review"
KIND_RETURNED = "agreements.returned"
KIND_APPROVED = "agreements.approved"
KIND_NEGOTIATION = "agreements.negotiation"
KIND_SIGN = "agreements.sign"
KIND_ACKNOWLEDGE = "agreements.acknowledge"
KIND_DEADLINE = "agreements.deadline"
KIND_PUBLISHED = "agreements.published"
KIND_AMENDMENT = "agreements.amendment"

KIND_LABELS = {
    KIND_DATA_REQUEST: _("ขอข้อมูลเพื่อจัดทำตัวชี้วัด"),
    KIND_DATA_RESPONSE: _("หน่วยงานส่งข้อมูลแล้ว"),
    KIND_COMMITTEE_REVIEW: _("ร่างตัวชี้วัดรอคณะกรรมการพิจารณา"),
    KIND_RETURNED: _("คณะกรรมการส่งร่างกลับให้แก้ไข"),
    KIND_APPROVED: _("คณะกรรมการเห็นชอบร่างตัวชี้วัด"),
    KIND_NEGOTIATION: _("การเจรจาตัวชี้วัดกับสำนักงาน ก.พ.ร."),
    KIND_SIGN: _("คำรับรองรอการลงนาม"),
    KIND_ACKNOWLEDGE: _("ขอให้รับทราบคำรับรองการปฏิบัติราชการ"),
    KIND_DEADLINE: _("กำหนดเวลาของขั้นตอน"),
    KIND_PUBLISHED: _("เผยแพร่คำรับรองการปฏิบัติราชการ"),
    KIND_AMENDMENT: _("การขอปรับตัวชี้วัด"),
}


def register_kinds() -> None:
    try:
        from notifications.kinds import register_kind
    except ImportError:  # pragma: no cover - the notifications app is part of the project
        return
    for kind, label in KIND_LABELS.items():
        register_kind(kind, label)


def users_with_roles(
    agreement: Agreement, roles: Iterable[str], *, unit_ids: Iterable[int] | None = None
) -> list[AbstractBaseUser]:
    """Active users holding one of `roles` in the agreement's department and year (within the
    given units, or department-wide, when `unit_ids` is given)."""
    # Only assignments that count (accounts.selectors.counting_roles): a staff member holding an
    # evaluator row hears nothing of OPDC's part.
    holding = counted_assignments().filter(
        role__in=list(roles),
        department_id=agreement.framework.department_id,
        fiscal_year=agreement.framework.fiscal_year,
    )
    if unit_ids is not None:
        holding = holding.filter(unit_id__in=list(unit_ids))
    return list(
        get_user_model()
        .objects.filter(is_active=True, pk__in=holding.values("person__user_id"))
        .order_by("pk")
    )


def coordinators(agreement: Agreement) -> list[AbstractBaseUser]:
    return users_with_roles(agreement, [Role.COORDINATOR])


def notify(
    recipients: Iterable[AbstractBaseUser],
    *,
    kind: str,
    title: str,
    url: str,
    actor: AbstractBaseUser | None,
    body: str = "",
    due: datetime.date | None = None,
    dedupe_key: str = "",
    email: bool = True,
) -> int:
    from notifications.services import notify as send

    people = [user for user in recipients if actor is None or user.pk != actor.pk]
    return len(
        send(
            people,
            kind=kind,
            title=title,
            url=url,
            body=body,
            due=due,
            dedupe_key=dedupe_key,
            email=email,
            actor=actor,
        )
    )


def remind(
    recipients: Iterable[AbstractBaseUser],
    *,
    kind: str,
    title: str,
    url: str,
    send_on: datetime.date,
    dedupe_key: str,
    due: datetime.date | None = None,
) -> int:
    """Schedule a reminder at 09:00 on `send_on` (Bangkok time), or in a minute if that is past."""
    from notifications.services import reminder_schedule

    send_at = timezone.make_aware(datetime.datetime.combine(send_on, datetime.time(9, 0)))
    send_at = max(send_at, timezone.now() + datetime.timedelta(minutes=1))
    return len(
        reminder_schedule(
            list(recipients),
            kind=kind,
            title=title,
            url=url,
            send_at=send_at,
            dedupe_key=dedupe_key,
            due=due,
        )
    )


def cancel(dedupe_key: str, recipients: Iterable[AbstractBaseUser] | None = None) -> int:
    from notifications.services import reminder_cancel

    return reminder_cancel(dedupe_key, list(recipients) if recipients is not None else None)
