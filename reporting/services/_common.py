"""Helpers shared by the reporting services."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Person
from core.transitions import ConcurrentUpdateError, TransitionNotAllowedError, Workflow
from indicators.models import Kpi
from reporting import notices, permissions
from reporting.models import Submission

TEXT_MAX = 10_000


def submission_url(submission: Submission) -> str:
    return reverse("reporting:submission", args=[submission.pk])


def my_updates_url() -> str:
    return reverse("reporting:my_updates")


def round_url(submission: Submission) -> str:
    return reverse("reporting:round_detail", args=[submission.round_id])


def fresh(submission: Submission) -> Submission:
    """The stored row with what permission checks read (round state, KPI people)."""
    return (
        Submission.objects.select_related(
            "round__framework__department",
            "round__reporting_state",
            "kpi__component",
            "kpi__responsible_unit",
            "kpi__overseer__user",
        )
        .prefetch_related(
            "kpi__levels",
            "kpi__data_items",
            Prefetch("kpi__collectors", queryset=Person.objects.select_related("user")),
        )
        .get(pk=submission.pk)
    )


def require_version(submission: Submission, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != submission.version:
        raise ConcurrentUpdateError(
            _("รายงานนี้ถูกเปลี่ยนโดยผู้อื่นหลังจากที่คุณเปิดหน้านี้ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง")
        )


def require_reporter(actor: AbstractBaseUser, submission: Submission) -> None:
    if not permissions.can_report(actor, submission):
        raise PermissionDenied(_("คุณไม่ใช่ผู้รับผิดชอบหรือผู้จัดเก็บข้อมูลของตัวชี้วัดนี้"))


def require_unlocked(submission: Submission) -> None:
    if not permissions.is_unlocked(submission):
        reason = permissions.edit_refusal(submission)
        raise ValidationError(reason or _("รอบการรายงานนี้ปิดแล้ว"))


def require_editable(submission: Submission) -> None:
    reason = permissions.edit_refusal(submission)
    if reason:
        raise ValidationError(reason)


def clean_text(value: str, field: str, label: str, errors: dict[str, str]) -> str:
    text = (value or "").strip()
    if len(text) > TEXT_MAX:
        errors[field] = _("%(label)s ยาวเกิน %(max)s ตัวอักษร") % {"label": label, "max": TEXT_MAX}
    return text


def reporters_of(submission: Submission) -> list[AbstractBaseUser]:
    """The KPI's owners and collectors, for notifications."""
    kpi = (
        Kpi.objects.filter(pk=submission.kpi_id)
        .prefetch_related(Prefetch("collectors", queryset=Person.objects.select_related("user")))
        .get()
    )
    return notices.reporters_by_kpi(submission.round, [kpi]).get(kpi.pk, [])


def require_flow(
    flow: Workflow, obj: Any, target: str, actor: AbstractBaseUser, *, action: str | None = None
) -> None:
    """`flow.require`, with "not in this state" as the ValidationError step 4 has always
    answered (the API's 422, not 409: kept so clients see no change)."""
    try:
        flow.require(obj, target, actor, action=action)
    except TransitionNotAllowedError as error:
        raise ValidationError(str(error)) from error
