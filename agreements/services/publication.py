"""Publishing the signed agreement (domain §7 step 3): the intranet page for all staff of the
department, and optionally a public page that needs no login."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from agreements import notices
from agreements.models import Agreement
from agreements.services._common import page_url, require_coordinator, save_with_cas
from agreements.services.cycle import cancel_step_deadline
from agreements.workflow import AGREEMENT_WORKFLOW, PUBLISH
from core.audit import audit_log
from notifications.messages import message

S = Agreement.State


def agreement_publish(actor: AbstractBaseUser, agreement: Agreement, *, public: bool) -> Agreement:
    """Publish on the intranet (and on the public page when `public`). Staff are told once."""
    AGREEMENT_WORKFLOW.require(agreement, PUBLISH, actor)
    now = timezone.now()
    first = agreement.published_at is None
    changes: dict[str, object] = {"public": public}
    if first:
        changes["published_at"] = now
    if public and agreement.public_published_at is None:
        changes["public_published_at"] = now
    with transaction.atomic():
        save_with_cas(agreement, **changes)
        audit_log(
            actor,
            "agreements.agreement.published",
            agreement,
            {"intranet": True, "public": public},
        )
        if agreement.state == S.CIRCULATED:
            cancel_step_deadline(agreement, 3)  # step 3 is done: circulated and published
        if first:
            staff = get_user_model().objects.filter(
                person__department_id=agreement.framework.department_id, is_active=True
            )
            notices.notify(
                staff,
                kind=notices.KIND_PUBLISHED,
                title=message(
                    gettext_noop("เผยแพร่คำรับรองการปฏิบัติราชการ ปีงบประมาณ %(year)s แล้ว"),
                    {"year": agreement.framework.fiscal_year},
                ),
                url=page_url(agreement, "intranet"),
                dedupe_key=f"agreements:published:{agreement.pk}",
                actor=actor,
                email=False,
            )
    return agreement


def agreement_unpublish_public(actor: AbstractBaseUser, agreement: Agreement) -> Agreement:
    """Withdraw the public page (the intranet page stays)."""
    require_coordinator(actor, agreement)
    with transaction.atomic():
        save_with_cas(agreement, public=False)
        audit_log(actor, "agreements.agreement.public_withdrawn", agreement, {})
    return agreement
