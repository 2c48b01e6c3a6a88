"""The confirmation memo's own head: its number (ที่) and addressee (เรียน), domain §10."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from agreements.models import Agreement
from agreements.services._common import require_coordinator, save_with_cas
from core.audit import audit_log


def agreement_update_memo(
    actor: AbstractBaseUser, agreement: Agreement, *, memo_number: str, memo_addressee: str
) -> Agreement:
    """Save the memo's ที่ and เรียน with the agreement, so every download prints them (an
    empty เรียน prints the default addressee)."""
    require_coordinator(actor, agreement)
    changes = {"memo_number": memo_number.strip(), "memo_addressee": memo_addressee.strip()}
    with transaction.atomic():
        save_with_cas(agreement, **changes)
        audit_log(actor, "agreements.agreement.memo_changed", agreement, changes)
    return agreement
