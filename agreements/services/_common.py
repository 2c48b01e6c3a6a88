"""Shared guards for the agreement services: permission, state and compare-and-swap."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.models import Agreement
from agreements.permissions import is_committee, is_coordinator, is_evaluator, is_internal
from core.transitions import ConcurrentUpdateError, TransitionNotAllowedError


def require_coordinator(actor: AbstractBaseUser, agreement: Agreement) -> None:
    if not is_coordinator(actor, agreement):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการนี้เท่านั้นที่ดำเนินการนี้ได้"))


def require_committee(actor: AbstractBaseUser, agreement: Agreement) -> None:
    if not is_committee(actor, agreement):
        raise PermissionDenied(_("เฉพาะกรรมการ กพร. ของส่วนราชการนี้เท่านั้นที่ดำเนินการนี้ได้"))


def require_internal(actor: AbstractBaseUser, agreement: Agreement) -> None:
    if not is_internal(actor, agreement):
        raise PermissionDenied(_("คุณไม่มีบทบาทในการจัดทำคำรับรองของส่วนราชการนี้"))


def require_evaluator(actor: AbstractBaseUser, agreement: Agreement) -> None:
    """OPDC's part (domain §8): counter-proposals, agreed values, amendment decisions."""
    if not is_evaluator(actor, agreement):
        raise PermissionDenied(_("เฉพาะผู้ประเมินของสำนักงาน ก.พ.ร. ที่รับผิดชอบส่วนราชการนี้เท่านั้น"))


def require_not_locked(agreement: Agreement) -> None:
    if agreement.is_locked:
        raise TransitionNotAllowedError(
            _("คำรับรองลงนามแล้ว แก้ไขไม่ได้ หากต้องการเปลี่ยนแปลงให้ยื่นขอปรับตัวชี้วัด")
        )


def save_with_cas(agreement: Agreement, **changes: Any) -> None:
    """Update fields of the agreement only if nobody changed it since it was read."""
    updated = Agreement.objects.filter(pk=agreement.pk, version=agreement.version).update(
        version=F("version") + 1, **changes
    )
    if updated != 1:
        raise ConcurrentUpdateError(_("คำรับรองนี้ถูกเปลี่ยนโดยผู้อื่นไปแล้ว กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"))
    agreement.refresh_from_db(fields=["version", *changes])


def require_fields(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def page_url(agreement: Agreement, name: str = "cycle", **kwargs: Any) -> str:
    return reverse(
        f"agreements:{name}",
        kwargs={
            "code": agreement.framework.department.code,
            "year": agreement.framework.fiscal_year,
            **kwargs,
        },
    )
